"""What actor resolution works on and produces, as plain data.

Storage loads :class:`SurfaceGroup` rows and writes :class:`ResolvedEntity` rows; resolution
(:mod:`explorer.resolution.resolve`) and the curation decisions (:mod:`explorer.resolution.decisions`) work on a
:class:`Clustering` in between. Kept apart from the rules so that storage can import these types
without the rules, and the rules without storage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

#: A surface group's key, :attr:`SurfaceGroup.key`: ``(document_id, text, label, gender)``.
GroupKey = tuple[int, str, str, str]


@dataclass(frozen=True, slots=True)
class SurfaceGroup:
    """All mentions of one exact surface form with one label and one honorific gender in one
    document.

    ``titles`` is evidence from span cleaning (:mod:`explorer.spans`): the distinct title words
    trimmed from in front of these mentions ("mr", "mrs", "president", "foreign secretary"),
    sorted; empty when none had one. "Mrs Howard" is stored as the mention "Howard" with the
    title "mrs", so a rule can tell her from Michael Howard; "President Putin" as "Putin" with
    "president". A style kept in a name ("Prince Harry") is recorded too.

    ``gender`` is the gender of the honorifics trimmed from these mentions ("male" for "Mr",
    "female" for "Mrs", :func:`explorer.resolution.people.mention_gender`), ``""`` when they
    had none of either. It is part of the group's :attr:`key`: when one story writes "Mr
    Howard" and "Mrs Howard", the two are two groups (husband and wife), each resolved by its
    own evidence; mentions without a gendered honorific ("Howard") are a third.
    """

    document_id: int
    text: str
    label: str
    count: int
    titles: tuple[str, ...] = ()
    gender: str = ""

    @property
    def key(self) -> GroupKey:
        """``(document_id, text, label, gender)``: what a mention shares with its group."""
        return (self.document_id, self.text, self.label, self.gender)


@dataclass
class Clustering:
    """Surface groups assigned to clusters, with gazetteer (or curated) names and types where
    known; ``None`` lets the entity's mentions decide."""

    clusters: list[list[SurfaceGroup]]
    names: list[str | None]
    types: list[str | None]
    #: What types the entities whose type is ``None`` (an ``entity_types.EntityTyper``; kept
    #: opaque here so that storage can import this module without the rules).
    typer: object | None = None
    #: Why a surface group is in its cluster when not by its own spelling alone, per
    #: :attr:`SurfaceGroup.key`: by the group ("part of a name: same document",
    #: "acronym", "surname: the only person", "surname: shared co-actors", "surname: corpus
    #: majority 0.97", "name cut short") or by its whole form ("gazetteer", "spelling
    #: variant", "nickname", "part of a longer full name", "country name", "plural and
    #: singular"); for a review of the least certain decisions; optional.
    reasons: dict[GroupKey, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedEntity:
    """One actor as resolution decided it: its display name, type and member surface groups."""

    name: str
    type: str
    members: Sequence[GroupKey]  # (document_id, text, label, gender): SurfaceGroup.key
    aliases: Sequence[tuple[str, str]]  # (alias, normalized key)
    #: Why members joined by a rule other than their own spelling (see ``Clustering.reasons``).
    reasons: Mapping[GroupKey, str] = field(default_factory=dict)
