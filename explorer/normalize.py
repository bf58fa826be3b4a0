"""Matching keys for surface forms. Keys are for comparing names, never shown to users."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$", re.IGNORECASE)
_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """NFKC, case-folded, diacritics removed."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def matching_key(surface: str) -> str:
    """A comparison key: folded, without leading determiner or possessive, words joined by spaces."""
    text = fold(surface).strip()
    text = _LEADING_DETERMINER.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return " ".join(part for part in _NON_WORD.split(text) if part)


_ARTICLE_WORDS = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an"})
# Romanisation equivalences of Arabic (and neighbouring) names, applied longest first.
_DIGRAPHS = (("kh", "h"), ("dh", "d"), ("th", "d"), ("gh", "k"), ("ph", "f"), ("ck", "k"))
_LETTER_CLASS = str.maketrans({"q": "k", "g": "k", "c": "k", "z": "d", "v": "f", "p": "b"})
_VOWELS = frozenset("aeiouyw")


def translit_skeleton(key: str) -> str:
    """A consonant skeleton that survives the usual variation in romanised Arabic names.

    ``key`` is a :func:`matching_key`. Arabic article words (al, el, …) are dropped when a name
    follows, digraphs fold (kh→h, dh/th→d, gh→k), letter classes merge (q/k/g/c, d/z, …),
    vowels and w/y are dropped except a word-initial one (kept as ``a``), and doubled letters
    collapse. "Haftar", "Hifter" and "Hafter" all give ``hftr``; "Gaddafi", "Qaddafi",
    "Kadhafi" and "Gadhafi" give ``kdf``.
    """
    words = key.split()
    if len(words) > 1:
        words = [w for w in words if w not in _ARTICLE_WORDS] or words
    return " ".join(filter(None, (_word_skeleton(w) for w in words)))


def _word_skeleton(word: str) -> str:
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    word = word.translate(_LETTER_CLASS)
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            if i == 0 and not out:
                out.append("a")
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)
