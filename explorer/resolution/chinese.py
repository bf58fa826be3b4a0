"""Mandarin names in Wade-Giles and in pinyin: "Mao Tse-tung" is "Mao Zedong", "Teng Hsiao-ping"
"Deng Xiaoping", "Kuo-min-tang" "Guomindang".

The two systems spell the same syllables with other letters (Wade-Giles hs, ch, ts, t, k, p for
pinyin x, zh/j, z, d, g, b; -ung, -ieh, -ih for -ong, -ie, -i), so no letter rule of the
transliteration readings (:mod:`explorer.normalize`) can meet them without joining unrelated
English names. Instead, a name whose words all cut into Mandarin syllables and that shows a
mark of Wade-Giles (a syllable pinyin does not have, or a given name written in hyphenated
syllables) is read syllable by syllable into pinyin, with the syllable table of
``explorer/data/wade_giles.toml``; a name in pinyin reads as itself. Two names are one when
their glued readings meet. German and Polish spellings of the Wade-Giles forms ("Tschou
En-lai", "Liu Schao-tschi") are read through their clusters first.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from explorer.errors import UserError

WADE_GILES = Path(__file__).parent.parent / "data" / "wade_giles.toml"

#: A name with more readings than this is too ambiguous to compare; it gets none.
MAX_READINGS = 64
#: Syllables a name must have (a lone syllable is too little to go on: "Chang", "Sun").
MIN_SYLLABLES = 2
#: Syllables a name may have: a surname and a given name of one or two syllables each make
#: four at most; the bound set with the table allows one more (a margin, not measured).
MAX_SYLLABLES = 5
#: Words a name may have to be read as pinyin, checked before cutting syllables (a surname and
#: a given name the matching key splits at its hyphens: "Mao Tse-tung" is three).
MAX_NAME_WORDS = 4
#: Cuts of one word into syllables looked for before stopping: the longest-first cut is the
#: one read (:func:`chinese_readings`), the others only bound the search on long words.
MAX_SEGMENTATIONS = 4

#: German and Polish clusters over a Wade-Giles spelling, and the Polish j of a diphthong (a
#: j before a vowel starts the next syllable: "jiajia" is jia-jia, not jiai-ia).
_CLUSTERS = tuple(
    (re.compile(old), new)
    for old, new in (
        ("tsch", "ch"),
        ("sch", "sh"),
        ("cz", "ch"),
        ("aj(?![aeiou])", "ai"),
        ("ej(?![aeiou])", "ei"),
    )
)
#: The letters of a run of Mandarin syllables in either system, over a whole name as written
#: (German and Polish clusters and the Polish -aj/-ej included): an initial of one consonant
#: or of the two-letter ones, one to three vowels, and an n, ng or h (Wade-Giles -ih, -ieh)
#: at the end, or the final er/erh. Most names fail this at once ("Blair", "Smith").
_WRITTEN_SYLLABLES = (
    r"(?:(?:tsch|sch|cz|ch|sh|zh|hs|ts|tz|ss|sz|[bcdfghjklmnpqrstwxyz])?"
    r"(?:[aeiou]{1,3}(?:ng|n|h|j)?|erh?))+"
)
#: A whole name of such words, separated by spaces.
_NAME_SHAPE = re.compile(_WRITTEN_SYLLABLES + "(?: " + _WRITTEN_SYLLABLES + ")*")
#: Finals only Wade-Giles writes (pinyin has -ong, -iong, -ie, -ian, -i, -er, -ue for them).
_WADE_GILES_FINALS = frozenset({"ung", "iung", "ieh", "ien", "ih", "erh", "ueh"})


@dataclass(frozen=True)
class _Table:
    initials: dict[str, tuple[str, ...]]  # Wade-Giles initial -> pinyin readings
    pinyin_initials: frozenset[str]
    finals: dict[str, tuple[str, ...]]
    zero_initial: frozenset[str]
    #: finals written only after some initials (Wade-Giles -ih: chih, shih, jih; not "lih")
    final_initials: dict[str, frozenset[str]]


class SyllableTableError(UserError):
    """The syllable table cannot be read; the message names the file."""


@functools.cache
def _table() -> _Table:
    return read_table(WADE_GILES)


def read_table(path: Path) -> _Table:
    """The syllable table of ``path`` (see ``explorer/data/wade_giles.toml``); an aspirated
    initial ("p'") also counts under its bare spelling, as news drops the apostrophe."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        initials: dict[str, tuple[str, ...]] = {}
        for key, values in data["initials"].items():
            bare = key.replace("'", "")
            initials[bare] = tuple(dict.fromkeys((*initials.get(bare, ()), *values)))
        return _Table(
            initials,
            frozenset(data["pinyin_initials"]["initials"]),
            {k: tuple(v) for k, v in data["finals"].items()},
            frozenset(data["zero_initial"]["finals"]),
            {
                final: frozenset(i.replace("'", "") for i in allowed)
                for final, allowed in data.get("final_initials", {}).items()
            },
        )
    except OSError as exc:
        raise SyllableTableError(f"{path}: cannot read the syllable table ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SyllableTableError(f"{path}: not valid TOML ({exc})") from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise SyllableTableError(
            f"{path}: expected tables initials, pinyin_initials.initials, finals and "
            f"zero_initial.finals of strings and lists of strings ({exc!r} missing or wrong)"
        ) from exc


@functools.lru_cache(maxsize=50_000)
def _parses(syllable: str) -> tuple[tuple[str, str], ...]:
    """The (initial, final) cuts of a syllable in either system ("" for no initial)."""
    table = _table()
    out: list[tuple[str, str]] = []
    for cut in range(0, min(3, len(syllable) - 1) + 1):
        initial, final = syllable[:cut], syllable[cut:]
        if final not in table.finals:
            continue
        if final in table.final_initials and initial not in table.final_initials[final]:
            continue
        if not initial:
            if final in table.zero_initial:
                out.append((initial, final))
        elif initial in table.initials or initial in table.pinyin_initials:
            out.append((initial, final))
    return tuple(out)


@functools.lru_cache(maxsize=50_000)
def _segmentations(word: str) -> tuple[tuple[str, ...], ...]:
    """Every way to cut a word into syllables (at most a handful)."""
    if not word:
        return ((),)
    out: list[tuple[str, ...]] = []
    for end in range(len(word), 0, -1):
        head = word[:end]
        if _parses(head):
            out += [(head, *rest) for rest in _segmentations(word[end:])]
        if len(out) > MAX_SEGMENTATIONS:
            break
    return tuple(out)


def _wade_giles_syllable(syllable: str) -> bool:
    """A syllable pinyin does not write: hs-, ts-, tz-, ss-, an -ung or -ieh final, j before a
    vowel other than i or u (Wade-Giles j is pinyin r: "jen", "jih")."""
    parses = _parses(syllable)
    return bool(parses) and all(
        initial in {"hs", "ts", "tz", "ss"}
        or final in _WADE_GILES_FINALS
        or (initial == "j" and final[:1] not in "iu")
        for initial, final in parses
    )


def _syllable_readings(syllable: str, wade_giles: bool) -> frozenset[str]:
    table = _table()
    out = {syllable}
    if wade_giles:
        for initial, final in _parses(syllable):
            heads = table.initials.get(initial, (initial,)) if initial else ("",)
            for head in heads:
                out.update(head + tail for tail in table.finals[final])
    return frozenset(out)


def _prepared(word: str) -> str:
    for cluster, sound in _CLUSTERS:
        word = cluster.sub(sound, word)
    return word


@functools.lru_cache(maxsize=200_000)
def _has_syllable_shape(word: str) -> bool:
    """Whether a word is written as a run of Mandarin syllables (:data:`_NAME_SHAPE`), asked
    once a word: names share their words. A name has the shape exactly when each word has."""
    return _NAME_SHAPE.fullmatch(word) is not None


@functools.lru_cache(maxsize=100_000)
def chinese_readings(words: tuple[str, ...]) -> frozenset[str]:
    """The glued pinyin readings of a name whose words all cut into Mandarin syllables
    (``("mao", "tse", "tung")`` → ``maozedong`` among others); empty for any other name.

    Wade-Giles readings are tried only when the name shows Wade-Giles: a syllable pinyin does
    not have, or a given name in hyphenated syllables (words of one syllable after the
    first, as the matching key splits "En-lai"); a pinyin name reads as itself.
    """
    if not words or len(words) > MAX_NAME_WORDS or not all(map(_has_syllable_shape, words)):
        return frozenset()  # most names: one regex a word, before cutting syllables
    prepared = [_prepared(w) for w in words]
    cuts = [_segmentations(w) for w in prepared]
    if not all(cuts):
        return frozenset()
    syllables = [c[0] for c in cuts]  # the longest-first cut of each word
    flat = [s for word in syllables for s in word]
    if not MIN_SYLLABLES <= len(flat) <= MAX_SYLLABLES:
        return frozenset()
    hyphenated = len(words) >= 3 and all(len(s) == 1 for s in syllables[1:])
    wade_giles = hyphenated or any(_wade_giles_syllable(s) for s in flat)
    options = [_syllable_readings(s, wade_giles) for s in flat]
    count = 1
    for option in options:
        count *= len(option)
    if count > MAX_READINGS:
        return frozenset()
    return frozenset("".join(parts) for parts in itertools.product(*options))
