"""Resolution rules of issue 12 points 2-4: same names, short forms by evidence, names that
cannot be one person. Every name is written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from resolution_support import G, assert_order_free, entity_of, group_rows

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.decisions import SPLIT, CurationDecision, apply_decisions
from explorer.resolution.evidence import GroupEvidence, MentionContext, mention_evidence
from explorer.resolution.lexicon import given_name_gender, same_given_name
from explorer.resolution.people import first_names_clash, title_gender
from explorer.resolution.resolve import build_entities, cluster_groups, cluster_surface_groups


def resolve(groups):
    return cluster_surface_groups(groups)


# --------------------------------------------------------------------------- same name


def test_two_clusters_with_one_name_and_type_become_one():
    groups = [
        G(1, "Harbour Cup", "EVENT", 3),
        G(2, "Harbour Cup", "EVENT", 4),  # a part of the longer name in its document
        G(2, "Harbour Cup Finals", "EVENT", 1),
        G(3, "Harbour Cup", "EVENT", 2),
    ]
    result = resolve(groups)
    names = [ent.name for ent in result]
    assert names.count("Harbour Cup") == 1
    assert entity_of(result, 1, "Harbour Cup") is entity_of(result, 2, "Harbour Cup Finals")


def test_same_name_of_another_type_stays_apart():
    groups = [
        G(1, "Velmont Park", "GPE", 5),
        G(2, "Velmont Park Rangers", "ORG"),
        G(2, "Velmont Park", "ORG", 3),  # the club, a part of its name here
    ]
    result = resolve(groups)
    club = entity_of(result, 2, "Velmont Park")
    assert club.name == "Velmont Park" and club.type == "ORG"
    assert entity_of(result, 1, "Velmont Park") is not club


def test_the_users_split_comes_after_the_same_name_rule():
    groups = [
        G(1, "Harbour Cup", "EVENT", 3),
        G(2, "Harbour Cup", "EVENT", 4),
        G(2, "Harbour Cup Finals", "EVENT", 1),
    ]
    clustering = cluster_groups(groups)
    assert len([c for c in clustering.clusters if c]) == 1
    split = CurationDecision(
        1,
        SPLIT,
        {"entity": {"keys": {"harbour cup": 7}}, "key": "harbour cup finals"},
        "",
    )
    result = build_entities(apply_decisions(clustering, [split]))
    assert len(result) == 2


# --------------------------------------------------------------------------- first names


def test_a_bare_first_name_never_joins_by_string_across_documents():
    groups = [
        G(1, "Owen Marcus"),  # Marcus is his surname, and many people's first name
        G(2, "Marcus Hale", count=3),
        G(3, "Marcus Pellow", count=2),
        G(4, "Marcus"),
    ]
    result = resolve(groups)
    assert entity_of(result, 4, "Marcus") is not entity_of(result, 1, "Owen Marcus")


def test_a_bare_first_name_joins_the_one_person_of_its_document_with_that_first_name():
    groups = [G(1, "Paula Radmore"), G(1, "Paula", count=4), G(2, "Paula Radmore")]
    result = resolve(groups)
    assert entity_of(result, 1, "Paula") is entity_of(result, 1, "Paula Radmore")


def test_a_bare_first_name_with_two_such_people_in_its_document_stays_apart():
    groups = [G(1, "Kevin Ashdown"), G(1, "Kevin Lorrimer"), G(1, "Kevin")]
    result = resolve(groups)
    kevin = entity_of(result, 1, "Kevin")
    assert kevin not in (
        entity_of(result, 1, "Kevin Ashdown"),
        entity_of(result, 1, "Kevin Lorrimer"),
    )


def test_a_titled_first_name_is_someone_else():
    # "Prince Edmund" is stored as "Edmund" with the title "prince"
    groups = [G(1, "Edmund Farlow"), G(1, "Edmund", titles=("prince",))]
    result = resolve(groups)
    assert entity_of(result, 1, "Edmund") is not entity_of(result, 1, "Edmund Farlow")


def test_different_first_names_never_join_but_nicknames_do():
    groups = [
        G(1, "Diane Korvath"),
        G(2, "Danny Korvath"),
        G(3, "Steven Garrow", count=5),
        G(4, "Steve Garrow"),
    ]
    result = resolve(groups)
    assert entity_of(result, 1, "Diane Korvath") is not entity_of(result, 2, "Danny Korvath")
    assert entity_of(result, 3, "Steven Garrow") is entity_of(result, 4, "Steve Garrow")


def test_nicknames_do_not_join_where_the_surname_has_other_first_names():
    groups = [G(1, "Robbie Wellan", count=5), G(2, "Robin Wellan"), G(3, "Andrea Wellan")]
    result = resolve(groups)
    assert entity_of(result, 1, "Robbie Wellan") is not entity_of(result, 2, "Robin Wellan")


def test_first_name_helpers():
    assert given_name_gender("Diane") == "female" and given_name_gender("Danny") == "male"
    assert same_given_name("Bill", "William") and same_given_name("Steve", "Steven")
    assert not same_given_name("Diane", "Danny")
    assert first_names_clash("Diane", "Danny") and not first_names_clash("Steve", "Steven")
    assert not first_names_clash(
        "Fayez", "Faiz"
    )  # spellings of one name: the spelling rules decide
    assert title_gender(["mrs"]) == "female" and title_gender(["sir"]) == "male"
    assert title_gender(["mr", "mrs"]) is None and title_gender(["president"]) is None


# --------------------------------------------------------------------------- gender


def test_mrs_never_joins_a_mans_name():
    groups = [
        G(1, "Michael Hadleigh", count=5),
        G(1, "Hadleigh", count=2, titles=("mrs",)),  # his wife, in his document
        G(2, "Hadleigh", titles=("mrs",)),
        G(3, "Hadleigh", titles=("mr",)),
    ]
    result = resolve(groups)
    michael = entity_of(result, 1, "Michael Hadleigh")
    assert entity_of(result, 1, "Hadleigh") is not michael
    assert entity_of(result, 2, "Hadleigh") is not michael
    assert entity_of(result, 3, "Hadleigh") is michael


def test_mrs_joins_the_woman_with_that_surname():
    groups = [
        G(1, "Michael Hadleigh", count=5),
        G(2, "Sandra Hadleigh"),
        G(3, "Hadleigh", titles=("mrs",)),
        G(4, "Ms Hadleigh"),  # an honorific still written in the mention
    ]
    result = resolve(groups)
    sandra = entity_of(result, 2, "Sandra Hadleigh")
    assert entity_of(result, 3, "Hadleigh") is sandra
    assert entity_of(result, 4, "Ms Hadleigh") is sandra


# --------------------------------------------------------------------------- surnames by evidence


def _blaxtons(tony: int, cherie: int) -> list[SurfaceGroup]:
    return [G(1, "Tony Blaxton", count=tony), G(2, "Cherie Blaxton", count=cherie)]


def test_a_shared_surname_goes_to_the_person_holding_the_great_majority():
    result = resolve([*_blaxtons(40, 2), G(3, "Blaxton", count=2)])
    assert entity_of(result, 3, "Blaxton") is entity_of(result, 1, "Tony Blaxton")


def test_a_shared_surname_without_a_clear_majority_stays_apart():
    result = resolve([*_blaxtons(10, 8), G(3, "Blaxton", count=2)])
    blaxton = entity_of(result, 3, "Blaxton")
    assert blaxton not in (
        entity_of(result, 1, "Tony Blaxton"),
        entity_of(result, 2, "Cherie Blaxton"),
    )


def test_a_shared_surname_follows_the_documents_other_actors():
    groups = [
        *_blaxtons(10, 8),
        G(2, "Orrin Foundation", "ORG"),  # Cherie's co-actors
        G(2, "Pellham", "GPE"),
        G(2, "Mara Quist"),
        G(1, "Treasury Board", "ORG"),  # Tony's
        G(3, "Blaxton", count=2),
        G(3, "Orrin Foundation", "ORG"),
        G(3, "Pellham", "GPE"),
        G(3, "Mara Quist"),
    ]
    result = resolve(groups)
    assert entity_of(result, 3, "Blaxton") is entity_of(result, 2, "Cherie Blaxton")


def test_a_surname_document_first():
    groups = [*_blaxtons(40, 2), G(2, "Blaxton", count=3)]
    result = resolve(groups)
    assert entity_of(result, 2, "Blaxton") is entity_of(result, 2, "Cherie Blaxton")


def test_a_shared_word_not_called_a_person_joins_nobody_by_majority():
    groups = [
        G(1, "Liam Foxley", count=30),
        G(2, "Dana Foxley"),
        G(3, "Foxley", "ORG", 3),  # "Foxley Broadcasting", cut short by NER
    ]
    result = resolve(groups)
    assert entity_of(result, 3, "Foxley") is not entity_of(result, 1, "Liam Foxley")


# --------------------------------------------------------------------------- order


NAMES = ["Tony Blaxton", "Cherie Blaxton", "Blaxton", "Paula Radmore", "Paula", "Owen Marcus",
         "Marcus", "Marcus Hale", "Steve Garrow", "Steven Garrow", "Harbour Cup",
         "Harbour Cup Finals"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    group_rows(NAMES, [(), ("mrs",), ("mr",)], labels=("PERSON", "ORG", "EVENT"), max_count=6),
    st.randoms(use_true_random=False),
    st.permutations([1, 2, 3, 4]),
)
def test_these_rules_do_not_depend_on_document_order(rows, rnd, perm):
    assert_order_free(rows, rnd, perm)


# --------------------------------------------------------------------------- short spans, spellings


def test_a_name_cut_short_follows_the_longer_name_it_heads():
    groups = [
        G(1, "Norvia Broadcasting", "ORG", 3),
        G(1, "NBX", "ORG", 2),
        G(2, "NBX", "ORG", 2),  # written "NBX Two" both times: the model cut it short
        G(3, "NBX Two", "ORG", 4),
    ]
    evidence = {(2, "NBX", "ORG", ""): GroupEvidence(continuations={"Two": 2})}
    result = build_entities(cluster_groups(groups, (), evidence))
    assert entity_of(result, 2, "NBX") is entity_of(result, 3, "NBX Two")
    assert entity_of(result, 1, "NBX") is not entity_of(result, 3, "NBX Two")


def test_continuations_are_read_from_the_text_after_a_mention():
    found = mention_evidence("Scottish", MentionContext("said the ", " Executive's plan"))
    assert found is not None and found.continuations == {"Executive": 1}
    assert mention_evidence("Blair", MentionContext("Mr ", "'s Cabinet")).continuations == {}


def test_one_word_spellings_with_nothing_in_common_around_them_stay_apart():
    football = [G(d, n, "ORG") for d in (1, 2) for n in ("Dunmore Rovers", "Kelvin Park")]
    telecom = [G(d, n, "ORG") for d in (3, 4) for n in ("Ortel Mobile", "Pixway")]
    groups = [
        *football,
        *telecom,
        G(1, "Celdric", "ORG", 4),
        G(2, "Celdric", "ORG", 3),
        G(3, "Celldrick", "ORG", 2),  # a phone company, not the club
        G(5, "Celdrik", "ORG"),  # a document with nobody else: the spelling decides
    ]
    result = resolve(groups)
    assert entity_of(result, 3, "Celldrick") is not entity_of(result, 1, "Celdric")
    assert entity_of(result, 5, "Celdrik") is entity_of(result, 1, "Celdric")


def test_entities_say_why_a_short_form_joined():
    result = resolve([*_blaxtons(40, 2), G(3, "Blaxton", count=2), G(2, "Blaxton")])
    tony = entity_of(result, 1, "Tony Blaxton")
    assert tony.reasons[(3, "Blaxton", "PERSON", "")] == "surname: corpus majority 0.95"
    cherie = entity_of(result, 2, "Cherie Blaxton")
    assert cherie.reasons[(2, "Blaxton", "PERSON", "")] == "part of a name: same document"


def test_short_forms_never_join_a_compound_span():
    groups = [
        G(1, "Velorian Tam Okafor", count=3),  # a people's word glued to his name
        G(1, "Velorian", "NORP", 5),
        G(2, "Velorian", "NORP", 4),
        G(3, "Okafor"),
    ]
    result = resolve(groups)
    assert entity_of(result, 3, "Okafor") is not entity_of(result, 1, "Velorian Tam Okafor")


def test_a_plural_inside_an_organisations_name_joins_its_singular():
    from explorer.resolution.forms import plural_pairs

    types = {"harbour chambers of trade": "ORG", "harbour chamber of trade": "ORG"}
    assert plural_pairs(types) == [("harbour chambers of trade", "harbour chamber of trade")]
    assert plural_pairs({"ann williams": "PERSON", "ann william": "PERSON"}) == []


def test_a_person_and_a_place_never_merge_by_spelling():
    groups = [
        G(1, "Marenna", "GPE", 4),
        G(1, "Tobruk Road", "FAC"),
        G(2, "Marena", "PERSON", 3),
        G(2, "Ilse Varga"),
    ]
    result = resolve(groups)
    assert entity_of(result, 1, "Marenna") is not entity_of(result, 2, "Marena")


def test_a_name_of_its_own_does_not_join_a_longer_name_by_containment():
    groups = [
        *[G(d, "Quintell", "ORG", 2) for d in (1, 2, 3, 4)],  # the company, everywhere
        G(4, "Quintell Insider", "ORG"),  # a website about it, in one story
        G(5, "Quintell Insider", "ORG"),
        G(6, "Hartfield United", "ORG", 2),
        G(6, "United", "ORG", 3),  # the club's short name in its story
        G(7, "United", "ORG"),
    ]
    result = resolve(groups)
    assert entity_of(result, 4, "Quintell") is entity_of(result, 1, "Quintell")
    assert entity_of(result, 4, "Quintell") is not entity_of(result, 4, "Quintell Insider")
    assert entity_of(result, 6, "United") is entity_of(result, 6, "Hartfield United")


def test_forms_joined_whole_carry_their_reason():
    result = resolve([G(1, "Steven Garrow", count=5), G(2, "Steve Garrow")])
    steven = entity_of(result, 1, "Steven Garrow")
    assert set(steven.reasons.values()) == {"nickname"}


def test_a_first_name_joins_the_person_its_document_names_by_surname():
    groups = [
        G(1, "Tim Hollister", count=6),
        G(2, "Hollister", count=3),  # joins Tim Hollister: the only Hollister
        G(2, "Tim", count=2),  # so "Tim" in that story is him
        G(3, "Tim"),  # nobody named here
    ]
    result = resolve(groups)
    tim = entity_of(result, 1, "Tim Hollister")
    assert entity_of(result, 2, "Hollister") is tim
    assert entity_of(result, 2, "Tim") is tim
    assert entity_of(result, 3, "Tim") is not tim


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),
            st.text(min_size=1, max_size=20),
            st.sampled_from(["PERSON", "ORG", "GPE", "NORP"]),
            st.lists(st.sampled_from(["mrs", "mr", "sir", "president", ""]), max_size=2),
        ),
        max_size=12,
        unique_by=lambda row: row[:3],
    )
)
def test_any_surfaces_and_titles_resolve_without_error(rows):
    groups = [G(d, t, lab, 1, tuple(sorted(set(ti)))) for d, t, lab, ti in rows]
    result = resolve(groups)
    assert sorted(m for e in result for m in e.members) == sorted(g.key for g in groups)


# --------------------------------------------------------------------------- second round


def test_a_work_cue_is_read_right_before_a_name_and_not_across_a_sentence():
    found = mention_evidence("Wren", MentionContext("the hit biopic ", " has won"))
    assert found is not None and found.work_cues == 1
    after_stop = mention_evidence("Wren", MentionContext("a new film. ", " said"))
    assert after_stop is None or after_stop.work_cues == 0


def test_a_title_written_as_a_work_never_joins_the_person_it_names():
    # "Lorna Vale in the biopic Lorna": the film, not the singer's first name
    groups = [G(1, "Lorna Vale", count=2), G(1, "Lorna", count=3), G(2, "Lorna Vale")]
    evidence = {(1, "Lorna", "PERSON", ""): GroupEvidence(work_cues=1)}
    result = build_entities(cluster_groups(groups, (), evidence))
    assert entity_of(result, 1, "Lorna") is not entity_of(result, 1, "Lorna Vale")
    # without the cue the first name joins the document's one Lorna
    plain = resolve(groups)
    assert entity_of(plain, 1, "Lorna") is entity_of(plain, 1, "Lorna Vale")


def test_a_surname_written_as_a_work_joins_nobody():
    groups = [G(d, "Odile Brask") for d in (1, 2, 3)] + [G(4, "Brask", count=2)]
    evidence = {(4, "Brask", "PERSON", ""): GroupEvidence(work_cues=2)}
    result = build_entities(cluster_groups(groups, (), evidence))
    assert entity_of(result, 4, "Brask") is not entity_of(result, 1, "Odile Brask")
    plain = resolve(groups)
    assert entity_of(plain, 4, "Brask") is entity_of(plain, 1, "Odile Brask")


def test_a_middle_name_written_apart_from_the_surname_is_an_ancestors_name():
    # "Tamer Rashid Fawzi Qandil": Rashid is a father's name, "Rashid Qandil" another person
    chain = [G(1, "Tamer Rashid Qandil"), G(2, "Tamer Rashid Fawzi Qandil"), G(3, "Rashid Qandil")]
    result = resolve(chain)
    assert entity_of(result, 3, "Rashid Qandil") is not entity_of(result, 1, "Tamer Rashid Qandil")
    # a second given name side by side with the surname in every longer name is a short form
    given = [G(1, "Emre Selim Kaya"), G(2, "Selim Kaya")]
    result = resolve(given)
    assert entity_of(result, 2, "Selim Kaya") is entity_of(result, 1, "Emre Selim Kaya")


def test_a_place_goes_with_the_club_its_document_names_after_it():
    # "Real Torvado" and the city "Torvado": in the match report "Torvado" is the club
    groups = [
        G(1, "Real Torvado", "ORG", 2),
        G(1, "Torvado", "GPE", 3),
        G(2, "Torvado", "GPE", 4),  # a city story
        G(3, "Torvado", "GPE", 2),
    ]
    result = resolve(groups)
    assert entity_of(result, 1, "Torvado") is entity_of(result, 1, "Real Torvado")
    assert entity_of(result, 2, "Torvado") is not entity_of(result, 1, "Real Torvado")
    assert entity_of(result, 2, "Torvado") is entity_of(result, 3, "Torvado")


def test_a_place_with_a_place_cue_stays_the_place_beside_its_club():
    groups = [G(1, "Real Torvado", "ORG", 2), G(1, "Torvado", "GPE"), G(2, "Torvado", "GPE")]
    evidence = {(1, "Torvado", "GPE", ""): GroupEvidence(place_cues=1)}
    result = build_entities(cluster_groups(groups, (), evidence))
    assert entity_of(result, 1, "Torvado") is not entity_of(result, 1, "Real Torvado")


def test_a_place_never_goes_to_a_station_or_two_clubs():
    station = [G(1, "KTV Torvado", "ORG"), G(1, "Torvado", "GPE"), G(2, "Torvado", "GPE")]
    result = resolve(station)
    assert entity_of(result, 1, "Torvado") is not entity_of(result, 1, "KTV Torvado")
    two = [
        G(1, "Real Torvado", "ORG"),
        G(1, "Sporting Torvado", "ORG"),
        G(1, "Torvado", "GPE"),
        G(2, "Torvado", "GPE"),
    ]
    result = resolve(two)
    assert entity_of(result, 1, "Torvado") is entity_of(result, 2, "Torvado")


def test_the_second_round_rules_do_not_depend_on_the_order_of_groups():
    groups = [
        G(1, "Real Torvado", "ORG", 2),
        G(1, "Torvado", "GPE", 3),
        G(2, "Torvado", "GPE", 4),
        G(3, "Lorna Vale", count=2),
        G(3, "Lorna", count=3),
        G(4, "Tamer Rashid Fawzi Qandil"),
        G(5, "Rashid Qandil"),
        G(6, "Tamer Rashid Qandil"),
    ]
    evidence = {(3, "Lorna", "PERSON", ""): GroupEvidence(work_cues=1)}

    def partition(ordered):
        result = build_entities(cluster_groups(ordered, (), evidence))
        return sorted(sorted(e.members) for e in result)

    assert partition(groups) == partition(list(reversed(groups)))
    assert partition(groups) == partition(groups[3:] + groups[:3])
