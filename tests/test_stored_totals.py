"""The form totals stored and kept by the writer (issue 17.1, step 1 of the dirty path): after
any sequence of documents written one at a time or in batches, replaced, removed and written
again, the stored totals equal counting the stored groups afresh; resolution reads them when
they are exact, and a database made before them counts until ``resolve --full`` builds them.
(That the incremental resolution reading them equals the full pass is
``tests/test_incremental.py``, whose snapshots include the totals.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import CHANGED, TEXTS, parse, snapshot, store

from explorer.cli import main
from explorer.normalize import matching_key
from explorer.pipeline.resolution import run_resolution
from explorer.readers.articles import Article
from explorer.resolution.form_totals import FormTotals
from explorer.store import coordinations, documents, stored_totals
from explorer.store.connect import open_for_writing, write_transaction
from explorer.store.resolution_state import load_resolution_state, state_ready
from explorer.store.stored_totals import load_form_totals, totals_ready


def recount(conn: sqlite3.Connection) -> FormTotals:
    """The totals counted afresh over every stored group."""
    totals = FormTotals()
    totals.add(*load_resolution_state(conn))
    return totals


def assert_exact(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert totals_ready(conn)
        assert load_form_totals(conn).surfaces == recount(conn).surfaces
    finally:
        conn.close()


def _article(index: int, text: str) -> tuple[Article, object, int]:
    article = Article(key=f"corpus.jsonl#{index}", file="corpus.jsonl", text=text, title=str(index))
    return article, parse(text), len(text.split())


#: One step: write a batch of (document, changed?) (a document may come twice in one batch:
#: the second replaces the first inside the transaction), or remove some documents.
_WRITE = st.tuples(
    st.just("write"),
    st.lists(st.tuples(st.integers(0, len(TEXTS) - 1), st.booleans()), min_size=1, max_size=4),
)
_REMOVE = st.tuples(st.just("remove"), st.sets(st.integers(0, len(TEXTS) - 1), max_size=3))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.one_of(_WRITE, _REMOVE), min_size=1, max_size=8))
def test_stored_totals_equal_a_recount_after_any_writes_and_removals(
    tmp_path_factory: pytest.TempPathFactory, steps: list
) -> None:
    db_path = tmp_path_factory.mktemp("totals") / "db.db"
    db = open_for_writing(db_path)
    stored: set[int] = set()
    try:
        for kind, what in steps:
            if kind == "write":
                batch = [
                    _article(i, CHANGED[i] if changed and i in CHANGED else TEXTS[i])
                    for i, changed in what
                ]
                documents.store_documents(db, batch, matching_key)  # type: ignore[arg-type]
                stored.update(i for i, _ in what)
            else:
                keep = {f"corpus.jsonl#{i}" for i in stored - what}
                documents.delete_documents_not_in(db, "corpus.jsonl", keep)
                stored -= what
            assert_exact(db_path)
    finally:
        db.close()


def test_a_removed_corpus_leaves_no_totals(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS[:4]):
            store(db, index, text)
        assert load_form_totals(db.conn).surfaces
        documents.delete_documents_not_in(db, "corpus.jsonl", set())
        assert db.execute("SELECT count(*) FROM form_totals").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM form_total_documents").fetchone()[0] == 0
    finally:
        db.close()


def test_a_database_without_exact_totals_counts_until_a_full_pass(tmp_path: Path) -> None:
    """As a database made before m016: the totals are not trusted (resolution counts, with the
    same result), ``resolve --full`` (the CLI) rebuilds them and they are kept after."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS[:6]):
            store(db, index, text)
        run_resolution(db)
        expected = snapshot(db_path)
        db.execute("DELETE FROM form_totals")
        db.execute("DELETE FROM form_total_documents")
        db.execute("UPDATE meta SET value = '0' WHERE key = 'form_totals'")
        db.conn.commit()
        run_resolution(db)
        assert snapshot(db_path)["entities"] == expected["entities"]
        assert not totals_ready(db.conn)
    finally:
        db.close()
    result = CliRunner().invoke(main, ["resolve", "--full", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert_exact(db_path)
    assert snapshot(db_path) == expected
    db = open_for_writing(db_path)
    try:
        store(db, 6, TEXTS[6])
        store(db, 0, CHANGED[0])
    finally:
        db.close()
    assert_exact(db_path)


def test_an_upgraded_database_does_not_trust_totals_it_never_kept(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        store(db, 0, TEXTS[0])
        db.execute("DROP TABLE form_totals")
        db.execute("DROP TABLE form_total_documents")
        db.execute("DELETE FROM meta WHERE key = 'form_totals'")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_form_totals'")
        db.conn.commit()
    finally:
        db.close()
    db = open_for_writing(db_path)
    try:
        assert not totals_ready(db.conn)
        run_resolution(db, full=True)
    finally:
        db.close()
    assert_exact(db_path)


def test_a_write_that_fails_leaves_neither_the_document_nor_its_totals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The totals are written in the document's transaction: a failure after the document's
    rows and part of its totals rolls both back."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        store(db, 0, TEXTS[0])
        real_apply = stored_totals._apply

        def half_then_fail(db: object, share: FormTotals) -> None:
            real_apply(db, share)  # type: ignore[arg-type]
            raise RuntimeError("killed")

        monkeypatch.setattr(stored_totals, "_apply", half_then_fail)
        with pytest.raises(RuntimeError):
            store(db, 1, TEXTS[1])
        with pytest.raises(RuntimeError):
            store(db, 0, CHANGED[0])  # a replacement: the subtraction is rolled back too
        monkeypatch.undo()
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    finally:
        db.close()
    assert_exact(db_path)


def test_evidence_stored_with_other_fields_is_not_read_until_a_full_pass(tmp_path: Path) -> None:
    """After an upgrade that changes the evidence's fields, the stored evidence cannot be read:
    replacing or removing a document must not try to (it raised before), and the next
    resolution rebuilds the totals."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS[:4]):
            store(db, index, text)
        db.execute("UPDATE meta SET value = 'older,fields' WHERE key = 'resolution_evidence'")
        db.execute("UPDATE form_totals SET evidence = '1,2'")
        db.execute("UPDATE resolution_groups SET evidence = '1,2' WHERE evidence IS NOT NULL")
        db.conn.commit()
        assert not totals_ready(db.conn)
        store(db, 0, CHANGED[0])
        store(db, 4, TEXTS[4])
        documents.delete_documents_not_in(db, "corpus.jsonl", {"corpus.jsonl#0"})
    finally:
        db.close()
    result = CliRunner().invoke(main, ["resolve", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert_exact(db_path)


def test_mentions_split_without_refiling_mark_the_state_not_ready(tmp_path: Path) -> None:
    """The full pass splits coordinations in one transaction and rebuilds the groups in the
    next: a crash between the two must leave a state the next resolution rebuilds, not stale
    groups marked ready (incremental) or totals marked exact."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        store(db, 0, TEXTS[0])
        mention = next(m for m in _stored_mentions(db) if len(m.text) > 2)
        with write_transaction(db):
            coordinations.split_mentions(db, [(mention, [(0, 1), (2, len(mention.text))])], False)
        assert not state_ready(db.conn)
        assert not totals_ready(db.conn)
    finally:
        db.close()
    result = CliRunner().invoke(main, ["resolve", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    try:
        assert state_ready(conn)
    finally:
        conn.close()
    assert_exact(db_path)


def _stored_mentions(db: object) -> list[coordinations.StoredMention]:
    rows = db.conn.execute(  # type: ignore[attr-defined]
        'SELECT id, entity_id, document_id, sentence_id, start, "end", text, label, title, '
        "gender FROM mentions ORDER BY id"
    )
    return [coordinations.StoredMention(*row) for row in rows]
