"""What NLP finds in a text, as plain character offsets, and the one codec that ships it.

:class:`ParsedText` is the hand-over between the NLP back ends (this process, ``--workers``
processes, a Dask cluster) and the writer (this process or the writer process). Between
processes it travels as :func:`pack`'s flat tuples (a third of the pickled size of the objects)
and is rebuilt with :func:`unpack`. Nothing here imports spaCy, so the writer process can use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Span(NamedTuple):
    """A character span of a text; ``label`` is the entity label (empty for a sentence).

    ``title`` holds the title words found in front of an entity's name, folded and space-joined
    ("mr", "foreign secretary"; see :mod:`explorer.spans`), empty when there were none.
    """

    start: int
    end: int
    label: str = ""
    title: str = ""


class Statement(NamedTuple):
    """A reported statement: the content's character span, its cue ("said", "according to";
    empty for a quote that goes on without one), its kind ("direct" or "indirect") and the
    speaker, as the span of one of the text's entities (``-1, -1`` for an unnamed source)."""

    start: int
    end: int
    cue: str
    kind: str
    speaker_start: int = -1
    speaker_end: int = -1

    @property
    def named(self) -> bool:
        return self.speaker_start >= 0


#: An entity as NER found it: start, end, label, whether its first token starts a sentence.
RawEntity = tuple[int, int, str, bool]
#: A gazetteer match: start, end, label, first token, end token (spaCy's token indices, for
#: choosing among overlapping matches), and where the name starts after a leading "the".
RawMatch = tuple[int, int, str, int, int, int]


class Deferred(NamedTuple):
    """What spaCy found in a text before cleaning, for the writer process to finish beside NER
    (:func:`explorer.nlp.finish_deferred`: the same cleaning, and the statements when
    ``statements``). Offsets count in the whole text; ``pieces`` are where the pieces the text
    was parsed in start (``(0,)`` for a text parsed whole); ``sentence_starts`` where each of
    spaCy's sentences starts (its first token)."""

    pieces: tuple[int, ...]
    sentence_starts: tuple[int, ...]
    entities: tuple[RawEntity, ...]
    matches: tuple[RawMatch, ...]
    statements: bool


class ParsedText(NamedTuple):
    """What NLP found in one text: sentence and entity spans as character offsets, and the
    statements it reports (:mod:`explorer.quotes`); or, before cleaning, what spaCy found
    (``deferred``; then the other fields are empty until the writer process finishes it)."""

    sentences: tuple[Span, ...]
    entities: tuple[Span, ...]
    statements: tuple[Statement, ...] = ()
    deferred: Deferred | None = None


#: Sentence bounds, entity bounds (each flat: start, end, start, end, …), entity labels,
#: entity titles, statement numbers (flat: start, end, speaker start, speaker end, …),
#: statement words (flat: cue, kind, …) and the :class:`Deferred` fields (or ``None``).
Packed = tuple[
    tuple[int, ...],
    tuple[int, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[int, ...],
    tuple[str, ...],
    tuple[tuple[int, ...], tuple[int, ...], tuple[RawEntity, ...], tuple[RawMatch, ...], bool]
    | None,
]


def pack(parsed: ParsedText) -> Packed:
    """``parsed`` as seven flat tuples: cheap to pickle and to send down a pipe."""
    sentences = tuple(x for span in parsed.sentences for x in (span.start, span.end))
    entities = tuple(x for span in parsed.entities for x in (span.start, span.end))
    labels = tuple(span.label for span in parsed.entities)
    numbers = tuple(
        x for s in parsed.statements for x in (s.start, s.end, s.speaker_start, s.speaker_end)
    )
    words = tuple(x for s in parsed.statements for x in (s.cue, s.kind))
    d = parsed.deferred
    return (
        sentences,
        entities,
        labels,
        tuple(span.title for span in parsed.entities),
        numbers,
        words,
        None if d is None else (d.pieces, d.sentence_starts, d.entities, d.matches, d.statements),
    )


def unpack(packed: Packed) -> ParsedText:
    """The :class:`ParsedText` that :func:`pack` packed."""
    sentences, entities, labels, titles, numbers, words, deferred = packed
    return ParsedText(
        tuple(Span(sentences[i], sentences[i + 1]) for i in range(0, len(sentences), 2)),
        tuple(
            Span(entities[2 * i], entities[2 * i + 1], label, title)
            for i, (label, title) in enumerate(zip(labels, titles, strict=True))
        ),
        tuple(
            Statement(
                numbers[4 * i],
                numbers[4 * i + 1],
                words[2 * i],
                words[2 * i + 1],
                numbers[4 * i + 2],
                numbers[4 * i + 3],
            )
            for i in range(len(words) // 2)
        ),
        None if deferred is None else Deferred(*deferred),
    )


def joined(pieces: Iterable[tuple[int, ParsedText]]) -> ParsedText:
    """One text's result from the results of its pieces, each given with its start offset."""
    sentences: list[Span] = []
    entities: list[Span] = []
    statements: list[Statement] = []
    deferred: list[tuple[int, Deferred | None]] = []
    for start, parsed in pieces:
        sentences += [Span(s.start + start, s.end + start, s.label) for s in parsed.sentences]
        entities += [e._replace(start=e.start + start, end=e.end + start) for e in parsed.entities]
        statements += [shifted(s, start) for s in parsed.statements]
        deferred.append((start, parsed.deferred))
    result = ParsedText(tuple(sentences), tuple(entities), tuple(statements))
    if not deferred or any(d is None for _start, d in deferred):
        return result
    return result._replace(deferred=_joined_deferred(deferred))  # type: ignore[arg-type]


def _joined_deferred(pieces: list[tuple[int, Deferred]]) -> Deferred:
    """The pieces' raw findings in the whole text's offsets (token indices stay the pieces')."""
    starts: list[int] = []
    entities: list[RawEntity] = []
    matches: list[RawMatch] = []
    for offset, d in pieces:
        starts += [start + offset for start in d.sentence_starts]
        entities += [(s + offset, e + offset, label, first) for s, e, label, first in d.entities]
        matches += [
            (s + offset, e + offset, label, t0, t1, name + offset)
            for s, e, label, t0, t1, name in d.matches
        ]
    return Deferred(
        tuple(offset for offset, _d in pieces),
        tuple(starts),
        tuple(entities),
        tuple(matches),
        pieces[0][1].statements,
    )


def shifted(statement: Statement, offset: int) -> Statement:
    """``statement`` moved ``offset`` characters on (its speaker too, when it has one)."""
    speaker = (
        (statement.speaker_start + offset, statement.speaker_end + offset)
        if statement.named
        else (-1, -1)
    )
    return statement._replace(
        start=statement.start + offset,
        end=statement.end + offset,
        speaker_start=speaker[0],
        speaker_end=speaker[1],
    )
