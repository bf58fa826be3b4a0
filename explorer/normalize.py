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
