"""What well-kept libraries and the project's data files know about words, for the type rules.

- **Given names**: ``gender-guesser``'s name dictionary (about 48,000 first names of 55
  countries with their frequency in each); a name is *common* when some country rates it at
  least :data:`COMMON_GIVEN_NAME_FREQUENCY` on the dictionary's 1-13 scale ("Kenneth", "Václav",
  "Ghassan"; not "General" or "Royal", which it lists as rare first names).
- **Countries**: ``countrynames`` (OpenSanctions' country name table: "Britain", "UK",
  "America", "USA" and hundreds of other short and foreign forms) checked against ``pycountry``
  (ISO 3166): a name is a country when countrynames gives it a country code and it is the
  initials of that country's ISO name or a run of its words ("America" in "United States of
  America"), and is not an ISO subdivision ("England"). countrynames alone also maps cities,
  regions and look-alike acronyms to a country (Paris → France, Chechnya → Russia, IRA → Iran);
  those are not the country.
- **Places**: ``pycountry``'s 5,000 subdivision names (states, provinces, regions and some cities:
  "Texas", "Manchester", "Lancashire").
- **Plurals**: ``inflect``'s ``singular_noun`` ("Tories" → "Tory", "Lib Dems" → "Lib Dem").
- **Number words**: ``inflect``'s ``number_to_words`` ("four" → "4": "BBC Radio Four").
- **Cue words**: ``explorer/data/type_cues.toml`` (titles, place and organisation nouns, head
  nouns), curated for this project.

Everything is loaded on first use and cached (about 0.4 s in all), so nothing here slows an
import; the explorer and the one-liners never load it.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from explorer.countries import countrynames_table
from explorer.given_names import (
    FIRST_COUNTRY_COLUMN,
    GENDER_COLUMNS,
    NAME_COLUMNS,
    dictionary_lines,
    has_countries,
    plus_readings,
)
from explorer.normalize import fold, matching_key

TYPE_CUES = Path(__file__).parent.parent / "data" / "type_cues.toml"

#: On gender-guesser's scale (1: rare … 13: very common in that country), the frequency from
#: which a first name counts as a common given name somewhere.
COMMON_GIVEN_NAME_FREQUENCY = 3
_SMALL_WORDS = frozenset({"of", "the", "and"})


# --------------------------------------------------------------------------- given names


@dataclass(frozen=True)
class _GivenNames:
    """What gender-guesser's ``nam_dict.txt`` says about first names, folded."""

    frequencies: dict[str, int]  # name → its highest frequency in any country
    genders: dict[str, str]  # name → "male" or "female", when every entry agrees
    equivalents: dict[str, frozenset[str]]  # name → spellings it lists as the same name
    sexes: dict[str, frozenset[str]]  # name → every sex ("M", "F") some entry gives it


_GENDER_CODES = {"M": "male", "1M": "male", "?M": "male", "F": "female", "1F": "female"}
_GENDER_CODES["?F"] = "female"


#: gender-guesser's frequency characters of a common name (1-9, then A-D = 10-13: from
#: :data:`COMMON_GIVEN_NAME_FREQUENCY`), highest first.
_COMMON_FREQUENCIES = tuple(
    (char, frequency)
    for frequency, char in reversed(list(enumerate("123456789ABCD", start=1)))
    if frequency >= COMMON_GIVEN_NAME_FREQUENCY
)
#: The few sets of sexes a name can have, by the order their letters were met.
_SEX_SETS = {"M": frozenset("M"), "F": frozenset("F"), "MF": frozenset("MF"), "FM": frozenset("MF")}


@functools.cache
def _given_names() -> _GivenNames:
    """Read gender-guesser's ``nam_dict.txt`` once, in one pass for every table.

    Read straight from the file (:mod:`explorer.given_names`: its fixed columns), at a third of
    the cost of building its ``Detector``, which parses the same file into a structure for
    another question. A "+" inside a name stands for "-", " " or nothing ("Jun+Wei"), as the
    Detector reads it. Lines starting "=" list two spellings of one name ("Steve Stephen",
    "Danny Daniel"). The loop is written out (one line's work inline: 48,000 lines) since every
    resolution reads it.
    """
    frequencies: dict[str, int] = {}
    genders: dict[str, str] = {}
    equivalents: dict[str, set[str]] = {}
    sexes: dict[str, str] = {}
    for line in dictionary_lines():
        if line[:1] == "=":
            if has_countries(line):
                _add_equivalents(line, equivalents)
            continue
        raw_name = line[NAME_COLUMNS]
        name = raw_name.rstrip()
        keys = (name.lower(),) if name.isascii() and "+" not in name else _given_name_keys(name)
        code = line[GENDER_COLUMNS].rstrip()
        sex = code[-1:]
        if sex == "M" or sex == "F":  # "?M" is mostly male; a unisex "?" gives nothing
            for key in keys:
                known = sexes.get(key, "")
                if sex not in known:
                    sexes[key] = known + sex
        if not has_countries(line):
            continue
        if raw_name[:1].isspace():  # strip() and rstrip() differ: key the stripped name
            keys = _given_name_keys(raw_name.strip())
        gender = _GENDER_CODES.get(code.lstrip(), _UNISEX)
        values = line[FIRST_COUNTRY_COLUMN:-1]  # one character per country
        best = 0  # the highest frequency of the name in any country, when common
        for char, frequency in _COMMON_FREQUENCIES:  # a few scans of a short line
            if char in values:
                best = frequency
                break
        for key in keys:
            if genders.setdefault(key, gender) != gender:
                genders[key] = _UNISEX
            if best and best > frequencies.get(key, 0):
                frequencies[key] = best
    return _GivenNames(
        frequencies,
        {k: g for k, g in genders.items() if g != _UNISEX},
        {k: frozenset(v) for k, v in equivalents.items()},
        {k: _SEX_SETS[v] for k, v in sexes.items()},
    )


def _given_name_keys(name: str) -> Iterable[str]:
    """The folded keys of one table name: a "+" read as nothing, a space or a hyphen."""
    if "+" in name:
        return {_name_key(reading) for reading in plus_readings(name)}
    return (_name_key(name),)


def _add_equivalents(line: str, equivalents: dict[str, set[str]]) -> None:
    """Record an "=" line's two spellings of one name as equivalents of each other."""
    pair = [_name_key(w) for w in line[3:29].split()]
    if len(pair) == 2 and all(pair):
        equivalents.setdefault(pair[0], set()).add(pair[1])
        equivalents.setdefault(pair[1], set()).add(pair[0])


_UNISEX = "unisex"


def _name_key(name: str) -> str:
    return name.lower() if name.isascii() else _quick_key(name)  # names with accents: rare


def _given_name_frequencies() -> dict[str, int]:
    """Folded first name → its highest frequency (at least the common one) in any country."""
    return _given_names().frequencies


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a common first name in some country ("Kenneth", "Vaclav", "Fayez")."""
    return _given_name_frequencies().get(_word_key(word), 0) >= COMMON_GIVEN_NAME_FREQUENCY


def given_name_gender(word: str) -> str | None:
    """ "male" or "female" when gender-guesser lists the first name for one gender only
    (mostly-male and mostly-female included), else ``None`` (unisex or unknown)."""
    return _given_names().genders.get(_word_key(word))


def same_given_name(a: str, b: str) -> bool:
    """Whether two first names are listed as one: spellings gender-guesser pairs ("Steve" /
    "Stephen") or an English name and its nickname in the ``nicknames`` package ("Bill" /
    "William", "Steve" / "Steven")."""
    ka, kb = _word_key(a), _word_key(b)
    if ka == kb or kb in _given_names().equivalents.get(ka, ()):
        return True
    return kb in _nickname_family(ka) or ka in _nickname_family(kb)


@functools.lru_cache(maxsize=20_000)
def _nickname_family(name: str) -> frozenset[str]:
    """The name, its nicknames, the names it is a nickname of, and their nicknames."""
    namer = _nick_namer()
    canonicals = namer.canonicals_of(name) | {name}
    family = set(canonicals)
    for canonical in canonicals:
        family |= namer.nicknames_of(canonical)
    return frozenset(family)


@functools.cache
def _nick_namer():  # type: ignore[no-untyped-def]
    from nicknames import NickNamer

    return NickNamer()


def _word_key(word: str) -> str:
    return word.casefold() if word.isascii() and word.isalpha() else _quick_key(fold(word))


# --------------------------------------------------------------------------- countries, places


@dataclass(frozen=True)
class CountryMatch:
    code: str
    #: The name starts the ISO name or follows its "of" ("Russia", "America"), or is the
    #: initials of it ("UK"); otherwise it is a word inside it ("Britain" of "United Kingdom
    #: of Great Britain ...", but also "McDonald" of "Heard Island and McDonald Islands"),
    #: which callers should only trust for a name NER calls a place.
    strong: bool


@dataclass(frozen=True)
class _IsoCountry:
    phrases: frozenset[str]  # runs of words of its ISO names that start the name or follow
    # "of" ("russianfederation", "america"), spaces removed, also without their last one or two
    # letters ("russia")
    inner: frozenset[str]  # every other run of words ("britain", "salvador", "mcdonald")
    initials: frozenset[str]  # of its ISO names, with and without "of", "the", "and"


@functools.cache
def _iso_countries() -> dict[str, _IsoCountry]:
    import pycountry

    countries = {}
    for country in pycountry.countries:
        phrases: set[str] = set()
        inner: set[str] = set()
        initials: set[str] = set()
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            words = matching_key(value.replace(",", " ")).split()
            starts = {0} | {i + 1 for i, w in enumerate(words[:-1]) if w == "of"}
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    phrase = "".join(words[i:j])
                    if i in starts:
                        phrases.update(phrase[: len(phrase) - n] for n in range(3))
                    else:
                        inner.add(phrase)
            initials.add("".join(w[0] for w in words))
            initials.add("".join(w[0] for w in words if w not in _SMALL_WORDS))
        countries[country.alpha_2] = _IsoCountry(
            frozenset(phrases), frozenset(inner - phrases), frozenset(initials)
        )
    return countries


_SUBDIVISION_CODE = re.compile(r"\b[A-Z]{2}-\w+")
_SUBDIVISION_NAME_PARTS = re.compile(r"[\[\],;/()]")


@functools.cache
def _subdivision_keys() -> frozenset[str]:
    """Matching keys of every subdivision name, and of its parts: "Wales [Cymru GB-CYM]" gives
    "wales" and "cymru", "Madrid, Comunidad de" gives "madrid"."""
    keys = set()
    for subdivision_name in _subdivision_names():
        name = _SUBDIVISION_CODE.sub("", subdivision_name)
        keys.add(matching_key(name))
        keys.update(_name_part_keys(name))
    keys.discard("")
    return frozenset(keys)


def _name_part_keys(name: str) -> set[str]:
    """Matching keys of a subdivision name's parts ("Wales [Cymru ]": "wales", "cymru")."""
    return {matching_key(part) for part in _SUBDIVISION_NAME_PARTS.split(name) if part.strip()}


def _subdivision_names(of_type: str | None = None) -> list[str]:
    """pycountry's subdivision names (of one ISO 3166-2 type, such as "Country", if given),
    read from its ISO 3166-2 file: its database would first make and index an object for each
    of the 5,046 entries (most of the cost), for a name."""
    import pycountry

    database = pycountry.subdivisions
    try:
        with open(database.filename, encoding="utf-8") as handle:
            entries = json.load(handle)[database.root_key]
    except (AttributeError, OSError, KeyError):  # laid out otherwise: the objects' names
        entries = [{"name": s.name, "type": s.type} for s in database]
    return [e["name"] for e in entries if of_type is None or e.get("type") == of_type]


@functools.cache
def _constituent_country_keys() -> frozenset[str]:
    """Matching keys of the subdivisions ISO 3166-2 calls countries ("England", "Wales",
    "Cymru"; also "Aruba", which pycountry lists as a country too): each fields its own
    national teams, like a sovereign country."""
    keys = set()
    for name in _subdivision_names(of_type="Country"):
        keys.update(_name_part_keys(_SUBDIVISION_CODE.sub("", name)))
    keys.discard("")
    return frozenset(keys)


def is_constituent_country(key: str) -> bool:
    """Whether a matching key names a country within a country ("England", "Scotland")."""
    return key in _constituent_country_keys()


def is_subdivision(key: str) -> bool:
    """Whether a matching key names a state, province, region or city in ISO 3166-2."""
    return key in _subdivision_keys()


def country_code(key: str, acronym: bool = False) -> str | None:
    """The ISO code of the country a matching key names, or ``None`` (:func:`country_match`)."""
    match = country_match(key, acronym)
    return match.code if match else None


@functools.lru_cache(maxsize=50_000)
def country_match(key: str, acronym: bool = False) -> CountryMatch | None:
    """The country a matching key names, or ``None``.

    countrynames must know the name, and pycountry must support it: an acronym (``acronym``:
    written in capitals) must be the initials of the country's ISO name ("UK", "USA", "UAE";
    not "IRA" or "VAT", which countrynames maps to Iran and the Vatican), any other name must be
    a run of its words (a strong match when the run starts the name or follows its "of",
    possibly less up to two letters: "America", "Russia" of "Russian Federation"), have four
    letters at least and not be an ISO subdivision ("England", "Paris").
    """
    compact = key.replace(" ", "")
    if not compact or (not acronym and (len(compact) < 4 or is_subdivision(key))):
        return None
    code = _country_names().get(key)
    if code is None and acronym:
        code = _iso_codes().get(compact)  # countrynames takes ISO codes too ("US")
    if code is None or "-" in code:
        return None  # not a country, or a region of one (Scotland: GB-SCT)
    iso = _iso_countries().get(code)
    if iso is None:
        return None
    if acronym and len(compact) <= 4:
        return CountryMatch(code, True) if compact in iso.initials else None
    if compact in iso.phrases:
        return CountryMatch(code, True)
    short = _without_form_of_state(key)
    if short is not None and short.replace(" ", "") in iso.phrases:
        return CountryMatch(code, True)  # "Republic of Ireland": ISO calls it "Ireland"
    return CountryMatch(code, False) if compact in iso.inner else None


@functools.cache
def _forms_of_state() -> frozenset[str]:
    """The forms of state pycountry's official names put before a country's short name
    ("republic of" of "Republic of Albania", "kingdom of", "federal republic of",
    "principality of"), as matching keys: taken from the library's own names, not a hand list."""
    forms = set()
    for country in _pycountry_countries():
        official = getattr(country, "official_name", None)
        if official is None:
            continue
        key, short = _quick_key(official), _quick_key(country.name)
        if short and key.endswith(" of " + short):
            forms.add(key[: -len(short) - 1])
    return frozenset(forms)


def _without_form_of_state(key: str) -> str | None:
    """A country's name without its form of state ("republic of ireland" → "ireland",
    "the kingdom of spain" → "spain"), or ``None`` when it starts with none."""
    words = key.split()
    for i, word in enumerate(words[:-1]):
        if word == "of" and " ".join(words[: i + 1]) in _forms_of_state():
            return " ".join(words[i + 1 :])
    return None


@functools.cache
def _country_names() -> dict[str, str]:
    """countrynames' table (every name it knows, in many languages → ISO code), keyed like our
    matching keys (:func:`explorer.countries.country_name_code` keys it as countrynames does,
    for the mention cleaner). Read from its data file
    (:func:`explorer.countries.countrynames_table`): its ``to_code`` scans all 25,000 codes on
    every call (1 ms), too slow for tens of thousands of names. Names it lists as failures (``FAIL``:
    "fund", "antilles") map to nothing; names in other scripts are left out."""
    table: dict[str, str] = {}
    failed = set()
    for code, names in countrynames_table().items():
        for name in names:
            key = _quick_key(name)
            if not key:
                continue
            if code == "FAIL":
                failed.add(key)
            else:
                table.setdefault(key, code)
    for key in failed:
        table.pop(key, None)
    return table


def is_country_code(key: str) -> bool:
    """Whether a matching key is a country's ISO 3166 code ("us", "gb", "fra"; not "uk")."""
    return key in _iso_codes()


@functools.cache
def _iso_codes() -> dict[str, str]:
    return {
        code.lower(): country.alpha_2
        for country in _pycountry_countries()
        for code in (country.alpha_2, country.alpha_3)
    }


def _pycountry_countries() -> list:
    import pycountry

    return list(pycountry.countries)


_QUICK_SPLIT = re.compile(r"[^a-z0-9]+")


def _quick_key(name: str) -> str:
    """A matching key for a clean name from a data table, at a fraction of
    :func:`explorer.normalize.matching_key`'s cost: accents dropped, dots of acronyms removed,
    lower case, words joined by one space, a leading "the" dropped. Empty for other scripts."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _QUICK_SPLIT.split(name.casefold().replace(".", "").replace("'", ""))
    words = [w for w in words if w]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- plurals


@functools.cache
def _inflect_engine():  # type: ignore[no-untyped-def]
    import inflect

    return inflect.engine()


@functools.lru_cache(maxsize=50_000)
def singular(word: str) -> str | None:
    """The singular of a plural noun ("tories" → "tory"), or ``None`` when it is not a plural."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
        return None
    result = _inflect_engine().singular_noun(word)
    return result if isinstance(result, str) and result != word else None


#: Numbers whose one-word English names a name may spell out ("BBC Radio Four", "Channel 4").
_SPELLED_NUMBERS = range(100)


@functools.cache
def number_words() -> dict[str, str]:
    """One-word English number names and their digits, from ``inflect`` ("four" → "4",
    "twenty" → "20"; "twenty-one" is two words of a name, so it is left out)."""
    engine = _inflect_engine()
    words = {str(engine.number_to_words(n)): str(n) for n in _SPELLED_NUMBERS}
    return {word: digits for word, digits in words.items() if word.isalpha()}


# --------------------------------------------------------------------------- cue words


@dataclass(frozen=True)
class TypeCues:
    """The contents of ``type_cues.toml``."""

    titles: frozenset[str]
    peerages: frozenset[str]  # "Lord Liverpool": a person, whatever the word names elsewhere
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    place_of_nouns: frozenset[str]  # "residents of X", "north of X": only before "of"
    org_before: frozenset[str]
    org_after: frozenset[str]
    work_before: frozenset[str]  # "the biopic X": X is a work's title
    sport_words: frozenset[str]  # "striker", "league": words of a sports report
    heads: dict[str, str]  # head noun → type
    first_words: dict[str, str]  # first word → type
    compass_points: dict[str, tuple[str, ...]]  # "s" → ("south", "southern")
    #: interchangeable head words of one event named after its place, by family
    event_synonym_heads: tuple[tuple[str, ...], ...] = ()


@functools.cache
def type_cues(path: Path = TYPE_CUES) -> TypeCues:
    with path.open("rb") as handle:
        data = tomllib.load(handle)

    def words(*keys: str) -> frozenset[str]:
        node = data
        for key in keys:
            node = node.get(key, {})
        return frozenset(w.casefold() for w in node) if isinstance(node, list) else frozenset()

    def by_type(section: str) -> dict[str, str]:
        return {
            word.casefold(): entity_type
            for entity_type, listed in data.get(section, {}).items()
            for word in listed
        }

    return TypeCues(
        titles=words("person", "titles"),
        peerages=words("person", "peerages"),
        place_prepositions=words("place", "prepositions"),
        place_nouns=words("place", "nouns"),
        place_of_nouns=words("place", "of_nouns"),
        org_before=words("organisation", "before"),
        org_after=words("organisation", "after"),
        work_before=words("work", "before"),
        sport_words=words("sport", "words"),
        heads=by_type("heads"),
        first_words=by_type("first_words"),
        compass_points={
            initial.casefold(): tuple(w.casefold() for w in listed)
            for initial, listed in data.get("place", {}).get("compass_points", {}).items()
        },
        event_synonym_heads=tuple(
            tuple(head.casefold() for head in family)
            for family in data.get("event", {}).get("synonym_heads", [])
        ),
    )


# --------------------------------------------------------------------------- sexes of given names


def _given_name_sexes() -> dict[str, frozenset[str]]:
    """Folded first name → the sexes gender-guesser gives it (``M``, ``F``; both for "Chris"
    only when it lists the name for both). Its unisex entries ("?") give nothing."""
    return _given_names().sexes


def given_name_genders(word: str) -> frozenset[str]:
    """The sexes (``M``/``F``) of a given name in gender-guesser's table; empty if unknown."""
    key = word.casefold() if word.isascii() and word.isalpha() else _quick_key(fold(word))
    return _given_name_sexes().get(key, frozenset())


@functools.cache
def name_suffixes() -> frozenset[str]:
    """Generational and similar suffixes after a surname ("Jr", "Sr", "III"), from nameparser's
    table, as matching keys write them (lower case, no full stop)."""
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.suffix_not_acronyms)
