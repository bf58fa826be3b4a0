"""Helpers of the resolution-rule tests: surface groups written short, and the entity of one."""

from __future__ import annotations

from collections.abc import Iterable

from explorer.resolution.clusters import ResolvedEntity, SurfaceGroup
from explorer.resolution.people import title_gender


def G(
    doc: int, text: str, label: str = "PERSON", count: int = 1, titles: Iterable[str] = ()
) -> SurfaceGroup:
    """A surface group; its honorific gender as storage gives it, from its titles ("mrs":
    female; a stored group's titles are of one gender or of none)."""
    titles = tuple(titles)
    return SurfaceGroup(doc, text, label, count, titles, title_gender(titles) or "")


def entity_of(
    result: Iterable[ResolvedEntity], doc: int, text: str, gender: str | None = None
) -> ResolvedEntity:
    """The entity holding the group ``text`` of document ``doc`` (of that honorific gender,
    when given: "male", "female", "" for none)."""
    for ent in result:
        if any(m[:2] == (doc, text) and gender in (None, m[3]) for m in ent.members):
            return ent
    raise AssertionError(f"{text!r} in document {doc} not found")
