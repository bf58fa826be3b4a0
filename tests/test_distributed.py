"""Ingest on a real Dask cluster gives the same database as local ingest.

One LocalCluster (2 worker processes) serves the module; the CLI test starts its own through
``--scheduler local:2``. Together they cost a few seconds.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.pipeline import distributed as dist
from explorer.pipeline import ingest as ingest_module
from explorer.pipeline.ingest import IngestOptions, SilentReporter, ingest
from explorer.pipeline.writer import DocumentBatch

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

PEOPLE = ["Amira Haddad", "Jonas Berg", "Lucia Ferreira", "Tomasz Nowak", "Kofi Mensah"]
PLACES = ["Lisbon", "Nairobi", "Warsaw", "Oslo", "Cairo", "Madrid"]
ORGS = ["the United Nations", "the World Bank", "the European Union", "the African Union"]


def article(i: int) -> str:
    """A short article; each is different, and long enough that a batch takes a moment."""
    person, other = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 2) % len(PEOPLE)]
    place, org = PLACES[i % len(PLACES)], ORGS[i % len(ORGS)]
    body = " ".join(
        f"{person} arrived in {place} on day {i + k} for talks with {org}. "
        f"{other} said {person.split()[-1]} would meet officials from {PLACES[(i + k) % 6]}."
        for k in range(6)
    )
    body += f"\nPresident {other} met Mr {person.split()[-1]}; {place} 2-1 {PLACES[(i + 1) % 6]}."
    return f"Report {i}\n\n{body}\n"


def write_articles(folder: Path, n_files: int = 24, n_lines: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (folder / f"a{i:03}.txt").write_text(article(i), encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": article(100 + i)}) for i in range(n_lines)]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def dump(db_path: Path) -> dict[str, list]:
    """The database's content, independent of row ids and of the order documents were stored."""
    conn = sqlite3.connect(db_path)
    try:
        q = conn.execute
        return {
            "documents": sorted(
                q(
                    "SELECT path, sha256, title, date, source, url, n_sentences, n_words "
                    "FROM documents"
                )
            ),
            "sentences": sorted(
                q(
                    'SELECT d.path, s.idx, s.start, s."end", s.text '
                    "FROM sentences s JOIN documents d ON d.id = s.document_id"
                )
            ),
            "mentions": sorted(
                q(
                    'SELECT d.path, m.start, m."end", m.text, m.label, m.title, s.idx, e.name, '
                    "e.type "
                    "FROM mentions m JOIN documents d ON d.id = m.document_id "
                    "JOIN sentences s ON s.id = m.sentence_id "
                    "JOIN entities e ON e.id = m.entity_id"
                )
            ),
            "entities": sorted(q("SELECT name, type, mention_count, document_count FROM entities")),
            "aliases": sorted(
                q(
                    "SELECT e.name, e.type, a.alias, a.normalized, a.count "
                    "FROM aliases a JOIN entities e ON e.id = a.entity_id"
                )
            ),
            "meta": sorted(q("SELECT key, value FROM meta WHERE key = 'resolution_pending'")),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=40,
    ) as local_cluster:
        yield local_cluster


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as cluster_client:
        yield cluster_client


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("dask-corpus"))


@pytest.fixture(scope="module")
def local_dump(texts: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    db_path = tmp_path_factory.mktemp("local") / "local.db"
    summary = ingest([texts], db_path, IngestOptions())
    assert summary.added == 36 and summary.failed == 0
    return dump(db_path)


def cluster_options(cluster, **kwargs) -> IngestOptions:
    return IngestOptions(scheduler=cluster.scheduler_address, batch_size=3, **kwargs)


def test_cluster_ingest_matches_local_ingest(cluster, texts, local_dump, tmp_path):
    db_path = tmp_path / "dask.db"
    summary = ingest([texts], db_path, cluster_options(cluster))
    assert summary.added == 36 and summary.failed == 0 and summary.resolved
    assert summary.mentions == len(local_dump["mentions"])
    assert dump(db_path) == local_dump
    again = ingest([texts], db_path, cluster_options(cluster))
    assert again.unchanged == 36 and again.added == 0


class KillAWorkerOnce(SilentReporter):
    """After the first stored document, SIGKILL a worker process that has batches assigned."""

    def __init__(self, client) -> None:
        self.client = client
        self.killed: list[tuple[str, int, int]] = []  # (worker, pid, batches it held)

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        if self.killed or not words:
            return
        busy = {w: keys for w, keys in self.client.processing().items() if keys}
        if not busy:
            return
        worker, keys = next(iter(busy.items()))
        pid = self.client.run(os.getpid, workers=[worker])[worker]
        os.kill(pid, signal.SIGKILL)
        self.killed.append((worker, pid, len(keys)))


def test_worker_killed_mid_run_still_gives_identical_content(
    cluster, client, texts, local_dump, tmp_path, monkeypatch
):
    # One document a transaction, so the reporter hears of the first one while the workers still
    # hold batches (a batched commit can come after a loaded machine has parsed everything).
    monkeypatch.setattr(
        ingest_module, "DocumentBatch", functools.partial(DocumentBatch, max_documents=1)
    )
    before = set(client.run(os.getpid).values())
    reporter = KillAWorkerOnce(client)
    db_path = tmp_path / "killed.db"
    summary = ingest([texts], db_path, cluster_options(cluster), reporter)
    assert reporter.killed, "no worker had a batch when the first result arrived"
    (_, pid, held) = reporter.killed[0]
    assert pid in before and held >= 1
    assert summary.added == 36
    assert dump(db_path) == local_dump
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it; later tests get 2 workers
    assert pid not in set(client.run(os.getpid).values())


class StopAfter(SilentReporter):
    def __init__(self, documents: int) -> None:
        self.left = documents

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        self.left -= documents
        if self.left == 0:
            raise KeyboardInterrupt


def test_interrupted_cluster_run_resumes(cluster, texts, local_dump, tmp_path):
    db_path = tmp_path / "resumed.db"
    with pytest.raises(KeyboardInterrupt):
        ingest([texts], db_path, cluster_options(cluster), StopAfter(5))
    conn = sqlite3.connect(db_path)
    stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    assert stored >= 5  # interrupted at the 5th: the batch it came in is kept whole
    summary = ingest([texts], db_path, cluster_options(cluster))
    assert summary.unchanged == stored and summary.added == 36 - stored
    assert dump(db_path) == local_dump


def test_client_memory_is_bounded_by_batches_in_flight(client, cluster):
    """The client pulls texts only as results return: never more than the cap ahead."""
    from explorer.nlp import default_model

    spec = dist.PipelineSpec(model=default_model(), patterns=())
    client.register_plugin(dist.PipelinePlugin(spec))
    texts = [article(i) for i in range(40)]
    pulled = 0

    def items():
        nonlocal pulled
        for ticket, text in enumerate(texts):
            pulled += 1
            yield text, ticket

    batch_size = 2
    cap = dist._in_flight_cap(client)
    ahead, seen = [], []
    stream = dist.stream_batches(client, spec.digest, items(), ("PERSON", "GPE"), batch_size)
    for yielded, (_parsed, ticket) in enumerate(stream, 1):
        seen.append(ticket)
        ahead.append(pulled - yielded)
    assert sorted(seen) == list(range(40))
    assert max(ahead) <= cap * batch_size
    assert max(ahead) >= batch_size  # it does work ahead, several batches at once


def test_actors_file_patterns_reach_the_workers(cluster, tmp_path):
    """Workers run local ingest's pipeline, EntityRuler patterns from --actors files included.

    The actors file exists only where the client runs; the workers get its patterns.
    """
    actors = tmp_path / "actors.toml"
    actors.write_text(
        '[[actor]]\nname = "Qorvath Assembly"\ntype = "ORG"\naliases = ["qorvath quorum"]\n'
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "q.txt").write_text("Delegates of the qorvath quorum met in Lisbon on Monday.\n")

    def found(db_path: Path) -> list[tuple[str, str]]:
        return [(m[3], m[4]) for m in dump(db_path)["mentions"]]

    ingest([folder], tmp_path / "plain.db", IngestOptions())
    assert ("qorvath quorum", "ORG") not in found(tmp_path / "plain.db")  # NER alone misses it
    ingest([folder], tmp_path / "local.db", IngestOptions(actors_files=(str(actors),)))
    ingest([folder], tmp_path / "remote.db", cluster_options(cluster, actors_files=(str(actors),)))
    assert ("qorvath quorum", "ORG") in found(tmp_path / "remote.db")
    assert dump(tmp_path / "remote.db") == dump(tmp_path / "local.db")


def test_model_missing_on_workers_is_a_one_line_error(cluster, texts, tmp_path):
    result = run_cli(
        "ingest",
        str(texts),
        "--db",
        str(tmp_path / "x.db"),
        "--scheduler",
        cluster.scheduler_address,
        "--model",
        "no_such_spacy_model_for_tests",
    )
    assert result.exit_code == 2
    assert "no_such_spacy_model_for_tests" in result.output and "not installed" in result.output
    assert "Traceback" not in result.output


def run_cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_local_cluster_matches_local_ingest(texts, local_dump, tmp_path):
    db_path = tmp_path / "cli.db"
    result = run_cli(
        "ingest", str(texts), "--db", str(db_path), "--scheduler", "local:2", "--batch-size", "4"
    )
    assert result.exit_code == 0, result.output
    assert "36 added" in result.output
    assert dump(db_path) == local_dump


def test_missing_dask_says_how_to_install(texts, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    result = run_cli("ingest", str(texts), "--db", str(tmp_path / "x.db"), "--scheduler", "local:2")
    assert result.exit_code == 2
    assert "pip install -e '.[dask]'" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "local:0"], "local:N"),
        (["--scheduler", "local:two"], "local:N"),
        (["--scheduler", "local:2", "--workers", "2"], "--workers"),
    ],
)
def test_scheduler_usage_errors(texts, tmp_path, args, message):
    result = run_cli("ingest", str(texts), "--db", str(tmp_path / "x.db"), *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_unreachable_scheduler_is_a_one_line_error(texts, tmp_path, monkeypatch):
    monkeypatch.setattr(dist, "CONNECT_TIMEOUT", "1s")
    result = run_cli(
        "ingest", str(texts), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
