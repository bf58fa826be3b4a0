"""Spellings of one name in German, Polish, French and Spanish, and Wade-Giles read as pinyin
(issue 12, spelling families), on names invented for the tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from resolution_support import G, entity_of

from explorer.resolution.chinese import WADE_GILES, SyllableTableError, chinese_readings, read_table
from explorer.resolution.evidence import GroupEvidence
from explorer.resolution.resolve import (
    build_entities,
    cluster_groups,
    spelling_variants,
    surname_variants,
)


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        ("Boris Vasilchenko", "Borys Wasilczenko", "Polish cz and w"),
        ("Sergei Kashpirov", "Siergiej Kaszpirow", "Polish sz, ie, -ow"),
        ("Ivan Shchukarin", "Iwan Szczukarin", "Polish szcz"),
        ("Vladislav Zharomov", "Władisław Żaromow", "Polish ż and ł"),
        ("Yevgeny Druzhinin", "Jewgeni Druschinin", "German sch for the Russian zh"),
        ("Viktor Veltsanov", "Wiktor Welzanow", "German z for ts"),
        ("Viktor Veltsanov", "Wiktor Welcanow", "Polish c for ts"),
        ("Yuri Cherkasov", "Iouri Tcherkassov", "French initial i, ou, initial tch"),
        ("Dmitri Gorachev", "Dmitri Goratchev", "French tch before -ev"),
        ("Dmitri Gorachev", "Dmitri Gorachov", "-ev/-ov after ch"),
        ("Dmitri Gorachev", "Dmitri Gorachyov", "-ev/-yov after ch"),
        ("Oleg Rublin", "Oleg Roubline", "French silent e of -ine"),
        ("Alexander Morinov", "Alexandre Morinov", "French -dre"),
        ("Alexander Morinov", "Aleksandr Morinov", "x is ks"),
        ("Mikhail Trusov", "Mijaíl Trusov", "Spanish j between vowels is kh"),
        ("Pavel Khrustov", "Pavel Jrustov", "Spanish j before a consonant is kh"),
        ("Yelena Borodina", "Elena Borodina", "Russian initial ye is e"),
        ("Yekaterinovka", "Jekaterinovka", "German je for ye, one word"),
        ("Yekaterinovka", "Ekaterinovka", "e for ye, one word"),
        ("Chelbinovsk", "Tschelbinowsk", "German tsch, one word"),
        ("Kim Jong-chol", "Kim Dzong Chol", "Polish dz for j"),
        ("Kai Enlaj", "Kai Enlai", "Polish aj for ai"),
    ],
)
def test_language_readings_join(a: str, b: str, rule: str) -> None:
    assert spelling_variants(a, b), rule
    assert spelling_variants(b, a), rule


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Mitchell Doyle", "Michel Doyle", "an English tch inside a word stays"),
        ("Sajid Farouk", "Sayid Farouk", "a j between vowels is not y (Arabic names)"),
        ("Jordan Mills", "Khordan Mills", "an initial j before a vowel is j"),
        ("Boris Vasilchenko", "Boris Vasilchenkova", "another ending"),
        ("Yelena Borodina", "Galina Borodina", "another given name"),
    ],
)
def test_language_readings_keep_apart(a: str, b: str, why: str) -> None:
    assert not spelling_variants(a, b), why


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Ritchie", "Richie", "lone surnames: English tch"),
        ("Silvestre", "Sylvester", "French -tre is a name of its own"),
    ],
)
def test_lone_surnames_keep_apart(a: str, b: str, why: str) -> None:
    assert not surname_variants(a, b), why


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Teng Hsiao-lin", "Deng Xiaolin"),
        ("Chou Tsung-hai", "Zhou Zonghai"),
        ("Liu Shao-ch'ang", "Liu Shaoqiang"),
        ("Liu Schao-tschiang", "Liu Shaoqiang"),
        ("Mao Tse-lung", "Mao Zelong"),
        ("Mao Tselung", "Mao Zelong"),
        ("Kuo-min-lu", "Guominlu"),
        ("Hsu Chih-kang", "Xu Zhigang"),
    ],
)
def test_wade_giles_joins_pinyin(a: str, b: str) -> None:
    assert spelling_variants(a, b)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Chen Wei", "Zhen Wei", "two pinyin names: no Wade-Giles mark, no reading"),
        ("Teng Hsiao-lin", "Deng Xiaoming", "another given name"),
        ("Chou Tsung-hai", "Zhou Yonghai", "another given name"),
    ],
)
def test_wade_giles_keeps_apart(a: str, b: str, why: str) -> None:
    assert not spelling_variants(a, b), why


@pytest.mark.parametrize(
    "words",
    [("tony", "blair"), ("chiang", "kai", "shek"), ("kim", "jong", "un"), ("sun",), ("london",)],
)
def test_other_names_have_no_chinese_reading(words: tuple[str, ...]) -> None:
    assert chinese_readings(words) == frozenset()


def test_a_j_before_a_vowel_starts_a_syllable_and_ih_follows_only_retroflex_initials() -> None:
    """Found by the fuzz profile: the Polish -aj rule read "jiajia" as jiai-ia, and "lihai" cut
    as Wade-Giles "lih" + "ai" made the name read as Wade-Giles."""
    assert "zhoujiajia" in chinese_readings(("zhou", "jiajia"))
    assert chinese_readings(("zhou", "lihai")) == frozenset({"zhoulihai"})
    assert "shizhi" in chinese_readings(("shih", "chih"))  # -ih after sh and ch still reads


_PINYIN = ["zhou", "xiao", "deng", "qiang", "zong", "hai", "li", "wen", "jia", "bao", "rong"]


@given(st.lists(st.sampled_from(_PINYIN), min_size=2, max_size=3))
def test_a_pinyin_name_reads_as_itself(syllables: list[str]) -> None:
    """A name in pinyin (surname, glued given name) keeps its own spelling among its readings,
    and the same syllables written in hyphenated form read the same."""
    glued = (syllables[0], "".join(syllables[1:]))
    assert "".join(syllables) in chinese_readings(glued)
    assert chinese_readings(glued) <= chinese_readings(tuple(syllables)) or len(syllables) < 3


# --------------------------------------------------------------------------- Arabic surnames


def test_arabic_surnames_with_the_article_join_across_their_vowels() -> None:
    """ "al-Ghawil", "al-Ghwell", "al-Ghweil" are one name: with the article written, the short
    vowels and the glide between them vary; without it, the vowels must agree."""
    assert spelling_variants("Tarik Ghawir", "Tarik Ghweir", arabic=True)
    assert spelling_variants("Tarik Ghawir", "Tarik Ghwerr", arabic=True)
    assert spelling_variants("Samir Suwayhri", "Samir Swehri", arabic=True)
    assert not spelling_variants("Tarik Ghawir", "Tarik Ghwerr")
    assert not spelling_variants("Tarik Ghawir", "Tarik Ghamir", arabic=True)  # other consonant
    assert not spelling_variants("Tarik Baw", "Tarik Bew", arabic=True)  # too short


def test_surname_spellings_with_the_article_cluster_together() -> None:
    groups = [
        G(1, "Tarik al-Ghawir", "PERSON", 3),
        G(2, "Tarik al-Ghwerr", "PERSON", 3),
        G(3, "Tarik Ghwerr", "PERSON", 3),
        G(4, "Tarik al-Ghweir", "PERSON", 3),
        G(5, "Tarik Gharbi", "PERSON", 3),
    ]
    result = build_entities(cluster_groups(groups))
    one = entity_of(result, 1, "Tarik al-Ghawir")
    assert all(
        entity_of(result, d, t) is one
        for d, t in [(2, "Tarik al-Ghwerr"), (3, "Tarik Ghwerr"), (4, "Tarik al-Ghweir")]
    )
    assert entity_of(result, 5, "Tarik Gharbi") is not one


# --------------------------------------------------------------------------- names cut short


def test_a_given_name_the_ner_tagged_a_place_follows_the_persons_name_it_heads() -> None:
    """ "Nadira" tagged GPE, written "Nadira Bouzkhari" each time (the NER cut the name): the
    person's; a nationality before a person's name stays apart ("Molvanian Vesna Tark")."""
    groups = [
        G(1, "Nadira Bouzkhari", "PERSON", 3),
        G(2, "Nadira", "GPE", 2),
        G(3, "Molvanian", "NORP", 2),
        G(4, "Molvanian Vesna Tark", "PERSON", 1),
    ]
    evidence = {
        (2, "Nadira", "GPE", ""): GroupEvidence(continuations={"Bouzkhari": 2}),
        (3, "Molvanian", "NORP", ""): GroupEvidence(continuations={"Vesna Tark": 2}),
    }
    result = build_entities(cluster_groups(groups, (), evidence))
    assert entity_of(result, 2, "Nadira") is entity_of(result, 1, "Nadira Bouzkhari")
    assert entity_of(result, 3, "Molvanian") is not entity_of(result, 4, "Molvanian Vesna Tark")


def test_the_shipped_syllable_table_reads_and_maps_every_initial_and_final() -> None:
    table = read_table(WADE_GILES)
    assert table.initials["hs"] == ("x",)
    assert set(table.initials["p"]) == {"b", "p"}  # "p'" counts under "p" too
    assert all(table.finals[f] for f in table.zero_initial)


def test_a_broken_syllable_table_is_a_one_line_error_naming_the_file(tmp_path) -> None:
    broken = tmp_path / "wade_giles.toml"
    broken.write_text("[initials]\np = [", encoding="utf-8")
    with pytest.raises(SyllableTableError, match="wade_giles.toml: not valid TOML"):
        read_table(broken)
    broken.write_text('[initials]\np = ["b"]\n', encoding="utf-8")
    with pytest.raises(SyllableTableError, match="wade_giles.toml: expected tables"):
        read_table(broken)


_FAMILY_GROUPS = [
    G(1, "Teng Hsiao-lin", "PERSON", 2),
    G(2, "Deng Xiaolin", "PERSON", 2),
    G(3, "Deng Xiaoming", "PERSON", 2),
    G(4, "Tarik al-Ghawir", "PERSON", 2),
    G(5, "Tarik al-Ghwerr", "PERSON", 2),
    G(6, "Sergei Kashpirov", "PERSON", 2),
    G(7, "Siergiej Kaszpirow", "PERSON", 2),
    G(8, "Galina Kashpirova", "PERSON", 2),
]


@given(st.permutations(_FAMILY_GROUPS))
def test_language_readings_do_not_depend_on_document_order(groups: list) -> None:
    def partition(result) -> frozenset:  # type: ignore[no-untyped-def]
        return frozenset(frozenset((m[0], m[1]) for m in ent.members) for ent in result)

    expected = partition(build_entities(cluster_groups(_FAMILY_GROUPS)))
    assert partition(build_entities(cluster_groups(groups))) == expected
    assert len(expected) == 5  # Teng ~ Deng Xiaolin, Ghawir ~ Ghwerr, Kashpirov ~ Kaszpirow
