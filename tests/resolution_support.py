"""Helpers of the resolution-rule tests: surface groups written short, the entity of one, and
the order-independence property."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence

from hypothesis import strategies as st

from explorer.resolution.clusters import ResolvedEntity, SurfaceGroup
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.people import title_gender
from explorer.resolution.resolve import cluster_surface_groups


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


def group_rows(
    names: Sequence[str],
    titles: Sequence[tuple[str, ...]],
    labels: Sequence[str] = ("PERSON", "ORG", "GPE"),
    max_count: int = 4,
) -> st.SearchStrategy:
    """Up to 25 surface groups' rows ``(document 1-4, text, label, count, titles)`` of ``names``,
    for the order-independence properties (:func:`assert_order_free`)."""
    return st.lists(
        st.tuples(
            st.integers(1, 4),
            st.sampled_from(list(names)),
            st.sampled_from(list(labels)),
            st.integers(1, max_count),
            st.sampled_from(list(titles)),
        ),
        min_size=1,
        max_size=25,
        unique_by=lambda row: row[:3],
    )


def assert_order_free(
    rows: Sequence[tuple],
    rnd: random.Random,
    perm: Sequence[int],
    actors: Sequence = (),
    cues: Callable[[list[SurfaceGroup]], dict[GroupKey, GroupEvidence]] | None = None,
) -> None:
    """The entities of ``rows`` (:func:`group_rows`) do not depend on the order of the groups,
    nor on the documents' ids (renumbered by ``perm``, a permutation of 1-4); ``cues`` gives
    the groups' type evidence, which follows its group when the documents are renumbered."""
    groups = [G(d, t, lab, n, titles) for d, t, lab, n, titles in rows]
    evidence = cues(groups) if cues else {}
    shuffled = list(groups)
    rnd.shuffle(shuffled)

    def partition(
        ordered: list[SurfaceGroup],
        back: dict[int, int] | None = None,
        by_group: Mapping[GroupKey, GroupEvidence] = evidence,
    ) -> list:
        back = back or {}
        result = cluster_surface_groups(ordered, actors, by_group)
        return sorted(
            sorted((back.get(d, d), t, lab) for d, t, lab, _gender in ent.members) for ent in result
        )

    assert partition(groups) == partition(shuffled)
    renumber = {i + 1: p for i, p in enumerate(perm)}
    back = {v: k for k, v in renumber.items()}
    renamed = [G(renumber[g.document_id], g.text, g.label, g.count, g.titles) for g in groups]
    moved = {(renumber[d], t, lab, sex): cue for (d, t, lab, sex), cue in evidence.items()}
    assert partition(renamed, back, moved) == partition(groups)
