"""Cleaned mentions in the database: titles stored as evidence (m009), the offset invariant,
HTML character references decoded on reading, and ``ingest --reparse`` for older databases."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from corpus_support import write_corpus

from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.readers import decode_character_references, read_articles
from explorer.store.connect import open_for_writing
from explorer.store.resolution import load_surface_groups

ARTICLES = {
    "council.txt": (
        "Council vote\n\nForeign Secretary Jack Strand met Mrs Hatherley in Lunford on Monday. "
        "Mr Bralley, the novelist, said the talks went well.\n"
        "Later, President Valdrin of Ostrava called Mrs Hatherley again.\n"
    ),
    "match.txt": (
        "Cup report\n\nEverton beat Arsenal at home. Fans of Everton and Arsenal sang.\n"
        "Arsenal 2-1 Everton\nThe clubs meet again in May.\n"
    ),
}


@pytest.fixture(scope="module")
def evidence_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("evidence"), ARTICLES)
    db_path = tmp_path_factory.mktemp("db") / "evidence.db"
    assert ingest([folder], db_path, IngestOptions()).failed == 0
    return db_path


def rows(db_path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_every_stored_mention_is_its_text_and_lies_in_its_sentence(evidence_db: Path):
    bad = rows(
        evidence_db,
        "SELECT m.text FROM mentions m JOIN documents d ON d.id = m.document_id "
        "JOIN sentences s ON s.id = m.sentence_id WHERE substr(d.text, m.start + 1, "
        'm."end" - m.start) != m.text OR m.start < s.start OR m."end" > s."end" '
        "OR instr(m.text, char(10)) > 0",
    )
    assert bad == []


def test_titles_are_stored_per_mention_and_reach_resolution(evidence_db: Path):
    titled = dict(rows(evidence_db, "SELECT text, title FROM mentions WHERE title IS NOT NULL"))
    assert titled["Hatherley"] == "mrs"
    assert titled["Jack Strand"] == "foreign secretary"
    assert "Mrs Hatherley" not in {t for (t,) in rows(evidence_db, "SELECT text FROM mentions")}
    conn = sqlite3.connect(evidence_db)
    try:
        groups = {g.text: g for g in load_surface_groups(conn)}
    finally:
        conn.close()
    assert groups["Hatherley"].titles == ("mrs",)
    assert groups["Hatherley"].count == 2
    assert groups["Lunford"].titles == ()


def test_junk_spans_become_their_actors(evidence_db: Path):
    texts = {t for (t,) in rows(evidence_db, "SELECT text FROM mentions")}
    assert "Everton" in texts and "Arsenal" in texts
    assert not any(" and " in t or "2-1" in t or "\n" in t for t in texts)


def test_an_older_database_gets_the_title_column_and_keeps_its_mentions(
    evidence_db: Path, tmp_path: Path
):
    old = tmp_path / "old.db"
    old.write_bytes(evidence_db.read_bytes())
    conn = sqlite3.connect(old)
    before = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    conn.execute("ALTER TABLE mentions DROP COLUMN title")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_mention_evidence'")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    db = open_for_writing(old)  # what `upgrade` and `ingest` do
    try:
        assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == before
        assert db.execute("SELECT count(title) FROM mentions").fetchone()[0] == 0
        assert all(g.titles == () for g in load_surface_groups(db))
    finally:
        db.close()


def test_reparse_applies_the_current_nlp_to_unchanged_documents(tmp_path: Path):
    folder = write_corpus(tmp_path / "corpus", ARTICLES)
    db_path = tmp_path / "db.db"
    ingest([folder], db_path, IngestOptions())
    conn = sqlite3.connect(db_path)
    expected = conn.execute("SELECT text, title FROM mentions ORDER BY start, text").fetchall()
    conn.execute("UPDATE mentions SET title = NULL")  # as an older version stored them
    conn.commit()
    conn.close()
    again = ingest([folder], db_path, IngestOptions())
    assert again.unchanged == 2 and again.replaced == 0
    summary = ingest([folder], db_path, IngestOptions(reparse=True))
    assert (summary.replaced, summary.unchanged, summary.added) == (2, 0, 0)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT text, title FROM mentions ORDER BY start, text").fetchall() == (
        expected
    )
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    conn.close()


def test_reparse_from_the_command_line(tmp_path: Path):
    from click.testing import CliRunner

    from explorer.cli import main

    folder = write_corpus(tmp_path / "corpus", {"a.txt": ARTICLES["council.txt"]})
    db = str(tmp_path / "cli.db")
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-q"]).exit_code == 0
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "--reparse", "-q"])
    assert result.exit_code == 0, result.output
    assert "1 replaced" in result.output


# --------------------------------------------------------------------------- readers


def test_character_references_are_decoded_when_read(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "Caf&eacute; talks\n\nBralley&#191;s team &amp; AT&T met &#x4C;unford &notes &bogus;.\n",
        encoding="utf-8",
    )
    line = {"id": "x", "title": "Q&amp;A", "text": "Ostrava&#39;s envoy &lt;b&gt; spoke."}
    (tmp_path / "b.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    articles = {
        a.file.rsplit("/", 1)[-1]: a for a in read_articles([tmp_path]) if hasattr(a, "text")
    }
    text_article = articles["a.txt"]
    assert text_article.title == "Café talks"
    assert "Bralley¿s team & AT&T met Lunford &notes &bogus;." in text_article.text
    jsonl_article = next(a for key, a in articles.items() if key.startswith("b.jsonl"))
    assert jsonl_article.text == "Ostrava's envoy <b> spoke."
    assert jsonl_article.title == "Q&A"


def test_decoding_leaves_text_without_references_alone():
    for text in ("AT&T & M&S", "R&D&", "&#;", "&#xZZ;", "plain"):
        assert decode_character_references(text) == text
    assert decode_character_references("&#0;&#xD800;") == "\ufffd\ufffd"
