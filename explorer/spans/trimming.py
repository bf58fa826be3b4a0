"""One candidate name trimmed at its edges: lower-case words, numbers, punctuation, possessives,
post-nominals (rule 3 of :mod:`explorer.spans`)."""

from __future__ import annotations

import re
from collections.abc import Collection

from explorer.spans.characters import (
    ABBREVIATION,
    KEEP_TRAILING,
    NUMBER,
    POSSESSIVE,
    SCORE,
    WEB_ADDRESS,
    fold,
    has_name_letter,
    is_edge_punctuation,
    is_lower,
)
from explorer.spans.pieces import Piece, Segment, Word
from explorer.spans.titles import trim_titles
from explorer.spans.words import Vocabulary


def trimmed_piece(
    text: str, segment: Segment, label: str, evidence: Collection[str], vocab: Vocabulary
) -> Piece | None:
    """A candidate name trimmed at both ends and of its titles; None when nothing is left."""
    words = list(segment.words)
    titles = list(segment.lead_titles) if label == "PERSON" else []
    changed = True
    while changed and words:
        before = list(words)
        words = _trim_edges(text, words, label, evidence, vocab)
        if words:
            words, found = trim_titles(text, words, label, vocab)
            titles += found
        changed = words != before
    if not words or all(only_function_word(text[w.start : w.end], vocab) for w in words):
        return None  # nothing, or only "The"
    start, end = words[0].start, words[-1].end
    if not has_name_letter(text[start:end]) and not WEB_ADDRESS.fullmatch(text[start:end]):
        return None
    return Piece(start, end, " ".join(titles))


def only_function_word(word: str, vocab: Vocabulary) -> bool:
    """A connector ("the", "The", "of"), or a particle in lower case ("al", "van"; not "Mac",
    "LA" or "Van")."""
    folded = fold(word)
    return folded in vocab.connectors or (folded in vocab.particles and is_lower(word))


def _trim_edges(
    text: str, words: list[Word], label: str, evidence: Collection[str], vocab: Vocabulary
) -> list[Word]:
    words = strip_punctuation(text, words)
    # lead: lower-case words, numbers ("745bn", "2004"); particles stay when a name follows
    while words:
        word = text[words[0].start : words[0].end]
        folded = fold(word)
        if is_lower(word) and not has_name_letter(word) and not WEB_ADDRESS.fullmatch(word):
            if folded in vocab.particles and len(words) > 1 and folded not in vocab.connectors:
                break
            words = words[1:]
        elif word[:1].isdigit() and not has_name_letter(word):
            words = words[1:]
        elif (glued := _GLUED_FUNCTION_WORD.match(word)) is not None:
            words = [Word(words[0].start + glued.end(), words[0].end), *words[1:]]
        else:
            break
    # tail: lower-case words, scores, post-nominals, a number the document gives the name without
    while words:
        word = text[words[-1].start : words[-1].end]
        rest = text[words[0].start : words[-2].end] if len(words) > 1 else ""
        lower = is_lower(word) and not has_name_letter(word) and not WEB_ADDRESS.fullmatch(word)
        if (
            (lower and (label != "EVENT" or fold(word) in vocab.function_words | {"and"}))
            or SCORE.fullmatch(word)
            or (rest and _is_postnominal(word, label, vocab))
            or (rest and NUMBER.fullmatch(word) and rest in evidence)
        ):
            words = words[:-1]
            words = strip_punctuation(text, words)
        else:
            break
    return words


#: An English function word glued to the capitalised word after it, a space lost in the source
#: ("ofNew Labour", "theBBC"); not "iPod", "eBay", "deGrasse".
_GLUED_FUNCTION_WORD = re.compile(r"(?:of|the|and|to|for|at|by|with|from)(?=[A-Z][A-Za-z])")


def _is_postnominal(word: str, label: str, vocab: Vocabulary) -> bool:
    bare = word.rstrip(".")
    if bare in vocab.postnominals:
        return True
    if label != "PERSON" or fold(bare) in vocab.name_suffixes:
        return False
    letters = bare.replace(".", "")
    # capitals beyond the first letter: "QC", "OBE", "PhD"; not the given name "Ed"
    return letters.lower() in vocab.person_postnominals and any(c.isupper() for c in letters[1:])


def strip_punctuation(text: str, words: list[Word]) -> list[Word]:
    """Punctuation off the first word's start and the last word's end, and possessives."""
    while words:
        first = words[0]
        s = first.start
        while s < first.end and is_edge_punctuation(text[s]):
            s += 1
        if s == first.end:
            words = words[1:]
            continue
        words = [Word(s, first.end), *words[1:]]
        break
    while words:
        last = words[-1]
        e = _trimmed_end(text, last.start, last.end)
        if e <= last.start:
            words = words[:-1]
            continue
        words = [*words[:-1], Word(last.start, e)]
        break
    return words


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start:
        word = text[start:end]
        possessive = POSSESSIVE.search(word)
        if possessive is not None and possessive.start() > 0:
            end = start + possessive.start()
            continue
        ch = word[-1]
        if not is_edge_punctuation(ch):
            break
        if ch == "." and ABBREVIATION.fullmatch(word[:-1]):
            break
        if ch in KEEP_TRAILING and len(word) > 1 and word[-2].isalnum():
            break
        end -= 1
    return end
