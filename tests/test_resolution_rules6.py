"""Resolution rules of issue 12, sixth round (task rules6). Names of people, clubs and
organisations are written for these tests; country names are the country libraries' own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from resolution_support import G, assert_order_free, entity_of, group_rows

from explorer.resolution.corpus_forms import codes_written_as_words
from explorer.resolution.gazetteer import Actor
from explorer.resolution.lexicon import country_code
from explorer.resolution.resolve import cluster_surface_groups

# --------------------------------------------------------------------------- forms of state


def test_a_country_named_with_its_form_of_state_is_the_country():
    assert country_code("republic of korea") == country_code("south korea") == "KR"
    assert country_code("kingdom of bhutan") == country_code("bhutan") == "BT"
    assert country_code("principality of andorra") == "AD"
    # the form of state must lead, and the rest must be the country's own name
    assert country_code("bank of bhutan") is None
    assert country_code("republic of texas") is None
    assert country_code("kingdom of scotland") is None  # a part of a country


def test_a_country_written_with_its_form_of_state_joins_its_short_name():
    result = cluster_surface_groups(
        [
            G(1, "Republic of Moldova", "GPE", 2),
            G(2, "Moldova", "GPE", 5),
            G(3, "Kingdom of Bhutan", "GPE", 1),
            G(3, "Bhutan", "GPE", 3),
        ]
    )
    assert entity_of(result, 1, "Republic of Moldova") is entity_of(result, 2, "Moldova")
    assert entity_of(result, 3, "Kingdom of Bhutan") is entity_of(result, 3, "Bhutan")
    assert entity_of(result, 2, "Moldova") is not entity_of(result, 3, "Bhutan")


# --------------------------------------------------------------------------- codes as words


def test_a_country_code_written_as_a_word_is_not_the_country():
    result = cluster_surface_groups(
        [
            G(1, "US", "GPE", 5),
            G(2, "United States", "GPE", 3),
            G(3, "U.S.", "GPE", 2),
            G(4, "Us", "GPE", 1),  # "Us magazine": the model calls it a place
            G(4, "Fra", "PERSON", 1),
        ]
    )
    country = entity_of(result, 1, "US")
    assert country is entity_of(result, 2, "United States") is entity_of(result, 3, "U.S.")
    assert entity_of(result, 4, "Us") is not country
    assert "Us" not in {alias for alias, _key in country.aliases}


def test_a_code_in_capitals_claims_the_word_only_where_the_corpus_writes_it():
    forms = codes_written_as_words(
        {"US": "us", "U.S.": "us", "US's": "us", "Us": "us", "Ken": "ken", "Li": "li"}
    )
    assert forms["US"] == forms["U.S."] == forms["US's"] == "us"
    assert forms["Us"] != "us"
    assert forms["Ken"] == "ken" and forms["Li"] == "li"  # no capitals claim them: names
    assert codes_written_as_words({"UK": "uk", "Uk": "uk"}) == {"UK": "uk", "Uk": "uk"}
    alone = codes_written_as_words({"Us": "us", "Us Weekly": "us weekly"})
    assert alone == {"Us": "us", "Us Weekly": "us weekly"}


def test_a_first_name_that_is_a_country_code_still_joins_its_person():
    result = cluster_surface_groups([G(1, "Ken Quillby", "PERSON", 2), G(1, "Ken", "PERSON", 1)])
    assert entity_of(result, 1, "Ken") is entity_of(result, 1, "Ken Quillby")


# --------------------------------------------------------------------------- peers


def _peer_corpus():
    return [
        G(1, "Quentonbury", "GPE", 4),  # the town
        G(2, "Quentonbury", "ORG", 3),  # its club
        G(3, "Quentonbury", "PERSON", 1, ("lord",)),  # "Lord Quentonbury", prime minister
        G(4, "Quentonbury", "PERSON", 1, ("baroness",)),
        G(7, "Quentonbury", "PERSON", 1, ("lord",)),
        G(5, "Ovid Brackwell", "PERSON", 3),
        G(6, "Brackwell", "PERSON", 2, ("lord",)),  # "Lord Brackwell": a person's own name
    ]


def test_a_peer_titled_after_a_place_is_a_person_apart_from_the_place():
    result = cluster_surface_groups(_peer_corpus())
    place = entity_of(result, 1, "Quentonbury")
    peer = entity_of(result, 3, "Quentonbury")
    assert peer is not place and peer.type == "PERSON"
    assert entity_of(result, 7, "Quentonbury") is peer  # the peers of one title, one cluster
    assert entity_of(result, 4, "Quentonbury") is peer  # one name: the same-name rule's
    assert entity_of(result, 2, "Quentonbury") is place  # untitled: the place's rules decide


def test_a_peerage_title_on_a_persons_name_leaves_the_person_rules_alone():
    result = cluster_surface_groups(_peer_corpus())
    assert entity_of(result, 6, "Brackwell") is entity_of(result, 5, "Ovid Brackwell")


# --------------------------------------------------------------------------- listed actors


def test_a_listed_short_name_never_goes_to_another_listed_actor_in_its_story():
    actors = [
        Actor("Velmar Party", "ORG", ("Velmarists", "Velmarist")),
        Actor("Free Velmarists", "ORG", ("Free Velmarist",)),
    ]
    groups = [
        # one story writes both parties: "Free Velmarist leader X welcomed Velmarist Y"
        G(1, "Free Velmarist", "ORG", 2),
        G(1, "Velmarist", "ORG", 1),
        G(2, "Velmarists", "ORG", 3),
        G(3, "Free Velmarists", "ORG", 2),
    ]
    result = cluster_surface_groups(groups, actors)
    velmar = entity_of(result, 2, "Velmarists")
    assert velmar.name == "Velmar Party"
    assert entity_of(result, 1, "Velmarist") is velmar
    assert entity_of(result, 1, "Free Velmarist") is entity_of(result, 3, "Free Velmarists")
    assert entity_of(result, 1, "Free Velmarist") is not velmar


# --------------------------------------------------------------------------- order independence

NAMES6 = ["Quentonbury", "Ovid Brackwell", "Brackwell", "US", "Us", "United States",
          "Republic of Moldova", "Moldova", "Velmarist", "Free Velmarist", "Velmarists"]  # fmt: skip
ACTORS6 = [
    Actor("Velmar Party", "ORG", ("Velmarists", "Velmarist")),
    Actor("Free Velmarists", "ORG", ("Free Velmarist",)),
]


@settings(max_examples=60, deadline=None)
@given(
    group_rows(NAMES6, [(), ("lord",), ("baroness",), ("mr",)]),
    st.randoms(use_true_random=False),
    st.permutations([1, 2, 3, 4]),
)
def test_the_sixth_round_rules_do_not_depend_on_document_order(rows, rnd, perm):
    assert_order_free(rows, rnd, perm, ACTORS6)
