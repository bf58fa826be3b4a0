"""The datasette plugin's SQL side, without a server: which databases are ours, which tables
are internal, ``libya_actor()`` and the labels of ids."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explorer.store import datasette_sql, queries
from explorer.store.connect import open_for_reading


def test_facts_of_our_database_and_of_another(built_db: Path, tmp_path: Path):
    conn = datasette_sql.open_snapshot(built_db)
    facts = datasette_sql.read_facts(conn)
    conn.close()
    assert facts.ours
    assert {"mention_context", "cooccurrence", "actor_documents"} <= set(facts.views)
    internal = set(facts.internal_tables)
    assert {
        "meta",
        "_sqlite_migrations",
        "fuzzy_tokens",
        "fuzzy_pending",
        "sentences_fts",
    } <= internal
    assert not internal & datasette_sql.PUBLIC_TABLES
    assert set(facts.tables) - internal == {
        "documents",
        "sentences",
        "entities",
        "aliases",
        "mentions",
        "curation",
        "statements",
    }
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE meta (x)").connection.close()
    conn = datasette_sql.open_snapshot(other)
    assert not datasette_sql.read_facts(conn).ours
    conn.close()


@pytest.mark.parametrize(
    "words", ["Angela Merkel", "angla merkl", "merkel", "Lavrof", "un", "zzqx wvvq", "", "  "]
)
def test_libya_actor_is_pick_entity_in_sql(built_db: Path, words: str):
    conn = open_for_reading(built_db)
    try:
        datasette_sql.register_functions(conn)
        (found,) = conn.execute("SELECT libya_actor(?)", [words]).fetchone()
        pick = queries.pick_entity(conn, words) if words.strip() else None
        assert found == (pick.entity.id if pick else None)
        assert conn.execute("SELECT libya_actor(NULL)").fetchone()[0] is None
    finally:
        conn.close()


def test_labels_of_ids(built_db: Path):
    conn = open_for_reading(built_db)
    try:
        lavrov = conn.execute("SELECT id FROM entities WHERE name = 'Sergei Lavrov'").fetchone()[0]
        assert datasette_sql.label_of(conn, "entities", lavrov) == "Sergei Lavrov"
        assert datasette_sql.label_of(conn, "entities", -1) is None
        with pytest.raises(KeyError):
            datasette_sql.label_of(conn, "meta", 1)  # only the tables that have labels
    finally:
        conn.close()
