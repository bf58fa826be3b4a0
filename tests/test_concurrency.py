"""Readers while an ingest writes, and two ingests on one database."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import (
    canonical_dump,
    check_consistency,
    cli_command,
    document_contents,
    start_ingest,
    visible_documents,
    wait_for,
    write_many,
)

from explorer.pipeline.ingest import IngestOptions, SilentReporter, ingest
from explorer.pipeline.lock import ingest_lock
from explorer.store import queries
from explorer.store.connect import DatabaseProblem, open_for_reading

N_DOCS = 30


@pytest.fixture(scope="module")
def corpus_and_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = write_many(tmp_path_factory.mktemp("corpus"), N_DOCS)
    reference = tmp_path_factory.mktemp("ref") / "reference.db"
    ingest([folder], reference, IngestOptions())
    return folder, canonical_dump(reference)


def _read_everything_once(db: Path, expected_docs: dict) -> int:
    """One reader session as the explorer makes them; returns the documents it saw."""
    conn = open_for_reading(db)
    try:
        stats = queries.stats(conn)
        for hit in queries.search_entities(conn, "Mansour", limit=5):
            for mention in queries.entity_mentions(conn, hit.id, limit=3):
                queries.mention_context(conn, mention.id)
        for entity in queries.top_entities(conn, limit=5):
            queries.cooccurring(conn, entity.id)
        # One snapshot: every document visible is whole (all its sentences and mentions).
        conn.execute("BEGIN")
        seen = conn.execute("SELECT id, path FROM documents").fetchall()
        for doc_id, path in seen:
            sentences = conn.execute(
                'SELECT idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx',
                [doc_id],
            ).fetchall()
            mentions = conn.execute(
                'SELECT start, "end", text, label FROM mentions WHERE document_id = ? '
                "ORDER BY start, label",
                [doc_id],
            ).fetchall()
            _sha, want_sentences, want_mentions = expected_docs[path]
            assert tuple(map(tuple, sentences)) == want_sentences
            assert tuple(map(tuple, mentions)) == want_mentions
        conn.execute("COMMIT")
        assert stats.documents <= N_DOCS
        return len(seen)
    finally:
        conn.close()


def _count_documents(db) -> int:
    conn = open_for_reading(db)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_readers_never_blocked_and_never_see_half_a_document(corpus_and_reference, tmp_path):
    corpus, expected = corpus_and_reference
    db = tmp_path / "live.db"
    proc = start_ingest(corpus, db, "--batch-size", "1")
    try:
        sessions, counts = 0, []
        while proc.poll() is None:
            try:
                counts.append(_read_everything_once(db, expected["contents"]))
            except DatabaseProblem as exc:  # only before the schema is committed
                assert (
                    "no such database" in str(exc) or "schema" in str(exc) or ("empty" in str(exc))
                ), exc
                continue
            sessions += 1
            counts.append(_count_documents(db))  # cheap: catches in-between states reliably
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 0
    assert sessions > 0 and any(0 < n < N_DOCS for n in counts), counts
    check_consistency(db)
    assert canonical_dump(db) == expected


def test_second_ingest_refuses_with_no_wait(corpus_and_reference, tmp_path):
    corpus, _ = corpus_and_reference
    db = tmp_path / "busy.db"
    with ingest_lock(db, wait=False, reporter=SilentReporter()):
        result = subprocess.run(
            cli_command("ingest", str(corpus), "--db", str(db), "--no-wait"),
            capture_output=True,
            text=True,
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {db}: another ingest is writing to it; try again later"
    ]
    assert not db.exists()  # the refused ingest did not even create the database


@pytest.mark.slow
def test_second_ingest_waits_for_the_first_then_finishes(corpus_and_reference, tmp_path):
    corpus, expected = corpus_and_reference
    db = tmp_path / "queue.db"
    log = tmp_path / "waiter.log"
    with log.open("w") as stderr, ingest_lock(db, wait=False, reporter=SilentReporter()):
        waiter = start_ingest(corpus, db, stderr=stderr)
        assert wait_for(lambda: "waiting" in log.read_text(), timeout=60)
        time.sleep(0.3)
        assert waiter.poll() is None and not db.exists()  # it waits without touching the db
    assert waiter.wait(timeout=120) == 0
    assert "another ingest is writing to it; waiting for it to finish" in log.read_text()
    assert canonical_dump(db) == expected


@pytest.mark.slow
def test_two_ingests_at_once_end_with_one_clean_copy(corpus_and_reference, tmp_path):
    corpus, expected = corpus_and_reference
    db = tmp_path / "both.db"
    first = start_ingest(corpus, db, "--batch-size", "1")
    wait_for(lambda: visible_documents(db) >= 1 or first.poll() is not None)
    second = start_ingest(corpus, db)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    check_consistency(db)
    assert canonical_dump(db) == expected
    assert len(document_contents(db)) == N_DOCS
