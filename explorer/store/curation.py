"""The ``curation`` table (the user's decisions) and the entity edits each decision makes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.decisions import CurationDecision, document_keys
from explorer.store.connect import inserted_id
from explorer.store.cooccurrence import refresh_cooccurrence
from explorer.store.fuzzy_index import index_names, refresh_fuzzy_popularity
from explorer.store.schema import now_iso

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def record_curation(
    db: Database,
    action: str,
    payload: dict,
    *,
    summary: str | None = None,
    undo: dict | None = None,
    batch: int | None = None,
) -> int:
    """Store a decision (inside the caller's transaction, if any). Returns its id.

    ``summary``: what it did, one line for people (``libya-explore history``); ``undo``: how to
    revert it in place (:mod:`explorer.pipeline.curation`); ``batch``: the id of the first
    decision taken together with this one.
    """

    cursor = db.execute(
        "INSERT INTO curation (action, payload, created_at, summary, undo, batch) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            action,
            json.dumps(payload, ensure_ascii=False, sort_keys=True),
            now_iso(),
            summary,
            None if undo is None else json.dumps(undo, ensure_ascii=False, sort_keys=True),
            batch,
        ],
    )
    return inserted_id(cursor)


def load_curation(db: Database | sqlite3.Connection) -> list[CurationDecision]:
    """Every decision in force (not undone), oldest first: the order they are re-applied in."""

    rows = db.execute(
        "SELECT id, action, payload, created_at FROM curation WHERE undone_at IS NULL ORDER BY id"
    ).fetchall()
    decisions = []
    for row in rows:
        payload = _json_object(row[2])
        if payload is not None:  # a hand-edited row that is not JSON: ignored rather than fatal
            decisions.append(CurationDecision(row[0], row[1], payload, row[3]))
    return decisions


def _json_object(text: str | None) -> dict | None:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@dataclass(frozen=True)
class HistoryEntry:
    """One stored decision as ``libya-explore history`` and undo see it."""

    id: int
    action: str
    payload: dict
    created_at: str
    summary: str | None
    undo: dict | None
    undone_at: str | None
    batch: int | None

    @property
    def step(self) -> int:
        """The undo step it belongs to: decisions taken together share one."""
        return self.batch if self.batch is not None else self.id


def curation_history(db: Database | sqlite3.Connection) -> list[HistoryEntry]:
    """Every decision ever taken, undone ones included, oldest first."""
    rows = db.execute(
        "SELECT id, action, payload, created_at, summary, undo, undone_at, batch FROM curation "
        "ORDER BY id"
    ).fetchall()
    return [
        HistoryEntry(
            row[0],
            row[1],
            _json_object(row[2]) or {},
            row[3],
            row[4],
            _json_object(row[5]),
            row[6],
            row[7],
        )  # fmt: skip
        for row in rows
    ]


def last_step(db: Database) -> list[HistoryEntry]:
    """The decisions of the latest step still in force, newest first (what undo reverts)."""
    active = [entry for entry in curation_history(db) if entry.undone_at is None]
    if not active:
        return []
    step = active[-1].step
    return [entry for entry in reversed(active) if entry.step == step]


def mark_undone(db: Database, decision_ids: Iterable[int]) -> None:
    stamp = now_iso()
    db.conn.executemany(
        "UPDATE curation SET undone_at = ? WHERE id = ?", [(stamp, i) for i in decision_ids]
    )


def set_batch(db: Database, decision_ids: Sequence[int]) -> None:
    """Make the decisions one undo step (named after the first)."""
    db.conn.executemany(
        "UPDATE curation SET batch = ? WHERE id = ?", [(decision_ids[0], i) for i in decision_ids]
    )


def entity_surface_counts(
    db: Database, entity_id: int, document_ids: Sequence[int] | None = None
) -> list[tuple[str, str, int]]:
    """``(text, label, mentions)`` of one entity's mentions (in ``document_ids``, if given)."""
    if document_ids is None:
        return db.execute(
            "SELECT text, label, count(*) FROM mentions WHERE entity_id = ? GROUP BY text, label "
            "ORDER BY text, label",
            [entity_id],
        ).fetchall()
    return db.execute(
        "SELECT text, label, count(*) FROM mentions WHERE entity_id = ? AND document_id IN "
        "(SELECT value FROM json_each(?)) GROUP BY text, label ORDER BY text, label",
        [entity_id, json.dumps(list(document_ids))],
    ).fetchall()


def entity_group_counts(db: Database, entity_id: int) -> list[tuple[str, str, int]]:
    """``(text, honorific gender, mentions)`` of one entity's mentions: what a curation
    decision's locator records (:func:`explorer.resolution.decisions.locator`)."""
    return db.execute(
        "SELECT text, gender, count(*) FROM mentions WHERE entity_id = ? GROUP BY text, gender "
        "ORDER BY text, gender",
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
    refresh_cooccurrence(db, {source_id, target_id})


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
    refresh_cooccurrence(db, {entity_id, new_id})
    left = db.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
    index_names(db, [name, *left])  # the entity split from may bear its name alone now
    return new_id


def entity_documents(db: Database | sqlite3.Connection, entity_id: int) -> set[int]:
    """The ids of the documents an entity is mentioned in."""
    rows = db.execute("SELECT DISTINCT document_id FROM mentions WHERE entity_id = ?", [entity_id])
    return {row[0] for row in rows}


def mention_ids_in_documents(
    db: Database, entity_id: int, document_ids: Sequence[int]
) -> list[int]:
    """The ids of an entity's mentions in these documents."""
    rows = db.execute(
        "SELECT id FROM mentions WHERE entity_id = ? AND document_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY id",
        [entity_id, json.dumps(list(document_ids))],
    )
    return [row[0] for row in rows]


def document_hashes_and_paths(
    db: Database | sqlite3.Connection, document_ids: Sequence[int]
) -> list[tuple[str, str]]:
    """``(sha256, path)`` of these documents, by id: how a decision names them."""
    return db.execute(
        "SELECT sha256, path FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
        "ORDER BY id",
        [json.dumps(list(document_ids))],
    ).fetchall()


def document_ids_by_key(db: Database | sqlite3.Connection) -> dict[str, int]:
    """Every document's id under its :func:`explorer.resolution.decisions.document_keys`."""
    found: dict[str, int] = {}
    for document_id, sha256, path in db.execute("SELECT id, sha256, path FROM documents"):
        for key in document_keys(sha256, path):
            found[key] = document_id
    return found


def entity_summary(db: Database, entity_id: int) -> tuple[str, str, int, int] | None:
    """``(name, type, mentions, documents)`` of an entity, or None."""
    row = db.execute(
        "SELECT name, type, mention_count, document_count FROM entities WHERE id = ?", [entity_id]
    ).fetchone()
    return (row[0], row[1], row[2], row[3]) if row else None


def mention_ids(db: Database, entity_id: int, surfaces: Sequence[str] | None = None) -> list[int]:
    """The ids of an entity's mentions (only those written as one of ``surfaces``, if given)."""
    if surfaces is None:
        rows = db.execute("SELECT id FROM mentions WHERE entity_id = ? ORDER BY id", [entity_id])
    else:
        rows = db.execute(
            "SELECT id FROM mentions WHERE entity_id = ? AND text IN "
            "(SELECT value FROM json_each(?)) ORDER BY id",
            [entity_id, json.dumps(list(surfaces))],
        )
    return [row[0] for row in rows]


def mention_holders(db: Database, ids: Sequence[int]) -> dict[int, int]:
    """Which entities hold these mentions now: ``{entity_id: how many}`` (missing ids: none)."""
    rows = db.execute(
        "SELECT entity_id, count(*) FROM mentions WHERE id IN (SELECT value FROM json_each(?)) "
        "GROUP BY entity_id",
        [json.dumps(list(ids))],
    ).fetchall()
    return {row[0]: row[1] for row in rows}


def create_entity(db: Database, name: str, entity_type: str, wanted_id: int | None) -> int:
    """A new, empty entity, with ``wanted_id`` when that id is free (undo gives an actor back its
    old id, so links and notes that name it still work). Returns its id."""
    index_names(db, [name])  # searchable by its name at once, like a renamed one
    if (
        wanted_id is not None
        and not db.execute("SELECT 1 FROM entities WHERE id = ?", [wanted_id]).fetchone()
    ):
        db.execute(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, ?, 0, 0)",
            [wanted_id, name, entity_type],
        )
        return wanted_id
    cursor = db.execute(
        "INSERT INTO entities (name, type, mention_count, document_count) VALUES (?, ?, 0, 0)",
        [name, entity_type],
    )
    return inserted_id(cursor)


def move_mentions(db: Database, ids: Sequence[int], entity_id: int) -> list[int]:
    """Give these mentions to ``entity_id``, with the alias rows their spellings need.

    Returns the entities they came from, whose counts the caller refreshes
    (:func:`recount_entities`) together with ``entity_id``'s.
    """
    holders = [h for h in mention_holders(db, ids) if h != entity_id]
    wanted = json.dumps(list(ids))
    db.execute(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, normalized, count) "
        "SELECT ?, a.alias, a.normalized, 0 FROM aliases a WHERE a.entity_id IN "
        "(SELECT entity_id FROM mentions WHERE id IN (SELECT value FROM json_each(?))) "
        "AND a.alias IN (SELECT text FROM mentions WHERE id IN (SELECT value FROM json_each(?))) "
        "GROUP BY a.alias",
        [entity_id, wanted, wanted],
    )
    db.execute(
        "UPDATE mentions SET entity_id = ? WHERE id IN (SELECT value FROM json_each(?))",
        [entity_id, wanted],
    )
    refresh_cooccurrence(db, {entity_id, *holders})
    return holders


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
        "SELECT e.id, e.name, e.type, m.document_id, m.text, m.label, m.gender, count(*) "
        "FROM entities e JOIN mentions m ON m.entity_id = e.id "
        "GROUP BY e.id, m.document_id, m.text, m.label, m.gender ORDER BY e.id"
    ).fetchall()
    entities: dict[int, tuple[int, str, str, list[SurfaceGroup]]] = {}
    for entity_id, name, entity_type, document_id, text, label, gender, n in rows:
        if entity_id not in entities:
            entities[entity_id] = (entity_id, name, entity_type, [])
        entities[entity_id][3].append(SurfaceGroup(document_id, text, label, n, (), gender))
    return list(entities.values())
