"""countrynames' table is read from its data module without importing the package."""

from __future__ import annotations

import subprocess
import sys

from explorer.resolution.lexicon import _countrynames_data


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
