"""Curation that lasts: merge, split, rename and re-type entities.

Each command applies its decision to the database at once (a few UPDATEs: instant even on a
large corpus) and records it in the ``curation`` table. Decisions name entities by their
aliases' matching keys, never by ids, so :func:`apply_decisions` can re-apply them after every
re-resolution and re-ingest, when ids and clusters may have changed. :func:`export_actors`
turns the curated entities into an actors file for ``--actors``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence

from explorer import storage
from explorer.errors import UserError
from explorer.gazetteer import ENTITY_TYPES
from explorer.normalize import matching_key

MERGE, SPLIT, RENAME, SET_TYPE = "merge", "split", "rename", "set_type"


class CurationError(UserError):
    """A curation request that cannot be done: unknown id, alias not on the entity, …"""


# --------------------------------------------------------------------------- commands


def merge(db_path: str | os.PathLike[str], source_entity_id: int, target_entity_id: int) -> int:
    """Merge the source entity into the target. Returns the surviving (target) id."""
    if source_entity_id == target_entity_id:
        raise CurationError(f"cannot merge entity {source_entity_id} into itself")
    db = storage.open_for_writing(db_path)
    try:
        with storage.write_transaction(db):
            source = _surfaces(db, source_entity_id)
            target = _surfaces(db, target_entity_id)
            storage.record_curation(
                db, MERGE, {"source": _locator(source), "target": _locator(target)}
            )
            storage.merge_entities(db, source_entity_id, target_entity_id)
    finally:
        db.close()
    return target_entity_id


def split(db_path: str | os.PathLike[str], entity_id: int, alias: str) -> int:
    """Split an alias (and every spelling with the same key) off an entity into a new entity.

    Returns the new entity's id.
    """
    key = matching_key(alias)
    db = storage.open_for_writing(db_path)
    try:
        with storage.write_transaction(db):
            surfaces = _surfaces(db, entity_id)
            moving = [(t, lab, n) for t, lab, n in surfaces if matching_key(t) == key]
            if not moving:
                raise CurationError(f"entity {entity_id} has no alias {alias!r}")
            if len(moving) == len(surfaces):
                raise CurationError(
                    f"{alias!r} is all there is of entity {entity_id}; nothing to split it from"
                )
            storage.record_curation(
                db, SPLIT, {"alias": alias, "key": key, "entity": _locator(surfaces)}
            )
            name, entity_type = _name_and_type(moving)
            new_id = storage.split_entity(
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
    entity_type = entity_type.strip().upper()
    if entity_type not in ENTITY_TYPES:
        raise CurationError(
            f"unknown type {entity_type!r}; use one of {', '.join(sorted(ENTITY_TYPES))}"
        )
    _update(db_path, entity_id, SET_TYPE, {"type": entity_type}, entity_type=entity_type)


def _update(db_path, entity_id: int, action: str, extra: dict, **change: str) -> None:  # type: ignore[no-untyped-def]
    db = storage.open_for_writing(db_path)
    try:
        with storage.write_transaction(db):
            surfaces = _surfaces(db, entity_id)
            storage.record_curation(db, action, {"entity": _locator(surfaces), **extra})
            storage.update_entity(db, entity_id, **change)
    finally:
        db.close()


def _surfaces(db, entity_id: int) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    surfaces = storage.entity_surface_counts(db, entity_id)
    if not surfaces:
        raise CurationError(f"no entity with id {entity_id}")
    return surfaces


def _locator(surfaces: Iterable[tuple[str, str, int]]) -> dict:
    """How a decision finds its entity again: its keys, weighted by mentions."""
    keys: Counter[str] = Counter()
    for text, _label, n in surfaces:
        keys[matching_key(text)] += n
    return {"keys": dict(sorted(keys.items()))}


def _name_and_type(surfaces: Sequence[tuple[str, str, int]]) -> tuple[str, str]:
    from explorer.resolve import display_name, majority_type

    texts: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for text, label, n in surfaces:
        texts[text] += n
        labels[label] += n
    return display_name(texts), majority_type(labels)


# --------------------------------------------------------------------------- re-applying


def apply_decisions(clustering, decisions: Sequence[storage.CurationDecision]):  # type: ignore[no-untyped-def]
    """Re-apply stored decisions, oldest first, to a fresh :class:`resolve.Clustering`.

    A decision whose entity can no longer be found (its mentions are gone) is skipped.
    """
    for decision in decisions:
        payload = decision.payload
        if decision.action == MERGE:
            source = _find(clustering, payload.get("source"))
            target = _find(clustering, payload.get("target"))
            if source is not None and target is not None and source != target:
                clustering.clusters[target].extend(clustering.clusters[source])
                clustering.clusters[source] = []
        elif decision.action == SPLIT:
            _reapply_split(clustering, payload)
        elif decision.action in (RENAME, SET_TYPE):
            index = _find(clustering, payload.get("entity"))
            if index is None:
                continue
            if decision.action == RENAME and isinstance(payload.get("name"), str):
                clustering.names[index] = payload["name"]
            elif decision.action == SET_TYPE and payload.get("type") in ENTITY_TYPES:
                clustering.types[index] = payload["type"]
    return clustering


def _reapply_split(clustering, payload: dict) -> None:  # type: ignore[no-untyped-def]
    index = _find(clustering, payload.get("entity"))
    key = payload.get("key")
    if index is None or not isinstance(key, str):
        return
    members = clustering.clusters[index]
    moving = [g for g in members if matching_key(g.text) == key]
    if not moving or len(moving) == len(members):
        return
    clustering.clusters[index] = [g for g in members if matching_key(g.text) != key]
    clustering.clusters.append(moving)
    clustering.names.append(None)
    clustering.types.append(None)


def _find(clustering, locator: object) -> int | None:  # type: ignore[no-untyped-def]
    """The cluster holding most of the locator's weighted keys (ties: none)."""
    if not isinstance(locator, dict) or not isinstance(locator.get("keys"), dict):
        return None
    weights = locator["keys"]
    scores: Counter[int] = Counter()
    for index, members in enumerate(clustering.clusters):
        for g in members:
            weight = weights.get(matching_key(g.text))
            if weight:
                scores[index] += min(weight, g.count)
    if not scores:
        return None
    (best, top), *rest = scores.most_common(2) + [(None, 0)]
    return best if top > rest[0][1] else None


# --------------------------------------------------------------------------- export


def export_actors(db_path: str | os.PathLike[str]) -> str:
    """The curated entities as an actors file (TOML), loadable with ``--actors``.

    Every entity a decision touches becomes an ``[[actor]]`` with its current name, type and
    aliases, so a fresh database built with this file resolves them the same way.
    """
    from explorer.resolve import Clustering

    conn = storage.open_for_reading(db_path)
    try:
        decisions = storage.load_curation(conn)
        rows = conn.execute(
            "SELECT e.id, e.name, e.type, m.document_id, m.text, m.label, count(*) FROM entities "
            "e JOIN mentions m ON m.entity_id = e.id GROUP BY e.id, m.document_id, m.text, "
            "m.label ORDER BY e.id"
        ).fetchall()
    finally:
        conn.close()
    ids: list[int] = []
    info: dict[int, tuple[str, str]] = {}
    groups: dict[int, list[storage.SurfaceGroup]] = {}
    for entity_id, name, entity_type, doc, text, label, n in rows:
        if entity_id not in groups:
            ids.append(entity_id)
            info[entity_id] = (name, entity_type)
            groups[entity_id] = []
        groups[entity_id].append(storage.SurfaceGroup(doc, text, label, n))
    clustering = Clustering([groups[i] for i in ids], [None] * len(ids), [None] * len(ids))
    touched: set[int] = set()
    for decision in decisions:
        for part in ("source", "target", "entity"):
            index = _find(clustering, decision.payload.get(part))
            if index is not None:
                touched.add(index)
        if decision.action == SPLIT and isinstance(decision.payload.get("key"), str):
            touched.update(_clusters_with_key(clustering, decision.payload["key"]))
    owners: dict[str, set[int]] = {}
    for i, members in enumerate(clustering.clusters):
        for g in members:
            owners.setdefault(matching_key(g.text), set()).add(i)
    lines = ["# Actors exported from libya-explore curation decisions.", ""]
    for index in sorted(touched, key=lambda i: info[ids[i]][0].casefold()):
        name, entity_type = info[ids[index]]
        # A spelling other entities share too ("Brown") would pin them all here: left out.
        aliases = sorted(
            {
                g.text.strip()
                for g in clustering.clusters[index]
                if owners[matching_key(g.text)] == {index}
            }
            - {name}
        )
        lines += [
            "[[actor]]",
            f"name = {_toml_string(name)}",
            f"type = {_toml_string(entity_type)}",
            f"aliases = [{', '.join(_toml_string(a) for a in aliases)}]",
            "",
        ]
    return "\n".join(lines)


def _clusters_with_key(clustering, key: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {
        i
        for i, members in enumerate(clustering.clusters)
        if any(matching_key(g.text) == key for g in members)
    }


def _toml_string(text: str) -> str:
    """A TOML basic string; control characters escaped so no document text breaks the file."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
