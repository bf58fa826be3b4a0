"""What actor resolution reads (surface groups) and the rewrite of its result, in one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from explorer.resolution.clusters import ResolvedEntity, SurfaceGroup
from explorer.resolution.evidence import CONTEXT_CHARS, GroupKey, MentionContext
from explorer.store.connect import write_transaction
from explorer.store.cooccurrence import refresh_cooccurrence
from explorer.store.fuzzy_index import sync_fuzzy_index

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def load_surface_groups(db: Database | sqlite3.Connection) -> list[SurfaceGroup]:
    """What resolution works from: every (document, surface, label) with its mention count and
    the titles trimmed from its mentions (:attr:`SurfaceGroup.titles`)."""
    rows = db.execute(
        "SELECT document_id, text, label, count(*), group_concat(DISTINCT title) FROM mentions "
        "GROUP BY document_id, text, label ORDER BY document_id, text, label"
    ).fetchall()
    return [
        SurfaceGroup(doc, text, label, n, tuple(sorted(titles.split(","))) if titles else ())
        for doc, text, label, n, titles in rows
    ]


def load_mention_contexts(
    db: Database | sqlite3.Connection, chars: int = CONTEXT_CHARS
) -> Iterator[tuple[GroupKey, str, MentionContext]]:
    """The text around every mention (``chars`` characters each side, from ``documents.text``)
    with its surface group's key, and ``mentions.title`` where the schema has that column.

    The type rules read their contextual evidence from this (:mod:`explorer.resolution.evidence`).
    One document's text is in memory at a time; slicing in Python is twice as fast as SQLite's
    ``substr``, which walks the UTF-8 text from its start for every mention.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(mentions)").fetchall()}
    title = "title" if "title" in columns else "NULL"
    documents = db.execute("SELECT id, text FROM documents ORDER BY id")
    mentions = db.execute(
        f'SELECT document_id, text, label, start, "end", {title} FROM mentions ORDER BY document_id'
    )
    doc_id, doc_text = -1, ""
    for document_id, text, label, start, end, stored_title in mentions:
        while doc_id < document_id:
            row = documents.fetchone()
            if row is None:
                return
            doc_id, doc_text = row
        if doc_id != document_id:
            continue
        context = MentionContext(
            doc_text[max(0, start - chars) : start], doc_text[end : end + chars], stored_title
        )
        yield (document_id, text, label), text, context


def rewrite_resolution(db: Database, entities: Iterable[ResolvedEntity]) -> int:
    """Replace ``entities`` and ``aliases`` and re-point every mention, in one transaction.

    An entity keeps the id that most of its mentions had before, when that id is free, so links
    and bookmarks survive a re-resolution that did not change the entity.
    """
    entities = list(entities)
    conn = db.conn
    with write_transaction(db):
        conn.execute("DROP TABLE IF EXISTS temp.assign")
        conn.execute(
            "CREATE TEMP TABLE assign (document_id INTEGER, text TEXT, label TEXT, cluster INTEGER, "
            "PRIMARY KEY (document_id, text, label)) WITHOUT ROWID"
        )
        # Scratch tables take plain executemany: 4x faster than insert_all, and never persisted.
        conn.executemany(
            "INSERT INTO temp.assign VALUES (?, ?, ?, ?)",
            ((d, t, lab, i) for i, ent in enumerate(entities) for d, t, lab in ent.members),
        )
        previous = conn.execute(
            "SELECT a.cluster, m.entity_id, count(*) AS n FROM mentions m "
            "JOIN temp.assign a ON a.document_id = m.document_id AND a.text = m.text "
            "AND a.label = m.label GROUP BY a.cluster, m.entity_id ORDER BY n DESC, m.entity_id"
        ).fetchall()
        ids = _stable_ids(len(entities), previous)
        conn.execute("DROP TABLE IF EXISTS temp.cluster_ids")
        conn.execute(
            "CREATE TEMP TABLE cluster_ids (cluster INTEGER PRIMARY KEY, entity_id INTEGER)"
        )
        conn.executemany("INSERT INTO temp.cluster_ids VALUES (?, ?)", enumerate(ids))
        conn.execute("PRAGMA defer_foreign_keys = ON")
        with _fts_triggers_suspended(db, ("entities", "aliases")):
            conn.execute("DELETE FROM aliases")
            conn.execute("DELETE FROM entities")
            db.table("entities").insert_all(
                (
                    {
                        "id": ids[i],
                        "name": ent.name,
                        "type": ent.type,
                        "mention_count": 0,
                        "document_count": 0,
                    }
                    for i, ent in enumerate(entities)
                ),
                batch_size=1000,
            )
            conn.execute(
                "UPDATE mentions SET entity_id = c.entity_id FROM temp.assign a "
                "JOIN temp.cluster_ids c ON c.cluster = a.cluster WHERE a.document_id = "
                "mentions.document_id AND a.text = mentions.text AND a.label = mentions.label "
                "AND mentions.entity_id IS NOT c.entity_id"
            )
            _write_aliases(db, entities, ids)
            refresh_counts(db)
        refresh_cooccurrence(db, None)
        sync_fuzzy_index(db)
        conn.execute("DROP TABLE temp.assign")
        conn.execute("DROP TABLE temp.cluster_ids")
    return len(entities)


@contextlib.contextmanager
def _fts_triggers_suspended(db: Database, tables: Sequence[str]) -> Iterator[None]:
    """Drop the FTS sync triggers of ``tables`` for a bulk rewrite, then rebuild each index once.

    Row-by-row trigger upkeep costs more than the rewrite itself; one ``rebuild`` is far cheaper.
    Must run inside a transaction, so a failure restores the triggers with everything else.
    """
    placeholders = ",".join("?" for _ in tables)
    triggers = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
        list(tables),
    ).fetchall()
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER [{name}]")
    yield
    for _name, sql in triggers:
        db.execute(sql)
    for table in tables:
        if db[f"{table}_fts"].exists():
            db.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('rebuild')")


def _stable_ids(n: int, previous: list[tuple[int, int, int]]) -> list[int]:
    ids: list[int | None] = [None] * n
    taken: set[int] = set()
    for cluster, old_id, _count in previous:
        if old_id is None or ids[cluster] is not None or old_id in taken:
            continue
        ids[cluster] = old_id
        taken.add(old_id)
    next_id = max(taken, default=0) + 1
    result = []
    for value in ids:
        if value is None:
            value = next_id
            next_id += 1
        result.append(value)
    return result


def _write_aliases(db: Database, entities: list[ResolvedEntity], ids: list[int]) -> None:
    rows = {}
    for i, ent in enumerate(entities):
        for alias, normalized in ent.aliases:
            rows[(ids[i], alias)] = {
                "entity_id": ids[i],
                "alias": alias,
                "normalized": normalized,
                "count": 0,
            }
    db.table("aliases").insert_all(rows.values(), batch_size=1000)


def refresh_counts(db: Database) -> None:
    """Recompute ``mention_count``, ``document_count`` and alias counts from the mentions.

    Entities and aliases left without mentions are removed.
    """
    db.execute("DROP TABLE IF EXISTS temp.alias_counts")
    db.execute(
        "CREATE TEMP TABLE alias_counts (entity_id INTEGER, text TEXT, n INTEGER, "
        "PRIMARY KEY (entity_id, text)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO temp.alias_counts SELECT entity_id, text, count(*) FROM mentions "
        "GROUP BY entity_id, text"
    )
    db.execute(
        "UPDATE aliases SET count = coalesce((SELECT n FROM temp.alias_counts c WHERE "
        "c.entity_id = aliases.entity_id AND c.text = aliases.alias), 0)"
    )
    db.execute("DROP TABLE temp.alias_counts")
    db.execute(
        "UPDATE entities SET mention_count = coalesce((SELECT count(*) FROM mentions m "
        "WHERE m.entity_id = entities.id), 0), document_count = coalesce((SELECT "
        "count(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = entities.id), 0)"
    )
    db.execute("DELETE FROM aliases WHERE count = 0")
    db.execute("DELETE FROM entities WHERE mention_count = 0")


def count_entities(db: Database | sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM entities").fetchone()[0]
