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


class ParsedText(NamedTuple):
    """What NLP found in one text: sentence and entity spans as character offsets."""

    sentences: tuple[Span, ...]
    entities: tuple[Span, ...]


#: Sentence bounds, entity bounds (each flat: start, end, start, end, …), entity labels and
#: entity titles.
Packed = tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...]]


def pack(parsed: ParsedText) -> Packed:
    """``parsed`` as four flat tuples: cheap to pickle and to send down a pipe."""
    sentences = tuple(x for span in parsed.sentences for x in (span.start, span.end))
    entities = tuple(x for span in parsed.entities for x in (span.start, span.end))
    labels = tuple(span.label for span in parsed.entities)
    return sentences, entities, labels, tuple(span.title for span in parsed.entities)


def unpack(packed: Packed) -> ParsedText:
    """The :class:`ParsedText` that :func:`pack` packed."""
    sentences, entities, labels, titles = packed
    return ParsedText(
        tuple(Span(sentences[i], sentences[i + 1]) for i in range(0, len(sentences), 2)),
        tuple(
            Span(entities[2 * i], entities[2 * i + 1], label, title)
            for i, (label, title) in enumerate(zip(labels, titles, strict=True))
        ),
    )


def joined(pieces: Iterable[tuple[int, ParsedText]]) -> ParsedText:
    """One text's result from the results of its pieces, each given with its start offset."""
    sentences: list[Span] = []
    entities: list[Span] = []
    for start, parsed in pieces:
        sentences += [Span(s.start + start, s.end + start, s.label) for s in parsed.sentences]
        entities += [e._replace(start=e.start + start, end=e.end + start) for e in parsed.entities]
    return ParsedText(tuple(sentences), tuple(entities))
