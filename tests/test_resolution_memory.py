"""The compact per-document indexes of resolution (issue 17: memory at 100,000 articles) answer
exactly what the sets they replaced answered, whatever the order of the groups."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.corpus_forms import Form, _LongFormsByDocument, distinct_by_document
from explorer.resolution.resolve import cluster_surface_groups

#: Invented names: one-word, two-word and three-word forms sharing words, and an acronym.
NAMES = ("Varn Holt", "Holt", "Edra Varn Holt", "Kessa Dune", "Dune", "TLK", "Kessa", "Orm Vale")

groups_strategy = st.lists(
    st.builds(
        SurfaceGroup,
        document_id=st.integers(min_value=1, max_value=6),
        text=st.sampled_from(NAMES),
        label=st.sampled_from(("PERSON", "ORG", "GPE")),
        count=st.integers(min_value=1, max_value=3),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(groups_strategy)
def test_distinct_by_document_holds_each_documents_values_once_in_any_order(groups):
    found = distinct_by_document(groups, lambda g: g.text)
    expected: dict[int, set[str]] = defaultdict(set)
    for g in groups:
        expected[g.document_id].add(g.text)
    assert {d: set(values) for d, values in found.items()} == expected
    assert all(len(values) == len(set(values)) for values in found.values())


def test_distinct_by_document_keeps_first_seen_order_of_sorted_groups():
    groups = [SurfaceGroup(1, "b", "ORG", 1), SurfaceGroup(1, "a", "ORG", 1)]
    groups += [SurfaceGroup(1, "b", "GPE", 1), SurfaceGroup(2, "a", "ORG", 1)]
    assert distinct_by_document(groups, lambda g: g.text) == {1: ("b", "a"), 2: ("a",)}


def _forms(texts) -> dict[str, Form]:
    forms = {}
    for text in texts:
        key = text.lower()
        forms[key] = Form(tuple(key.split()), acronym=text.isupper())
    return forms


@settings(max_examples=200, deadline=None)
@given(groups_strategy)
def test_long_forms_by_document_answers_as_a_set_per_word_did(groups):
    forms = _forms(NAMES)
    form_of = {name: name.lower() for name in NAMES}
    by_document = _LongFormsByDocument(groups, form_of, forms)
    reference: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for g in groups:
        key = form_of[g.text]
        if len(forms[key].tokens) > 1 and not forms[key].acronym:
            for word in forms[key].tokens:
                reference[g.document_id][word].add(key)
    words = {word for form in forms.values() for word in form.tokens} | {"absent"}
    for document_id in range(0, 8):
        names = by_document[document_id]
        assert set(names.names) == {k for ks in reference[document_id].values() for k in ks}
        for word in words:
            got = names.get(word, ())
            assert len(got) == len(set(got))
            assert set(got) == reference[document_id].get(word, set())


@settings(max_examples=200, deadline=None)
@given(
    groups_strategy,
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=7),
            st.sampled_from(("varn", "holt", "edra", "kessa", "dune", "orm", "vale", "absent")),
        ),
        max_size=30,
    ),
)
def test_long_forms_by_document_answers_the_same_in_any_order_of_questions(groups, questions):
    """The last document asked is kept, and indexed from its second question: questions
    jumping between documents, or asking one again, get the names in the document's order
    (as a first-question scan gives them)."""
    forms = _forms(NAMES)
    form_of = {name: name.lower() for name in NAMES}
    by_document = _LongFormsByDocument(groups, form_of, forms)
    for document_id, word in questions:
        fresh = _LongFormsByDocument(groups, form_of, forms)[document_id]  # first question: a scan
        assert by_document[document_id].get(word, ()) == fresh.get(word, ())
        assert by_document[document_id].names == fresh.names


@settings(max_examples=60, deadline=None)
@given(groups_strategy, st.randoms(use_true_random=False))
def test_resolution_does_not_depend_on_the_order_groups_come_in(groups, rng):
    """The compact indexes take the groups by document (a form's document list, the tuples per
    document): resolution sorts them first, so any order gives the same entities."""
    shuffled = list(groups)
    rng.shuffle(shuffled)

    def entities(gs):
        return sorted(
            (e.name, e.type, tuple(sorted(e.members))) for e in cluster_surface_groups(gs)
        )

    assert entities(groups) == entities(shuffled)
