"""What the NLP back ends share: the run's options, the cached spaCy pipeline, the gazetteer's
patterns, the :data:`Parser` type, and long texts parsed in pieces.

The back ends are this process (:func:`local_parser`), ``--workers`` processes
(:mod:`explorer.pipeline.workers`) and a Dask cluster (:mod:`explorer.pipeline.distributed`);
:func:`explorer.pipeline.ingest.make_parser` picks one. spaCy is imported only when a pipeline
loads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from explorer.labels import ENTITY_LABELS
from explorer.parsed import ParsedText, joined
from explorer.readers import DEFAULT_MAX_BYTES, DateRules, TableColumns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


@dataclass
class IngestOptions:
    model: str | None = None
    labels: tuple[str, ...] = ENTITY_LABELS
    workers: int = 1
    batch_size: int = 32
    max_bytes: int = DEFAULT_MAX_BYTES
    actors_files: tuple[str, ...] = ()
    wait_for_lock: bool = True
    #: Dask scheduler address (or ``local:N``): NLP runs on that cluster; see
    #: :mod:`explorer.pipeline.distributed`.
    scheduler: str | None = None
    #: Which CSV/TSV columns hold the text and the metadata (``--text-column`` …).
    columns: TableColumns = field(default_factory=TableColumns)
    #: Parse unchanged documents again too (their rows are replaced): how a database gets the
    #: NLP of a newer libya-explore, such as its mention cleaning.
    reparse: bool = False
    #: How documents are dated: ``--date`` for those without a date, ``--month-first``.
    dates: DateRules = field(default_factory=DateRules)
    #: Set by the ingest when its writer process finishes the parsed texts (cleaning, statements)
    #: beside NER, on the other core: this process then reads what spaCy found and no more
    #: (:func:`local_parser`).
    defer: bool = False


#: A parser turns ``(text, ticket)`` pairs into ``(ParsedText, ticket)`` pairs. Order may differ
#: from the input's (tickets say which article is which); it must yield every ticket once.
Parser = Callable[[Iterator[tuple[str, Any]]], Iterator[tuple[ParsedText, Any]]]


@functools.lru_cache(maxsize=2)
def cached_pipeline(
    model: str | None, actors_files: tuple[str, ...], statements: bool | None = None
) -> Language:
    """Loading costs about a second; one process (tests, a long session) loads it once.
    ``statements``: as :func:`explorer.nlp.load_pipeline` takes it."""
    from explorer.nlp import load_pipeline

    return load_pipeline(model, gazetteer_patterns(actors_files), statements=statements)


def gazetteer_patterns(actors_files: tuple[str, ...]) -> list[dict]:
    """EntityRuler patterns of the built-in gazetteer and the ``--actors`` files."""
    from explorer.resolution import gazetteer

    return gazetteer.ruler_patterns(gazetteer.load_actors(actors_files))


def local_parser(options: IngestOptions) -> Parser:
    """spaCy in this process (the pipeline loads now). With ``options.defer`` the results hold
    what spaCy found, uncleaned (:attr:`explorer.parsed.ParsedText.deferred`): speech sentences
    are left unparsed, and the writer process finishes them
    (:func:`explorer.nlp.finish_deferred`)."""
    from explorer.nlp import parse_tuples, statements_wanted

    defer = options.defer
    nlp = cached_pipeline(options.model, options.actors_files, False if defer else None)
    statements = statements_wanted()

    def parse(items: Iterator[tuple[str, Any]]) -> Iterator[tuple[ParsedText, Any]]:
        return parse_tuples(nlp, items, options.labels, options.batch_size, defer, statements)

    return parse


# --------------------------------------------------------------------------- long texts

#: Texts longer than this are parsed in pieces of at most this many characters. spaCy's NER needs
#: memory in proportion to a text's length (about 3 GB for a million characters, measured) and
#: refuses texts over ``nlp.max_length``; in pieces, memory stays that of ordinary articles.
PIECE_CHARS = 10_000
#: Where a piece may end, best first: a paragraph break (which ends a sentence anyway), a line
#: break, a sentence end, a space. Without any in the second half of a piece, it is cut hard.
_CUTS = ("\n\n", "\n", ". ", " ")


def piece_starts(text: str, limit: int = PIECE_CHARS) -> list[int]:
    """Offsets where the pieces of ``text`` start: ``[0]`` when it fits in one."""
    starts = [0]
    while len(text) - starts[-1] > limit:
        low, high = starts[-1] + limit // 2, starts[-1] + limit
        cut = high
        for separator in _CUTS:
            found = text.rfind(separator, low, high)
            if found != -1:
                cut = found + len(separator)
                break
        starts.append(cut)
    return starts


def parse_in_pieces(parse: Parser, limit: int = PIECE_CHARS) -> Parser:
    """Wrap a parser so that long texts go through it in pieces and come back as one result."""

    def run(items: Iterator[tuple[str, Any]]) -> Iterator[tuple[ParsedText, Any]]:
        expected: dict[Any, int] = {}
        received: dict[Any, dict[int, tuple[int, ParsedText]]] = {}

        def split(pairs: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
            for text, ticket in pairs:
                starts = piece_starts(text, limit)
                if len(starts) == 1:
                    yield text, ticket
                    continue
                expected[ticket] = len(starts)
                for k, (start, end) in enumerate(
                    zip(starts, [*starts[1:], len(text)], strict=True)
                ):
                    yield text[start:end], (ticket, k, start)

        for parsed, tag in parse(split(items)):
            if not isinstance(tag, tuple):
                yield parsed, tag
                continue
            ticket, k, start = tag
            pieces = received.setdefault(ticket, {})
            pieces[k] = (start, parsed)
            if len(pieces) == expected[ticket]:
                del received[ticket], expected[ticket]
                yield joined(pieces[i] for i in range(len(pieces))), ticket

    return run
