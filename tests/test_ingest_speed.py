"""The ingest's speed-ups keep its contracts: full-text indexes exact, the writer thread safe."""

from __future__ import annotations

import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_support import ARTICLES, write_corpus
from reliability_support import (
    check_consistency,
    start_ingest,
    visible_documents,
    wait_for,
    write_many,
)
from sqlite_utils import Database

import explorer.pipeline.ingest as ingest_module
from explorer.pipeline import writer
from explorer.pipeline.ingest import IngestOptions, SilentReporter, ingest
from explorer.store.connect import open_for_writing, write_transaction
from explorer.store.curation import update_entity

FTS_TABLES = ("sentences", "documents", "entities", "aliases")


def fts_intact(db_path: Path) -> None:
    """FTS5's own check that each index matches its content table exactly (raises if not)."""
    conn = sqlite3.connect(db_path)
    try:
        for table in FTS_TABLES:
            conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_fts_indexes_stay_exact_through_ingest_reingest_and_renames(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    db_path = tmp_path / "fts.db"
    ingest([corpus], db_path)
    fts_intact(db_path)
    (corpus / "summit.txt").write_text(
        "Leaders meet again\n\nAngela Merkel and Emmanuel Macron met in Berlin.", encoding="utf-8"
    )
    ingest([corpus], db_path)  # a replaced document: deletes, inserts, count updates
    fts_intact(db_path)

    db = open_for_writing(db_path)
    try:
        entity_id = db.execute("SELECT id FROM entities WHERE name = 'Angela Merkel'").fetchone()[0]
        with write_transaction(db):
            update_entity(db, entity_id, name="Chancellor Zebulon")
            db.execute("UPDATE entities SET mention_count = mention_count + 5")
    finally:
        db.close()
    fts_intact(db_path)
    conn = sqlite3.connect(db_path)
    try:
        found = conn.execute(
            "SELECT rowid FROM entities_fts WHERE entities_fts MATCH 'zebulon'"
        ).fetchall()
        stale = conn.execute(
            "SELECT rowid FROM entities_fts WHERE entities_fts MATCH 'angela'"
        ).fetchall()
    finally:
        conn.close()
    assert found == [(entity_id,)]
    assert stale == []


def test_fts_update_triggers_watch_only_the_indexed_column(fresh_db: Database):
    for table in FTS_TABLES:
        sql = fresh_db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            [f"{table}_au"],
        ).fetchone()[0]
        assert "AFTER UPDATE OF" in sql, sql


def _documents(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def _many_articles(n: int) -> dict[str, str]:
    articles = dict(ARTICLES)
    for i in range(n):
        articles[f"extra{i:02}.txt"] = f"Report {i}\n\nAngela Merkel met Emmanuel Macron in Rome."
    return articles


#: Both ways of writing: in this process (small inputs) and in a writer process (large ones).
WRITERS = pytest.mark.parametrize("min_bytes", [10**12, 0], ids=["in-process", "writer-process"])


@WRITERS
def test_a_writer_failure_ends_the_run_with_whole_documents_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_bytes: int
):
    monkeypatch.setattr(writer, "MIN_BYTES", min_bytes)
    corpus = write_corpus(tmp_path / "corpus", _many_articles(8))
    db_path = tmp_path / "fail.db"
    open_for_writing(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(  # the store of "Report 3" fails, as a full disk would
        "CREATE TRIGGER boom BEFORE INSERT ON documents WHEN new.title = 'Report 3' "
        "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
    )
    conn.close()
    with pytest.raises(sqlite3.IntegrityError, match="disk on fire"):
        ingest([corpus], db_path, IngestOptions(batch_size=1))
    stored = _documents(db_path)
    assert 0 < stored < 12
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER boom")
    conn.close()
    summary = ingest([corpus], db_path)  # the next run finishes the job
    assert summary.failed == 0 and summary.unchanged == stored
    assert _documents(db_path) == 12
    fts_intact(db_path)
    reference = tmp_path / "reference.db"
    ingest([corpus], reference)
    assert _contents(db_path) == _contents(reference)


@WRITERS
def test_an_interrupted_parse_stops_the_writer_and_a_rerun_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_bytes: int
):
    monkeypatch.setattr(writer, "MIN_BYTES", min_bytes)
    corpus = write_corpus(tmp_path / "corpus", _many_articles(8))
    db_path = tmp_path / "interrupted.db"
    real_make_parser = ingest_module.make_parser

    def interrupted_parser(options):  # type: ignore[no-untyped-def]
        parse = real_make_parser(options)

        def run(items):  # type: ignore[no-untyped-def]
            for n, result in enumerate(parse(items)):
                if n == 5:
                    raise KeyboardInterrupt
                yield result

        return run

    monkeypatch.setattr(ingest_module, "make_parser", interrupted_parser)
    with pytest.raises(KeyboardInterrupt):
        ingest([corpus], db_path, IngestOptions(batch_size=1))
    stored = _documents(db_path)
    assert 0 <= stored <= 5
    monkeypatch.undo()
    summary = ingest([corpus], db_path)
    assert summary.unchanged == stored and summary.added == 12 - stored
    reference = tmp_path / "reference.db"
    ingest([corpus], reference)
    assert _contents(db_path) == _contents(reference)


def _contents(db_path: Path) -> dict[str, list]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            "documents": sorted(conn.execute("SELECT path, sha256, n_sentences FROM documents")),
            "mentions": sorted(
                conn.execute(
                    'SELECT d.path, m.start, m."end", m.label, e.name FROM mentions m '
                    "JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id"
                )
            ),
            "entities": sorted(
                conn.execute("SELECT name, type, mention_count, document_count FROM entities")
            ),
            "fuzzy": sorted(conn.execute("SELECT token, length, normalized FROM fuzzy_tokens")),
            "fuzzy keys": sorted(conn.execute("SELECT key, token FROM fuzzy_keys")),
            "fuzzy pending": sorted(conn.execute("SELECT normalized FROM fuzzy_pending")),
        }
    finally:
        conn.close()


class CountingReporter(SilentReporter):
    def __init__(self) -> None:
        self.documents = 0
        self.words = 0

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        self.documents += documents
        self.words += words


def test_the_writer_process_stores_what_this_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus = write_corpus(tmp_path / "corpus", _many_articles(6))
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    monkeypatch.setattr(writer, "MIN_BYTES", 10**12)
    ingest([corpus], here)
    monkeypatch.setattr(writer, "MIN_BYTES", 0)
    reporter = CountingReporter()
    summary = ingest([corpus], there, reporter=reporter)
    assert _contents(here) == _contents(there)
    assert (summary.added, reporter.documents, reporter.words) == (10, 10, summary.words)
    assert summary.mentions == sum(1 for _ in _contents(there)["mentions"])

    (corpus / "summit.txt").write_text(
        "Changed\n\nVladimir Putin visited Ankara.", encoding="utf-8"
    )
    summary = ingest([corpus], there)  # replaced, counted as such by the writer process
    assert (summary.added, summary.replaced, summary.unchanged) == (0, 1, 9)
    fts_intact(there)


@pytest.mark.slow
def test_sigkill_with_a_writer_process_leaves_whole_documents(tmp_path: Path):
    corpus = write_many(tmp_path / "corpus", 110, sentences=36)
    assert sum(f.stat().st_size for f in corpus.iterdir()) >= writer.MIN_BYTES
    db = tmp_path / "killed.db"
    proc = start_ingest(corpus, db)
    wait_for(lambda: visible_documents(db) >= 20 or proc.poll() is not None)
    proc.kill()
    proc.wait(timeout=30)
    # The writer finishes what was already in the pipe, then exits: wait until it is quiet.
    last, quiet_since = -2, time.monotonic()
    while time.monotonic() - quiet_since < 1.5:
        now = visible_documents(db)
        if now != last:
            last, quiet_since = now, time.monotonic()
        time.sleep(0.1)
    assert 20 <= last < 110, f"the kill did not land mid-ingest: {last}"
    check_consistency(db)
    summary = ingest([corpus], db)
    assert (summary.unchanged, summary.added) == (last, 110 - last)
    check_consistency(db)


def test_a_writer_process_killed_mid_run_is_one_clear_error(tmp_path: Path):
    """SIGKILL of the writer (e.g. the OOM killer): a one-line UserError, not a broken pipe."""
    import os
    import signal

    from explorer.parsed import pack
    from explorer.readers import read_articles

    db_path = tmp_path / "w.db"
    open_for_writing(db_path).close()
    corpus = write_corpus(tmp_path / "corpus")
    article = next(e for e in read_articles([corpus]) if hasattr(e, "sha256"))
    from explorer.parsed import ParsedText

    proc = writer.WriterProcess(db_path)
    os.kill(proc._process.pid, signal.SIGKILL)
    proc._process.join(timeout=30)
    with pytest.raises(writer.WriterDied, match="run the same command again"):
        for _ in range(50):  # the pipe may accept a first write before it notices
            proc.put(article, pack(ParsedText((), ())), False)
        proc.finish()
    proc.abort()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="allocator settings are glibc's",
)
def test_parsing_processes_keep_freed_memory_for_the_next_batch():
    """glibc accepts every setting (mallopt answers 1), and applying them twice is harmless.
    In a child process: the settings are the process's, not to be left in pytest's."""
    code = "from explorer.nlp import tune_allocator; print(tune_allocator(), tune_allocator())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]


def test_a_parse_with_the_tuned_allocator_finds_the_same_entities(tmp_path: Path):
    """The settings change where memory comes from, never what spaCy finds."""
    code = (
        "import sys\n"
        "from explorer.pipeline.parsing import gazetteer_patterns\n"
        "from explorer.nlp import load_pipeline, parse_texts\n"
        "nlp = load_pipeline(None, gazetteer_patterns(()), tune_memory=sys.argv[1] == '1')\n"
        "texts = [t for t in sys.stdin.read().split('\\x00')]\n"
        "print([p for p in parse_texts(nlp, texts)])\n"
    )
    texts = "\x00".join(ARTICLES.values())
    out = [
        subprocess.run(
            [sys.executable, "-c", code, flag], input=texts, capture_output=True, text=True
        ).stdout
        for flag in ("0", "1")
    ]
    assert out[0] == out[1] and "PERSON" in out[0]
