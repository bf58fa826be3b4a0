"""The ``form_counts`` corpus input kept as totals under additions and removals of documents
(issue 17.1, step 1 of the dirty path).

:func:`explorer.resolution.resolve.cluster_groups` counts, over every surface group, each form's
labels, documents, honorifics' genders and type votes (``_form_totals``). A partial re-cluster
must read those counts for the whole corpus without visiting every group: :class:`FormTotals`
keeps them as sums that a stored document adds and a removed one subtracts, so they equal the
counts over the groups left, whatever the order the documents came and went in.

The totals are kept by *surface*, not by form: which form a surface belongs to is itself a
corpus-wide decision (a country's code written as a word, "Us", is a form apart only while the
corpus also writes "US" in capitals: :func:`~explorer.resolution.corpus_forms.codes_written_as_words`),
so the surfaces are folded into forms when the totals are read (:meth:`FormTotals.forms_and_votes`),
with the corpus's current ``form_of``. Everything else a form holds is a function of its
surfaces' text (acronym, Arabic article, the surname's words) or a sum over their groups.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.corpus_forms import (
    Form,
    arabic_article_inside,
    group_gender,
    last_word_tokens,
    looks_like_acronym,
)
from explorer.resolution.entity_types import TypeVotes, surface_shape
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.reach import reaches

#: GroupEvidence's counters (its other fields map words to counts).
_EVIDENCE_COUNTERS = tuple(
    f.name for f in dataclasses.fields(GroupEvidence) if f.default is not dataclasses.MISSING
)
_EVIDENCE_MAPPINGS = tuple(
    f.name for f in dataclasses.fields(GroupEvidence) if f.default is dataclasses.MISSING
)


@dataclass(slots=True)
class SurfaceTotals:
    """What the groups of one surface add up to over the corpus."""

    labels: dict[str, int] = field(default_factory=dict)  # label → mentions
    documents: dict[int, int] = field(default_factory=dict)  # document → groups
    genders: dict[str, int] = field(default_factory=dict)  # honorific gender → mentions
    cues: GroupEvidence = field(default_factory=GroupEvidence)  # summed evidence
    mentions: int = 0

    def empty(self) -> bool:
        return not self.documents

    def merge(self, other: SurfaceTotals) -> None:
        """Add ``other``'s sums to these (a stored surface's totals and a document's share,
        positive when it is written, negative when it is removed); zero entries dropped."""
        for label, n in other.labels.items():
            _add_to(self.labels, label, n)
        for document, n in other.documents.items():
            _add_to(self.documents, document, n)
        for gender, n in other.genders.items():
            _add_to(self.genders, gender, n)
        _add_evidence(self.cues, other.cues, 1)
        self.mentions += other.mentions


@reaches("form", corpus=["form_counts"])
class FormTotals:
    """Per surface, the sums over its groups that forms and their type votes are made of;
    :meth:`add` and :meth:`remove` take one or more documents' groups and their evidence."""

    def __init__(self) -> None:
        self.surfaces: dict[str, SurfaceTotals] = {}

    def add(
        self, groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
    ) -> None:
        """Count stored groups in (a document written)."""
        for g in groups:
            self._count(g, evidence.get(g.key), 1)

    def remove(
        self, groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
    ) -> None:
        """Count groups out (a document removed, or refiled before its groups are added again)."""
        for g in groups:
            self._count(g, evidence.get(g.key), -1)

    def _count(self, g: SurfaceGroup, cues: GroupEvidence | None, sign: int) -> None:
        totals = self.surfaces.get(g.text)
        if totals is None:
            totals = self.surfaces[g.text] = SurfaceTotals()
        count = sign * g.count
        _add_to(totals.labels, g.label, count)
        _add_to(totals.documents, g.document_id, sign)
        gender = group_gender(g)
        if gender:
            _add_to(totals.genders, gender, count)
        if cues is not None:
            _add_evidence(totals.cues, cues, sign)
        totals.mentions += count
        if totals.empty():
            del self.surfaces[g.text]

    def forms_and_votes(
        self, form_of: Mapping[str, str]
    ) -> tuple[dict[str, Form], dict[str, TypeVotes]]:
        """Every form of the counted surfaces and its type votes, as
        :func:`explorer.resolution.resolve._form_totals` counts them over the same groups
        (equal counts; forms in the order of their first group, as there)."""
        forms: dict[str, Form] = {}
        votes_of: dict[str, TypeVotes] = {}
        documents_of: dict[str, set[int]] = {}
        for text, totals in sorted(self.surfaces.items(), key=_first_group):
            key = form_of[text]
            form = forms.get(key)
            if form is None:
                form = forms[key] = Form(tuple(key.split()))
                form.surname_words = last_word_tokens(text)  # its first group's surface
                votes_of[key] = TypeVotes()
                documents_of[key] = set()
            documents_of[key].update(totals.documents)
            form.labels.update(totals.labels)
            form.acronym = form.acronym or looks_like_acronym(text)
            if len(form.tokens) > 1:
                form.arabic_article = form.arabic_article or arabic_article_inside(text)
            for gender, n in totals.genders.items():
                form.genders[gender] = form.genders.get(gender, 0) + n
            _add_votes(votes_of[key], text, key, totals)
        for key, form in forms.items():
            form.documents = sorted(documents_of[key])
        return forms, votes_of


def _first_group(item: tuple[str, SurfaceTotals]) -> tuple[int, str]:
    """Where a surface's first group sorts among the corpus's groups (by document, then text)."""
    text, totals = item
    return min(totals.documents), text


def _add_votes(votes: TypeVotes, text: str, key: str, totals: SurfaceTotals) -> None:
    """A surface's totals into its form's votes (what ``TypeVotes.add`` counts per group)."""
    in_capitals, shouted, capital_first = surface_shape(text)
    by_label = votes.shouted if shouted else votes.labels
    by_label.update(totals.labels)
    if in_capitals:
        votes.capitals += totals.mentions
    if capital_first:
        votes.capital_first += totals.mentions
    votes.forms[key] += totals.mentions
    votes.mentions += totals.mentions
    votes.cues.add(totals.cues)


def _add_to(counts: dict[Any, int], key: object, n: int) -> None:
    """``counts[key] += n``, the key dropped at zero (a removed document leaves no trace)."""
    value = counts.get(key, 0) + n
    if value:
        counts[key] = value
    else:
        counts.pop(key, None)


def _add_evidence(total: GroupEvidence, cues: GroupEvidence, sign: int) -> None:
    """``total`` += ``sign`` × ``cues``, word counts dropped at zero."""
    for name in _EVIDENCE_COUNTERS:
        setattr(total, name, getattr(total, name) + sign * getattr(cues, name))
    for name in _EVIDENCE_MAPPINGS:
        mapping: dict[str, int] = getattr(total, name)
        for word, n in getattr(cues, name).items():
            _add_to(mapping, word, sign * n)
