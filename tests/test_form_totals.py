"""The ``form_counts`` input kept as totals (issue 17.1, step 1 of the dirty path): summed as
documents are added and subtracted as they are removed, in any order and any batches, the
totals give the forms and type votes that counting the groups left gives, and the clustering
that reads them is the clustering that counts; the type context kept as forms' votes change is
the context of every form's votes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.resolution import resolve
from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.corpus_forms import codes_written_as_words, form_key
from explorer.resolution.entity_types import ContextTotals, TypeVotes, build_context
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.form_totals import FormTotals

#: (surface, label, titles) written for the test: spellings of one name, a country's code
#: written as a word and in capitals, an acronym, an Arabic article, a titled surname, a
#: country's name that is also a surname.
_SURFACES = [
    ("Zorvath Quellen", "PERSON", ()),
    ("Zorvath Quellen's", "PERSON", ()),
    ("Quellen", "PERSON", ("mrs",)),
    ("Quellen", "PERSON", ()),
    ("Quellen", "ORG", ()),
    ("Mr Tamsin Orlo", "PERSON", ()),
    ("Khalid al-Marbek", "PERSON", ()),
    ("NLP", "ORG", ()),
    ("New Lake Party", "ORG", ()),
    ("NEW LAKE PARTY", "ORG", ()),
    ("US", "GPE", ()),
    ("Us", "WORK_OF_ART", ()),
    ("Kestrel Bay", "GPE", ()),
    ("Kestrel", "GPE", ()),
    ("Kestrel", "ORG", ()),
    ("Peru", "PERSON", ()),
    ("Ana Peru", "PERSON", ()),
]

_EVIDENCE = st.one_of(
    st.none(),
    st.builds(
        GroupEvidence,
        titled=st.integers(0, 2),
        place_cues=st.integers(0, 2),
        org_cues=st.integers(0, 2),
        articles=st.integers(0, 1),
        continuations=st.dictionaries(st.sampled_from(["One", "Radio"]), st.integers(1, 2)),
    ),
)

#: A document: (surface index, mentions, evidence) triples.
_DOCUMENT = st.lists(
    st.tuples(st.integers(0, len(_SURFACES) - 1), st.integers(1, 3), _EVIDENCE),
    min_size=1,
    max_size=5,
)


def _document(
    document_id: int, picks: list[tuple[int, int, GroupEvidence | None]]
) -> tuple[list[SurfaceGroup], dict[GroupKey, GroupEvidence]]:
    """One document's groups (one per surface, label and gender) and their evidence."""
    groups: dict[GroupKey, SurfaceGroup] = {}
    evidence: dict[GroupKey, GroupEvidence] = {}
    for index, count, cues in picks:
        text, label, titles = _SURFACES[index]
        gender = "female" if "mrs" in titles else ""
        g = SurfaceGroup(document_id, text, label, count, titles, gender)
        if g.key in groups:
            continue
        groups[g.key] = g
        if cues is not None:
            evidence[g.key] = cues
    return list(groups.values()), evidence


def _counted(
    groups: list[SurfaceGroup], evidence: dict[GroupKey, GroupEvidence]
) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """What the full pass counts over ``groups``."""
    groups = sorted(groups, key=lambda g: g.key)
    form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
    return resolve._form_totals(groups, form_of, evidence)


def _as_values(forms: dict, votes: dict) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """Forms and votes as plain values (counts compared whatever their insertion order)."""
    plain_forms = {
        key: (f.tokens, dict(f.labels), f.documents, f.acronym, f.genders, f.surname_words)
        for key, f in forms.items()
    }
    plain_forms |= {key: (*v, forms[key].arabic_article) for key, v in plain_forms.items()}
    plain_votes = {
        key: (
            dict(v.labels),
            dict(v.shouted),
            dict(v.forms),
            v.capitals,
            v.capital_first,
            v.mentions,
            {
                name: getattr(v.cues, name)
                for name in ("titled", "place_cues", "org_cues", "articles", "continuations")
            },
        )
        for key, v in votes.items()
    }
    return plain_forms, plain_votes


_CORPUS = st.lists(_DOCUMENT, min_size=1, max_size=6)


@settings(deadline=None, max_examples=150)
@given(documents=_CORPUS, data=st.data())
def test_totals_kept_over_additions_and_removals_equal_counting_the_groups_left(
    documents, data
) -> None:  # type: ignore[no-untyped-def]
    """Documents added in random batches, some removed again (and one re-added): the totals
    give the forms, in the same order, and the votes that counting the groups left gives."""
    stored = {i: _document(i, picks) for i, picks in enumerate(documents)}
    order = data.draw(st.permutations(list(stored)))
    removed = data.draw(st.sets(st.sampled_from(list(stored))))
    totals = FormTotals()
    for document_id in order:
        totals.add(*stored[document_id])
    for document_id in sorted(removed):
        totals.remove(*stored[document_id])
    if removed:  # a document refiled: removed and added again
        again = min(removed)
        totals.add(*stored[again])
        removed = removed - {again}
    left = [d for d in stored if d not in removed]
    groups = [g for d in left for g in stored[d][0]]
    evidence = {k: v for d in left for k, v in stored[d][1].items()}
    forms, votes = _counted(groups, evidence)
    form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
    kept_forms, kept_votes = totals.forms_and_votes(form_of)
    assert list(kept_forms) == list(forms)
    assert _as_values(kept_forms, kept_votes) == _as_values(forms, votes)


def _signatures(groups: list[SurfaceGroup], **options: object) -> dict:  # type: ignore[type-arg]
    signatures = {}
    clustering = resolve.cluster_groups(groups, (), **options)  # type: ignore[arg-type]
    for entity in resolve.build_entities(clustering):
        members = frozenset(entity.members)
        signatures |= dict.fromkeys(members, (entity.name, entity.type, members))
    return signatures


@settings(deadline=None, max_examples=60)  # the first example loads the name tables
@given(documents=_CORPUS, data=st.data())
def test_the_clustering_reading_the_totals_is_the_clustering_counting_the_groups(
    documents, data
) -> None:  # type: ignore[no-untyped-def]
    stored = {i: _document(i, picks) for i, picks in enumerate(documents)}
    removed = data.draw(st.sets(st.sampled_from(list(stored))))
    totals = FormTotals()
    for document_id in data.draw(st.permutations(list(stored))):
        totals.add(*stored[document_id])
    for document_id in removed:
        totals.remove(*stored[document_id])
    left = [d for d in stored if d not in removed]
    groups = [g for d in left for g in stored[d][0]]
    evidence = {k: v for d in left for k, v in stored[d][1].items()}
    counted = _signatures(groups, evidence=evidence)
    assert _signatures(groups, evidence=evidence, totals=totals) == counted


def test_a_removed_document_leaves_no_trace() -> None:
    first, cues = _document(1, [(0, 2, GroupEvidence(titled=1, continuations={"One": 1}))])
    second, more = _document(2, [(0, 1, None), (7, 3, None)])
    totals = FormTotals()
    totals.add(first, cues)
    totals.add(second, more)
    totals.remove(second, more)
    totals.remove(first, cues)
    assert totals.surfaces == {}


def test_a_surface_is_folded_into_the_form_the_corpus_gives_it_now() -> None:
    """ "Us" is the US while nothing writes the code in capitals, a form apart once "US" is
    written: the same totals, folded by the corpus's current forms."""
    word, _ = _document(1, [(11, 2, None)])
    code, _ = _document(2, [(10, 1, None)])
    totals = FormTotals()
    totals.add(word, {})
    alone = codes_written_as_words({"Us": form_key("Us")})
    assert list(totals.forms_and_votes(alone)[0]) == [form_key("US")]
    totals.add(code, {})
    both = codes_written_as_words({"Us": form_key("Us"), "US": form_key("US")})
    forms, votes = totals.forms_and_votes(both)
    assert len(forms) == 2 and forms[form_key("US")].documents == [2]
    assert votes[both["Us"]].mentions == 2


def _changed(before: dict, after: dict) -> dict:  # type: ignore[type-arg]
    """The forms whose votes differ (``None``: gone)."""
    changed = {key: votes for key, votes in after.items() if before.get(key) != votes}
    return changed | {key: None for key in before if key not in after}


_GAZETTEER_TYPES = st.dictionaries(
    st.sampled_from(["kestrel", "quellen", "us", "ruritania"]), st.sampled_from(["GPE", "ORG"])
)


@settings(deadline=None, max_examples=150)
@given(documents=_CORPUS, data=st.data(), gazetteer_types=_GAZETTEER_TYPES)
def test_the_type_context_kept_over_changes_of_votes_is_the_context_of_every_form(
    documents, data, gazetteer_types
) -> None:  # type: ignore[no-untyped-def]
    """Documents come one at a time in a random order, then some go and come back; after each
    step only the forms whose votes changed are handed to the kept context, which must equal
    :func:`build_context` over every form ("Ana Peru" arriving makes "Peru" a surname, and no
    country, while the votes of "Peru" stay as they were)."""
    stored = {i: _document(i, picks) for i, picks in enumerate(documents)}
    again = data.draw(st.lists(st.sampled_from(list(stored)), max_size=6))
    steps = [*data.draw(st.permutations(list(stored))), *again]
    present: set[int] = set()
    context = ContextTotals()
    votes: dict = {}  # type: ignore[type-arg]
    for document_id in steps:  # a document not present is added, a present one removed
        present ^= {document_id}
        groups = [g for d in sorted(present) for g in stored[d][0]]
        evidence = {k: v for d in present for k, v in stored[d][1].items()}
        now = _counted(groups, evidence)[1]
        context.update(_changed(votes, now))
        votes = now
        assert context.context(gazetteer_types) == build_context(votes, gazetteer_types)


def test_a_word_that_becomes_a_surname_stops_being_a_country_and_back() -> None:
    """ "Peru" that NER calls a person is the country until a full name ends with it (then a
    surname: "Ana Peru"), and the country again once that name is gone."""
    alone = TypeVotes()
    alone.add("Peru", "PERSON", "peru", 2, None)
    full = TypeVotes()
    full.add("Ana Peru", "PERSON", "ana peru", 1, None)
    context = ContextTotals()
    context.update({"peru": alone})
    assert (
        context.context({}).countries
        == {"peru": "PE"}
        == build_context({"peru": alone}, {}).countries
    )
    context.update({"ana peru": full})
    assert "peru" not in context.context({}).countries
    assert context.context({}) == build_context({"peru": alone, "ana peru": full}, {})
    context.update({"ana peru": None})
    assert context.context({}) == build_context({"peru": alone}, {})
