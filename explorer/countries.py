"""countrynames' country-name table, read without the package's name matching.

``countrynames`` (OpenSanctions' table of country names in many languages → ISO code) matches a
name by normalising it with ``normality``, whose import loads ICU and chardet, and whose first
``to_code`` normalises all 25,000 names of the table (about 0.35 s of every ingest in all). Here
the table is read from the package's data module alone (:func:`countrynames_table`), and
:func:`country_name_code` answers as ``countrynames.to_code`` does (not fuzzy) for names in the
Latin script, whose normal form is pure Unicode work; a name in another script needs ICU's
transliteration and is passed to the package. One difference: the package also keys every name
the table writes in another script by its ICU romanisation, and some of those are English words
("Man" → Oman, "Rossi" → Russia, "Anglia" → Britain, "Law" → Laos); here they name no country.

A foundation module: the mention cleaner (``explorer.spans``) and resolution's lexicon both read
the table through it.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from pathlib import Path
from types import ModuleType

#: normality's ``UNICODE_CATEGORIES`` (``normality.constants``): what its ``normalize`` does to a
#: character of each Unicode category, a space (" ") or nothing (``None``); the other categories
#: are kept. Copied because the package cannot be imported without ICU; a test compares them.
NORMALITY_CATEGORIES: dict[str, str | None] = {
    "Cc": " ", "Cf": None, "Cs": None, "Co": None, "Cn": None, "Lm": None, "Mn": None,
    "Mc": " ", "Me": None, "No": None, "Zs": " ", "Zl": " ", "Zp": " ", "Pc": " ", "Pd": " ",
    "Ps": " ", "Pe": " ", "Pi": " ", "Pf": " ", "Po": " ", "Sm": " ", "Sc": None, "Sk": None,
    "So": " ",
}  # fmt: skip

#: normality transliterates (ICU ``Any-Latin``) only text with a character past this code point.
_LAST_LATIN = 740

#: normality's ``squash_spaces``: characters dropped, then runs of spaces folded to one.
_SPACE_DROPPED = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad\u2060-\u2064]")
_SPACE_RUN = re.compile(r"[\s\u2028\u2000-\u200a\u2029\u0a00\u1680\u202f\u205f\u3000]+")

#: The code countrynames gives the names it refuses ("fund", "antilles").
FAIL = "FAIL"


def countrynames_table() -> dict[str, list[str]]:
    """countrynames' table (``countrynames.data.DATA``: ISO code → names), its module run on its
    own: imported as ``countrynames.data`` it first imports the package, whose name matching
    (normality, ICU, chardet) costs ten times the table to import. Imported the usual way if
    the package is laid out differently."""
    module = _data_module()
    if module is None:
        from countrynames.data import DATA

        return DATA
    return module.DATA


def _data_module() -> ModuleType | None:
    """countrynames' ``data.py`` run as a module of its own, or ``None`` when it is not found."""
    spec = importlib.util.find_spec("countrynames")  # finds the package, imports nothing
    path = Path(spec.origin).parent / "data.py" if spec is not None and spec.origin else None
    data_spec = (
        importlib.util.spec_from_file_location("_countrynames_data", path)
        if path is not None and path.is_file()
        else None
    )
    if data_spec is None or data_spec.loader is None:
        return None
    module = importlib.util.module_from_spec(data_spec)
    data_spec.loader.exec_module(module)  # its cached bytecode, as an import would
    return module


@functools.lru_cache(maxsize=50_000)
def country_name_code(name: str) -> str | None:
    """The code ``countrynames.to_code(name)`` gives (an ISO code such as "GB", a region's such
    as "GB-SCT", or ``None``), without loading ICU for a name in the Latin script: "Russian" →
    "RU", "Bosnia and Herzegovina" → "BA", "UK" → "GB", "Fund" → ``None``; but a romanisation of
    a name the table writes only in another script is none ("Rossi", "Man": module docstring)."""
    upper = name.upper().strip()
    if upper in _table_codes():
        return upper  # an ISO code, as the package reads it ("US", and its "FAIL" too)
    key = _latin_key(upper)
    if key is None:  # another script: ICU's transliteration, through the package
        import countrynames

        return countrynames.to_code(name)
    code = _latin_table().get(key) if key else None
    return None if code == FAIL else code


def _latin_key(name: str) -> str | None:
    """normality's ``normalize(name, latinize=True)`` for a name in the Latin script: lower
    case, decomposed (NFKD), each character replaced by its category
    (:data:`NORMALITY_CATEGORIES`: accents and symbols dropped, punctuation a space), spaces
    squashed. ``None`` for a name with a character of another script (it needs ICU)."""
    text = name.strip().lower()
    if any(ord(char) > _LAST_LATIN for char in text):
        return None
    text = unicodedata.normalize("NFKD", text).translate(_CATEGORY_TABLE)
    return _SPACE_RUN.sub(" ", _SPACE_DROPPED.sub("", text)).strip(" ")


class _CategoryTable(dict[int, "int | str | None"]):
    """A ``str.translate`` table that looks each character's category up in
    :data:`NORMALITY_CATEGORIES` on first sight (as normality's own table does)."""

    def __missing__(self, codepoint: int) -> int | str | None:
        category = unicodedata.category(chr(codepoint))
        value = NORMALITY_CATEGORIES.get(category, codepoint)
        self[codepoint] = value
        return value


_CATEGORY_TABLE = _CategoryTable()


@functools.cache
def _table_codes() -> frozenset[str]:
    """The codes of the table, as the package reads them (upper case, "FAIL" among them)."""
    return frozenset(code.strip().upper() for code in countrynames_table())


@functools.cache
def _latin_table() -> dict[str, str]:
    """The table's names in the Latin script and its codes, keyed by :func:`_latin_key`; a name
    written twice keeps the code of its last entry, as in the package. Names in other scripts
    are left out: only the package's transliteration gives their keys."""
    table: dict[str, str] = {}
    for code, names in countrynames_table().items():
        code = code.strip().upper()
        for name in (code, *names):
            key = _latin_key(name)
            if key:
                table[key] = code
    return table
