"""Curation that lasts: merge, split, rename and re-type entities; export them as actors.

Each command applies its decision to the database at once (a few UPDATEs: instant even on a
large corpus) and records it in the ``curation`` table. Decisions name entities by their
aliases' matching keys, never by ids (:mod:`explorer.resolution.decisions`), so resolution re-applies them
after every re-resolution and re-ingest, when ids and clusters may have changed.
:func:`export_actors` turns the curated entities into an actors file for ``--actors``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.errors import UserError
from explorer.labels import ENTITY_TYPES
from explorer.normalize import matching_key
from explorer.resolution.clusters import Clustering
from explorer.resolution.decisions import (
    MERGE,
    RENAME,
    SET_TYPE,
    SPLIT,
    SPLIT_DOCUMENTS,
    document_locator,
    locator,
    touched_clusters,
)
from explorer.resolution.gazetteer import Actor, to_toml
from explorer.resolution.resolve import display_name, majority_type
from explorer.store import curation as store
from explorer.store import documents
from explorer.store import review as review_store
from explorer.store.connect import open_for_reading, open_for_writing, write_transaction
from explorer.store.statements import refresh_statement_entities

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


class CurationError(UserError):
    """A curation request that cannot be done: unknown id, alias not on the entity, …"""


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Outcome:
    """What a curation command (or an undo) did."""

    summary: str  # one line for people
    entity_id: int | None  # the actor to show next (a merge's survivor, a split's original, …)
    decision_ids: tuple[int, ...] = ()
    exact: bool = True  # False: an undo that the next resolution completes (see undo)


def merge(db_path: str | os.PathLike[str], source_entity_id: int, target_entity_id: int) -> int:
    """Merge the source entity into the target. Returns the surviving (target) id."""
    merge_many(db_path, [source_entity_id], target_entity_id)
    return target_entity_id


def merge_many(
    db_path: str | os.PathLike[str], source_entity_ids: Sequence[int], target_entity_id: int
) -> Outcome:
    """Merge several entities into one, in one transaction and one undo step."""
    sources = list(dict.fromkeys(source_entity_ids))
    if not sources:
        raise CurationError("nothing to merge")
    if target_entity_id in sources:
        raise CurationError(f"cannot merge entity {target_entity_id} into itself")
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            decisions = [_merge_one(db, source, target_entity_id) for source in sources]
            if len(decisions) > 1:
                store.set_batch(db, [decision for decision, _ in decisions])
            refresh_statement_entities(db, [*sources, target_entity_id])
    finally:
        db.close()
    summaries = [summary for _, summary in decisions]
    summary = summaries[0] if len(summaries) == 1 else "; ".join(summaries)
    return Outcome(summary, target_entity_id, tuple(d for d, _ in decisions))


def _merge_one(db: Database, source_id: int, target_id: int) -> tuple[int, str]:
    _surfaces(db, target_id)  # the target must exist (_summary_of checks the source)
    name, entity_type, _mentions, _documents = _summary_of(db, source_id)
    summary = f"merged {describe(db, source_id)} into {describe(db, target_id)}"
    undo = {
        "source_id": source_id,
        "name": name,
        "type": entity_type,
        "mentions": store.mention_ids(db, source_id),
    }
    decision = store.record_curation(
        db, MERGE, {"source": _locator(db, source_id), "target": _locator(db, target_id)},
        summary=summary,
        undo=undo,
    )  # fmt: skip
    store.merge_entities(db, source_id, target_id)
    return decision, summary


def split(db_path: str | os.PathLike[str], entity_id: int, alias: str) -> int:
    """Split an alias (and every spelling with the same key) off an entity into a new entity.

    Returns the new entity's id.
    """
    return split_alias(db_path, entity_id, alias).new_id


@dataclass(frozen=True)
class SplitOutcome(Outcome):
    new_id: int = 0  # the entity split off


def split_alias(db_path: str | os.PathLike[str], entity_id: int, alias: str) -> SplitOutcome:
    """:func:`split`, saying what it did."""
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            decision, summary, new_id = _split_one(db, entity_id, alias)
            refresh_statement_entities(db, [entity_id, new_id])
    finally:
        db.close()
    return SplitOutcome(
        f"{summary} into a new actor #{new_id}", entity_id, (decision,), new_id=new_id
    )


def _split_one(db: Database, entity_id: int, alias: str) -> tuple[int, str, int]:
    """Split inside the caller's transaction: ``(decision id, summary, new entity id)``."""
    key = matching_key(alias)
    surfaces = _surfaces(db, entity_id)
    moving = [(t, lab, n) for t, lab, n in surfaces if matching_key(t) == key]
    if not moving:
        raise CurationError(f"entity {entity_id} has no alias {alias!r}")
    if len(moving) == len(surfaces):
        raise CurationError(
            f"{alias!r} is all there is of entity {entity_id}; nothing to split it from"
        )
    texts = sorted({t for t, _, _ in moving})
    moved = store.mention_ids(db, entity_id, texts)
    count = len(moved)
    summary = (
        f"split “{alias}” ({count} mention{'s' if count != 1 else ''}) off "
        f"{describe(db, entity_id)}"
    )
    undo = {
        "entity_id": entity_id,
        "anchor": _anchor(db, entity_id, moved),
        "mentions": moved,
    }
    decision = store.record_curation(
        db, SPLIT, {"alias": alias, "key": key, "entity": _locator(db, entity_id)},
        summary=summary, undo=undo,
    )  # fmt: skip
    name, entity_type = _name_and_type(moving)
    new_id = store.split_entity(db, entity_id, texts, name, entity_type)
    return decision, summary, new_id


def split_documents(
    db_path: str | os.PathLike[str],
    entity_id: int,
    document_ids: Sequence[int],
    name: str | None = None,
) -> SplitOutcome:
    """Split an entity by documents: its mentions in ``document_ids`` become a new entity,
    named ``name`` (else as resolution names it: its most frequent full name). For one name
    that stands for two actors in two sets of stories ("Grand Slam" in tennis and in rugby
    stories); the decision names the documents by content hash and path, so it holds after
    re-resolution and re-ingest."""
    wanted = sorted(set(document_ids))
    name = " ".join(name.split()) if name is not None else None
    if name is not None and not name:
        raise CurationError("the new name is empty")
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            decision, summary, new_id = _split_documents(db, entity_id, wanted, name)
            refresh_statement_entities(db, [entity_id, new_id])
    finally:
        db.close()
    return SplitOutcome(
        f"{summary} into a new actor #{new_id}", entity_id, (decision,), new_id=new_id
    )


def split_review_group(
    db_path: str | os.PathLike[str],
    item_id: str,
    groups: Sequence[int] = (2,),
    name: str | None = None,
) -> SplitOutcome:
    """:func:`split_documents` of a story-groups review item's ``groups`` (numbered from 1,
    biggest first, as ``libya-explore review`` shows them), together: one actor's stories may
    form several groups."""
    conn = open_for_reading(db_path)
    try:
        item = review_store.find_item(conn, item_id.strip())
    finally:
        conn.close()
    if item is None:
        raise CurationError(f"no review item {item_id!r} (`libya-explore review` lists them)")
    if not item.groups:
        raise CurationError(f"review item {item.id} is a {item.kind} item, not a story-groups one")
    wrong = [n for n in groups if not 1 <= n <= len(item.groups)]
    if wrong or not groups:
        raise CurationError(f"review item {item.id} has groups 1 to {len(item.groups)}")
    documents = [d for n in sorted(set(groups)) for d in item.groups[n - 1].documents]
    return split_documents(db_path, item.entities[0], documents, name)


def _split_documents(
    db: Database, entity_id: int, document_ids: Sequence[int], name: str | None
) -> tuple[int, str, int]:
    """:func:`split_documents` inside the caller's transaction: ``(decision, summary, new id)``."""
    held = store.entity_documents(db, entity_id)
    if not held:
        raise CurationError(f"no entity with id {entity_id}")
    missing = [d for d in document_ids if d not in held]
    if not document_ids or missing:
        raise CurationError(
            f"entity {entity_id} is not mentioned in document {missing[0]}"
            if missing
            else "no documents to split off"
        )
    if set(document_ids) >= held:
        raise CurationError(
            f"entity {entity_id} is mentioned in those documents only; nothing to split them from"
        )
    moved = store.mention_ids_in_documents(db, entity_id, document_ids)
    moving = store.entity_surface_counts(db, entity_id, document_ids)
    surfaces: Counter[str] = Counter()
    for text, _label, n in moving:
        surfaces[text] += n
    new_name, entity_type = _name_and_type(moving)
    new_name = name or new_name
    count, stories = len(moved), len(document_ids)
    summary = (
        f"split {count} mention{'s' if count != 1 else ''} in {stories} "
        f"stor{'ies' if stories != 1 else 'y'} off {describe(db, entity_id)} as “{new_name}”"
    )
    undo = {"entity_id": entity_id, "anchor": _anchor(db, entity_id, moved), "mentions": moved}
    payload = {
        "entity": _locator(db, entity_id),
        "key": matching_key(max(sorted(surfaces), key=lambda t: surfaces[t])),
        "documents": [
            document_locator(sha256, path)
            for sha256, path in store.document_hashes_and_paths(db, document_ids)
        ],
    }
    if name:
        payload["name"] = name
    decision = store.record_curation(db, SPLIT_DOCUMENTS, payload, summary=summary, undo=undo)
    new_id = store.create_entity(db, new_name, entity_type, None)
    store.move_mentions(db, moved, new_id)
    store.recount_entities(db, [entity_id, new_id])
    return decision, summary, new_id


def move_alias(
    db_path: str | os.PathLike[str], entity_id: int, alias: str, target_entity_id: int
) -> Outcome:
    """Give an alias (and its same-key spellings) of one entity to another: a split and a merge,
    in one transaction and one undo step (a bare surname that names another person)."""
    if target_entity_id == entity_id:
        raise CurationError(f"“{alias}” is already on entity {entity_id}")
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            before = describe(db, entity_id)
            split_decision, _summary, new_id = _split_one(db, entity_id, alias)
            count = _summary_of(db, new_id)[2]
            merge_decision, _summary = _merge_one(db, new_id, target_entity_id)
            refresh_statement_entities(db, [entity_id, new_id, target_entity_id])
            store.set_batch(db, [split_decision, merge_decision])
            summary = (
                f"moved “{alias}” ({count} mention{'s' if count != 1 else ''}) from {before} "
                f"to {describe(db, target_entity_id)}"
            )
    finally:
        db.close()
    return Outcome(summary, target_entity_id, (split_decision, merge_decision))


def rename(db_path: str | os.PathLike[str], entity_id: int, name: str) -> Outcome:
    """Give an entity a new display name."""
    name = " ".join(name.split())
    if not name:
        raise CurationError("the new name is empty")
    return _update(db_path, entity_id, RENAME, {"name": name}, name=name)


def set_type(db_path: str | os.PathLike[str], entity_id: int, entity_type: str) -> Outcome:
    """Set an entity's type (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT)."""
    entity_type = checked_type(entity_type)
    return _update(db_path, entity_id, SET_TYPE, {"type": entity_type}, entity_type=entity_type)


def checked_type(entity_type: str) -> str:
    """``entity_type`` upper-cased, or a :class:`CurationError` naming the valid types."""
    wanted = entity_type.strip().upper()
    if wanted not in ENTITY_TYPES:
        raise CurationError(
            f"unknown type {wanted!r}; use one of {', '.join(sorted(ENTITY_TYPES))}"
        )
    return wanted


def _update(
    db_path: str | os.PathLike[str], entity_id: int, action: str, extra: dict, **change: str
) -> Outcome:
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            name, entity_type, _mentions, _documents = _summary_of(db, entity_id)
            undo: dict[str, object]
            if action == RENAME:
                summary = f"renamed {describe(db, entity_id)} to “{change['name']}”"
                undo = {"name": name}
            else:
                summary = f"set the type of {describe(db, entity_id)} to {change['entity_type']}"
                undo = {"type": entity_type}
            undo |= {"entity_id": entity_id, "anchor": _anchor(db, entity_id)}
            decision = store.record_curation(
                db,
                action,
                {"entity": _locator(db, entity_id), **extra},
                summary=summary,
                undo=undo,
            )
            store.update_entity(db, entity_id, **change)
    finally:
        db.close()
    return Outcome(summary, entity_id, (decision,))


def describe(db: Database, entity_id: int) -> str:
    """``“Angela Merkel” (PERSON, 40 mentions)``: an actor as history and toasts name it."""
    name, entity_type, mentions, _documents = _summary_of(db, entity_id)
    return f"“{name}” ({entity_type}, {mentions:,} mention{'s' if mentions != 1 else ''})"


def _summary_of(db: Database, entity_id: int) -> tuple[str, str, int, int]:
    found = store.entity_summary(db, entity_id)
    if found is None:
        raise CurationError(f"no entity with id {entity_id}")
    return found


def _anchor(db: Database, entity_id: int, leaving: Sequence[int] = ()) -> int | None:
    """A mention that stays with the entity: how undo finds it again if its id changed."""
    gone = set(leaving)
    return next((i for i in store.mention_ids(db, entity_id) if i not in gone), None)


def _surfaces(db: Database, entity_id: int) -> list[tuple[str, str, int]]:
    surfaces = store.entity_surface_counts(db, entity_id)
    if not surfaces:
        raise CurationError(f"no entity with id {entity_id}")
    return surfaces


def _locator(db: Database, entity_id: int) -> dict:
    """How the decision about this entity will find it again after re-resolution."""
    return locator(store.entity_group_counts(db, entity_id))


def _name_and_type(surfaces: Sequence[tuple[str, str, int]]) -> tuple[str, str]:
    """The name and type resolution would give an entity of these ``(text, label, n)``."""
    texts: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for text, label, n in surfaces:
        texts[text] += n
        labels[label] += n
    return display_name(texts), majority_type(labels)


# --------------------------------------------------------------------------- review queue


def accept(db_path: str | os.PathLike[str], item_id: str) -> Outcome:
    """Mark a review item (``libya-explore review``) as reviewed and kept: it leaves the queue,
    for good (its id is stable across re-resolution), until the decision is undone."""
    item_id = item_id.strip()
    db = open_for_writing(db_path)
    try:
        # Found before the write lock is taken: the queue takes a few tenths of a second.
        item = review_store.find_item(db, item_id)
        if item is None:
            if item_id in review_store.accepted_items(db):
                raise CurationError(f"review item {item_id} is already accepted")
            raise CurationError(f"no review item {item_id!r} (`libya-explore review` lists them)")
        summary = f"accepted {item.kind} review item {item.id}: {item.reason}"
        with write_transaction(db):
            if item_id in review_store.accepted_items(db):  # by another writer meanwhile
                raise CurationError(f"review item {item_id} is already accepted")
            decision = store.record_curation(
                db,
                review_store.ACCEPT,
                {"item": item.id, "kind": item.kind},
                summary=summary,
                undo={"entity_id": item.entities[0]},
            )
    finally:
        db.close()
    return Outcome(summary, item.entities[0], (decision,))


# --------------------------------------------------------------------------- undo


def undo(db_path: str | os.PathLike[str], steps: int = 1) -> list[Outcome]:
    """Revert the last ``steps`` decisions in force, newest first (a merge of several actors at
    once is one step). Returns what was undone, newest first; empty when nothing is left.

    An undone decision stays in the history (``undone_at``) and is no longer re-applied by
    resolution. Its effect is reverted in place from what the decision recorded (the mentions a
    merge moved, the old name or type), so the actor comes back with its id. When the database
    changed since in ways the record cannot follow (documents re-ingested, a decision stored
    before undo existed), what can be reverted is, the database is flagged for re-resolution,
    and the outcome says so (``exact`` is false): the next ``ingest`` or ``resolve`` completes it.
    """
    outcomes: list[Outcome] = []
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            for _ in range(max(0, steps)):
                entries = store.last_step(db)
                if not entries:
                    break
                shown = [_revert(db, entry) for entry in entries]
                store.mark_undone(db, [entry.id for entry in entries])
                outcomes.append(
                    Outcome(
                        _undo_summary(entries),
                        shown[-1][1],  # the oldest decision of the step: the actor it began with
                        tuple(entry.id for entry in entries),
                        exact=all(ok for ok, _ in shown),
                    )
                )
            refresh_statement_entities(db)
        if not all(outcome.exact for outcome in outcomes):
            documents.mark_resolution_pending(db)
    finally:
        db.close()
    return outcomes


def _undo_summary(entries: Sequence[store.HistoryEntry]) -> str:
    if len(entries) == 1:
        return f"undid: {effect(entries[0])}"
    return f"undid {len(entries)} decisions taken together: " + "; ".join(
        effect(entry) for entry in reversed(entries)
    )


def _revert(db: Database, entry: store.HistoryEntry) -> tuple[bool, int | None]:
    """Revert one decision in place: ``(exactly?, the actor to show)``."""
    record = entry.undo
    if record is None:
        return False, None
    if entry.action == MERGE:
        moved = [int(i) for i in record.get("mentions", [])]
        holders = store.mention_holders(db, moved)
        if not holders:
            return False, None
        restored = store.create_entity(
            db, str(record.get("name")), str(record.get("type")), record.get("source_id")
        )
        previous = store.move_mentions(db, moved, restored)
        store.recount_entities(db, [restored, *previous])
        return sum(holders.values()) == len(moved) and len(holders) == 1, restored
    if entry.action in (SPLIT, SPLIT_DOCUMENTS):
        moved = [int(i) for i in record.get("mentions", [])]
        home = _found_again(db, record)
        if home is None or not store.mention_holders(db, moved):
            return False, home
        exact = sum(store.mention_holders(db, moved).values()) == len(moved)
        previous = store.move_mentions(db, moved, home)
        store.recount_entities(db, [home, *previous])
        return exact, home
    if entry.action == review_store.ACCEPT:  # nothing changed in the entities: it was a mark
        entity_id = record.get("entity_id")
        exists = isinstance(entity_id, int) and store.entity_summary(db, entity_id) is not None
        return True, entity_id if exists else None
    if entry.action in (RENAME, SET_TYPE):
        entity_id = _found_again(db, record)
        if entity_id is None:
            return False, None
        if entry.action == RENAME:
            store.update_entity(db, entity_id, name=str(record.get("name")))
        else:
            store.update_entity(db, entity_id, entity_type=str(record.get("type")))
        return True, entity_id
    return False, None


def _found_again(db: Database, record: dict) -> int | None:
    """The entity a decision acted on: the one holding its anchor mention now, else its old id."""
    anchor = record.get("anchor")
    if isinstance(anchor, int):
        holders = store.mention_holders(db, [anchor])
        if holders:
            return next(iter(holders))
    entity_id = record.get("entity_id")
    if isinstance(entity_id, int) and store.entity_summary(db, entity_id) is not None:
        return entity_id
    return None


def history(db_path: str | os.PathLike[str]) -> list[store.HistoryEntry]:
    """Every decision, oldest first, undone ones included."""
    conn = open_for_reading(db_path)
    try:
        return store.curation_history(conn)
    finally:
        conn.close()


def effect(entry: store.HistoryEntry) -> str:
    """What a decision did, in one line (decisions stored before summaries existed: from the
    keys they name)."""
    if entry.summary:
        return entry.summary
    payload = entry.payload

    def named(part: str) -> str:
        keys = (payload.get(part) or {}).get("keys") or {}
        best = max(keys, key=lambda k: keys[k], default="?") if isinstance(keys, dict) else "?"
        return f"the actor of “{best}”"

    if entry.action == MERGE:
        return f"merged {named('source')} into {named('target')}"
    if entry.action == SPLIT:
        return f"split “{payload.get('alias')}” off {named('entity')}"
    if entry.action == SPLIT_DOCUMENTS:
        stories = len(payload.get("documents") or [])
        return f"split {named('entity')} by documents ({stories} stories)"
    if entry.action == RENAME:
        return f"renamed {named('entity')} to “{payload.get('name')}”"
    if entry.action == SET_TYPE:
        return f"set the type of {named('entity')} to {payload.get('type')}"
    if entry.action == review_store.ACCEPT:
        return f"accepted review item {payload.get('item')}"
    return entry.action


# --------------------------------------------------------------------------- export


def export_actors(db_path: str | os.PathLike[str]) -> str:
    """The curated entities as an actors file (TOML), loadable with ``--actors``.

    Every entity a decision touches becomes an ``[[actor]]`` with its current name, type and
    aliases, so a fresh database built with this file resolves them the same way.
    """
    conn = open_for_reading(db_path)
    try:
        decisions = store.load_curation(conn)
        entities = store.entities_with_groups(conn)
    finally:
        conn.close()
    clustering = Clustering(
        [groups for _id, _name, _type, groups in entities],
        [None] * len(entities),
        [None] * len(entities),
    )
    owners: dict[str, set[int]] = {}
    for i, members in enumerate(clustering.clusters):
        for g in members:
            owners.setdefault(matching_key(g.text), set()).add(i)
    actors = []
    touched = touched_clusters(clustering, decisions)
    for index in sorted(touched, key=lambda i: entities[i][1].casefold()):
        _id, name, entity_type, groups = entities[index]
        # A spelling other entities share too ("Brown") would pin them all here: left out.
        aliases = sorted(
            {g.text.strip() for g in groups if owners[matching_key(g.text)] == {index}} - {name}
        )
        actors.append(Actor(name, entity_type, tuple(aliases)))
    return to_toml(actors, "Actors exported from libya-explore curation decisions.")
