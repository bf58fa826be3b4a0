"""Titles and forms of address in front of a name (rules 4 and 5 of :mod:`explorer.spans`): trimmed
as evidence, read before the span, a title making a span a person's, portfolio words of an office
title."""

from __future__ import annotations

import re
from collections.abc import Collection

from explorer.spans.characters import (
    ABBREVIATION,
    LINE_BREAKS,
    SENTENCE_BEFORE,
    TITLE_CASE_WORD,
    fold,
    has_word,
)
from explorer.spans.groups import reads_as_full_name
from explorer.spans.pieces import Piece, Segment, Word
from explorer.spans.words import Vocabulary, is_honorific


def titled_person(
    text: str, segment: Segment, label: str, persons: Collection[str], vocab: Vocabulary
) -> Segment:
    """A span not tagged as a person's that is a title and a person's name ("Midfielder Edu",
    "Star Kira Valdane" tagged ORG), made the person's name, labelled PERSON, with the title as
    evidence; any other segment as it is.

    The title is a role noun (:attr:`Vocabulary.heads`: "midfielder", "novelist") or a
    descriptor (:attr:`Vocabulary.descriptors`: "star", "legend"). The rest must be a person's:
    the document tags it so (``persons``), or it reads as a full name (a given name first:
    :func:`reads_as_full_name`), or, after a role noun of news text that opens a sentence
    (capitalised only by its place; :attr:`Vocabulary.role_nouns`, ``extra_heads`` of
    ``mention_words.toml``, not nameparser's long list with "General" and "Commodore"), one to
    three capitalised words the document never writes in lower case. So "Star Trek", "Legend
    of Zelda", "Judge Business School", "General Motors" and "Commodore International" stay
    whole.
    """
    words = segment.words
    if label == "PERSON" or len(words) < 2:
        return segment
    texts = [text[w.start : w.end] for w in words]
    folded = [fold(w) for w in texts]
    found = 0 if folded[0] in vocab.descriptors else _last_title_head(folded, vocab)
    if found is None or any(
        w not in vocab.title_words and w not in vocab.descriptors for w in folded[: found + 1]
    ):
        return segment
    head = found
    rest = texts[head + 1 :]
    if not rest or not all(TITLE_CASE_WORD.fullmatch(w) for w in rest):
        return segment
    if any(fold(w) in vocab.title_words or fold(w) in vocab.function_words for w in rest):
        return segment
    person = " ".join(rest) in persons or reads_as_full_name(rest, text)
    if not person and head == 0 and folded[0] in vocab.role_nouns and len(rest) <= 3:
        start = words[0].start
        person = SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None and not any(
            has_word(text, w.lower()) for w in rest
        )
    if not person:
        return segment
    return Segment(words[head + 1 :], [*segment.lead_titles, *folded[: head + 1]], "PERSON")


#: How many words before a name :func:`title_before` reads.
_TITLE_LOOKBACK_WORDS = 4


def title_before(text: str, start: int, label: str, vocab: Vocabulary) -> str:
    """Title words standing right before a name in the text, outside its span: the model often
    leaves them out ("Mrs" in "Mrs Howard", "Foreign Secretary" before "Jack Straw"). Recorded
    as evidence like trimmed ones; a form of address counts for any label, a title for people.
    """
    line = LINE_BREAKS.split(text[max(0, start - 80) : start])[-1]
    if line[-1:] not in (" ", "\t"):
        return ""
    words = line.split()[-_TITLE_LOOKBACK_WORDS:]
    if not words:
        return ""
    if is_honorific(words[-1], label, vocab):
        return fold(words[-1])
    if label != "PERSON":
        return ""
    folded_words = [fold(w) for w in words]
    for k in (3, 4):  # "Secretary of State", "Chancellor of the Exchequer" before the name
        if (
            len(words) >= k
            and _office_object(folded_words, len(words) - k + 1) == len(words) - 1
            and folded_words[-k] in vocab.heads
            and words[-1][:1].isupper()
        ):
            # "the Mayor of X, Ada Venn": the comma of the apposition is not the title's
            # (titles are stored comma-joined)
            return " ".join(folded_words[-k:]).rstrip(",")
    if folded_words[-1] not in vocab.heads:
        return ""
    found: list[str] = []
    capitalised = words[-1][:1].isupper()
    for word in reversed(words):  # one run, in one case: not "United" of "Leeds United manager"
        folded = fold(word)
        if word.endswith(".") and not ABBREVIATION.fullmatch(word[:-1]):
            break  # a sentence ended there: "…and the prime minister. Williams said"
        if (
            folded not in vocab.title_words
            or not word.replace(".", "").replace("-", "").isalpha()
            or word[:1].isupper() != capitalised
        ):
            break
        found.append(folded)
    return " ".join(reversed(found))


def trim_titles(
    text: str, words: list[Word], label: str, vocab: Vocabulary
) -> tuple[list[Word], list[str]]:
    """Forms of address (any label) and, in a person's name, the titles in front of it."""
    first = text[words[0].start : words[0].end]
    if is_honorific(first, label, vocab):
        return words[1:], [fold(first)]
    if label != "PERSON" or len(words) < 2:
        return words, []
    folded = [fold(text[w.start : w.end]) for w in words]
    head = _last_title_head(folded, vocab)
    if head is None:
        return words, []
    names = [w for w in folded[head + 1 :] if w not in vocab.name_suffixes]
    if not names:
        return words, []
    first_title = next(i for i, w in enumerate(folded) if w in vocab.title_words)
    titles = folded[first_title : head + 1]
    if head == 0 and folded[0] in vocab.styles and len(names) == 1:
        return words, titles  # "Prince Harry", "Lady Gaga": the style is part of the name
    return words[head + 1 :], titles


#: Capitalised words allowed in front of a title ("Iraqi Prime Minister", "Lib Dem MP").
_MAX_WORDS_BEFORE_TITLE = 2


def _last_title_head(folded: list[str], vocab: Vocabulary) -> int | None:
    """Index of the word that ends the title in front of a name, if there is one."""
    title_words = vocab.title_words
    i = 0
    while i < len(folded) and i < _MAX_WORDS_BEFORE_TITLE and folded[i] not in title_words:
        i += 1
    leading_others = i
    head = None
    while i < len(folded) - 1 and folded[i] in title_words:
        word = folded[i]
        if word in vocab.heads and not (
            leading_others and (word in vocab.surname_like or word in vocab.styles)
        ):
            head = i
            office = _office_object(folded, i + 1)  # "Secretary of State", "Minister for Europe"
            if office is not None and office < len(folded) - 1:
                head = i = office
        i += 1
    if head is None or (leading_others and head < leading_others):
        return None
    return head


def _office_object(folded: list[str], i: int) -> int | None:
    """Index of Y when ``folded[i:]`` starts "of Y", "for Y" or "of the Y", else None."""
    if i < len(folded) and folded[i] in ("of", "for"):
        j = i + 2 if i + 1 < len(folded) and folded[i + 1] == "the" else i + 1
        if j < len(folded):
            return j
    return None


def office_word(text: str, piece: Piece, label: str, vocab: Vocabulary) -> bool:
    """One or two capitalised portfolio words of an office title: "Interior" in "Interior
    Minister", "State" in "Secretary of State" (not "UN" in "UN Secretary", "Home Office" in
    "Home Office Minister", nor a place or nationality: "ministers of France")."""
    if label in ("PERSON", "GPE", "NORP"):
        return False
    words = text[piece.start : piece.end].split()
    if len(words) > 2 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return False
    if not all(w.lower() in vocab.portfolios for w in words):
        return False  # "Home Office Minister", "Cabinet Secretary": an actor before the title
    after = re.match(r"[ \t]+([\w-]+)", text[piece.end : piece.end + 30])
    if after is not None and after.group(1).lower() in vocab.office_nouns:
        return True
    before = re.search(
        r"([\w-]+)[ \t]+of[ \t]+(?:the[ \t]+)?$", text[max(0, piece.start - 40) : piece.start]
    )
    return before is not None and before.group(1).lower() in vocab.office_nouns
