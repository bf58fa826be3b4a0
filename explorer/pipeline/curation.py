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
from typing import TYPE_CHECKING

from explorer.errors import UserError
from explorer.labels import ENTITY_TYPES
from explorer.normalize import matching_key
from explorer.resolution.clusters import Clustering
from explorer.resolution.decisions import MERGE, RENAME, SET_TYPE, SPLIT, locator, touched_clusters
from explorer.resolution.gazetteer import Actor, to_toml
from explorer.resolution.resolve import display_name, majority_type
from explorer.store import curation as store
from explorer.store.connect import open_for_reading, open_for_writing, write_transaction

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


class CurationError(UserError):
    """A curation request that cannot be done: unknown id, alias not on the entity, …"""


# --------------------------------------------------------------------------- commands


def merge(db_path: str | os.PathLike[str], source_entity_id: int, target_entity_id: int) -> int:
    """Merge the source entity into the target. Returns the surviving (target) id."""
    if source_entity_id == target_entity_id:
        raise CurationError(f"cannot merge entity {source_entity_id} into itself")
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            source = _surfaces(db, source_entity_id)
            target = _surfaces(db, target_entity_id)
            store.record_curation(db, MERGE, {"source": locator(source), "target": locator(target)})
            store.merge_entities(db, source_entity_id, target_entity_id)
    finally:
        db.close()
    return target_entity_id


def split(db_path: str | os.PathLike[str], entity_id: int, alias: str) -> int:
    """Split an alias (and every spelling with the same key) off an entity into a new entity.

    Returns the new entity's id.
    """
    key = matching_key(alias)
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            surfaces = _surfaces(db, entity_id)
            moving = [(t, lab, n) for t, lab, n in surfaces if matching_key(t) == key]
            if not moving:
                raise CurationError(f"entity {entity_id} has no alias {alias!r}")
            if len(moving) == len(surfaces):
                raise CurationError(
                    f"{alias!r} is all there is of entity {entity_id}; nothing to split it from"
                )
            store.record_curation(
                db, SPLIT, {"alias": alias, "key": key, "entity": locator(surfaces)}
            )
            name, entity_type = _name_and_type(moving)
            new_id = store.split_entity(
                db, entity_id, sorted({t for t, _, _ in moving}), name, entity_type
            )
    finally:
        db.close()
    return new_id


def rename(db_path: str | os.PathLike[str], entity_id: int, name: str) -> None:
    """Give an entity a new display name."""
    name = " ".join(name.split())
    if not name:
        raise CurationError("the new name is empty")
    _update(db_path, entity_id, RENAME, {"name": name}, name=name)


def set_type(db_path: str | os.PathLike[str], entity_id: int, entity_type: str) -> None:
    """Set an entity's type (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT)."""
    entity_type = checked_type(entity_type)
    _update(db_path, entity_id, SET_TYPE, {"type": entity_type}, entity_type=entity_type)


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
) -> None:
    db = open_for_writing(db_path)
    try:
        with write_transaction(db):
            surfaces = _surfaces(db, entity_id)
            store.record_curation(db, action, {"entity": locator(surfaces), **extra})
            store.update_entity(db, entity_id, **change)
    finally:
        db.close()


def _surfaces(db: Database, entity_id: int) -> list[tuple[str, str, int]]:
    surfaces = store.entity_surface_counts(db, entity_id)
    if not surfaces:
        raise CurationError(f"no entity with id {entity_id}")
    return surfaces


def _name_and_type(surfaces: Sequence[tuple[str, str, int]]) -> tuple[str, str]:
    """The name and type resolution would give an entity of these ``(text, label, n)``."""
    texts: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for text, label, n in surfaces:
        texts[text] += n
        labels[label] += n
    return display_name(texts), majority_type(labels)


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
