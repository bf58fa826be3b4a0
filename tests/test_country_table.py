"""The country and place tables are read from the libraries' data files: the same tables, and
the same answers, as through their packages' objects."""

from __future__ import annotations

import subprocess
import sys

import pytest

from explorer.countries import NORMALITY_CATEGORIES, country_name_code, countrynames_table
from explorer.resolution.lexicon import _subdivision_names


def test_the_table_is_the_packages_own() -> None:
    from countrynames.data import DATA

    assert countrynames_table() == DATA


def test_the_categories_are_normalitys() -> None:
    from normality.constants import UNICODE_CATEGORIES

    assert NORMALITY_CATEGORIES == UNICODE_CATEGORIES


def test_every_name_of_the_table_gets_the_packages_code() -> None:
    """Every code and name of countrynames' table, in every script, as written and in lower
    case with stray spaces."""
    import countrynames

    names = [n for code, names in countrynames_table().items() for n in (code, *names)]
    for name in names:
        for variant in (name, f"  {name.lower()} "):
            assert country_name_code(variant) == countrynames.to_code(variant), variant


@pytest.mark.parametrize(
    "name",
    ["Russian", "New Zealander", "Bosnia and Herzegovina", "UK", "us", "Côte d'Ivoire",
     "Cote d’Ivoire", "Great Britain.", "Fund", "fail", "", "  ", "Bognor Regis", "Straße",
     "Scotland"],
)  # fmt: skip
def test_names_written_for_the_test_get_the_packages_code(name: str) -> None:
    import countrynames

    assert country_name_code(name) == countrynames.to_code(name)


def test_romanisations_of_other_scripts_are_not_countries() -> None:
    """The one difference: the package also keys each name of another script by its ICU
    romanisation, which makes English words countries ("Man" → Oman, "Rossi" → Russia)."""
    import countrynames

    assert countrynames.to_code("Rossi") == "RU"
    assert country_name_code("Rossi") is None


@pytest.mark.parametrize(
    "statement",
    [
        "from explorer.resolution.lexicon import country_code\n"
        "assert country_code('britain') == 'GB'\n",
        "from explorer.spans import is_demonym, country_name\n"
        "assert is_demonym('Brazilian') and country_name('Trinidad and Tobago')\n",
    ],
)
def test_the_country_table_leaves_the_packages_matching_unimported(statement: str) -> None:
    """Its name matching (normality, ICU, chardet) is not what resolution or the cleaner read."""
    code = (
        "import sys\n"
        + statement
        + "print(sorted(m for m in ('countrynames', 'normality', 'icu') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_subdivision_names_are_pycountrys() -> None:
    import pycountry

    assert _subdivision_names() == [subdivision.name for subdivision in pycountry.subdivisions]


def test_a_country_within_a_country_is_iso_3166_2s_country_type() -> None:
    """``is_constituent_country`` reads pycountry's subdivisions of type "Country" (each name
    part, the local one too), not other subdivisions or sovereign countries' own names."""
    from explorer.normalize import matching_key
    from explorer.resolution.lexicon import is_constituent_country

    assert all(is_constituent_country(matching_key(n)) for n in ("Scotland", "Wales", "Cymru"))
    assert not is_constituent_country(matching_key("Ontario"))  # a province
    assert not is_constituent_country(matching_key("Peru"))  # a sovereign country
    assert not is_constituent_country(matching_key("Varnholm"))


def test_subdivision_names_of_one_type_are_pycountrys() -> None:
    import pycountry

    expected = [s.name for s in pycountry.subdivisions if s.type == "Country"]
    assert _subdivision_names(of_type="Country") == expected
