"""gender-guesser's first-name table, read in one pass into several tables: they agree."""

from __future__ import annotations

from explorer.given_names import NAME_COLUMNS, dictionary_lines, has_countries, plus_readings
from explorer.resolution.lexicon import (
    COMMON_GIVEN_NAME_FREQUENCY,
    _given_name_keys,
    _given_names,
    given_name_gender,
    given_name_genders,
)


def test_a_name_of_one_gender_has_that_sex_only() -> None:
    """Every name the genders table gives one gender has exactly that sex in the sexes table
    (both come from the same lines; "?M" is mostly male in both)."""
    tables = _given_names()
    sex_of = {"male": frozenset({"M"}), "female": frozenset({"F"})}
    assert tables.genders, "the table was read"
    for name, gender in tables.genders.items():
        assert tables.sexes.get(name) == sex_of[gender], name


def test_the_public_lookups_read_the_same_tables() -> None:
    tables = _given_names()
    name, gender = next(iter(tables.genders.items()))
    word = name.title()
    assert given_name_gender(word) == gender
    assert given_name_genders(word) == tables.sexes[name]
    assert given_name_genders("Zzqxv") == frozenset()


def test_frequencies_are_each_names_highest_country_frequency() -> None:
    """The table agrees with a plain reading of the file: a name's frequency is the highest
    character of its country columns over all its lines (1-9, then A-D = 10-13), kept when
    common."""
    scale = {c: n for n, c in enumerate("123456789ABCD", start=1)}
    expected: dict[str, int] = {}
    for line in dictionary_lines():
        if line[:1] == "=" or not has_countries(line):
            continue
        best = max((scale.get(c, 0) for c in line[30:-1]), default=0)
        for key in _given_name_keys(line[NAME_COLUMNS].strip()):
            if best >= COMMON_GIVEN_NAME_FREQUENCY:
                expected[key] = max(expected.get(key, 0), best)
    assert _given_names().frequencies == expected


def test_a_plus_reads_as_the_detector_reads_it() -> None:
    assert plus_readings("Jun+Wei") == ("JunWei", "Jun Wei", "Jun-Wei")
    assert plus_readings("Anna") == ("Anna", "Anna", "Anna")
