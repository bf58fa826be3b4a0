"""The ``curation`` table (the user's decisions) and the entity edits each decision makes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.decisions import CurationDecision
from explorer.store.connect import inserted_id
from explorer.store.fuzzy_index import index_names, refresh_fuzzy_popularity
from explorer.store.schema import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def record_curation(db: Database, action: str, payload: dict) -> int:
    """Store a decision (inside the caller's transaction, if any). Returns its id."""

    cursor = db.execute(
        "INSERT INTO curation (action, payload, created_at) VALUES (?, ?, ?)",
        [action, json.dumps(payload, ensure_ascii=False, sort_keys=True), now_iso()],
    )
    return inserted_id(cursor)


def load_curation(db: Database | sqlite3.Connection) -> list[CurationDecision]:
    """Every decision, oldest first (the order they are re-applied in)."""

    rows = db.execute("SELECT id, action, payload, created_at FROM curation ORDER BY id").fetchall()
    decisions = []
    for row in rows:
        try:
            payload = json.loads(row[2])
        except ValueError:
            continue  # a hand-edited row that is not JSON: ignored rather than fatal
        if isinstance(payload, dict):
            decisions.append(CurationDecision(row[0], row[1], payload, row[3]))
    return decisions


def entity_surface_counts(db: Database, entity_id: int) -> list[tuple[str, str, int]]:
    """``(text, label, mentions)`` of one entity's mentions."""
    return db.execute(
        "SELECT text, label, count(*) FROM mentions WHERE entity_id = ? GROUP BY text, label "
        "ORDER BY text, label",
        [entity_id],
    ).fetchall()


def merge_entities(db: Database, source_id: int, target_id: int) -> None:
    """Move every mention and alias of ``source_id`` to ``target_id`` and drop the source."""
    db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", [target_id, source_id])
    db.execute(
        "INSERT INTO aliases (entity_id, alias, normalized, count) SELECT ?, alias, normalized, "
        "count FROM aliases WHERE entity_id = ? AND true ON CONFLICT(entity_id, alias) DO UPDATE "
        "SET count = count + excluded.count",
        [target_id, source_id],
    )
    db.execute("DELETE FROM aliases WHERE entity_id = ?", [source_id])
    db.execute("DELETE FROM entities WHERE id = ?", [source_id])
    recount_entities(db, [target_id])


def split_entity(
    db: Database, entity_id: int, surfaces: Sequence[str], name: str, entity_type: str
) -> int:
    """Move the mentions of ``surfaces`` off ``entity_id`` into a new entity. Returns its id."""
    cursor = db.execute(
        "INSERT INTO entities (name, type, mention_count, document_count) VALUES (?, ?, 0, 0)",
        [name, entity_type],
    )
    new_id = inserted_id(cursor)
    marks = ",".join("?" * len(surfaces))
    db.execute(
        f"UPDATE mentions SET entity_id = ? WHERE entity_id = ? AND text IN ({marks})",
        [new_id, entity_id, *surfaces],
    )
    db.execute(
        f"UPDATE aliases SET entity_id = ? WHERE entity_id = ? AND alias IN ({marks})",
        [new_id, entity_id, *surfaces],
    )
    recount_entities(db, [entity_id, new_id])
    left = db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
    index_names(db, [name, *left])  # the entity split from may bear its name alone now
    return new_id


def update_entity(
    db: Database, entity_id: int, *, name: str | None = None, entity_type: str | None = None
) -> None:
    if name is not None:
        db.execute("UPDATE entities SET name = ? WHERE id = ?", [name, entity_id])
        index_names(db, [name])
    if entity_type is not None:
        db.execute("UPDATE entities SET type = ? WHERE id = ?", [entity_type, entity_id])


def recount_entities(db: Database, entity_ids: Iterable[int]) -> None:
    """:func:`explorer.store.resolution.refresh_counts` for a few entities only (curation edits
    stay instant)."""
    strings: set[str] = set()  # their popularity in the search index follows the counts
    for entity_id in entity_ids:
        strings.update(
            r[0]
            for r in db.execute("SELECT normalized FROM aliases WHERE entity_id = ?", [entity_id])
        )
        db.execute(
            "UPDATE aliases SET count = (SELECT count(*) FROM mentions m WHERE m.entity_id = ? "
            "AND m.text = aliases.alias) WHERE entity_id = ?",
            [entity_id, entity_id],
        )
        db.execute("DELETE FROM aliases WHERE entity_id = ? AND count = 0", [entity_id])
        db.execute(
            "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions WHERE "
            "entity_id = ?), document_count = (SELECT count(DISTINCT document_id) FROM mentions "
            "WHERE entity_id = ?) WHERE id = ?",
            [entity_id, entity_id, entity_id],
        )
        db.execute("DELETE FROM entities WHERE id = ? AND mention_count = 0", [entity_id])
    refresh_fuzzy_popularity(db, strings)


def entities_with_groups(
    conn: Database | sqlite3.Connection,
) -> list[tuple[int, str, str, list[SurfaceGroup]]]:
    """Every entity, by id: ``(id, name, type, surface groups of its mentions)``."""
    rows = conn.execute(
        "SELECT e.id, e.name, e.type, m.document_id, m.text, m.label, count(*) FROM entities "
        "e JOIN mentions m ON m.entity_id = e.id GROUP BY e.id, m.document_id, m.text, "
        "m.label ORDER BY e.id"
    ).fetchall()
    entities: dict[int, tuple[int, str, str, list[SurfaceGroup]]] = {}
    for entity_id, name, entity_type, document_id, text, label, n in rows:
        if entity_id not in entities:
            entities[entity_id] = (entity_id, name, entity_type, [])
        entities[entity_id][3].append(SurfaceGroup(document_id, text, label, n))
    return list(entities.values())
