"""Helpers of the resolution-rule tests: surface groups written short, and the entity of one."""

from __future__ import annotations

from collections.abc import Iterable

from explorer.resolution.clusters import ResolvedEntity, SurfaceGroup


def G(
    doc: int, text: str, label: str = "PERSON", count: int = 1, titles: Iterable[str] = ()
) -> SurfaceGroup:
    return SurfaceGroup(doc, text, label, count, tuple(titles))


def entity_of(result: Iterable[ResolvedEntity], doc: int, text: str) -> ResolvedEntity:
    """The entity holding the group ``text`` of document ``doc``."""
    for ent in result:
        if any(m[0] == doc and m[1] == text for m in ent.members):
            return ent
    raise AssertionError(f"{text!r} in document {doc} not found")
