"""The cleaner's entry points: an NER span cut down to the names in it (:func:`clean_mention`) and
the document's evidence (:func:`evidence_of`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from explorer.spans.characters import LINE_BREAKS, POSSESSIVE, SENTENCE_ARTICLE
from explorer.spans.groups import group_prefix, leading_group
from explorer.spans.pieces import Piece, Segment
from explorer.spans.segments import line_segments
from explorer.spans.splitting import split_segment
from explorer.spans.time_zones import time_zone_after_clock
from explorer.spans.titles import office_word, title_before, titled_person
from explorer.spans.trimming import trimmed_piece
from explorer.spans.words import vocabulary


def clean_mention(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str] = (),
    sentence_start: bool = False,
    groups: Collection[str] | Mapping[str, str] = (),
    persons: Collection[str] = (),
) -> list[Piece]:
    """The names inside ``text[start:end]`` (an entity tagged ``label``), as :class:`Piece` s.

    ``evidence`` holds the document's entity texts (:func:`evidence_of`): a coordination, a
    hyphenated pair or a trailing number is split off only when the document names the parts on
    their own. ``sentence_start`` says that the span starts a sentence, where an article is
    capitalised whatever follows ("The Libyan National Army said"): it is trimmed then.
    ``groups`` holds the document's nationality and party names (its NORP entities, or a mapping
    of such names to their labels: a party the gazetteer knows is an ORG): one in front of a
    person's name is a name of its own ("Tory Neil Hamilton"), as is a nationality word
    (:func:`is_demonym`: "Russian Irina Shevchenko") in any document. ``persons`` holds the
    names the document tags as people (and their last words): a span with another label is
    split there too when the rest is one of them ("American Davenport" tagged ORG). A time-zone
    abbreviation right after a clock time ("1200 GMT") is no actor. Returns ``[]`` when the span
    holds no name.
    """
    if time_zone_after_clock(text, start, end):
        return []
    if sentence_start:
        article = SENTENCE_ARTICLE.match(text, start, end)
        if article is not None:
            start = article.end()
    simple = _simple_name(text, start, end, label, groups, persons)
    if simple is not None:
        return simple
    line_start = start
    for match in LINE_BREAKS.finditer(text, start, end):
        pieces = _clean_line(text, line_start, match.start(), label, evidence, groups, persons)
        if pieces:
            return pieces
        line_start = match.end()
    return _clean_line(text, line_start, end, label, evidence, groups, persons)


#: Most entities are a few capitalised words of letters and nothing else ("Angela Merkel").
_SIMPLE_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}")


def _simple_name(
    text: str,
    start: int,
    end: int,
    label: str,
    groups: Collection[str] | Mapping[str, str],
    persons: Collection[str] = (),
) -> list[Piece] | None:
    """The answer for a span no rule would change, found quickly; None for any other span.

    A few capitalised words of letters, none of them a title, form of address, particle,
    connector or office word, and no nationality in front of a person: the span is the name.
    """
    if not _SIMPLE_NAME.fullmatch(text, start, end):
        return None
    vocab = vocabulary()
    words = text[start:end].split(" ")
    folded = [w.lower() for w in words]
    if folded[0] in vocab.function_words or folded[0] in vocab.title_words:
        return None
    if folded[0] in vocab.descriptors and label != "PERSON":
        return None  # "Star Kira Valdane" tagged ORG
    if any(w in vocab.honorifics_folded for w in folded):
        return None  # "Tanzania Mr Brown"
    if label == "PERSON" and any(w in vocab.title_words for w in folded):
        return None  # "Iraqi Prime Minister Iyad Allawi"
    if leading_group(words, "PERSON", groups, ()) is not None:
        return None  # a nationality or party in front of a name: the full rules decide
    if label not in ("PERSON", "GPE", "NORP") and len(words) <= 2:
        return None  # may be an office word ("Interior Minister"): the full rules decide
    return [Piece(start, end, title_before(text, start, label, vocab))]


def evidence_of(surfaces: Iterable[str]) -> frozenset[str]:
    """The document's entity texts as the cleaner compares them: stripped, without possessive,
    without the article of a sentence's start ("Duchy of Lancaster" of "The Duchy of
    Lancaster"), and the names cleaning finds in them ("Arsenal" of "Arsenal to Real Madrid")."""
    out = set()
    for surface in surfaces:
        stripped = surface.strip()
        article = SENTENCE_ARTICLE.match(stripped)
        if article is not None:  # "The Duchy of Lancaster" opening a sentence
            out.add(stripped[article.end() :])
        out.add(stripped)
        out.add(POSSESSIVE.sub("", stripped))
        if len(stripped.split()) > 1:
            out.update(
                stripped[p.start : p.end] for p in clean_mention(stripped, 0, len(stripped), "")
            )
    return frozenset(out)


def _clean_line(
    text: str,
    start: int,
    end: int,
    label: str,
    evidence: Collection[str],
    groups: Collection[str] | Mapping[str, str] = (),
    persons: Collection[str] = (),
) -> list[Piece]:
    vocab = vocabulary()
    pieces = []
    parts = [
        part
        for segment in line_segments(text, start, end, label, evidence, vocab)
        for split in split_segment(text, segment, evidence, persons, label)
        for titled in [titled_person(text, split, split.label or label, persons, vocab)]
        for part in _labelled(
            group_prefix(text, titled, titled.label or label, groups, persons, evidence),
            titled.label,
        )
    ]
    for part in parts:
        piece = trimmed_piece(text, part, part.label or label, evidence, vocab)
        if piece is None or office_word(text, piece, label, vocab):
            continue
        if time_zone_after_clock(text, piece.start, piece.end):
            continue  # "0100 GMT" tagged whole: the number trimmed, the zone is no actor
        if part.label:
            piece = piece._replace(label=part.label)
        if not piece.title:
            piece = piece._replace(title=title_before(text, piece.start, label, vocab))
        pieces.append(piece)
    return pieces


def _labelled(segments: list[Segment], label: str) -> list[Segment]:
    """``segments`` with ``label`` where they have none of their own ("Spaniard Conchita
    Martinez", a person's once "Veteran" is trimmed, keeps PERSON after "Spaniard" is split off
    as NORP)."""
    if not label:
        return segments
    return [s if s.label else Segment(s.words, s.lead_titles, label) for s in segments]
