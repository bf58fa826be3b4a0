"""``--workers N``: NLP in N processes feeding the single writer (the ingest's main process).

Each worker loads the pipeline once, parses chunks of articles and sends back compact results
(:func:`explorer.parsed.pack`: offsets and labels as plain tuples, small to pickle); the writer stores them as they come, in
whatever order they finish (tickets say which article is which). At most two chunks per worker
are in flight, so memory stays bounded whatever the corpus size. Workers are started with
``spawn``: the writer may hold threads (the progress bar) and an open database.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from explorer.parsed import Packed, ParsedText, pack, unpack
from explorer.pipeline.parsing import IngestOptions, Parser, cached_pipeline

#: A chunk sent to a worker: about this many characters of text (or ``batch_size`` articles).
#: Small chunks bring the first results early and make the workers finish together (a worker
#: idles at the end for at most one chunk, about 0.4 s of NLP); pickling costs nothing here.
CHUNK_CHARS = 20_000
IN_FLIGHT_PER_WORKER = 2

_worker_state: dict[str, Any] = {}


def _init_worker(model: str | None, actors_files: tuple[str, ...], labels: tuple[str, ...]) -> None:
    try:
        _worker_state["nlp"] = cached_pipeline(model, actors_files)
        _worker_state["labels"] = labels
    except Exception as exc:  # reported with the first chunk, as the exception it is
        _worker_state["error"] = exc


def _parse_chunk(items: list[tuple[str, int]], batch_size: int) -> list[tuple[Packed, int]]:
    if "error" in _worker_state:
        raise _worker_state["error"]
    from explorer.nlp import parse_tuples

    nlp, labels = _worker_state["nlp"], _worker_state["labels"]
    return [
        (pack(parsed), ticket) for parsed, ticket in parse_tuples(nlp, items, labels, batch_size)
    ]


def _chunks(items: Iterator[tuple[str, int]], max_docs: int) -> Iterator[list[tuple[str, int]]]:
    chunk: list[tuple[str, int]] = []
    chars = 0
    for item in items:
        chunk.append(item)
        chars += len(item[0])
        if len(chunk) >= max_docs or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def pool_parser(options: IngestOptions) -> Parser:
    """A :data:`~explorer.pipeline.parsing.Parser` running spaCy in ``options.workers``
    processes."""

    def parse(items: Iterator[tuple[str, int]]) -> Iterator[tuple[ParsedText, int]]:
        pool = ProcessPoolExecutor(
            max_workers=options.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(options.model, options.actors_files, options.labels),
        )
        in_flight: set[Future] = set()
        # Not waiting for the workers to exit (~0.2 s): resolution runs meanwhile, and the
        # interpreter joins them before it exits. cancel_futures drops queued chunks on errors.
        try:
            for chunk in _chunks(items, max(1, options.batch_size)):
                in_flight.add(pool.submit(_parse_chunk, chunk, options.batch_size))
                while len(in_flight) >= options.workers * IN_FLIGHT_PER_WORKER:
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    yield from _results(done)
            while in_flight:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                yield from _results(done)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    return parse


def _results(done: set[Future]) -> Iterator[tuple[ParsedText, int]]:
    for future in done:
        for packed, ticket in future.result():
            yield unpack(packed), ticket
