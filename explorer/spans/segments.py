"""A line's words cut into candidate names at separators and separating words (rule 2 of
:mod:`explorer.spans`), hyphenated words trimmed of prefixes and suffixes."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from explorer.spans.characters import (
    DASHES,
    SCORE,
    SEPARATOR_CHARS,
    WEB_ADDRESS,
    WORD,
    fold,
    has_name_letter,
    is_edge_punctuation,
    is_lower,
    is_symbol,
)
from explorer.spans.pieces import SEP, Segment, Word
from explorer.spans.words import Vocabulary, is_honorific, vocabulary


def _items(
    text: str, start: int, end: int, evidence: Collection[str], label: str = ""
) -> Iterable[Word | None]:
    """Words between ``start`` and ``end`` and :data:`SEP` where a separator stands."""
    person = label == "PERSON" and " " in text[start:end].strip()
    for number, match in enumerate(WORD.finditer(text, start, end)):
        w_start, w_end = match.span()
        syllables = person and number > 0  # a given name after the family name: "Kim Jong-un"
        token = match.group()
        if token[0] in "@#" or all(ch in DASHES for ch in token):
            yield SEP  # @handle, #hashtag, a dash between words
            continue
        piece_start = w_start
        for i, ch in enumerate(token):
            if ch in SEPARATOR_CHARS or is_symbol(ch) or _splits_at_slash(token, i):
                if piece_start < w_start + i:
                    yield from _hyphen_items(text, piece_start, w_start + i, evidence, syllables)
                yield SEP
                piece_start = w_start + i + 1
        if piece_start < w_end:
            last = text[piece_start:w_end]
            if last.endswith(":") and w_end < end:  # "Manchester United: Carroll"
                yield from _hyphen_items(text, piece_start, w_end - 1, evidence, syllables)
                yield SEP
            else:
                yield from _hyphen_items(text, piece_start, w_end, evidence, syllables)


def _splits_at_slash(token: str, i: int) -> bool:
    """A "/" between two words of three or more characters, the second capitalised."""
    if token[i] != "/":
        return False
    left, right = token[:i].split("/")[-1], token[i + 1 :].split("/")[0]
    return len(left) >= 3 and len(right) >= 3 and right[0].isupper() and left[0].isupper()


def _hyphen_items(
    text: str, start: int, end: int, evidence: Collection[str], syllables: bool = False
) -> Iterable[Word | None]:
    """One word, trimmed of lower-case hyphenated prefixes and suffixes ("post-World" → "World",
    "Tripoli-based" → "Tripoli" then a separator), or split at a hyphen between two names the
    document also gives on their own ("Blair-Brown"). With ``syllables`` (a person's name of
    several words), a romanised given name keeps its lower-case syllable
    (:func:`_name_syllables`: "Kim Jong-un")."""
    vocab = vocabulary()
    token = text[start:end]
    parts = re.split(r"([-‐‑–])", token)
    if len(parts) == 1:
        yield Word(start, end)
        return
    words = parts[0::2]
    # prefixes: "post-", "anti-", "non-", "Ex-"; particles ("al-", "el-", "bin-") stay
    lead = 0
    while lead < len(words) - 1 and _is_prefix(words[lead], vocab):
        lead += 1
    # suffixes: "-based", "-style", "-led"
    tail = len(words)
    while tail - 1 > lead and is_lower(words[tail - 1]) and not has_name_letter(words[tail - 1]):
        if syllables and _name_syllables(words[tail - 2], words[tail - 1], vocab):
            break
        tail -= 1
    offsets = []
    pos = start
    for i, part in enumerate(parts):
        if i % 2 == 0:
            offsets.append(pos)
        pos += len(part)
    w_start = offsets[lead]
    w_end = offsets[tail - 1] + len(words[tail - 1])
    if lead == len(words) - 1 and not words[lead]:
        yield SEP  # "non-": nothing after the prefix
        return
    kept = words[lead:tail]
    if len(kept) == 2 and all(w[:1].isupper() for w in kept) and all(w in evidence for w in kept):
        yield Word(w_start, w_start + len(kept[0]))
        yield SEP
        yield Word(w_end - len(kept[1]), w_end)
    elif w_start < w_end:
        yield Word(w_start, w_end)
    if tail < len(words):
        yield SEP


#: A syllable of a romanised given name: a few letters, an inner apostrophe allowed ("p'ing").
_SYLLABLE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_])){0,4}")


def _name_syllables(first: str, second: str, vocab: Vocabulary) -> bool:
    """ "Jong" + "un", "Jin" + "ping", "Tse" + "tung": a short capitalised syllable, then a short
    lower-case one that is not an English word written after names (``hyphen_suffixes``:
    "Blair-led", "Bush-style")."""
    return (
        first[:1].isupper()
        and _SYLLABLE.fullmatch(first) is not None
        and _SYLLABLE.fullmatch(second) is not None
        and second.lower() not in vocab.hyphen_suffixes
    )


def _is_prefix(word: str, vocab: Vocabulary) -> bool:
    folded = word.lower().strip("".join(ch for ch in word if is_edge_punctuation(ch)))
    if folded in vocab.particles:
        return False
    if is_lower(word):
        return not has_name_letter(word)
    return folded in vocab.capitalised_prefixes


def line_segments(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str],
    vocab: Vocabulary,
) -> list[Segment]:
    """The line's words cut into candidate names at separators and separating words."""
    segments: list[Segment] = []
    current: list[Word] = []
    titles: list[str] = []

    def close() -> None:
        nonlocal current, titles
        if current:
            segments.append(Segment(current, titles))
            titles = []
        current = []

    for item in _items(text, start, end, evidence, label):
        if item is SEP:
            close()
            titles = []
            continue
        word = text[item.start : item.end]
        bare = word.strip("".join(ch for ch in word if is_edge_punctuation(ch)))
        folded = fold(bare)
        if folded in ("or", "v", "vs", "versus", "nor") or SCORE.fullmatch(word.strip(".,:")):
            close()
            titles = []
            continue
        if is_lower(bare) and not WEB_ADDRESS.fullmatch(bare) and not has_name_letter(bare):
            if folded in vocab.function_words or folded == "and" or (label == "EVENT" and current):
                # may stand inside a name (edges are trimmed later); an event's name may end in
                # a common noun: "the Iraq war", "the Asian tsunami"
                current.append(item)
                continue
            close()  # "rang Lucy", "Bosvelt joined City", "rapper Eminem"
            titles = [*titles, folded] if folded in vocab.heads else []
            continue
        if current and is_honorific(bare, label, vocab):
            close()  # "Tanzania Mr Brown": the honorific starts a new name
        current.append(item)
    close()
    return segments
