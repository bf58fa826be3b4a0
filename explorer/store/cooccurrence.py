"""The co-occurrence index: actor pairs named in the same sentences, kept up to date by every write.

``entity_pairs`` holds each pair in both orders (``entity_id``, ``other_id``) with the sentences
and the documents in which both are named; its primary key makes "an actor's partners" an index
range scan, and ``entity_pairs_top`` gives them most-shared first. The ``cooccurrence`` view
joins it to the actors' names (the schema's public face; README "Schema").

The table always equals :func:`pair_counts_from_mentions` over the stored mentions. Writers keep
it so in three ways:

* a document's pairs are **added** when it is stored and **subtracted** before it is deleted or
  replaced (:func:`add_document_pairs`, :func:`subtract_document_pairs`): both counts are sums
  over documents (a sentence belongs to one document), so the cost is the document's, not the
  corpus's;
* when mentions change actor (resolution, curation), :func:`refresh_cooccurrence` recomputes the
  pairs touching the actors involved (``None``: every pair, after a full re-resolution).

The per-pair counts are those of the former view: ``sentences`` = distinct sentences naming
both, ``documents`` = distinct documents with at least one such sentence.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

#: The table and view, created by migration ``m008_cooccurrence`` (explorer.store.schema).
PAIRS_TABLE = "entity_pairs"

CREATE_PAIRS_SQL = f"""
CREATE TABLE IF NOT EXISTS {PAIRS_TABLE} (
    entity_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_pairs_top ON {PAIRS_TABLE} (entity_id, sentences DESC);
CREATE INDEX IF NOT EXISTS entity_pairs_sentences ON {PAIRS_TABLE} (sentences DESC);
DROP VIEW IF EXISTS cooccurrence;
CREATE VIEW cooccurrence AS
SELECT p.entity_id AS actor_id, ea.name AS actor, ea.type AS actor_type,
       p.other_id AS other_id, eb.name AS other, eb.type AS other_type,
       p.sentences AS sentences, p.documents AS documents
FROM {PAIRS_TABLE} p
JOIN entities ea ON ea.id = p.entity_id
JOIN entities eb ON eb.id = p.other_id;
"""


def _conn(db: Database | sqlite3.Connection) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def create_pairs_table(db: Database) -> None:
    """The table, its indexes and the view over it, filled from the stored mentions."""
    db.executescript(CREATE_PAIRS_SQL)
    refresh_cooccurrence(db, None)


def has_pairs_table(conn: Database | sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [PAIRS_TABLE]
    ).fetchone()
    return row is not None


# --------------------------------------------------------------------------- whole actors


def refresh_cooccurrence(
    db: Database | sqlite3.Connection, entity_ids: Iterable[int] | None
) -> None:
    """Recompute the pairs touching ``entity_ids`` from the mentions (None: rebuild them all).

    Call it inside the transaction that moved mentions between actors, with every actor that
    lost or gained a mention (an actor that no longer exists included: its pairs are dropped).
    The cost is that of the actors' sentences.
    """
    if entity_ids is None:
        db.execute(f"DELETE FROM {PAIRS_TABLE}")
        _insert_pairs_of_sentences(
            db,
            "SELECT DISTINCT sentence_id, entity_id, document_id FROM mentions",
            [],
            touching=None,
        )
        return
    wanted = sorted(set(entity_ids))
    if not wanted:
        return
    db.execute("DROP TABLE IF EXISTS temp.pair_actors")
    db.execute("CREATE TEMP TABLE pair_actors (id INTEGER PRIMARY KEY)")
    _conn(db).executemany("INSERT INTO temp.pair_actors VALUES (?)", [(i,) for i in wanted])
    # The table is symmetric: (x, a) exists exactly when (a, x) does, so no index on other_id.
    db.execute(
        f"DELETE FROM {PAIRS_TABLE} WHERE (entity_id, other_id) IN (SELECT other_id, entity_id "
        f"FROM {PAIRS_TABLE} WHERE entity_id IN (SELECT id FROM temp.pair_actors))"
    )
    db.execute(f"DELETE FROM {PAIRS_TABLE} WHERE entity_id IN (SELECT id FROM temp.pair_actors)")
    _insert_pairs_of_sentences(
        db,
        "SELECT DISTINCT sentence_id, entity_id, document_id FROM mentions WHERE sentence_id IN "
        "(SELECT m.sentence_id FROM mentions m WHERE m.entity_id IN "
        "(SELECT id FROM temp.pair_actors))",
        [],
        touching="temp.pair_actors",
    )
    db.execute("DROP TABLE temp.pair_actors")


def _insert_pairs_of_sentences(
    db: Database | sqlite3.Connection, rows_sql: str, params: list, touching: str | None
) -> None:
    """Insert the pairs of the (sentence, actor, document) rows of ``rows_sql``; with
    ``touching`` (a table of actor ids) only the pairs with one of them on either side."""
    db.execute("DROP TABLE IF EXISTS temp.pair_rows")
    db.execute(
        "CREATE TEMP TABLE pair_rows (sentence_id INTEGER, entity_id INTEGER, "
        "document_id INTEGER, PRIMARY KEY (sentence_id, entity_id)) WITHOUT ROWID"
    )
    db.execute(f"INSERT OR IGNORE INTO temp.pair_rows {rows_sql}", params)
    where = (
        f"WHERE a.entity_id IN (SELECT id FROM {touching}) "
        f"OR b.entity_id IN (SELECT id FROM {touching})"
        if touching
        else ""
    )
    db.execute(
        f"INSERT INTO {PAIRS_TABLE} (entity_id, other_id, sentences, documents) "
        "SELECT a.entity_id, b.entity_id, count(*), count(DISTINCT a.document_id) "
        "FROM temp.pair_rows a JOIN temp.pair_rows b ON b.sentence_id = a.sentence_id "
        f"AND b.entity_id != a.entity_id {where} GROUP BY a.entity_id, b.entity_id"
    )
    db.execute("DROP TABLE temp.pair_rows")


# --------------------------------------------------------------------------- whole documents


def add_document_pairs(db: Database | sqlite3.Connection, document_ids: Collection[int]) -> None:
    """Count the pairs of newly stored documents in (their mentions are written)."""
    _apply_document_pairs(db, document_ids, +1)


def subtract_document_pairs(
    db: Database | sqlite3.Connection, document_ids: Collection[int]
) -> None:
    """Count the pairs of documents out, before they are deleted (their mentions still there)."""
    _apply_document_pairs(db, document_ids, -1)


def _apply_document_pairs(
    db: Database | sqlite3.Connection, document_ids: Collection[int], sign: int
) -> None:
    """Add (``sign`` 1) or subtract (-1) the documents' pairs: two statements, no scratch table
    (the writer calls this for every document or batch: creating tables would cost more than
    the counting)."""
    if not document_ids:
        return
    ids = json.dumps(sorted(set(document_ids)))
    # Per document: the sentences naming both, and 1 document; summed over the documents.
    db.execute(
        f"INSERT INTO {PAIRS_TABLE} (entity_id, other_id, sentences, documents) "
        "SELECT a.entity_id, b.entity_id, ? * count(DISTINCT a.sentence_id), "
        "? * count(DISTINCT a.document_id) FROM mentions a JOIN mentions b "
        "ON b.sentence_id = a.sentence_id AND b.entity_id != a.entity_id "
        "WHERE a.document_id IN (SELECT value FROM json_each(?)) "
        "GROUP BY a.entity_id, b.entity_id "
        "ON CONFLICT (entity_id, other_id) DO UPDATE SET "
        "sentences = sentences + excluded.sentences, documents = documents + excluded.documents",
        [sign, sign, ids],
    )
    if sign < 0:
        db.execute(
            f"DELETE FROM {PAIRS_TABLE} WHERE sentences <= 0 AND entity_id IN "
            "(SELECT entity_id FROM mentions WHERE document_id IN (SELECT value FROM json_each(?)))",
            [ids],
        )


# --------------------------------------------------------------------------- the reference


def pair_counts_from_mentions(
    conn: Database | sqlite3.Connection,
) -> dict[tuple[int, int], tuple[int, int]]:
    """``{(entity, other): (sentences, documents)}`` computed from the mentions alone, as the view
    did before the index: what the table must equal (tests, ``libya-explore`` checks)."""
    rows = conn.execute(
        "SELECT a.entity_id, b.entity_id, count(DISTINCT a.sentence_id), "
        "count(DISTINCT a.document_id) FROM mentions a JOIN mentions b "
        "ON b.sentence_id = a.sentence_id AND b.entity_id != a.entity_id "
        "GROUP BY a.entity_id, b.entity_id"
    ).fetchall()
    return {(a, b): (s, d) for a, b, s, d in rows}


def stored_pair_counts(
    conn: Database | sqlite3.Connection,
) -> dict[tuple[int, int], tuple[int, int]]:
    """The table's content, in the shape of :func:`pair_counts_from_mentions`."""
    rows = conn.execute(
        f"SELECT entity_id, other_id, sentences, documents FROM {PAIRS_TABLE}"
    ).fetchall()
    return {(a, b): (s, d) for a, b, s, d in rows}
