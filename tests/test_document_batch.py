"""Several documents per transaction in bulk runs: :class:`DocumentBatch` (documents written in
the ingesting process) and the writer process's batches of what waits in its pipe."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from reliability_support import check_consistency

from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span, pack
from explorer.pipeline.writer import DocumentBatch, _store_batch, _waiting_batch
from explorer.readers.articles import Article, word_count
from explorer.store.connect import open_for_writing


def article(i: int, text: str | None = None) -> tuple[Article, ParsedText]:
    text = text or f"Report {i}. Nadia Ferrante met Oskar Lindqvist in Valmora."
    first = text.index(".") + 1
    spans = []
    for name, label in (("Nadia Ferrante", "PERSON"), ("Oskar Lindqvist", "PERSON")):
        at = text.find(name)
        if at >= 0:
            spans.append(Span(at, at + len(name), label))
    at = text.find("Valmora")
    if at >= 0:
        spans.append(Span(at, at + 7, "GPE"))
    parsed = ParsedText((Span(0, first), Span(first + 1, len(text))), tuple(spans))
    return Article(key=f"doc{i}", file="batch.txt", text=text, title=f"doc {i}"), parsed


def visible(db_path: Path) -> int:
    conn = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def test_documents_wait_for_the_batch_then_commit_together(tmp_path: Path):
    db_path = tmp_path / "batch.db"
    db = open_for_writing(db_path)
    try:
        batch = DocumentBatch(db, matching_key, max_documents=3, max_seconds=3600)
        assert batch.add(*article(0), 9, tag="a") == []
        assert batch.add(*article(1), 9, tag="b") == []
        assert visible(db_path) == 0 and len(batch) == 2
        written = batch.add(*article(2), 9, tag="c")
        assert [tag for tag, _stored in written] == ["a", "b", "c"]
        assert all(stored.n_mentions == 3 for _tag, stored in written)
        assert visible(db_path) == 3 and len(batch) == 0
        assert batch.add(*article(3), 9, tag="d") == []
        assert [tag for tag, _ in batch.flush()] == ["d"]
        assert batch.flush() == []
    finally:
        db.close()
    assert visible(db_path) == 4
    check_consistency(db_path)


def test_a_batch_older_than_its_time_limit_commits_at_once(tmp_path: Path):
    db = open_for_writing(tmp_path / "batch.db")
    try:
        batch = DocumentBatch(db, matching_key, max_documents=100, max_seconds=0)
        assert len(batch.add(*article(0), 9)) == 1
        assert len(batch.add(*article(1), 9)) == 1
    finally:
        db.close()


def test_a_batch_breaking_a_constraint_keeps_the_documents_before_the_culprit(tmp_path: Path):
    """Two copies of one text (documents.sha256 is unique): as without batching, the first
    document and the first copy are stored, and the second copy's error is raised."""
    db_path = tmp_path / "batch.db"
    db = open_for_writing(db_path)
    same = "Report. Nadia Ferrante spoke in Valmora."
    try:
        batch = DocumentBatch(db, matching_key, max_documents=10, max_seconds=3600)
        batch.add(*article(0), 5)
        batch.add(*article(1, same), 5)
        batch.add(*article(2, same), 5)
        with pytest.raises(sqlite3.IntegrityError):
            batch.flush()
    finally:
        db.close()
    assert visible(db_path) == 2
    check_consistency(db_path)


def test_the_writer_process_batches_what_waits_in_its_pipe(tmp_path: Path):
    parent, child = multiprocessing.Pipe()
    items = [(a, pack(p), False) for a, p in (article(i) for i in range(5))]
    for item in items[1:]:
        parent.send(item)
    parent.send(None)
    batch, last = _waiting_batch(child, items[0])
    assert len(batch) == 5 and last
    db = open_for_writing(tmp_path / "batch.db")
    try:
        answers = _store_batch(db, batch, matching_key, word_count)
    finally:
        db.close()
    assert [a.n_mentions for a in answers] == [3] * 5
    assert visible(tmp_path / "batch.db") == 5
    parent.close()
    child.close()
