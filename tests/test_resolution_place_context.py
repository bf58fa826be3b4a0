"""A spelling the NER types ORG or PERSON, that its context places, joins its place's spellings
(issue 12 point 5, branch types9). Every name is written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from resolution_support import G, assert_order_free, entity_of, group_rows

from explorer.resolution.corpus_forms import Form
from explorer.resolution.evidence import GroupEvidence
from explorer.resolution.resolve import cluster_surface_groups
from explorer.resolution.spelling import _placed_by_context

PLACE_DOCS = (1, 2, 3, 4, 5)
OTHER_DOCS = (6, 7, 8, 9, 10)


def _town_and_spelling(
    other_label: str = "ORG", cued: tuple[GroupEvidence, ...] = ()
) -> tuple[list, dict]:
    """The town "Zubeida" (GPE) in five stories; its spelling "Zubeidah" typed ``other_label``
    in five others, the first of them with the evidence ``cued`` in turn."""
    groups = [
        *[G(doc, "Zubeida", "GPE", 2) for doc in PLACE_DOCS],
        *[G(doc, "Zubeidah", other_label, 2) for doc in OTHER_DOCS],
    ]
    evidence = {
        (doc, "Zubeidah", other_label, ""): cues
        for doc, cues in zip(OTHER_DOCS, cued, strict=False)
    }
    return groups, evidence


def _joined(groups: list, evidence: dict) -> bool:
    result = cluster_surface_groups(groups, evidence=evidence)
    return entity_of(result, PLACE_DOCS[0], "Zubeida") is entity_of(
        result, OTHER_DOCS[0], "Zubeidah"
    )


def test_a_spelling_typed_org_but_placed_by_its_context_joins_the_place():
    """ "fighting near Zubeidah on Sunday", "shelling in Zubeidah,": two of ten mentions."""
    place = GroupEvidence(place_cues=1)
    assert _joined(*_town_and_spelling("ORG", (place, place)))


def test_a_spelling_typed_person_but_placed_by_its_context_joins_the_place():
    place = GroupEvidence(place_cues=1)
    assert _joined(*_town_and_spelling("PERSON", (place, place)))


def test_without_place_cues_the_types_keep_the_spellings_apart():
    assert not _joined(*_town_and_spelling("ORG"))


def test_one_place_cue_is_not_enough():
    assert not _joined(*_town_and_spelling("ORG", (GroupEvidence(place_cues=1),)))


def test_an_organisation_cue_keeps_the_spelling_apart():
    """ "in Zubeidah," twice, but also "oil firm Zubeidah": a company's name."""
    place = GroupEvidence(place_cues=1)
    cued = (place, place, GroupEvidence(org_cues=1))
    assert not _joined(*_town_and_spelling("ORG", cued))


def test_a_title_or_a_match_report_keeps_the_spelling_apart():
    """ "Mr Zubeidah" once; "Zubeidah 2-1" once (a club's name in a match report)."""
    place = GroupEvidence(place_cues=1)
    assert not _joined(*_town_and_spelling("PERSON", (place, place, GroupEvidence(titled=1))))
    assert not _joined(*_town_and_spelling("ORG", (place, place, GroupEvidence(sport_cues=1))))


def test_a_placed_spelling_needs_its_vowels_to_agree():
    """ "Vosel", a river the NER calls ORG in place cues, is no spelling of the town "Vosul":
    the context alone lets the types join, so the spelling is held to the vowels' agreement."""
    groups = [
        *[G(doc, "Vosul", "GPE", 2) for doc in PLACE_DOCS],
        *[G(doc, "Vosel", "ORG", 2) for doc in OTHER_DOCS],
    ]
    place = GroupEvidence(place_cues=1)
    evidence = {(doc, "Vosel", "ORG", ""): place for doc in OTHER_DOCS[:3]}
    result = cluster_surface_groups(groups, evidence=evidence)
    assert entity_of(result, PLACE_DOCS[0], "Vosul") is not entity_of(
        result, OTHER_DOCS[0], "Vosel"
    )


def test_a_several_word_name_is_not_placed_by_its_context():
    form = Form(("zubeidah", "port"), labels={"ORG": 4}, type="ORG", place_cues=4)
    assert not _placed_by_context(form, Form(("zubeida",), labels={"GPE": 4}, type="GPE"))


def test_the_share_of_place_cues_counts_every_mention():
    """Two placed mentions of fifteen are under a fifth: no hesitation."""
    form = Form(("zubeidah",), labels={"ORG": 15}, type="ORG", place_cues=2)
    town = Form(("zubeida",), labels={"GPE": 4}, type="GPE")
    assert not _placed_by_context(form, town)
    assert _placed_by_context(Form(("zubeidah",), {"ORG": 10}, type="ORG", place_cues=2), town)


def test_context_places_a_form_only_beside_a_place():
    form = Form(("zubeidah",), labels={"ORG": 4}, type="ORG", place_cues=2)
    person = Form(("zubeida",), labels={"PERSON": 4}, type="PERSON")
    assert not _placed_by_context(form, person)
    assert not _placed_by_context(Form(("zubeidah",), {"GPE": 4}, type="GPE", place_cues=2), form)


NAMES = ["Zubeida", "Zubeidah", "al-Zubeidah", "Karim Zubeidi", "Zubeidah Oil"]


@settings(max_examples=40, deadline=None)
@given(
    group_rows(NAMES, [(), ("mr",)], labels=("PERSON", "ORG", "GPE")),
    st.randoms(use_true_random=False),
    st.permutations([1, 2, 3, 4]),
)
def test_placed_spellings_do_not_depend_on_document_order(rows, rnd, perm):
    assert_order_free(
        rows,
        rnd,
        perm,
        cues=lambda groups: {g.key: GroupEvidence(place_cues=1) for g in groups[::2]},
    )
