"""Ingest end to end on articles written for the tests: invariants, idempotency, changes, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from corpus_support import check_invariants

from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.store.connect import DatabaseProblem, open_for_reading, open_for_writing
from explorer.store.schema import SCHEMA_VERSION


def rows(db_path: Path, sql: str, params=()):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_ingest_builds_documents_sentences_entities(built_db: Path):
    check_invariants(built_db)
    titles = sorted(t for (t,) in rows(built_db, "SELECT title FROM documents"))
    assert (
        titles == ["Leaders meet in Paris", "Oil prices climb", "Talks in Geneva", "a2"]
        or "Talks in Geneva" in titles
    )
    assert len(titles) == 4
    jsonl = rows(
        built_db, "SELECT date, source, url FROM documents WHERE title = 'Talks in Geneva'"
    )
    assert jsonl == [("2020-06-09", "Wire", "https://example.org/a1")]


def test_ner_finds_people_and_places(built_db: Path):
    found = set(rows(built_db, "SELECT text, label FROM mentions"))
    assert ("Emmanuel Macron", "PERSON") in found
    assert ("Paris", "GPE") in found
    assert ("Germany", "GPE") in found
    assert ("Sergei Lavrov", "PERSON") in found
    assert ("Cairo", "GPE") in found
    labels = {label for _, label in found}
    assert labels <= {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT"}


def test_paragraph_breaks_end_sentences(built_db: Path):
    sentences = [t for (t,) in rows(built_db, "SELECT text FROM sentences")]
    assert "Leaders meet in Paris" in sentences
    assert "# Oil prices climb" in sentences


def test_schema_contract(built_db: Path):
    conn = sqlite3.connect(built_db)
    cols = {
        table: [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        for table in ("documents", "sentences", "entities", "aliases", "mentions")
    }
    assert set(cols["documents"]) >= {
        "id",
        "path",
        "title",
        "date",
        "source",
        "url",
        "sha256",
        "text",
        "n_sentences",
        "ingested_at",
    }
    assert set(cols["sentences"]) >= {"id", "document_id", "idx", "start", "end", "text"}
    assert set(cols["entities"]) >= {"id", "name", "type", "mention_count"}
    assert set(cols["aliases"]) >= {"id", "entity_id", "alias", "normalized", "count"}
    assert set(cols["mentions"]) >= {
        "id",
        "entity_id",
        "document_id",
        "sentence_id",
        "start",
        "end",
        "text",
        "label",
    }
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    fks = {(t, r[2]) for t in cols for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert ("mentions", "entities") in fks and ("mentions", "sentences") in fks
    assert ("sentences", "documents") in fks and ("aliases", "entities") in fks
    hits = conn.execute(
        "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'Lavrov'"
    ).fetchall()
    assert len(hits) == 1
    conn.close()


def test_reingest_is_idempotent_and_parses_nothing(corpus: Path, fresh_db_path: Path):
    first = ingest([corpus], fresh_db_path)
    before = rows(
        fresh_db_path,
        "SELECT count(*) FROM documents UNION ALL SELECT count(*) FROM mentions UNION ALL SELECT count(*) FROM entities",
    )
    second = ingest([corpus], fresh_db_path)
    after = rows(
        fresh_db_path,
        "SELECT count(*) FROM documents UNION ALL SELECT count(*) FROM mentions UNION ALL SELECT count(*) FROM entities",
    )
    assert first.added == 4
    assert second.added == 0 and second.unchanged == 4 and second.mentions == 0
    assert before == after
    check_invariants(fresh_db_path)


def test_changed_file_replaces_its_rows(corpus: Path, fresh_db_path: Path):
    ingest([corpus], fresh_db_path)
    (corpus / "markets.md").write_text("# Oil prices fall\n\nShares of BP fell in Tokyo.\n")
    summary = ingest([corpus], fresh_db_path)
    assert summary.replaced == 1 and summary.added == 0
    titles = {t for (t,) in rows(fresh_db_path, "SELECT title FROM documents")}
    assert "Oil prices fall" in titles and "Oil prices climb" not in titles
    surfaces = {t for (t,) in rows(fresh_db_path, "SELECT text FROM mentions")}
    assert "Tokyo" in surfaces and "Shell" not in surfaces
    assert "Shell" not in {a for (a,) in rows(fresh_db_path, "SELECT alias FROM aliases")}
    check_invariants(fresh_db_path)


def test_each_article_is_hashed_once_and_looked_up_once(
    corpus: Path, fresh_db_path: Path, monkeypatch
):
    """The reader hashes the text and the article carries it; ingest asks the database where
    the article stands once, and the store step is told whether it replaces a document."""
    import explorer.readers.articles
    import explorer.store.documents

    calls = {"hash": 0, "state": 0}

    def counted(name, real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    ingest([corpus], fresh_db_path)
    (corpus / "summit.txt").write_text("Summit moved\n\nAngela Merkel flew to Rome.")
    monkeypatch.setattr(
        explorer.readers.articles,
        "text_sha256",
        counted("hash", explorer.readers.articles.text_sha256),
    )
    monkeypatch.setattr(
        explorer.store.documents,
        "document_state",
        counted("state", explorer.store.documents.document_state),
    )
    summary = ingest([corpus], fresh_db_path)
    assert (summary.replaced, summary.unchanged, summary.added) == (1, 3, 0)
    assert calls == {"hash": 4, "state": 4}


def test_jsonl_line_removed_from_file_is_removed(corpus: Path, fresh_db_path: Path):
    ingest([corpus], fresh_db_path)
    feed = corpus / "feed.jsonl"
    feed.write_text(feed.read_text().splitlines()[0] + "\n")
    summary = ingest([corpus], fresh_db_path)
    assert summary.removed == 1
    assert rows(fresh_db_path, "SELECT count(*) FROM documents") == [(3,)]
    check_invariants(fresh_db_path)


def test_duplicate_text_is_stored_once(tmp_path: Path, fresh_db_path: Path):
    (tmp_path / "a.txt").write_text("Same story\n\nNATO met in Brussels.")
    (tmp_path / "b.txt").write_text("Same story\n\nNATO met in Brussels.")
    summary = ingest([tmp_path], fresh_db_path)
    assert summary.added == 1 and summary.duplicates == 1
    assert any("same text as" in p for p in summary.duplicate_notes)
    assert not summary.problems


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path: Path, fresh_db_path: Path):
    (tmp_path / "good.txt").write_text("Good news\n\nThe mayor of Chicago spoke.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 500)
    (tmp_path / "latin.txt").write_bytes(
        "Le caf\u00e9 de Lyon\n\nPierre lives in Lyon.".encode("latin-1")
    )
    (tmp_path / "lines.jsonl").write_text('{"text": "Boris Johnson spoke in London."}\nbroken\n')
    (tmp_path / "notes.docx").write_text("a,b\n")
    summary = ingest([tmp_path], fresh_db_path)
    assert summary.added == 3  # good, latin (with replacement), jsonl line 1
    assert summary.failed == 2  # binary, broken JSON line
    assert summary.skipped == 2  # empty, docx
    joined = "\n".join(summary.problems)
    assert "bin.txt" in joined and "lines.jsonl:2" in joined and "notes.docx" in joined
    check_invariants(fresh_db_path)


def test_refuses_a_foreign_database(tmp_path: Path):
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseProblem, match="another application"):
        open_for_writing(foreign)
    with pytest.raises(DatabaseProblem, match="another application"):
        open_for_reading(foreign)


def test_refuses_missing_and_non_sqlite(tmp_path: Path):
    with pytest.raises(DatabaseProblem, match="no such database"):
        open_for_reading(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    with pytest.raises(DatabaseProblem, match="not a SQLite database"):
        open_for_reading(junk)


def test_model_option_names_a_missing_model(corpus: Path, fresh_db_path: Path):
    from explorer.errors import ModelNotFound

    with pytest.raises(ModelNotFound, match="not_a_model_xyz"):
        ingest([corpus], fresh_db_path, IngestOptions(model="not_a_model_xyz"))
