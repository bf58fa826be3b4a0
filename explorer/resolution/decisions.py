"""Curation decisions that last: how a stored decision finds its entity again and re-applies.

A decision (merge, split, rename, set type) names entities by their aliases' matching keys,
weighted by mentions (:func:`locator`), never by ids, so that after every re-resolution and
re-ingest, when ids and clusters may have changed, :func:`apply_decisions` finds the cluster
that holds most of those keys and applies the decision again. Pure: the database side is in
:mod:`explorer.store.curation`, the commands in :mod:`explorer.pipeline.curation`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from explorer.labels import ENTITY_TYPES
from explorer.normalize import matching_key
from explorer.resolution.clusters import Clustering, SurfaceGroup

MERGE, SPLIT, RENAME, SET_TYPE = "merge", "split", "rename", "set_type"
#: Split an entity by documents: its mentions in some stories become an entity of their own
#: (one name, two actors in two sets of stories).
SPLIT_DOCUMENTS = "split_documents"


@dataclass(frozen=True)
class CurationDecision:
    """One stored decision; its payload names aliases and keys, never entity ids."""

    id: int
    action: str
    payload: dict
    created_at: str


def locator(surfaces: Iterable[tuple[str, str, int]]) -> dict:
    """How a decision finds its entity again: the keys (:func:`locator_key`) of its
    ``(text, honorific gender, mentions)`` surfaces, weighted by mentions."""
    keys: Counter[str] = Counter()
    for text, gender, n in surfaces:
        keys[locator_key(text, gender)] += n
    return {"keys": dict(sorted(keys.items()))}


def locator_key(text: str, gender: str = "") -> str:
    """A surface's key in a locator: its matching key, with the honorific gender of its
    mentions when they had one ("brandt@female"; a matching key never holds "@"), so that a
    decision about "Mrs Brandt" finds her entity again, not the one holding "Mr Brandt"."""
    key = matching_key(text)
    return f"{key}@{gender}" if gender else key


def _weight(weights: dict, group: SurfaceGroup) -> int:
    """A group's weight in a locator; a decision recorded before surface groups had a gender
    names its gendered groups by the plain key."""
    weight = weights.get(locator_key(group.text, group.gender))
    if weight is None and group.gender:
        weight = weights.get(matching_key(group.text))
    return weight if isinstance(weight, int) else 0


def document_locator(sha256: str, path: str) -> dict:
    """How a decision names a document so that it finds it again after a re-ingest (when ids
    may change): its content hash, else (the document was edited) its path."""
    return {"sha256": sha256, "path": path}


def document_keys(sha256: str, path: str) -> tuple[str, str]:
    """The keys a document is found by (:func:`find_documents`)."""
    return f"sha256:{sha256}", f"path:{path}"


def find_documents(locators: object, document_ids: Mapping[str, int]) -> set[int]:
    """The ids of the documents ``locators`` (:func:`document_locator`) name now;
    ``document_ids`` maps each document's :func:`document_keys` to its id."""
    found: set[int] = set()
    if not isinstance(locators, list):
        return found
    for item in locators:
        if not isinstance(item, dict):
            continue
        sha256, path = item.get("sha256"), item.get("path")
        by_hash, by_path = document_keys(str(sha256), str(path))
        document_id = document_ids.get(by_hash) if isinstance(sha256, str) else None
        if document_id is None and isinstance(path, str):
            document_id = document_ids.get(by_path)
        if document_id is not None:
            found.add(document_id)
    return found


def apply_decisions(
    clustering: Clustering,
    decisions: Sequence[CurationDecision],
    document_ids: Mapping[str, int] | None = None,
) -> Clustering:
    """Re-apply stored decisions, oldest first, to a fresh clustering (changed in place).

    A decision whose entity can no longer be found (its mentions are gone) is skipped.
    ``document_ids`` (:func:`find_documents`) finds the documents of a split by documents; a
    caller without it skips those.
    """
    for decision in decisions:
        payload = decision.payload
        if decision.action == MERGE:
            source = find_cluster(clustering, payload.get("source"))
            target = find_cluster(clustering, payload.get("target"))
            if source is not None and target is not None and source != target:
                clustering.clusters[target].extend(clustering.clusters[source])
                clustering.clusters[source] = []
        elif decision.action == SPLIT:
            _reapply_split(clustering, payload)
        elif decision.action == SPLIT_DOCUMENTS and document_ids is not None:
            _reapply_document_split(clustering, payload, document_ids)
        elif decision.action in (RENAME, SET_TYPE):
            index = find_cluster(clustering, payload.get("entity"))
            if index is None:
                continue
            if decision.action == RENAME and isinstance(payload.get("name"), str):
                clustering.names[index] = payload["name"]
            elif decision.action == SET_TYPE and payload.get("type") in ENTITY_TYPES:
                clustering.types[index] = payload["type"]
    return clustering


def _reapply_split(clustering: Clustering, payload: dict) -> None:
    index = find_cluster(clustering, payload.get("entity"))
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


def _reapply_document_split(
    clustering: Clustering, payload: dict, document_ids: Mapping[str, int]
) -> None:
    """The entity's mentions in the decision's documents become a cluster of their own (named
    by the user, else by its mentions). The entity is the cluster holding most of the
    locator's keys among the groups of those documents: after an earlier split of the same
    entity, both parts bear its spellings, and only the one in these stories is meant."""
    documents = find_documents(payload.get("documents"), document_ids)
    index = find_cluster(clustering, payload.get("entity"), documents) if documents else None
    if index is None:
        return
    members = clustering.clusters[index]
    moving = [g for g in members if g.document_id in documents]
    if not moving or len(moving) == len(members):
        return
    clustering.clusters[index] = [g for g in members if g.document_id not in documents]
    clustering.clusters.append(moving)
    name = payload.get("name")
    clustering.names.append(name if isinstance(name, str) and name.strip() else None)
    clustering.types.append(None)


def find_cluster(
    clustering: Clustering, locator: object, documents: Collection[int] | None = None
) -> int | None:
    """The cluster holding most of the locator's weighted keys (ties: none); only its groups
    in ``documents`` count, when given."""
    if not isinstance(locator, dict) or not isinstance(locator.get("keys"), dict):
        return None
    weights = locator["keys"]
    scores: Counter[int] = Counter()
    for index, members in enumerate(clustering.clusters):
        for g in members:
            if documents is not None and g.document_id not in documents:
                continue
            weight = _weight(weights, g)
            if weight:
                scores[index] += min(weight, g.count)
    if not scores:
        return None
    (best, top), *rest = scores.most_common(2) + [(None, 0)]
    return best if top > rest[0][1] else None


def touched_clusters(clustering: Clustering, decisions: Iterable[CurationDecision]) -> set[int]:
    """The clusters some decision names: its entity, source or target, and a split's new
    entity (every cluster holding the split key)."""
    touched: set[int] = set()
    for decision in decisions:
        for part in ("source", "target", "entity"):
            index = find_cluster(clustering, decision.payload.get(part))
            if index is not None:
                touched.add(index)
        key = decision.payload.get("key")
        if decision.action == SPLIT and isinstance(key, str):
            touched.update(
                i
                for i, members in enumerate(clustering.clusters)
                if any(matching_key(g.text) == key for g in members)
            )
    return touched
