"""Characters and words as the cleaner reads them: separators, dashes, possessives, abbreviations,
name letters, whole words of a text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


WORD = re.compile(r"\S+")


SENTENCE_ARTICLE = re.compile(r"(?:The|A|An)[ \t]+(?=\S)")


#: Characters that always end a name: brackets, commas, semicolons, double quotes, bars.
SEPARATOR_CHARS = frozenset(',;()[]{}<>|"“”„«»‹›')


DASHES = frozenset("-‐‑‒–—―−")


_APOSTROPHES = "'’‘`´ʼ"


#: Possessive endings; "¿" and U+FFFD stand where a mis-decoded apostrophe was ("Blair¿s").
POSSESSIVE = re.compile(r"(?:[" + _APOSTROPHES + "¿\ufffd][sS]|(?<=[sS])[" + _APOSTROPHES + "])$")


SCORE = re.compile(r"\d{1,3}(?:[-–]\d{0,3})+")


NUMBER = re.compile(r"\d{1,4}")


#: A full stop that belongs to the word before it: initials ("U.N.", "J.") and abbreviations.
ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.)+[A-Za-z]?|[A-Z][a-z]?|Inc|Ltd|Co|Corp|Bros|Jr|Sr|Jnr|Snr|St|Ste|Mt|Ft|Gen|"
    r"Col|Capt|Sgt|Lt|Rev|Hon|Gov|Sen|Rep|Dept|Univ|Assn|Plc|Esq|Ave|Intl|Natl|Cie|Mfg"
)


WEB_ADDRESS = re.compile(r"[\w-]+(?:\.[\w-]+)+")


KEEP_TRAILING = frozenset("!+")  # "Yahoo!", "Canal+": kept when glued to the word


def is_symbol(ch: str) -> bool:
    """Emoji, flags, pictographs and other symbols; joiners and variation selectors with them."""
    if ch in "\u200d\ufe0e\ufe0f\u20e3":
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cs", "Co")


def is_edge_punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS" or ch.isspace()


def has_name_letter(word: str) -> bool:
    """An upper-case letter, or a letter of a script without case (Arabic, Chinese…)."""
    return any(ch.isupper() or (ch.isalpha() and not ch.islower()) for ch in word)


def fold(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


def is_lower(word: str) -> bool:
    """A word that starts with a lower-case letter (after any leading punctuation)."""
    for ch in word:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


TITLE_CASE_WORD = re.compile(r"[A-Z][a-z]+")


#: What stands before a word that opens a sentence: an end of sentence, a line break or the
#: text's start, then quotes or brackets.
SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;]|\n)[\s\"'“‘(\[]*$")


def word_starts(text: str, word: str) -> Iterable[int]:
    """Where ``word`` stands in ``text`` as a whole word (no letter or digit on either side).
    A plain search: a pattern per word would crowd the re module's cache."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            yield at
        at = text.find(word, at + 1)


def has_word(text: str, word: str) -> bool:
    return next(iter(word_starts(text, word)), None) is not None
