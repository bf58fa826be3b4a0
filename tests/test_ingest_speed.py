"""The ingest's speed-ups keep its contracts: full-text indexes exact, the writer thread safe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import ARTICLES, write_corpus

import explorer.ingest as ingest_module
from explorer import storage
from explorer.ingest import IngestOptions, ingest

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

    db = storage.open_for_writing(db_path)
    try:
        entity_id = db.execute("SELECT id FROM entities WHERE name = 'Angela Merkel'").fetchone()[0]
        with storage.write_transaction(db):
            storage.update_entity(db, entity_id, name="Chancellor Zebulon")
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


def test_fts_update_triggers_watch_only_the_indexed_column(tmp_path: Path):
    db = storage.open_for_writing(tmp_path / "t.db")
    try:
        for table in FTS_TABLES:
            sql = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                [f"{table}_au"],
            ).fetchone()[0]
            assert "AFTER UPDATE OF" in sql, sql
    finally:
        db.close()


def _failing_store(after: int):  # type: ignore[no-untyped-def]
    real = storage.store_document
    calls = {"n": 0}

    def store(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > after:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    return store


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


def test_a_writer_failure_ends_the_run_with_whole_documents_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus = write_corpus(tmp_path / "corpus", _many_articles(8))
    db_path = tmp_path / "fail.db"
    monkeypatch.setattr(storage, "store_document", _failing_store(after=3))
    with pytest.raises(RuntimeError, match="disk on fire"):
        ingest([corpus], db_path, IngestOptions(batch_size=1))
    assert _documents(db_path) == 3
    monkeypatch.undo()
    summary = ingest([corpus], db_path)  # the next run finishes the job
    assert summary.failed == 0 and summary.unchanged == 3
    assert _documents(db_path) == 12
    fts_intact(db_path)


def test_an_interrupted_parse_stops_the_writer_and_a_rerun_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
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
        }
    finally:
        conn.close()


class CountingReporter:
    def __init__(self) -> None:
        self.documents = 0
        self.words = 0

    def problem(self, message: str) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def set_total(self, total_bytes: int) -> None:
        pass

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        self.documents += documents
        self.words += words


def test_progress_counts_every_document_once_from_both_threads(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", _many_articles(6))
    db_path = tmp_path / "progress.db"
    ingest([corpus], db_path)
    (corpus / "new.txt").write_text("Fresh news\n\nVladimir Putin visited Ankara.", encoding="utf-8")
    reporter = CountingReporter()
    summary = ingest([corpus], db_path, reporter=reporter)
    assert (summary.added, summary.unchanged) == (1, 10)
    assert reporter.documents == 11  # unchanged ones (reading thread) + the new one (writer)
    assert reporter.words == summary.words
