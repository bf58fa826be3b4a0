"""Clustering rules on surface groups written for the tests (no spaCy, no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.gazetteer import Actor
from explorer.resolution.resolve import (
    acronym_of,
    cluster_surface_groups,
    looks_like_acronym,
    majority_type,
    spelling_variants,
)


def G(doc: int, text: str, label: str = "PERSON", count: int = 1) -> SurfaceGroup:
    return SurfaceGroup(doc, text, label, count)


def entities(groups, actors=()):
    return cluster_surface_groups(groups, actors)


def entity_of(result, doc: int, text: str):
    for ent in result:
        if any(m[0] == doc and m[1] == text for m in ent.members):
            return ent
    raise AssertionError(f"{text!r} in document {doc} not found")


def same(result, a: tuple[int, str], b: tuple[int, str]) -> bool:
    return entity_of(result, *a) is entity_of(result, *b)


def test_every_group_is_in_exactly_one_entity():
    groups = [G(1, "Omar Tarhouni"), G(1, "Tarhouni"), G(2, "Tarhuni"), G(2, "Libya", "GPE")]
    result = entities(groups)
    members = [m for ent in result for m in ent.members]
    assert sorted(members) == sorted(g.key for g in groups)


def test_surname_joins_full_name_in_the_same_document_and_across_documents():
    groups = [
        G(1, "Rashid Bennani"),
        G(1, "Bennani"),
        G(2, "Mr Bennani"),
        G(3, "Bennani's", "NORP"),
        G(3, "Bennani", "PERSON"),
    ]
    result = entities(groups)
    ent = entity_of(result, 1, "Rashid Bennani")
    assert all(
        entity_of(result, d, t) is ent for d, t, _ in [(2, "Mr Bennani", 0), (3, "Bennani's", 0)]
    )
    assert ent.name == "Rashid Bennani" and ent.type == "PERSON"


def test_people_sharing_a_surname_stay_apart():
    groups = [
        G(1, "Peter Hallam"),
        G(1, "Hallam"),
        G(2, "Susan Hallam"),
        G(2, "Hallam"),
        G(3, "Hallam"),  # no full name here: could be either
        G(4, "Peter Hallam"),
        G(4, "Susan Hallam"),
        G(4, "Hallam"),  # both here: ambiguous even in its document
    ]
    result = entities(groups)
    peter, susan = entity_of(result, 1, "Peter Hallam"), entity_of(result, 2, "Susan Hallam")
    assert peter is not susan
    assert entity_of(result, 1, "Hallam") is peter
    assert entity_of(result, 2, "Hallam") is susan
    assert entity_of(result, 3, "Hallam") not in (peter, susan)
    assert entity_of(result, 4, "Hallam") not in (peter, susan)
    assert entity_of(result, 4, "Peter Hallam") is peter


def test_spelling_variants_of_full_names_join_across_documents():
    groups = [
        G(1, "Mustafa Qaddour"),
        G(2, "Mustapha Kaddour"),
        G(3, "Moustafa Gaddour"),
        G(3, "Gaddour"),
        G(4, "Youssef Darwish"),
        G(5, "Yusuf Darwesh"),
    ]
    result = entities(groups)
    assert same(result, (1, "Mustafa Qaddour"), (2, "Mustapha Kaddour"))
    assert same(result, (1, "Mustafa Qaddour"), (3, "Gaddour"))
    assert same(result, (4, "Youssef Darwish"), (5, "Yusuf Darwesh"))
    assert not same(result, (1, "Mustafa Qaddour"), (4, "Youssef Darwish"))


def test_same_skeleton_different_names_stay_apart():
    groups = [
        G(1, "Mahmoud Karim"),
        G(2, "Muhammad Karim"),
        G(3, "Rana Torres"),
        G(4, "Tories", "ORG"),
    ]
    result = entities(groups)
    assert not same(result, (1, "Mahmoud Karim"), (2, "Muhammad Karim"))
    assert not same(result, (3, "Rana Torres"), (4, "Tories"))


def test_lone_surname_variant_joins_the_only_person_with_that_surname():
    groups = [G(1, "Omar Tarhouni"), G(2, "Tarhuni"), G(3, "Terhouni")]
    result = entities(groups)
    assert same(result, (1, "Omar Tarhouni"), (2, "Tarhuni"))
    assert same(result, (1, "Omar Tarhouni"), (3, "Terhouni"))


def test_shorter_full_name_joins_the_unique_longer_one():
    groups = [G(1, "Ahmed Nabil Fawzi"), G(2, "Nabil Fawzi"), G(3, "Karim Fawzi")]
    result = entities(groups)
    assert same(result, (1, "Ahmed Nabil Fawzi"), (2, "Nabil Fawzi"))
    assert not same(result, (1, "Ahmed Nabil Fawzi"), (3, "Karim Fawzi"))


def test_epithet_after_a_surname_joins_in_its_document():
    groups = [G(1, "Omar Tarhouni"), G(1, "Tarhouni al-Kabir")]
    assert same(entities(groups), (1, "Omar Tarhouni"), (1, "Tarhouni al-Kabir"))


def test_acronyms_join_their_expansion():
    groups = [
        G(1, "the African Development Bank", "ORG"),
        G(1, "ADB", "ORG"),
        G(2, "ADB", "ORG"),
        G(3, "Organisation of Petroleum Exporting Countries", "ORG"),
        G(4, "OPEC", "ORG"),
    ]
    result = entities(groups)
    assert same(result, (1, "the African Development Bank"), (2, "ADB"))
    assert same(result, (3, "Organisation of Petroleum Exporting Countries"), (4, "OPEC"))


def test_ambiguous_acronym_prefers_its_document_else_stays_alone():
    groups = [
        G(1, "Arab Monetary Fund", "ORG"),
        G(1, "AMF", "ORG"),
        G(2, "Autorite des Marches Financiers", "ORG"),
        G(2, "AMF", "ORG"),
        G(3, "AMF", "ORG"),
    ]
    result = entities(groups)
    assert same(result, (1, "Arab Monetary Fund"), (1, "AMF"))
    assert same(result, (2, "Autorite des Marches Financiers"), (2, "AMF"))
    third = entity_of(result, 3, "AMF")
    assert third not in (entity_of(result, 1, "AMF"), entity_of(result, 2, "AMF"))


def test_country_and_demonym_stay_apart_and_places_take_no_parts():
    groups = [
        G(1, "Chad", "GPE"),
        G(1, "Chadian", "NORP"),
        G(2, "South Africa", "GPE"),
        G(2, "Africa", "LOC"),
        G(3, "Leeds United", "ORG"),
        G(3, "United", "ORG"),
    ]
    result = entities(groups)
    assert not same(result, (1, "Chad"), (1, "Chadian"))
    assert not same(result, (2, "South Africa"), (2, "Africa"))
    assert same(result, (3, "Leeds United"), (3, "United"))


def test_type_is_the_majority_and_names_beat_norp():
    assert majority_type({"NORP": 4, "PERSON": 2, "ORG": 1}) == "PERSON"
    assert majority_type({"GPE": 3, "FAC": 5}) == "FAC"
    assert majority_type({"ORG": 2, "PERSON": 2}) == "PERSON"
    groups = [G(1, "Sabri Jaber", "PERSON"), G(1, "Jaber", "NORP", 4), G(1, "Jaber", "ORG")]
    assert entity_of(entities(groups), 1, "Jaber").type == "PERSON"


def test_gazetteer_pins_names_and_keeps_actors_apart():
    actors = [
        Actor("Northern Alliance Council", "ORG", ("NAC", "Shura of the North")),
        Actor("Walid Mansour", "PERSON", ("Mansour",)),
        Actor("Walid Mansur", "PERSON", ()),  # a different person the user listed apart
    ]
    groups = [
        G(1, "Shura of the North", "GPE"),
        G(2, "NAC", "ORG"),
        G(3, "Mansour", "NORP"),
        G(4, "Walid Mansur"),
        G(5, "Walid Mansour"),
    ]
    result = entities(groups, actors)
    council = entity_of(result, 1, "Shura of the North")
    assert council is entity_of(result, 2, "NAC")
    assert council.name == "Northern Alliance Council" and council.type == "ORG"
    assert entity_of(result, 3, "Mansour").name == "Walid Mansour"
    assert entity_of(result, 3, "Mansour").type == "PERSON"
    assert not same(result, (4, "Walid Mansur"), (5, "Walid Mansour"))


def test_gazetteer_variant_spellings_reach_the_actor():
    actors = [Actor("Salem Bouzid", "PERSON", ())]
    result = entities([G(1, "Salim Bouzeid")], actors)
    assert result[0].name == "Salem Bouzid"


def test_display_name_is_the_fullest_common_name():
    groups = [G(1, "the Nile Basin Initiative", "ORG", 3), G(1, "Nile Basin Initiative's", "ORG")]
    assert entities(groups)[0].name == "Nile Basin Initiative"


def test_pairwise_helpers():
    assert spelling_variants("Khaled Mansour", "Khalid Mansur")
    assert not spelling_variants("Iraq", "Iraqi")
    assert not spelling_variants("Greek", "Creek")
    assert not spelling_variants("Ali Nasser", "Ollie Nasser")  # one skeleton, other names
    assert not spelling_variants("Bill Hartley", "Paul Hartley")
    assert "un" in acronym_of(("united", "nations"))
    assert "hor" in acronym_of(("house", "of", "representatives"))
    assert looks_like_acronym("U.N.") and looks_like_acronym("HoR") and looks_like_acronym("EU's")
    assert not looks_like_acronym("Paris")


NAMES = ["Omar Tarhouni", "Tarhouni", "Tarhuni", "Susan Hallam", "Hallam", "Peter Hallam",
         "ADB", "African Development Bank", "Mustafa Qaddour", "Kaddour", "Chad", "Chadian"]  # fmt: skip


def _partition(result):
    return sorted(sorted(ent.members) for ent in result)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.sampled_from(NAMES),
            st.sampled_from(["PERSON", "ORG", "NORP", "GPE"]),
        ),
        min_size=1,
        max_size=25,
        unique=True,
    ),
    st.randoms(use_true_random=False),
    st.permutations([1, 2, 3, 4]),
)
def test_clustering_does_not_depend_on_document_order(rows, rnd, perm):
    groups = [G(d, t, lab) for d, t, lab in rows]
    shuffled = list(groups)
    rnd.shuffle(shuffled)
    assert _partition(entities(groups)) == _partition(entities(shuffled))
    # Renumbering the documents (another ingest order) changes nothing but the numbers.
    renumber = {i + 1: p for i, p in enumerate(perm)}
    back = {v: k for k, v in renumber.items()}
    renamed = [G(renumber[g.document_id], g.text, g.label) for g in groups]
    restored = [
        sorted((back[d], t, lab, sex) for d, t, lab, sex in members)
        for members in _partition(entities(renamed))
    ]
    assert sorted(restored) == _partition(entities(groups))


def test_lone_names_with_other_vowels_are_other_people():
    """Across documents, nothing but the spelling links a lone surname to a full name: "Wang"
    is not "Eddie Wong", "Robin" not "Rick Rubin"; a doubled letter or a long near-identical
    surname still joins."""
    groups = [
        G(1, "Lin Wong"),
        G(2, "Wang"),
        G(3, "Dale Rubin"),
        G(4, "Robin"),
        G(5, "Pierre Barrot"),
        G(6, "Barot"),
        G(7, "Lisa Hoffmann"),
        G(8, "Huffman"),
        G(9, "Omar Tarhouni"),
        G(10, "Terhouni"),
    ]
    result = entities(groups)
    assert not same(result, (1, "Lin Wong"), (2, "Wang"))
    assert not same(result, (3, "Dale Rubin"), (4, "Robin"))
    assert not same(result, (7, "Lisa Hoffmann"), (8, "Huffman"))
    assert same(result, (5, "Pierre Barrot"), (6, "Barot"))
    assert same(result, (9, "Omar Tarhouni"), (10, "Terhouni"))


def test_lone_one_word_names_join_close_spellings_only():
    groups = [
        G(1, "Chad", "GPE"),
        G(2, "Chennai", "GPE"),
        G(3, "China", "GPE"),
        G(4, "Kufra", "GPE"),
        G(5, "Kofra", "GPE"),
        G(6, "Honda", "ORG"),
        G(7, "Hyundai", "ORG"),
        G(8, "Robin"),
        G(9, "Rubin"),
    ]
    result = entities(groups)
    assert not same(result, (2, "Chennai"), (3, "China"))
    assert not same(result, (6, "Honda"), (7, "Hyundai"))
    assert not same(result, (8, "Robin"), (9, "Rubin"))
    assert same(result, (4, "Kufra"), (5, "Kofra"))


def test_numbers_are_never_spellings():
    assert not spelling_variants("World War I", "World War II")
    assert not spelling_variants("Henry VIII", "Henry VII")
    assert not spelling_variants("Apollo 11", "Apollo 13")
    groups = [G(1, "World War I", "EVENT"), G(2, "World War II", "EVENT")]
    assert not same(entities(groups), (1, "World War I"), (2, "World War II"))


def test_words_made_of_roman_letters_are_not_numbers():
    from explorer.resolution.spelling import _is_numeral

    assert all(_is_numeral(w) for w in ("i", "ii", "iv", "viii", "xiv", "2020"))
    assert not any(_is_numeral(w) for w in ("civil", "vivid", "dill", "lid", "mild", "did", ""))


def test_lone_arabic_surnames_join_across_a_short_vowel():
    """Arabic's short vowels are written a, e or i: "Hafter" alone is still Khalifa Haftar
    (in surnames of six letters or more: "Salih" alone stays apart from "Aguila Saleh")."""
    groups = [
        G(1, "Khalifa Haftar"),
        G(2, "Hafter"),
        G(3, "Fayez al-Sarraj"),
        G(4, "Serraj"),
        G(5, "Ahmed al-Mismari"),
        G(6, "Mesmari"),
        G(7, "Nuri Bu Sahmain"),
        G(8, "Nouri Bou Sahmain"),
    ]
    result = entities(groups)
    assert same(result, (1, "Khalifa Haftar"), (2, "Hafter"))
    assert same(result, (3, "Fayez al-Sarraj"), (4, "Serraj"))
    assert same(result, (5, "Ahmed al-Mismari"), (6, "Mesmari"))
    assert same(result, (7, "Nuri Bu Sahmain"), (8, "Nouri Bou Sahmain"))


def test_full_names_one_surname_vowel_apart_are_two_people():
    """Same first name, surnames a vowel apart: two people unless the vowels are a/e/i(/y)
    swaps, which is how Arabic names are romanised."""
    assert not spelling_variants("David Davis", "David Davies")
    assert not spelling_variants("Donald Trump", "Donald Tramp")
    assert not spelling_variants("Ali Khamenei", "Ali Khomeini")
    assert spelling_variants("Khalifa Haftar", "Khalifa Hifter")
    assert spelling_variants("Saddam Hussein", "Saddam Husayn")
    assert spelling_variants("Hosni Mubarak", "Husni Mubarak")  # first names vary freely
    groups = [
        G(1, "David Davis"),
        G(2, "David Davies"),
        G(3, "Khalifa Hifter"),
        G(4, "Khalifa Haftar"),
    ]
    result = entities(groups)
    assert not same(result, (1, "David Davis"), (2, "David Davies"))
    assert same(result, (3, "Khalifa Hifter"), (4, "Khalifa Haftar"))
