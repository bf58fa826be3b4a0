"""The country and place tables are read from the libraries' data files: the same tables as
through their packages' objects."""

from __future__ import annotations

import subprocess
import sys

from explorer.resolution.lexicon import _countrynames_data, _subdivision_names


def test_the_table_is_the_packages_own() -> None:
    from countrynames.data import DATA

    assert _countrynames_data() == DATA


def test_the_country_table_leaves_the_packages_matching_unimported() -> None:
    """Its name matching (normality, ICU, chardet) is not what resolution reads."""
    code = (
        "import sys\n"
        "from explorer.resolution.lexicon import country_code\n"
        "assert country_code('britain') == 'GB'\n"
        "print(sorted(m for m in ('countrynames', 'normality') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_subdivision_names_are_pycountrys() -> None:
    import pycountry

    assert _subdivision_names() == [subdivision.name for subdivision in pycountry.subdivisions]
