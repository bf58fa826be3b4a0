"""gender-guesser's first-name table, read in one pass into several tables: they agree."""

from __future__ import annotations

from explorer.resolution.lexicon import _given_names, given_name_gender, given_name_genders


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
