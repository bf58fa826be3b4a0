"""Actor resolution: cluster surface forms into one entity per real-world actor.

The clustering is a pure function of the stored surface groups (no SQL here); the stage that
loads them and writes the result back goes through :mod:`explorer.storage`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlite_utils import Database

from explorer import storage
from explorer.normalize import matching_key

#: When an entity's mentions carry several labels, names prefer these over NORP and the rest.
TYPE_PREFERENCE = ("PERSON", "ORG", "GPE")


def cluster_surface_groups(groups: Iterable[storage.SurfaceGroup]) -> list[storage.ResolvedEntity]:
    """Group surface forms by matching key (the baseline rule; richer rules build on it)."""
    clusters: dict[str, list[storage.SurfaceGroup]] = defaultdict(list)
    for group in groups:
        clusters[matching_key(group.text) or group.text.casefold()].append(group)
    return [_entity_from(members) for _key, members in sorted(clusters.items())]


def _entity_from(members: list[storage.SurfaceGroup]) -> storage.ResolvedEntity:
    surfaces: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for group in members:
        surfaces[group.text] += group.count
        labels[group.label] += group.count
    name = max(surfaces, key=lambda s: (surfaces[s], len(s), s))
    return storage.ResolvedEntity(
        name=name,
        type=majority_type(labels),
        members=[(g.document_id, g.text, g.label) for g in members],
        aliases=[(s, matching_key(s)) for s in sorted(surfaces)],
    )


def majority_type(labels: Counter[str]) -> str:
    """The most frequent label; ties, and NORP against a name type, go to PERSON/ORG/GPE."""

    def rank(label: str) -> tuple[int, int]:
        preferred = (
            len(TYPE_PREFERENCE) - TYPE_PREFERENCE.index(label) if label in TYPE_PREFERENCE else 0
        )
        return labels[label], preferred

    return max(labels, key=rank)


def resolve_database(db: Database) -> int:
    """Re-cluster every stored mention and rewrite entities and aliases. Returns the entity count."""
    groups = storage.load_surface_groups(db)
    entities = cluster_surface_groups(groups)
    return storage.rewrite_resolution(db, entities)
