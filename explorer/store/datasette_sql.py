"""The SQL behind the datasette plugin: which databases are ours, which tables are internal, the
``libya_actor()`` SQL function, the canned queries and the labels of ids.

The plugin itself (:mod:`explorer.web.datasette_plugin`) holds no SQL; it asks this module. The
SQL function picks actors exactly as ``libya-explore search`` ranks them
(:func:`explorer.store.queries.pick_entity`), so ``libya_actor('khalifa hiftar')`` is the id the
one-liners would pick for the same words.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from explorer.store import queries
from explorer.store.schema import APPLICATION_ID

#: Tables a datasette user reads (the schema's contract, README "Schema"), statements included
#: for databases that have them. Every other table of our databases is bookkeeping and hidden:
#: the fuzzy index, ``meta``, the migrations' record, full-text shadow tables, review/undo logs.
PUBLIC_TABLES = frozenset(
    {"documents", "sentences", "entities", "aliases", "mentions", "curation", "statements"}
)

#: The SQL function's name: ``libya_actor(text)`` → an entity id, or NULL.
ACTOR_FUNCTION = "libya_actor"


@dataclass(frozen=True)
class DatabaseFacts:
    """What the plugin needs to know about one database file."""

    ours: bool  # PRAGMA application_id is libya-explore's
    schema_cookie: int  # PRAGMA schema_version: changes whenever a table or view changes
    tables: tuple[str, ...]
    views: tuple[str, ...]

    @property
    def internal_tables(self) -> tuple[str, ...]:
        """The tables to hide: everything but the public ones (views are all public)."""
        return tuple(name for name in self.tables if name not in PUBLIC_TABLES)


def open_snapshot(path: str | Path) -> sqlite3.Connection:
    """A read-only connection that never changes the file, for looking at a database's schema.

    Unlike :func:`explorer.store.connect.open_for_reading` it accepts any SQLite file (datasette
    serves others' databases beside ours); ``check_same_thread`` is off so the plugin may share it.
    """
    uri = f"{Path(path).absolute().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)


def schema_cookie(conn: sqlite3.Connection) -> int:
    """SQLite's schema cookie: a cheap way to notice that tables were added or dropped."""
    return conn.execute("PRAGMA schema_version").fetchone()[0]


def read_facts(conn: sqlite3.Connection) -> DatabaseFacts:
    """Whether the database is ours, and its tables and views."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
    ).fetchall()
    return DatabaseFacts(
        ours=app_id == APPLICATION_ID,
        schema_cookie=schema_cookie(conn),
        tables=tuple(name for kind, name in rows if kind == "table"),
        views=tuple(name for kind, name in rows if kind == "view"),
    )


# --------------------------------------------------------------------------- the SQL function


def pick_actor(conn: sqlite3.Connection, words: object) -> queries.EntityPick | None:
    """The one entity ``words`` (an id, a name, a spelling or a misspelling) means, as
    ``libya-explore mentions WORDS`` would pick it; None for nothing or no match."""
    if words is None:
        return None
    text = str(words).strip()
    return queries.pick_entity(conn, text) if text else None


def actor_id(conn: sqlite3.Connection, words: object) -> int | None:
    pick = pick_actor(conn, words)
    return pick.entity.id if pick else None


def register_functions(conn: sqlite3.Connection) -> None:
    """Add ``libya_actor(text)`` to a connection (datasette calls this for each one it opens).

    Deterministic within a statement, so SQLite evaluates ``libya_actor(:actor)`` once per query,
    not once per row.
    """
    conn.create_function(ACTOR_FUNCTION, 1, lambda words: actor_id(conn, words), deterministic=True)


# --------------------------------------------------------------------------- canned queries

#: Canned queries (datasette metadata ``queries``), each taking an actor by id, name or spelling.
#: The plugin adds their titles and descriptions. Datasette stops a canned query at its
#: ``max_returned_rows`` (1,000); for an actor's mentions or all its partners the plugin's
#: ``_actor=`` filter on the views pages through every row instead.
CANNED_SQL = {
    "cooccurring_actors": """\
select e.id as other_id, e.name as other, e.type as other_type,
       p.sentences as sentences, p.documents as documents
from entity_pairs p
join entities e on e.id = p.other_id
where p.entity_id = (select libya_actor(:actor))
order by sentences desc, e.mention_count desc, e.name""",
    "documents_naming_both": """\
with chosen(first_id, second_id) as (select libya_actor(:actor), libya_actor(:other))
select d.id as document_id, d.title, d.date,
  (select count(*) from mentions m where m.document_id = d.id
     and m.entity_id = (select first_id from chosen)) as actor_mentions,
  (select count(*) from mentions m where m.document_id = d.id
     and m.entity_id = (select second_id from chosen)) as other_mentions,
  (select count(distinct m.sentence_id) from mentions m
     join mentions o on o.sentence_id = m.sentence_id
     where m.document_id = d.id and m.entity_id = (select first_id from chosen)
       and o.entity_id = (select second_id from chosen)) as shared_sentences
from documents d
where d.id in (select document_id from mentions where entity_id = (select first_id from chosen))
  and d.id in (select document_id from mentions where entity_id = (select second_id from chosen))
order by shared_sentences desc, d.date desc, d.id""",
}


# --------------------------------------------------------------------------- labels of ids

#: Where an id points, and the column that names the row (datasette's ``label_column``).
LABEL_COLUMNS = {
    "entities": "name",
    "documents": "title",
    "sentences": "text",
    "mentions": "text",
    "aliases": "alias",
}


def label_of(conn: sqlite3.Connection, table: str, row_id: int) -> str | None:
    """The label of one row of ``table`` (one of :data:`LABEL_COLUMNS`), None when missing."""
    column = LABEL_COLUMNS[table]
    row = conn.execute(f"SELECT [{column}] FROM [{table}] WHERE id = ?", [row_id]).fetchone()
    return None if row is None else row[0]
