"""Mention cleaning (explorer/spans/): each rule on sentences written for the tests, offsets
kept by property, and the rules through the real spaCy pipeline where NER decides the span."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.spans import (
    RawSpan,
    clean_mention,
    common_word,
    continue_cut_names,
    evidence_of,
    rejoin_split_names,
    without_sentence_lead,
)


def names(span: str, label: str = "ORG", before: str = "Then ", after: str = " came.", **kw):
    """The cleaned mentions of ``span`` placed in a sentence, as (text, title) pairs."""
    text = before + span + after
    start = len(before)
    pieces = clean_mention(text, start, start + len(span), label, **kw)
    for piece in pieces:
        assert start <= piece.start < piece.end <= start + len(span)
    return [(text[p.start : p.end], p.title) for p in pieces]


def texts(span: str, label: str = "ORG", **kw) -> list[str]:
    return [text for text, _ in names(span, label, **kw)]


# --------------------------------------------------------------------------- line breaks


def test_a_mention_never_crosses_a_line_break():
    assert texts("Orvieto Playhouse \n - Best", "FAC") == ["Orvieto Playhouse"]
    assert texts("Bay of Tamsin\nSat Nov 12 2011", "LOC") == ["Bay of Tamsin"]
    assert texts("\u2028Quillon Bank", "ORG") == ["Quillon Bank"]  # the first line with a name
    assert texts("42\r\nQuillon Bank") == ["Quillon Bank"]


# --------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Dario Velez -", ["Dario Velez"]),
        ("Dark Harbour Saga:", ["Dark Harbour Saga"]),
        ("non-", []),
        ("- Velmora", ["Velmora"]),
        ("'Velmora'", ["Velmora"]),
        ("Velmora Ltd.", ["Velmora Ltd."]),
        ("Harlan Moss Jr.", ["Harlan Moss Jr."]),
        ("the U.N.", ["U.N."]),
        ("St. Kilver", ["St. Kilver"]),
        ("Velmora.", ["Velmora"]),
        ("B&T", ["B&T"]),
        ("Zoomba!", ["Zoomba!"]),
        ("Canal+", ["Canal+"]),
        ("Aoife O'Hara", ["Aoife O'Hara"]),
        ("Mahmud al-Qatrani", ["Mahmud al-Qatrani"]),
        ("Velmora (VLM", ["Velmora", "VLM"]),
        ("Velmora; Quillon", ["Velmora", "Quillon"]),
    ],
)
def test_edge_punctuation_and_dangling_hyphens(span: str, expected: list[str]):
    assert texts(span) == expected


def test_possessives_are_trimmed_whatever_the_apostrophe():
    for span in ("Ostrova’s", "Ostrova's", "Ostrova‘s", "OSTROVA'S"):
        assert texts(span, "PERSON") == [span[:-2]]
    assert texts("Dimas'", "PERSON") == ["Dimas"]
    assert texts("Dimas’", "PERSON") == ["Dimas"]
    assert texts("The Quillon Health Agency’s") == ["The Quillon Health Agency"]
    assert texts("Ostrova¿s", "PERSON") == ["Ostrova"]  # a mis-decoded apostrophe


# --------------------------------------------------------------------------- lower-case words


def test_lowercase_lead_words_are_trimmed_particles_stay():
    assert texts("a Lorenzo Fabbri Amato", "PERSON") == ["Lorenzo Fabbri Amato"]
    assert texts("rang Teodora", "PERSON") == ["Teodora"]
    assert texts("post-Harvest Cup", "EVENT") == ["Harvest Cup"]
    assert texts("anti-Velmora") == ["Velmora"]
    assert texts("Ex-Quillon") == ["Quillon"]
    assert texts("the Velmora Institute") == ["Velmora Institute"]
    assert texts("al-Qatrani", "PERSON") == ["al-Qatrani"]
    assert texts("bin Talal", "PERSON") == ["bin Talal"]
    assert texts("van Loon", "PERSON") == ["van Loon"]
    assert texts("de Villepont", "PERSON") == ["de Villepont"]
    assert texts("Piet van der Berge", "PERSON") == ["Piet van der Berge"]
    assert texts("Kasper van", "PERSON") == ["Kasper"]  # a name never ends with a particle
    assert texts("iGlimmer") == ["iGlimmer"]  # brand casing is a name
    assert texts("mosques", "FAC") == []
    assert texts("eastern assembly") == []


def test_lowercase_words_inside_end_a_name_connectors_do_not():
    assert texts("the Commons on Tuesday") == ["Commons", "Tuesday"]
    assert texts("Brasko joined Velmora City") == ["Brasko", "Velmora City"]
    assert texts("the Bank of Quillon") == ["Bank of Quillon"]
    assert texts("Institute for Velmora Studies") == ["Institute for Velmora Studies"]
    assert texts("Frankfurt am Quill", "GPE") == ["Frankfurt am Quill"]
    assert texts("Stratwick-upon-Lune", "GPE") == ["Stratwick-upon-Lune"]
    assert texts("the Institute for Lune Studies at") == ["Institute for Lune Studies"]


def test_hyphenated_suffixes_end_a_name():
    assert texts("the Quillon-based Council of Elders") == ["Quillon", "Council of Elders"]
    assert texts("Harlan Moss-style", "PERSON") == ["Harlan Moss"]


def test_a_capitalised_article_at_a_sentence_start_is_trimmed():
    text = "The Quillon Council met. The Hague"
    assert [
        text[p.start : p.end] for p in clean_mention(text, 0, 19, "ORG", sentence_start=True)
    ] == ["Quillon Council"]
    assert texts("The Velmora Times") == ["The Velmora Times"]  # inside a sentence: part of it


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Novelist Andrina Levett", [("Andrina Levett", "novelist")]),
        ("Rapper Emdash", [("Emdash", "rapper")]),
        ("Mr Bralley", [("Bralley", "mr")]),
        ("Mrs Hatherley", [("Hatherley", "mrs")]),
        ("Dr. Okonkwo Ibe", [("Okonkwo Ibe", "dr")]),
        ("President Valdrin", [("Valdrin", "president")]),
        ("Foreign Secretary Jack Strand", [("Jack Strand", "foreign secretary")]),
        ("Home Secretary Carla Lindqvist", [("Carla Lindqvist", "home secretary")]),
        ("Gen. Rashid Omari", [("Rashid Omari", "gen")]),
        ("Field Marshal Rashid Omari", [("Rashid Omari", "field marshal")]),
        ("Iskan Prime Minister Dovan Reel", [("Dovan Reel", "prime minister")]),
        ("Sir Alden Fergus", [("Alden Fergus", "sir")]),
        ("Pope Innocent XIV", [("Innocent XIV", "pope")]),
        ("rapper Emdash", [("Emdash", "rapper")]),
        ("Velmora boss Ivo Carden", [("Velmora", ""), ("Ivo Carden", "boss")]),
        # a style in front of one name is part of it; the title is still recorded
        ("Prince Aldric", [("Prince Aldric", "prince")]),
        ("Lady Velvette", [("Lady Velvette", "lady")]),
        ("Queen Maren II", [("Queen Maren II", "queen")]),
        # title words that are names, or not titles of people
        ("Tad King Colley", [("Tad King Colley", "")]),
        ("Sasha Baron Kovner", [("Sasha Baron Kovner", "")]),
        ("St Elmsworth", [("St Elmsworth", "")]),
        ("Celebrity Quiz Night", [("Celebrity Quiz Night", "")]),
        ("Prime Minister", [("Prime Minister", "")]),
    ],
)
def test_titles_in_front_of_a_persons_name_become_evidence(span: str, expected: list):
    assert names(span, "PERSON", before="Later ") == expected


def test_forms_of_address_are_trimmed_whatever_the_label_and_end_what_stands_before():
    assert names("Mr Ebberley", "ORG", before="Later ") == [("Ebberley", "mr")]
    assert names("Tanzara Mr Brill", "GPE") == [("Tanzara", ""), ("Brill", "mr")]
    assert texts("DR Velmora", "GPE") == ["DR Velmora"]  # not "Dr": the exact case counts
    assert texts("Miss Universe Quill", "EVENT") == ["Miss Universe Quill"]
    assert texts("Mr", "PERSON") == []


def test_titles_just_outside_the_span_are_recorded():
    text = "Yesterday Mrs Hatherley and Defence Secretary Jon Hoon met."
    howard = text.index("Hatherley")
    assert clean_mention(text, howard, howard + 9, "PERSON")[0].title == "mrs"
    jon = text.index("Jon")
    assert clean_mention(text, jon, jon + 8, "PERSON")[0].title == "defence secretary"
    club = "the Lunford United manager Kev Blackmoor"
    kev = club.index("Kev")
    assert clean_mention(club, kev, len(club), "PERSON")[0].title == "manager"
    assert clean_mention(text, jon, jon + 8, "ORG")[0].title == ""  # titles are for people


def test_post_nominals_are_trimmed_name_suffixes_stay():
    assert texts("Philippa Sandes QC", "PERSON") == ["Philippa Sandes"]
    assert texts("Rowan Ince OBE", "PERSON") == ["Rowan Ince"]
    assert texts("Ana Lutz PhD", "PERSON") == ["Ana Lutz"]
    assert texts("Harlan Moss Jr", "PERSON") == ["Harlan Moss Jr"]
    assert texts("Harlan Moss III", "PERSON") == ["Harlan Moss III"]
    assert texts("Tobin Ed", "PERSON") == ["Tobin Ed"]  # a given name, not a degree
    assert texts("Velmora Party MPs") == ["Velmora Party"]


def test_office_words_are_not_actors():
    text = "Interior Minister Fathom Bask met the Secretary of State and the UN Secretary."
    assert clean_mention(text, 0, 8, "ORG") == []
    state = text.index("State")
    assert clean_mention(text, state, state + 5, "ORG") == []
    un = text.index("UN ")
    assert len(clean_mention(text, un, un + 2, "ORG")) == 1  # an acronym is an actor
    ministers = "the foreign ministers of Velmora"
    v = ministers.index("Velmora")
    assert len(clean_mention(ministers, v, v + 7, "GPE")) == 1  # places stay


# --------------------------------------------------------------------------- scores, numbers


def test_scores_and_glued_numbers_are_trimmed():
    assert texts("Lunford 2-1") == ["Lunford"]
    assert texts("Dario Velez 6-2 6-7", "PERSON") == ["Dario Velez"]
    assert texts("Ines Kova 1-6,4-6", "PERSON") == ["Ines Kova"]
    assert texts("Dario Velez 4-", "PERSON") == ["Dario Velez"]
    assert texts("Lunford 3", evidence={"Lunford"}) == ["Lunford"]
    assert texts("Radio 9") == ["Radio 9"]  # no "Radio" alone in the document: a name
    assert texts("745bn Velmoran", "NORP") == ["Velmoran"]


# --------------------------------------------------------------------------- coordinations


def test_coordinations_become_their_actors():
    assert texts("Lunford, Brasko,") == ["Lunford", "Brasko"]
    assert texts("Hallam/Brisk", "PERSON") == ["Hallam", "Brisk"]
    assert texts("Lunford v Brasko City") == ["Lunford", "Brasko City"]
    assert texts("Lunford or Brasko") == ["Lunford", "Brasko"]
    assert texts("Lunford to Brasko City") == ["Lunford", "Brasko City"]
    assert texts("Lunford - Brasko") == ["Lunford", "Brasko"]
    ev = {"Lunford", "Brasko"}
    assert texts("Lunford and Brasko", evidence=ev) == ["Lunford", "Brasko"]
    assert texts("Hallam-Brisk", "PERSON", evidence={"Hallam", "Brisk"}) == ["Hallam", "Brisk"]
    assert texts("Ivo's Lunford", evidence={"Lunford"}) == ["Ivo", "Lunford"]
    assert texts("Dana Morrow and Kit Lassen", "PERSON") == ["Dana Morrow", "Kit Lassen"]


def test_names_with_and_ampersand_hyphen_or_possessive_stay_whole():
    assert texts("the Quillon and Exchange Commission") == ["Quillon and Exchange Commission"]
    assert texts("Department of Trade and Velmora") == ["Department of Trade and Velmora"]
    assert texts("Lunford and Brasko", evidence={"Lunford"}) == ["Lunford and Brasko"]
    assert texts("Hallam & Brisk") == ["Hallam & Brisk"]
    assert texts("Kilver-Sand", "PERSON") == ["Kilver-Sand"]
    assert texts("AB/CD") == ["AB/CD"]
    assert texts("Saint Ive's Hospital", evidence={"Saint Ive"}) == ["Saint Ive's Hospital"]


def test_evidence_holds_the_names_inside_other_spans():
    assert {"Lunford", "Brasko City"} <= evidence_of(["Lunford to Brasko City", "Ivo's"])
    assert "Ivo" in evidence_of(["Ivo's"])


# --------------------------------------------------------------------------- symbols


def test_emoji_handles_and_hashtags_are_not_actors():
    assert texts("🇻🇪 Velmora", "GPE") == ["Velmora"]
    assert texts("Velmora 👍🏽") == ["Velmora"]
    assert texts("@velmora_news") == []
    assert texts("#VelmoraVotes") == []
    assert texts("Quill @Velmora") == ["Quill"]
    assert texts("🤖") == []


def test_spans_without_a_name_letter_are_dropped():
    assert texts("2011") == []
    assert texts("--") == []
    assert texts("the") == []
    assert texts("The") == []
    assert texts("القذافي", "PERSON") == ["القذافي"]  # a script without case is a name
    assert texts("velmora.example.org") == ["velmora.example.org"]


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(
    list("abcXYZ ÉéqQ-'’.,;:/&()!+@#\n\r\t 0123456789") + ["🇬🇧", "👍", "Mr ", " and ", "’s"]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_ALPHABET, min_size=1, max_size=40).map("".join),
    st.data(),
    st.sampled_from(["PERSON", "ORG", "GPE", "NORP", "EVENT"]),
)
def test_cleaning_keeps_offsets_and_never_grows_a_span(text: str, data, label: str):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    evidence = evidence_of(data.draw(st.lists(st.sampled_from(text.split() or ["x"]))))
    pieces = clean_mention(text, start, end, label, evidence)
    previous_end = start
    for piece in pieces:
        assert previous_end <= piece.start < piece.end <= end  # inside, in order, disjoint
        previous_end = piece.end
        surface = text[piece.start : piece.end]
        assert surface == surface.strip() and "\n" not in surface and "\r" not in surface
        assert "," not in piece.title
    if pieces:
        assert sum(p.end - p.start for p in pieces) <= end - start


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join))
def test_cleaning_is_idempotent(text: str):
    once = clean_mention(text, 0, len(text), "ORG")
    for piece in once:
        again = clean_mention(text, piece.start, piece.end, "ORG")
        assert [(p.start, p.end) for p in again] == [(piece.start, piece.end)]


# --------------------------------------------------------------------------- through spaCy


@pytest.fixture(scope="module")
def parse():
    from explorer.labels import ENTITY_LABELS
    from explorer.nlp import doc_to_parsed
    from explorer.pipeline.parsing import cached_pipeline

    nlp = cached_pipeline(None, ())

    def run(text: str) -> list[tuple[str, str, str]]:
        parsed = doc_to_parsed(nlp(text), frozenset(ENTITY_LABELS))
        for ent in parsed.entities:  # every mention inside one sentence
            assert any(s.start <= ent.start and ent.end <= s.end for s in parsed.sentences)
        return [(text[e.start : e.end], e.label, e.title) for e in parsed.entities]

    return run


def test_spacy_mentions_come_out_clean(parse):
    found = parse(
        "Foreign Secretary Jack Strand spoke to Mrs Hatherley and President Valdrin.\n"
        "Philippa Sandes QC said the U.N. had erred."
    )
    by_text = {text: title for text, _, title in found}
    assert by_text["Jack Strand"] == "foreign secretary"
    assert by_text["Hatherley"] == "mrs"
    assert by_text["Philippa Sandes"] == ""
    assert "U.N." in by_text
    assert not any(
        text.startswith(("Mr", "Foreign", "the ")) or text.endswith("QC") for text in by_text
    )


def test_spacy_coordinations_and_scores_come_out_as_actors(parse):
    found = parse(
        "Arsenal won again. Fans of Chelsea and Arsenal sang as Chelsea 3 Arsenal 1 came up.\n"
        "Leeds United 2-1 Stoke\nThe season goes on."
    )
    surfaces = [text for text, _, _ in found]
    assert not any(" and " in s or any(ch.isdigit() for ch in s) for s in surfaces)
    assert "Leeds United" in surfaces


def test_and_splits_when_the_text_names_each_part_elsewhere():
    text = "Lunford beat Brasko. Fans of Lunford and Brasko sang. Quarra and Velm met Velm."
    both = text.index("Lunford and")
    pieces = clean_mention(text, both, both + len("Lunford and Brasko"), "ORG")
    assert [text[p.start : p.end] for p in pieces] == ["Lunford", "Brasko"]
    one = text.index("Quarra")
    pieces = clean_mention(text, one, one + len("Quarra and Velm"), "GPE")
    assert [text[p.start : p.end] for p in pieces] == ["Quarra and Velm"]


def test_a_nationality_or_party_in_front_of_a_person_is_a_name_of_its_own():
    groups = {"Velmoran", "Lib Dem"}
    text = "Then Velmoran Irina Shevko won."
    pieces = clean_mention(text, 5, 26, "PERSON", groups=groups)
    assert [(text[p.start : p.end], p.label) for p in pieces] == [
        ("Velmoran", "NORP"),
        ("Irina Shevko", ""),
    ]
    assert texts("Velmoran Irina Shevko", "PERSON", groups=groups) == ["Velmoran", "Irina Shevko"]
    assert names("Lib Dem MP Lembit Orr", "PERSON", groups=groups) == [
        ("Lib Dem", ""),
        ("Lembit Orr", "mp"),
    ]
    assert texts("Velmoran Irina Shevko", "PERSON") == ["Velmoran Irina Shevko"]  # no evidence
    assert texts("Velmoran Times", "ORG", groups=groups) == ["Velmoran Times"]  # people only


def test_an_office_in_apposition_is_a_title_without_its_comma():
    # titles are stored comma-joined: a comma kept in one would read back as two titles
    text = "It has the support of the Mayor of Quellport, Ada Venn, and others."
    a = text.index("Ada")
    assert clean_mention(text, a, a + 8, "PERSON")[0].title == "mayor of quellport"


def test_office_titles_with_of_are_titles():
    assert names("Secretary of State Milo Penn", "PERSON") == [("Milo Penn", "secretary of state")]
    assert names("Minister for Europe Denis Marsh", "PERSON") == [
        ("Denis Marsh", "minister for europe")
    ]
    text = "Later Chancellor of the Exchequer Gordon Brace spoke."
    g = text.index("Gordon")
    assert clean_mention(text, g, g + 12, "PERSON")[0].title == "chancellor of the exchequer"
    text = "…and the prime minister. Wilma Tarr said"
    w = text.index("Wilma")
    assert clean_mention(text, w, w + 10, "PERSON")[0].title == ""  # another sentence


def test_an_events_name_may_end_in_a_common_noun():
    assert texts("the Velmora war", "EVENT") == ["Velmora war"]
    assert texts("the Lunford tsunami appeal", "EVENT") == ["Lunford tsunami appeal"]
    assert texts("post-Velmora war", "EVENT") == ["Velmora war"]
    assert texts("the Velmora war", "GPE") == ["Velmora"]
    assert texts("general election", "EVENT") == []


_CAPITALISED = st.sampled_from(
    ["Angela", "Merkel", "President", "Mr", "Interior", "Minister", "The", "Of", "Velmora",
     "Prince", "Harry", "King", "Lunford", "Secretary", "State", "Tory", "Dem", "Lib", "Van"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_CAPITALISED, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["PERSON", "ORG", "GPE", "NORP"]),
    st.sampled_from(["Later ", "The ", "Mrs "]),
    st.sampled_from([" Minister said.", " came.", " of State."]),
)
def test_plain_names_get_the_same_answer_by_the_quick_path(name, label, before, after):
    """A span of a few capitalised words takes a quick path; with a comma glued to it, the same
    span goes through every rule, which must come to the same names."""
    text = before + name + "," + after
    start, end = len(before), len(before) + len(name)
    groups = {"Tory", "Lib Dem"}
    quick = clean_mention(text, start, end, label, groups=groups)
    full = clean_mention(text, start, end + 1, label, groups=groups)
    assert quick == full


def test_capitalised_particles_alone_are_names_and_organisations_before_titles_stay():
    assert texts("Mac", "PRODUCT") == ["Mac"]
    assert texts("LA", "GPE") == ["LA"]
    text = "A Home Office Minister and the Cabinet Secretary met the Health Secretary."
    for name, kept in (("Home Office", True), ("Cabinet", True), ("Health", False)):
        i = text.index(name)
        assert bool(clean_mention(text, i, i + len(name), "ORG")) is kept


# --------------------------------------------------------------------------- names the NER cut


def rejoined(text: str, *parts: tuple[str, str]) -> list[tuple[str, str]]:
    """The NER's ``parts`` (surface, label; found left to right in ``text``) after rejoining."""
    spans, at = [], 0
    for surface, label in parts:
        start = text.index(surface, at)
        spans.append(RawSpan(start, start + len(surface), label))
        at = start + len(surface)
    return [(text[s.start : s.end], s.label) for s in rejoin_split_names(text, spans)]


@pytest.mark.parametrize(
    ("text", "parts", "expected"),
    [
        # a particle and the capitalised word after it continue the name
        ("Then Omar ad-Dawri spoke.", [("Omar", "PERSON")], [("Omar ad-Dawri", "PERSON")]),
        ("Then Umar aṭ-Ṭarabulsi spoke.", [("Umar", "PERSON")], [("Umar aṭ-Ṭarabulsi", "PERSON")]),
        # two parts across a patronymic particle are one person, whatever they were tagged
        (
            "Then Yusuf ben Tashfin spoke.",
            [("Yusuf", "ORG"), ("Tashfin", "GPE")],
            [("Yusuf ben Tashfin", "PERSON")],
        ),
        # across an article, the longer part's label
        (
            "Then Harakat ash-Shuhada left.",
            [("Harakat", "PERSON"), ("Shuhada", "ORG")],
            [("Harakat ash-Shuhada", "ORG")],
        ),
        # a scholarly ayn in front of a word, and a span right after the particle's name
        (
            "Then ʿAbd ar-Raḥmān Bakīr spoke.",
            [("ʿAbd", "PERSON"), ("Bakīr", "PERSON")],
            [("ʿAbd ar-Raḥmān Bakīr", "PERSON")],
        ),
        # capitalised words with an ayn or an inner apostrophe before a person's name
        ("Then ʿUthmān Fakhri spoke.", [("Fakhri", "PERSON")], [("ʿUthmān Fakhri", "PERSON")]),
        ("Aides to Ra'ed Tamimi spoke.", [("Tamimi", "PERSON")], [("Ra'ed Tamimi", "PERSON")]),
        ("Then Reza Tabata'i spoke.", [("Reza", "PERSON")], [("Reza Tabata'i", "PERSON")]),
        ("Then Reza Tabata'i's aide.", [("Reza", "PERSON")], [("Reza Tabata'i's", "PERSON")]),
    ],
)
def test_names_cut_at_a_particle_or_a_transliteration_mark_are_rejoined(text, parts, expected):
    assert rejoined(text, *parts) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Is Tom as good as Ann Lee?", [("Tom", "PERSON"), ("Ann Lee", "PERSON")]),
        ("Ask Tom an hour later.", [("Tom", "PERSON")]),
        ("Then Tom Ben Lee came.", [("Tom", "PERSON"), ("Lee", "PERSON")]),  # Ben: a given name
        ("Then Tom al-qaid came.", [("Tom", "PERSON")]),  # lower case after the particle
        ("Isn't Tom Lee here?", [("Tom Lee", "PERSON")]),  # a contraction, not a name
        ("Then Tom's Ann Lee came.", [("Ann Lee", "PERSON")]),  # a possessive
        ("Then Ann Lee's dog came.", [("Ann", "PERSON")]),  # a possessive after
        ("Then Ann Don't came.", [("Ann", "PERSON")]),  # a contraction after
        ("The Iraqi al-Rashid hotel.", [("Iraqi", "NORP")]),  # a nationality stays itself
    ],
)
def test_english_words_and_other_names_are_not_rejoined(text, parts):
    assert rejoined(text, *parts) == [p for p in parts]


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Omar", "ad-Dawri", "ben", "Tashfin", "as", "ʿAli", "Ra'ed", "the", "x"]),
        min_size=1,
        max_size=8,
    ),
    tagged=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_rejoined_spans_only_grow_and_never_overlap(words: list[str], tagged: list[bool]):
    text = " ".join(words)
    spans, at = [], 0
    for word, tag in zip(words, tagged, strict=False):
        if tag and word[:1].isupper():
            spans.append(RawSpan(at, at + len(word), "PERSON"))
        at += len(word) + 1
    out = rejoin_split_names(text, spans)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    for span in spans:
        assert any(o.start <= span.start and span.end <= o.end for o in out)
    assert all(text[o.start : o.end] == text[o.start : o.end].strip() for o in out)


# --------------------------------------------------------------------------- names cut short


def continued(text: str, *parts: tuple[str, str]) -> list[tuple[str, str]]:
    """The NER's ``parts`` (surface, label; left to right in ``text``) after continuing the names
    cut short, with the document's entity texts as ``named``."""
    spans, at, named = [], 0, {}
    for surface, label in parts:
        start = text.index(surface, at)
        spans.append(RawSpan(start, start + len(surface), label))
        named.setdefault(surface, set()).add(label)
        at = start + len(surface)
    return [(text[s.start : s.end], s.label) for s in continue_cut_names(text, spans, named)]


@pytest.mark.parametrize(
    ("text", "parts", "expected"),
    [
        # the longer name stands tagged elsewhere in the document: the short span takes it
        (
            "Zed Two aired it. Fans of Zed Two's show wrote to Zed.",
            [("Zed Two", "ORG"), ("Zed", "ORG"), ("Zed", "ORG")],
            [("Zed Two", "ORG"), ("Zed Two", "ORG"), ("Zed", "ORG")],
        ),
        # with an article in front as the NER tags it, and the longer name's label
        (
            "She won the Qarth Open. The Qarth Open final drew crowds.",
            [("the Qarth Open", "EVENT"), ("Qarth", "GPE")],
            [("the Qarth Open", "EVENT"), ("Qarth Open", "EVENT")],
        ),
        # over three words, absorbing a span inside the continuation
        (
            "Talks at Vell Harbour Board Ltd ended. Vell Harbour Board Ltd said no.",
            [("Vell Harbour Board Ltd", "ORG"), ("Vell", "GPE"), ("Board Ltd", "ORG")],
            [("Vell Harbour Board Ltd", "ORG"), ("Vell Harbour Board Ltd", "ORG")],
        ),
        # or the words before it, at the start of a sentence
        (
            "Fans love Little Zed. Little Zed began on radio.",
            [("Little Zed", "ORG"), ("Zed", "GPE")],
            [("Little Zed", "ORG"), ("Little Zed", "ORG")],
        ),
        # a capitalised number word inside a sentence is a name's last word
        ("Fans of Zed Two wrote in.", [("Zed", "ORG")], [("Zed Two", "ORG")]),
        ("On Zed Four's show.", [("Zed", "ORG")], [("Zed Four", "ORG")]),
        ("The Harwick Nine - jailed in 1975.", [("Harwick", "GPE")], [("Harwick Nine", "GPE")]),
    ],
)
def test_a_name_cut_short_takes_the_longer_name_its_document_tags(text, parts, expected):
    assert continued(text, *parts) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        # the document never tags the longer name: nothing to go by
        ("Zed Blue aired it.", [("Zed", "ORG")]),
        # the words after are lower case, or on the next line
        ("Zed Two aired. Zed two times.", [("Zed Two", "ORG"), ("Zed", "ORG")]),
        ("Zed Two aired. Zed\nTwo more.", [("Zed Two", "ORG"), ("Zed", "ORG")]),
        # the continuation would cut into another entity
        (
            "Zed Two aired. Then Zed Two Lee spoke.",
            [("Zed Two", "ORG"), ("Zed", "ORG"), ("Two Lee", "PERSON")],
        ),
        # the words before belong to the span before it
        (
            "Little Zed aired. Then Ann Little Zed came.",
            [("Little Zed", "ORG"), ("Ann Little", "PERSON"), ("Zed", "GPE")],
        ),
        # a person's name is not grown back (the resolver joins it to the document's full name)
        ("Ann Zed spoke. Ann Zed left.", [("Ann Zed", "PERSON"), ("Zed", "PERSON")]),
        ("Ann Zed spoke. Ann Zed left.", [("Ann Zed", "PERSON"), ("Zed", "ORG")]),
        # a title before a name stays the cleaner's evidence ("Prince" of "Prince Zed")
        ("Prince Zed spoke. Later Prince Zed left.", [("Prince Zed", "ORG"), ("Zed", "ORG")]),
        # a number word before another name word: the name goes on further than the evidence
        ("At Zed Six Nations games.", [("Zed", "ORG")]),
        ("Zed One Saturday morning.", [("Zed", "ORG")]),
        ("Then Zed Tenby came.", [("Zed", "ORG")]),  # not a number word
        ("Zed Two 2-1 win.", [("Zed", "ORG")]),
        ("Zed Two Lee came.", [("Zed", "ORG"), ("Two Lee", "PERSON")]),
    ],
)
def test_a_name_is_not_continued_without_the_documents_evidence(text, parts):
    assert continued(text, *parts) == list(parts)


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(["Zed", "Blue", "Open", "and", "the", "x"]), max_size=10),
    tagged=st.lists(st.integers(0, 2), min_size=10, max_size=10),
)
def test_continued_spans_only_grow_and_never_overlap(words: list[str], tagged: list[int]):
    text = " ".join(words)
    spans, at, named = [], 0, {}
    for i, word in enumerate(words):
        length = len(" ".join(words[i : i + tagged[i]]))
        if tagged[i] and word[:1].isupper() and (not spans or spans[-1].end < at):
            spans.append(RawSpan(at, at + length, "ORG"))
            named.setdefault(text[at : at + length], {"ORG"})
        at += len(word) + 1
    out = continue_cut_names(text, spans, named)
    assert all(a.end <= b.start for a, b in zip(out, out[1:], strict=False))
    for span in spans:
        assert any(o.start <= span.start and span.end <= o.end for o in out)
    assert all(text[o.start : o.end] in named for o in out)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Kim Sun-ok", ["Kim Sun-ok"]),  # a romanised given name keeps its syllable
        ("Kim Sun-il", ["Kim Sun-il"]),
        ("Wu Tse-min", ["Wu Tse-min"]),
        ("Tom Harlow-led", ["Tom Harlow"]),  # English words after a name go
        ("Tom Reed-style", ["Tom Reed"]),
    ],
)
def test_syllables_of_romanised_given_names_stay_in_a_persons_name(span, expected):
    assert texts(span, "PERSON") == expected


def test_syllables_stay_only_in_a_persons_name_of_several_words():
    assert texts("Sun-ok", "PERSON") == ["Sun"]
    assert texts("Kim Sun-ok", "ORG") == ["Kim Sun"]
    # the first word keeps no syllable: a given name follows the family name
    assert texts("Sun-ok Disc", "PERSON") == ["Sun", "Disc"]


# ------------------------------------------------------------- a common word opening a sentence


def _lead_cut(text: str, span: str, named: dict[str, set[str]], sentence_start: bool = True) -> str:
    start = text.index(span)
    cut = without_sentence_lead(
        text, RawSpan(start, start + len(span), "ORG", sentence_start), named
    )
    assert text.index(span) <= cut.start < cut.end == start + len(span)
    return text[cut.start : cut.end]


@pytest.mark.parametrize(
    ("text", "span", "named", "expected"),
    [
        # a verb of saying, a participle, a preposition, an adverb: cut
        ("Said Norland boss Tim Ross: no. He said so.", "Said Norland", "Norland", "Norland"),
        ("Praising Rovers, he kept praising.", "Praising Rovers", "Rovers", "Rovers"),
        ("Across Essex, few walked across.", "Across Essex", "Essex", "Essex"),
        ("Banned Fooland rules, then banned more.", "Banned Fooland", "Fooland", "Fooland"),
        # the document never writes the word in lower case: kept
        ("Praising Rovers, he kept quiet.", "Praising Rovers", "Rovers", "Praising Rovers"),
        # the rest is a person: "Said" may be a given name, kept
        ("Said Kamal spoke. He said so.", "Said Kamal", "Kamal", "Said Kamal"),
        # a listed word needs no lower-case use; nor does a person's name after a non-name
        ("Nevertheless Rovers won.", "Nevertheless Rovers", "Rovers", "Rovers"),
        ("Vote Kamal, the posters read.", "Vote Kamal", "Kamal", "Kamal"),
        # a word that only ends like a verb form needs one: a city stays in an event's name
        ("Norjing Games opened. The Games went on.", "Norjing Games", "Games", "Norjing Games"),
        # an adjective is not cut: "Real Madrid" stays whatever the document says
        ("Real Norland won. A real test.", "Real Norland", "Norland", "Real Norland"),
    ],
)
def test_a_verb_or_adverb_opening_a_sentence_is_cut_on_the_documents_evidence(
    text: str, span: str, named: str, expected: str
):
    labels = {"Kamal": {"PERSON"}}.get(named, {"GPE"})
    assert _lead_cut(text, span, {named: labels}) == expected


def test_the_lead_word_stays_where_the_document_repeats_the_whole_span_or_mid_sentence():
    text = "Following Ventures grew. We like Following Ventures, following it."
    assert _lead_cut(text, "Following Ventures", {"Ventures": {"ORG"}}) == "Following Ventures"
    text = "Then Said Norland came. He said so."
    assert _lead_cut(text, "Said Norland", {"Norland": {"GPE"}}, sentence_start=False) == (
        "Said Norland"
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Said", "Praising", "Real", "Norland", "said", "praising", " ", ". "]),
        min_size=2,
        max_size=12,
    ).map(" ".join),
    st.data(),
)
def test_cutting_the_lead_word_keeps_offsets_inside_the_span(text: str, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    named = {"Norland": {"GPE"}, "Praising": {"ORG"}}
    cut = without_sentence_lead(text, RawSpan(start, end, "ORG", True), named)
    assert start <= cut.start < cut.end == end
    assert text[cut.start : cut.end] == text[cut.start : cut.end].strip() or cut.start == start


def test_spacy_keeps_the_name_after_a_verb_opening_a_sentence(parse):
    text = "Celtic won on Sunday. Praising Celtic, the manager kept praising the players."
    assert [surface for surface, _label, _title in parse(text)] == ["Celtic", "Celtic"]


# --------------------------------------------------------------- time zones and nationalities


def test_a_time_zone_after_a_clock_time_is_no_actor():
    for text in ("Shares rose 2% by 1200 GMT on Monday.", "At 06:19 EST, the yen fell.",
                 "It opens at 9am BST daily.", "by 9.30 p.m. CET, said"):  # fmt: skip
        zone = next(w for w in ("GMT", "EST", "BST", "CET") if w in text)
        start = text.index(zone)
        assert clean_mention(text, start, start + 3, "ORG") == []
    text = "In 2004 BBC said it would."  # a year, and no time zone
    start = text.index("BBC")
    assert [text[p.start : p.end] for p in clean_mention(text, start, start + 3, "ORG")] == ["BBC"]
    assert texts("GMT", "ORG") == ["GMT"]  # no clock time before it: the model decides
    text = "By 1200 VELM, the index fell."  # no time zone the tz database knows
    start = text.index("VELM")
    assert len(clean_mention(text, start, start + 4, "ORG")) == 1


def test_a_nationality_word_in_front_of_a_person_is_a_name_of_its_own():
    def labelled(span: str, label: str = "PERSON", **kw) -> list[tuple[str, str]]:
        text = "Then " + span + " came."
        pieces = clean_mention(text, 5, 5 + len(span), label, **kw)
        return [(text[p.start : p.end], p.label) for p in pieces]

    assert labelled("Russian Irina Shevko") == [("Russian", "NORP"), ("Irina Shevko", "")]
    assert labelled("New Zealander Gram Hollis") == [("New Zealander", "NORP"), ("Gram Hollis", "")]
    assert labelled("Briton Tam Keska") == [("Briton", "NORP"), ("Tam Keska", "")]
    assert labelled("Kenyan Orla Timbe") == [("Kenyan", "NORP"), ("Orla Timbe", "")]
    # given names and places that are no nationality stay in the name
    for name in ("Paris Velmont", "Jordan Velmont", "Washington Velmont", "Cuba Velmont"):
        assert labelled(name) == [(name, "")]
    assert labelled("Russian") == [("Russian", "")]  # nothing after it
    # another label: only when the document tags the rest as a person
    assert labelled("American Velmont", "ORG") == [("American Velmont", "")]
    assert labelled("American Velmont", "ORG", persons={"Velmont"}) == [
        ("American", "NORP"),
        ("Velmont", "PERSON"),
    ]


def test_a_party_the_gazetteer_knows_in_front_of_a_person_keeps_its_label():
    groups = {"Lib Dem": "ORG", "Tory": "ORG", "Velmoran": "NORP"}

    def labelled(span: str) -> list[tuple[str, str]]:
        text = "Then " + span + " came."
        pieces = clean_mention(text, 5, 5 + len(span), "PERSON", groups=groups)
        return [(text[p.start : p.end], p.label) for p in pieces]

    assert labelled("Lib Dem Norla Baskin") == [("Lib Dem", "ORG"), ("Norla Baskin", "")]
    assert labelled("Velmoran Irina Shevko") == [("Velmoran", "NORP"), ("Irina Shevko", "")]
    assert labelled("Tory Lord") == [("Tory", "ORG")]  # a title alone names nobody
    assert labelled("Lib Dem Home Affairs") == [("Lib Dem", "ORG")]


def test_the_documents_people_are_full_names_and_surnames_after_a_given_name():
    from explorer.nlp import _persons

    named = {
        "Lindsay Velmont": {"PERSON"},
        "Pop Idol": {"PERSON"},
        "Idol": {"PERSON"},
        "Davis Cup": {"PERSON", "EVENT"},
    }
    assert _persons(named) == {"Lindsay Velmont", "Velmont", "Pop Idol"}


_NAME_WORDS = st.sampled_from(
    ["Russian", "Briton", "New", "Zealander", "Irina", "Shevko", "Tory", "Lord", "GMT", "1200",
     "9am", "BST", "Lib", "Dem", "Home", "Affairs", "American", "Velmont", "and", "Mr", ",", "-"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME_WORDS, min_size=1, max_size=8).map(" ".join), st.data())
def test_nationality_party_and_time_zone_rules_keep_offsets(text: str, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    label = data.draw(st.sampled_from(["PERSON", "ORG", "NORP"]))
    groups = {"Tory": "ORG", "Lib Dem": "ORG"}
    pieces = clean_mention(text, start, end, label, (), False, groups, {"Velmont", "Irina Shevko"})
    previous_end = start
    for piece in pieces:
        assert previous_end <= piece.start < piece.end <= end
        previous_end = piece.end
        surface = text[piece.start : piece.end]
        assert surface == surface.strip() and surface


def test_a_word_opening_a_sentence_in_front_of_a_nationality_and_a_noun_is_cut():
    for text, span, expected in (
        ("Legendary Dutch coach Rinus Velm died.", "Legendary Dutch", "Dutch"),
        ("Cult British group Porthaven are back.", "Cult British", "British"),
        # one nationality of two words, or a regional one: kept
        ("South Korean troops left.", "South Korean", "South Korean"),
        ("Latin American leaders met.", "Latin American", "Latin American"),
        # no common noun after it: the nationality may end a name ("Royal Dutch Shell" cut short)
        ("Royal Dutch said so.", "Royal Dutch", "Royal Dutch"),
    ):
        assert _lead_cut(text, span, {}) == expected, text


def test_a_verb_form_the_lexicon_knows_opens_a_sentence_without_a_lower_case_use():
    from explorer.nlp import verb_form_or_adverb

    assert verb_form_or_adverb("entering") and verb_form_or_adverb("reportedly")
    assert not verb_form_or_adverb("united") and not verb_form_or_adverb("daily")  # adjectives
    assert not verb_form_or_adverb("norjing")
    text = "Entering Norland, he came to share an office."
    start = text.index("Entering")
    span = RawSpan(start, start + len("Entering Norland"), "GPE", True)
    named = {"Norland": {"GPE"}}
    assert without_sentence_lead(text, span, named) == span  # no lower-case "entering"
    cut = without_sentence_lead(text, span, named, verb_form_or_adverb)
    assert text[cut.start : cut.end] == "Norland"
    text = "United Norland met."  # an adjective: kept
    span = RawSpan(0, len("United Norland"), "ORG", True)
    assert without_sentence_lead(text, span, named, verb_form_or_adverb) == span


def _common(text: str, word: str, label: str = "ORG", nth: int = 0) -> bool:
    start = [i for i in range(len(text)) if text.startswith(word, i)][nth]
    opens = start == 0 or text[start - 2] in ".!?"
    return common_word(text, RawSpan(start, start + len(word), label, opens))


def test_a_common_word_capitalised_only_where_it_opens_a_sentence_is_no_name():
    text = "Prices fell. Digital cameras sold well, and digital music too."
    assert _common(text, "Digital")
    # the document never writes it in lower case
    assert not _common("Prices fell. Digital cameras sold well.", "Digital")
    # capitalised mid-sentence too: a name ("Labour" and "labour costs")
    text = "Labour leaders met. They said Labour would cut labour costs."
    assert not _common(text, "Labour")
    # a name of its own after it, or a verb: not before a lower-case word
    assert not _common("Prices fell. Digital said so; digital it is.", "Digital")
    assert not _common("Prices fell. Digital Norland grew, digital ones.", "Digital")
    # mid-sentence: not this rule's
    text = "He said Digital cameras and digital music."
    start = text.index("Digital")
    assert not common_word(text, RawSpan(start, start + 7, "ORG", False))


def test_a_given_name_after_the_that_the_document_writes_in_lower_case_is_no_person():
    text = "MPs backed the Bill on Monday. The bill's next stage is in May."
    assert _common(text, "Bill", "PERSON")
    # never in lower case: a person used as a modifier ("the Clinton administration")
    assert not _common("He met the Norman administration.", "Norman", "PERSON")
    # no "the" before it
    assert not _common("He met Bill and paid the bill.", "Bill", "PERSON")
    # "The" opening a sentence counts too
    assert _common("Peers met. The Bill now faces them. The bill is long.", "Bill", "PERSON")
    assert not _common("Peers met. The Norman now faces them.", "Norman", "PERSON")


def test_a_nationality_before_what_reads_as_a_full_name_is_split_whatever_the_label():
    def labelled(text: str, span: str, label: str, named: list[str]) -> list[tuple[str, str]]:
        start = text.index(span)
        pieces = clean_mention(text, start, start + len(span), label, evidence_of(named))
        return [(text[p.start : p.end], p.label) for p in pieces]

    text = "Then Russian Irina Shevko trailed in sixth."
    assert labelled(text, "Russian Irina Shevko", "NORP", ["Russian Irina Shevko"]) == [
        ("Russian", "NORP"),
        ("Irina Shevko", "PERSON"),
    ]
    # the document names the rest with another label: a name of its own ("British Davis Cup")
    text = "The British Davis Cup team lost the Davis Cup tie."
    named = ["British Davis Cup", "Davis Cup"]
    assert labelled(text, "British Davis Cup", "ORG", named) == [("British Davis Cup", "")]
    # a word of the rest written in lower case: an organisation ("Christian Lobby")
    text = "The Australian Christian Lobby said the lobby grew."
    named = ["Australian Christian Lobby"]
    assert labelled(text, "Australian Christian Lobby", "ORG", named) == [
        ("Australian Christian Lobby", "")
    ]


def test_a_function_word_glued_to_a_name_is_trimmed():
    assert texts("ofNew Velmora", "ORG") == ["New Velmora"]
    assert texts("theVelmora Times", "ORG") == ["Velmora Times"]
    for name in ("iPod", "eBay", "deGrasse Tyson", "ofN"):  # no English word glued to a name
        assert texts(name, "ORG") == [name]


@pytest.mark.parametrize(
    "name", ["Star Trek", "Real Madrid", "New Labour", "Independent Television"]
)
def test_real_names_opening_a_sentence_stay_whole(name: str):
    """The sentence-start rules leave names whose first word is a common word alone."""
    text = f"{name} rose again. The real test, the new plan, the star of an independent madrid."
    rest = name.split(" ", 1)[1]
    named = {rest: {"GPE"}, name: {"ORG"}}
    span = RawSpan(0, len(name), "ORG", True)
    assert not common_word(text, span)
    lead = without_sentence_lead(text, span, named)
    assert (lead.start, lead.end) == (0, len(name))
    pieces = clean_mention(text, 0, len(name), "ORG", evidence_of([name, rest]), True)
    assert [text[p.start : p.end] for p in pieces] == [name]


def test_the_documents_groups_are_its_nationalities_and_the_gazetteers_parties():
    from explorer.nlp import _groups

    text = "Tory Norla Baskin met Velmoran envoys and the Lib Dem."
    entities = [(0, 17, "PERSON", True), (22, 30, "NORP", False)]
    lib = text.index("Lib Dem")
    matches = [(0, 4, "ORG", 0, 1, 0), (lib, lib + 7, "ORG", 9, 11, lib), (22, 30, "GPE", 4, 5, 22)]
    assert _groups(text, entities, matches) == {"Tory": "ORG", "Lib Dem": "ORG", "Velmoran": "NORP"}


# ------------------------------------------------ coordinations, titles and possessives (spans4)


def _pieces(text: str, span: str, label: str = "ORG", named=(), persons=(), start: bool = False):
    """(surface, label, title) of the cleaned ``span`` (its first copy in ``text``)."""
    at = text.index(span)
    found = clean_mention(
        text, at, at + len(span), label, evidence_of(named), start, (), frozenset(persons)
    )
    return [(text[p.start : p.end], p.label, p.title) for p in found]


def test_a_name_the_document_writes_after_an_article_is_evidence_without_it():
    assert "Duchy of Velm" in evidence_of(["The Duchy of Velm"])
    assert "The Duchy of Velm" in evidence_of(["The Duchy of Velm"])
    text = "Aides of the Duchy of Velm and Duchy of Orla came. The Duchy of Velm pays."
    named = ["The Duchy of Velm", "The Duchy of Orla"]
    assert [s for s, _, _ in _pieces(text, "Duchy of Velm and Duchy of Orla", named=named)] == [
        "Duchy of Velm",
        "Duchy of Orla",
    ]
    # the NER's span may hold the article in lower case: the parts are compared without it
    span = "the Duchy of Velm and Duchy of Orla"
    assert [s for s, _, _ in _pieces(text, span, named=named)] == [
        "Duchy of Velm",
        "Duchy of Orla",
    ]


def test_a_coordination_ending_a_list_splits_when_one_part_is_named_alone():
    text = "The gap on Porthaven, Lunford and Brasko grew."
    assert [s for s, _, _ in _pieces(text, "Lunford and Brasko", named=["Brasko"])] == [
        "Lunford",
        "Brasko",
    ]
    # no list, or no part named alone: one name ("Quillon and Exchange Commission")
    text = "The gap on Lunford and Brasko grew."
    assert [s for s, _, _ in _pieces(text, "Lunford and Brasko", named=["Brasko"])] == [
        "Lunford and Brasko"
    ]
    text = "Regulators, Quillon and Exchange Commission staff met."
    span = "Quillon and Exchange Commission"
    assert [s for s, _, _ in _pieces(text, span)] == [span]
    # a country's name stays whole (countrynames)
    text = "Troops left Croatia, Bosnia and Herzegovina in May. Bosnia voted."
    span = "Bosnia and Herzegovina"
    assert [s for s, _, _ in _pieces(text, span, "GPE", named=["Bosnia"])] == [span]
    # also where the document names each part alone
    text = "Aid reached Trinidad and Tobago. Trinidad voted; Tobago was calm."
    span = "Trinidad and Tobago"
    assert [s for s, _, _ in _pieces(text, span, "GPE", named=["Trinidad", "Tobago"])] == [span]


def test_a_coordination_with_one_of_the_documents_people_splits():
    text = "The recall of Corrin and Harriers lock Ned Talbey pleased Aled Corrin."
    found = _pieces(
        text, "Corrin and Harriers", named=["Aled Corrin"], persons=["Aled Corrin", "Corrin"]
    )
    assert [s for s, _, _ in found] == ["Corrin", "Harriers"]


def test_the_between_two_names_the_document_gives_alone_splits():
    text = (
        "He told the Velmora Herald the Tories' plans were bad. The Tories and the Velmora Herald."
    )
    found = _pieces(text, "Velmora Herald the Tories", named=["Velmora Herald", "Tories"])
    assert [s for s, _, _ in found] == ["Velmora Herald", "Tories"]
    found = _pieces(text, "the Velmora Herald the Tories'", named=["Velmora Herald", "Tories"])
    assert [s for s, _, _ in found] == ["Velmora Herald", "Tories"]
    text = "The Bank of the Velm said so. The Velm and the Bank."
    assert [s for s, _, _ in _pieces(text, "Bank of the Velm", named=["Bank", "Velm"])] == [
        "Bank of the Velm"
    ]
    text = "Ivar the Bold came. Ivar left."
    assert [s for s, _, _ in _pieces(text, "Ivar the Bold", "PERSON", named=["Ivar"])] == [
        "Ivar the Bold"
    ]


def test_a_persons_possessive_in_front_of_a_name_ends_it():
    text = "From Kira's Velmiad it learnt. Kira Valdane ran."
    found = _pieces(text, "Kira's Velmiad", "EVENT", persons=["Kira Valdane", "Valdane"])
    assert [(s, label) for s, label, _ in found] == [("Kira", "PERSON"), ("Velmiad", "")]
    text = "Valdane's Porthaven club-mate spoke. Orin Valdane scored."
    found = _pieces(text, "Valdane's Porthaven", persons=["Orin Valdane", "Valdane"])
    assert [s for s, _, _ in found] == ["Valdane", "Porthaven"]
    # a title word, or nobody of the document: one name
    text = "The Queen's Velmiad opened. Queen Orla Valdane spoke."
    found = _pieces(text, "Queen's Velmiad", persons=["Queen Orla Valdane", "Valdane"])
    assert [s for s, _, _ in found] == ["Queen's Velmiad"]
    text = "At Ive's Hospital, staff met."
    assert [s for s, _, _ in _pieces(text, "Ive's Hospital", "FAC")] == ["Ive's Hospital"]


@pytest.mark.parametrize(
    ("text", "span", "persons", "expected"),
    [
        # a role noun opening a sentence, capitalised by its place: the rest is a person
        ("It was 2-0. Midfielder Orvu reduced the gap.", "Midfielder Orvu", (), ("Orvu", "midfielder")),
        # a descriptor before what reads as a full name (a given name first)
        ("Sales fell.\n\nStar Christina Valdane had to pull out.", "Star Christina Valdane", (),
         ("Christina Valdane", "star")),
        # a role noun mid-sentence before a person of the document
        ("They saw the Rapper Velmo show. Velmo Orr sang.", "Rapper Velmo", ("Velmo",),
         ("Velmo", "rapper")),
    ],
)  # fmt: skip
def test_a_title_in_front_of_a_persons_name_tagged_otherwise_is_trimmed(
    text: str, span: str, persons: tuple[str, ...], expected: tuple[str, str]
):
    [(surface, label, title)] = _pieces(text, span, "ORG", persons=persons)
    assert (surface, title) == expected and label == "PERSON"


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Fans of Star Trek came.", "Star Trek", "ORG"),
        ("Star Trek fans came.", "Star Trek", "ORG"),
        ("She met Star Jones there.", "Star Jones", "PERSON"),
        ("Legend of Velmora sold well.", "Legend of Velmora", "WORK_OF_ART"),
        ("Judge Business School said so.", "Judge Business School", "ORG"),
        ("Then Hero Velmo Motors said so.", "Hero Velmo Motors", "ORG"),
    ],
)
def test_names_led_by_a_role_or_descriptor_word_stay_whole(text: str, span: str, label: str):
    assert [s for s, _, _ in _pieces(text, span, label)] == [span]


def test_said_before_a_country_tagged_as_a_person_is_cut():
    text = "They recover. Said Velmora assistant coach Orr: go. Velmora won."
    at = text.index("Said")
    span = RawSpan(at, at + len("Said Velmora"), "PERSON", True)
    # a made-up country is no country: the given name "Said" stays
    assert without_sentence_lead(text, span, {"Velmora": {"PERSON"}}) == span
    text = "They recover. Said Wales assistant coach Orr: go. Wales won."
    span = RawSpan(at, at + len("Said Wales"), "PERSON", True)
    cut = without_sentence_lead(text, span, {"Wales": {"PERSON"}})
    assert text[cut.start : cut.end] == "Wales"


_COORDINATION_WORDS = st.sampled_from(
    ["Lunford", "Brasko", "and", "the", "of", ",", "Kira's", "Star", "Midfielder", "Orvu",
     "Christina", ".", "Bosnia", "Herzegovina", "Queen's", "\n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_COORDINATION_WORDS, min_size=1, max_size=10).map(" ".join), st.data())
def test_coordination_title_and_possessive_rules_keep_offsets(text: str, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    label = data.draw(st.sampled_from(["PERSON", "ORG", "EVENT"]))
    named = evidence_of(data.draw(st.lists(st.sampled_from(text.split() or ["x"]))))
    persons = frozenset({"Kira Valdane", "Valdane", "Orvu", "Lunford"})
    pieces = clean_mention(text, start, end, label, named, False, (), persons)
    previous_end = start
    for piece in pieces:
        assert previous_end <= piece.start < piece.end <= end
        previous_end = piece.end
        surface = text[piece.start : piece.end]
        assert surface == surface.strip() and surface and "\n" not in surface


def test_a_persons_name_ends_at_a_possessive():
    text = "The first novel of Ada Venn's Star sold."
    assert [s for s, _, _ in _pieces(text, "Ada Venn's Star", "PERSON")] == ["Ada Venn"]
    found = _pieces(text, "Ada Venn's Star", "PERSON", named=["Star"], persons=["Ada Venn"])
    assert [s for s, _, _ in found] == ["Ada Venn", "Star"]


def test_a_time_zone_left_after_trimming_a_clock_time_is_no_actor():
    text = "Shown from 2300 GMT - 0100 GMT daily."
    assert _pieces(text, "0100 GMT", "EVENT") == []
    text = "Kick-off:\n\n1600 GMT\n\nBBC1"
    assert _pieces(text, "1600 GMT", "EVENT") == []


def test_a_part_found_only_inside_a_longer_name_is_not_named_alone():
    text = (
        "Plans of the Velmic Social Quill Council were set. The use of Velmic and Social Quill "
        "Council's funds grew."
    )
    span = "Velmic and Social Quill Council's"
    found = _pieces(text, span, named=["Velmic Social Quill Council"])
    assert [s for s, _, _ in found] == ["Velmic and Social Quill Council"]
    text = "Brasko beat Lunford. It was Lunford and Brasko again."
    assert [s for s, _, _ in _pieces(text, "Lunford and Brasko")] == ["Lunford", "Brasko"]


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        # a title of nameparser's long list that also opens company names
        ("General Velmotors said it would build a plant.", "General Velmotors", "ORG",
         ["General Velmotors"]),
        ("Commodore Quillsoft went bust.", "Commodore Quillsoft", "ORG", ["Commodore Quillsoft"]),
        # a role noun before a word the document also writes in lower case
        ("Champion Hurdle runners lined up. The hurdle was high.", "Champion Hurdle", "EVENT",
         ["Champion Hurdle"]),
        # "for" and "at" inside a name stay, whatever the document names alone
        ("The Forum for the Velmiad met. The Forum and the Velmiad.", "Forum for the Velmiad",
         "ORG", ["Forum for the Velmiad"]),
        # a possessive in a span tagged PERSON that reads as no person's name
        ("They played at St Velmes' Park today.", "St Velmes' Park", "PERSON", ["St Velmes' Park"]),
    ],
)  # fmt: skip
def test_company_names_led_by_titles_and_names_with_for_stay_whole(
    text: str, span: str, label: str, expected: list[str]
):
    named = ["Forum", "Velmiad"]
    assert [s for s, _, _ in _pieces(text, span, label, named=named)] == expected


def test_a_coordination_of_portfolios_is_compared_as_a_whole_elsewhere():
    text = "Said the Trade and Velmory Secretary. The Department for Trade and Velmory will pay."
    named = ["the Trade and Velmory", "The Department for Trade and Velmory"]
    span = "the Trade and Velmory"
    assert [s for s, _, _ in _pieces(text, span, named=named)] == ["Trade and Velmory"]


def test_parts_named_inside_longer_names_of_their_own_count():
    text = "Velm Bank and Orla Bank lent. Velm and Orla ended up closed."
    assert [s for s, _, _ in _pieces(text, "Velm and Orla")] == ["Velm", "Orla"]


def test_a_title_then_a_nationality_in_front_of_a_person_tagged_otherwise():
    text = "It rained.\n\nVeteran Velmoran Kira Valdane lost."
    start = text.index("Veteran")
    end = start + len("Veteran Velmoran Kira Valdane")
    found = clean_mention(text, start, end, "ORG", (), False, {"Velmoran"})
    assert [(text[p.start : p.end], p.label, p.title) for p in found] == [
        ("Velmoran", "NORP", ""),
        ("Kira Valdane", "PERSON", "veteran"),
    ]
