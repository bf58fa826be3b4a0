"""``--workers N`` stores exactly what one process stores (ids aside: documents finish in any order)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psutil
import pytest
from corpus_support import ARTICLES, write_corpus

from explorer.parsed import ParsedText, Span, pack, unpack
from explorer.pipeline.ingest import IngestOptions, ingest


def content(db_path: Path) -> dict[str, list]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            "documents": sorted(
                conn.execute("SELECT path, title, sha256, n_sentences, n_words FROM documents")
            ),
            "sentences": sorted(
                conn.execute(
                    'SELECT d.path, s.idx, s.start, s."end", s.text FROM sentences s '
                    "JOIN documents d ON d.id = s.document_id"
                )
            ),
            "mentions": sorted(
                conn.execute(
                    'SELECT d.path, m.start, m."end", m.text, m.label, m.title, e.name, e.type, '
                    "s.idx "
                    "FROM mentions m JOIN documents d ON d.id = m.document_id "
                    "JOIN entities e ON e.id = m.entity_id JOIN sentences s ON s.id = m.sentence_id"
                )
            ),
            "entities": sorted(
                conn.execute("SELECT name, type, mention_count, document_count FROM entities")
            ),
            "aliases": sorted(
                conn.execute(
                    "SELECT e.name, a.alias, a.normalized, a.count FROM aliases a "
                    "JOIN entities e ON e.id = a.entity_id"
                )
            ),
            "fuzzy": sorted(conn.execute("SELECT token, length, normalized FROM fuzzy_tokens")),
        }
    finally:
        conn.close()


def test_pack_round_trips():
    parsed = ParsedText(
        (Span(0, 10), Span(11, 30)), (Span(0, 5, "PERSON", "mr"), Span(12, 20, "GPE"))
    )
    assert unpack(pack(parsed)) == parsed
    assert unpack(pack(ParsedText((), ()))) == ParsedText((), ())


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(tmp_path: Path):
    articles = dict(ARTICLES)
    for i in range(12):  # enough articles for several chunks finishing out of order
        articles[f"extra{i:02}.txt"] = (
            f"Report {i}\n\nForeign ministers of France and Italy met in Rome on day {i}. "
            f"Minister Luigi Di Maio thanked Germany and Angela Merkel.\n"
            f"Novelist Andrea Levy met Mrs Howard; Arsenal 2-1 Everton.\n\n"
            + "The talks went on. "
            * (i * 20)
        )
    corpus = write_corpus(tmp_path / "corpus", articles)
    one = ingest([corpus], tmp_path / "one.db", IngestOptions(workers=1))
    two = ingest([corpus], tmp_path / "two.db", IngestOptions(workers=2, batch_size=2))
    assert one.failed == two.failed == 0
    assert (one.added, one.mentions, one.sentences) == (two.added, two.mentions, two.sentences)
    stored = content(tmp_path / "one.db")
    assert stored == content(tmp_path / "two.db")
    assert any(row[5] for row in stored["mentions"])  # cleaned mentions with their titles


@pytest.mark.slow
def test_workers_report_a_missing_model(tmp_path: Path):
    from explorer.errors import ModelNotFound

    corpus = write_corpus(tmp_path / "corpus")
    with pytest.raises(ModelNotFound):
        ingest([corpus], tmp_path / "x.db", IngestOptions(workers=2, model="no_such_model_xyz"))


def test_the_writer_never_imports_spacy_when_workers_parse(tmp_path: Path):
    """With ``--workers`` the main process only writes: importing spaCy there (0.8 CPU-s) would
    take a core from the workers. A fresh interpreter ingests, then lists what it loaded."""
    import subprocess
    import sys

    corpus = write_corpus(tmp_path / "corpus")
    script = (
        "import sys\n"
        "from explorer.pipeline.ingest import IngestOptions, ingest\n"
        "if __name__ == '__main__':\n"
        f"    s = ingest([{str(corpus)!r}], {str(tmp_path / 'w.db')!r}, IngestOptions(workers=2))\n"
        "    assert s.added and not s.failed, s\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))\n"
    )
    (tmp_path / "run.py").write_text(script)
    out = subprocess.run(
        [sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_ctrl_c_during_a_workers_ingest_is_one_line_and_a_rerun_finishes(tmp_path: Path):
    """SIGINT while two workers parse: one line, exit 130, no worker left behind, whole
    documents only, and the same command again ends as an uninterrupted run."""
    import signal
    import subprocess

    from reliability_support import (
        check_consistency,
        start_ingest,
        visible_documents,
        wait_for,
        write_many,
    )

    corpus = write_many(tmp_path / "corpus", 400, sentences=12)
    db_path = tmp_path / "interrupted.db"
    process = start_ingest(
        corpus,
        db_path,
        "--workers",
        "2",
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert wait_for(lambda: visible_documents(db_path) > 0 or process.poll() is not None)
    # Only this ingest's own process tree (its pool, the resource tracker), taken while it
    # runs: orphans would be re-parented once it exits. Other jobs' processes are not ours.
    descendants = psutil.Process(process.pid).children(recursive=True)
    assert process.poll() is not None or len(descendants) >= 2  # the two workers at least
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the ingest finished before the interrupt reached it")
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    check_consistency(db_path)
    assert 0 < visible_documents(db_path) < 400
    # the pool's processes are gone with their parent
    assert wait_for(lambda: not _running(descendants), timeout=10), _running(descendants)
    finished = ingest([corpus], db_path, IngestOptions(workers=2))
    assert finished.failed == 0 and visible_documents(db_path) == 400
    reference = tmp_path / "reference.db"
    ingest([corpus], reference, IngestOptions(workers=2))
    assert content(db_path) == content(reference)


def _running(processes: list[psutil.Process]) -> list[int]:
    """Pids of the given processes still running (the same processes: psutil checks their start
    time, so a recycled pid does not count; a zombie awaiting its reaper does not either)."""
    running = []
    for proc in processes:
        try:
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                running.append(proc.pid)
        except psutil.NoSuchProcess:
            continue
    return running
