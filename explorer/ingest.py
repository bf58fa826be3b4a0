"""Ingest: readers → NLP → storage → resolution, one committed document at a time.

The run is incremental (content hashes), resumable (each document commits in its own
transaction; resolution re-runs if an earlier run stopped before it), and never loads spaCy when
nothing needs parsing.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlite_utils import Database

from explorer import storage
from explorer.errors import IngestLocked
from explorer.normalize import matching_key

if TYPE_CHECKING:  # pragma: no cover
    from explorer.nlp import ParsedText
from explorer.readers import (
    DEFAULT_MAX_BYTES,
    Article,
    FileDone,
    Problem,
    read_articles,
    word_count,
)


@dataclass
class IngestOptions:
    model: str | None = None
    labels: tuple[str, ...] = ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "EVENT")
    workers: int = 1
    batch_size: int = 32
    max_bytes: int = DEFAULT_MAX_BYTES
    actors_files: tuple[str, ...] = ()
    wait_for_lock: bool = True
    #: Dask scheduler address (or ``local:N``): NLP runs on that cluster; see explorer.distributed.
    scheduler: str | None = None


@dataclass
class IngestSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    removed: int = 0
    skipped: int = 0
    failed: int = 0
    sentences: int = 0
    mentions: int = 0
    words: int = 0
    entities: int = 0
    resolved: bool = False
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class Reporter(Protocol):
    """Where the ingest tells the user what happens (progress bar, plain lines, or nothing)."""

    def problem(self, message: str) -> None: ...
    def note(self, message: str) -> None: ...
    def set_total(self, total_bytes: int) -> None: ...
    def advance(self, n_bytes: int, words: int, documents: int) -> None: ...


class SilentReporter:
    def problem(self, message: str) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def set_total(self, total_bytes: int) -> None:
        pass

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        pass


@contextlib.contextmanager
def ingest_lock(db_path: Path, wait: bool, reporter: Reporter) -> Iterator[None]:
    """One ingest at a time per database: a lock file beside it, released even on kill -9."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise storage.DatabaseProblem(
            f"{db_path}: cannot create the lock file {lock_path.name} beside it "
            f"({exc.strerror}); is its folder read-only?"
        ) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IngestLocked(
                    f"{db_path}: another ingest is writing to it; try again later"
                ) from None
            reporter.note(f"{db_path}: another ingest is writing to it; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | os.PathLike[str],
    options: IngestOptions | None = None,
    reporter: Reporter | None = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into the database at ``db_path``."""
    options = options or IngestOptions()
    reporter = reporter or SilentReporter()
    db_path = Path(db_path)
    paths = list(paths)
    started = time.perf_counter()
    summary = IngestSummary()
    if db_path.exists():  # refuse a file that is not ours before putting a lock file beside it
        storage.check_database_file(db_path, require_schema=False)
    # The lock comes first: a waiting ingest must not touch the database (not even to migrate).
    with ingest_lock(db_path, options.wait_for_lock, reporter):
        db = storage.open_for_writing(db_path)
        try:
            total_bytes = _total_bytes(paths)
            reporter.set_total(total_bytes)
            done_files = _parse_and_store(
                db, db_path, paths, options, reporter, summary, total_bytes
            )
            for done in done_files:
                if done.complete:
                    summary.removed += storage.delete_documents_not_in(db, done.file, done.keys)
            if summary.changed or _resolution_pending(db):
                _mark_resolution_pending(db)
                summary.entities = run_resolution(db, options)
                summary.resolved = True
            else:
                summary.entities = db.execute("SELECT count(*) FROM entities").fetchone()[0]
        finally:
            summary.seconds = time.perf_counter() - started
            db.close()
    return summary


def run_resolution(db: Database, options: IngestOptions | None = None) -> int:
    """Re-cluster all mentions into entities, then clear the pending flag."""
    from explorer.resolve import resolve_database

    count = resolve_database(db, options.actors_files if options else ())
    storage.set_meta(db, resolution_pending="0", resolved_at=storage.now_iso())
    return count


def _resolution_pending(db: Database) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'resolution_pending'").fetchone()
    return row is not None and row[0] == "1"


def _mark_resolution_pending(db: Database) -> None:
    if not _resolution_pending(db):
        storage.set_meta(db, resolution_pending="1")


def _total_bytes(paths: list) -> int:
    from explorer.readers import discover_files

    total = 0
    for item in discover_files(paths):
        if isinstance(item, Path):
            with contextlib.suppress(OSError):
                total += item.stat().st_size
    return total


def database_files(db_path: Path) -> frozenset[Path]:
    """The database and its companion files, never to be read as articles."""
    base = db_path.resolve()
    return frozenset(
        base.with_name(base.name + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".lock")
    )


def _parse_and_store(
    db: Database,
    db_path: Path,
    paths: list,
    options: IngestOptions,
    reporter: Reporter,
    summary: IngestSummary,
    total_bytes: int,
) -> list[FileDone]:
    done_files: list[FileDone] = []
    pending: dict[int, Article] = {}
    events = read_articles(paths, options.max_bytes, database_files(db_path))
    to_parse = _articles_needing_parse(db, events, reporter, summary, done_files, pending)
    first = next(to_parse, None)
    if first is None:
        return done_files
    _mark_resolution_pending(db)
    writer = _writer_process(db_path, options, total_bytes)  # starts while the model loads
    try:
        parse = parse_in_pieces(make_parser(options))
        for n, (parsed, ticket) in enumerate(parse(itertools.chain([first], to_parse)), 1):
            article = pending.pop(ticket)
            if writer is None:
                _store(db, article, parsed, summary, reporter)
                if n % INDEX_EVERY == 0:  # else resolution does it all at the end
                    with storage.write_transaction(db):
                        storage.flush_fuzzy_pending(db)
            else:
                from explorer.workers import pack

                _count(writer.put(article, pack(parsed)), summary, reporter)
        if writer is not None:
            _count(writer.finish(), summary, reporter)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return done_files


#: Written here (``--workers``, Dask, small inputs), new alias strings are indexed for fuzzy search
#: every this many documents: with worker processes, this process has the time to spare.
INDEX_EVERY = 64


def _writer_process(db_path: Path, options: IngestOptions, total_bytes: int):  # type: ignore[no-untyped-def]
    """A :class:`explorer.writer.WriterProcess` when spaCy runs in this process on enough text.

    With ``--workers`` or a Dask cluster this process only writes, so it writes itself.
    """
    from explorer import writer

    if options.workers > 1 or options.scheduler or total_bytes < writer.MIN_BYTES:
        return None
    return writer.WriterProcess(db_path)


def _store(
    db: Database, article: Article, parsed: ParsedText, summary: IngestSummary, reporter: Reporter
) -> None:
    words = word_count(article.text)
    replacing = storage.document_state(db, article.key, article.sha256).status == "changed"
    stored = storage.store_document(db, article, parsed, matching_key, words)
    summary.replaced += replacing
    summary.added += not replacing
    summary.sentences += stored.n_sentences
    summary.mentions += stored.n_mentions
    summary.words += words
    reporter.advance(_size(article), words, 1)


def _count(answers: Iterable, summary: IngestSummary, reporter: Reporter) -> None:
    """Add the writer process's answers (:class:`explorer.writer.Stored`) to the summary."""
    for stored in answers:
        summary.replaced += stored.replaced
        summary.added += not stored.replaced
        summary.sentences += stored.n_sentences
        summary.mentions += stored.n_mentions
        summary.words += stored.words
        reporter.advance(stored.size, stored.words, 1)


#: A parser turns ``(text, ticket)`` pairs into ``(ParsedText, ticket)`` pairs. Order may differ
#: from the input's (tickets say which article is which); it must yield every ticket once.
Parser = Callable[[Iterator[tuple[str, int]]], Iterator[tuple["ParsedText", int]]]


def make_parser(options: IngestOptions) -> Parser:
    """The NLP back end for this run: a Dask cluster, ``--workers`` processes, or this process."""
    if options.scheduler:
        from explorer.distributed import make_dask_parser

        return make_dask_parser(options)
    if options.workers > 1:
        from explorer.workers import pool_parser

        return pool_parser(options)
    nlp = _load_pipeline(options)
    from explorer.nlp import parse_tuples

    def parse(items: Iterator[tuple[str, int]]) -> Iterator[tuple[ParsedText, int]]:
        return parse_tuples(nlp, items, options.labels, options.batch_size)

    return parse


def _load_pipeline(options: IngestOptions):  # type: ignore[no-untyped-def]
    return _cached_pipeline(options.model, options.actors_files)


@functools.lru_cache(maxsize=2)
def _cached_pipeline(model: str | None, actors_files: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Loading costs about a second; one process (tests, a long session) loads it once."""
    from explorer.nlp import load_pipeline

    return load_pipeline(model, _gazetteer_patterns(actors_files))


def _gazetteer_patterns(actors_files: tuple[str, ...]) -> list[dict]:
    """EntityRuler patterns from the gazetteer, if the gazetteer module provides them."""
    try:
        from explorer import gazetteer
    except ImportError:
        return []
    return gazetteer.ruler_patterns(gazetteer.load_actors(actors_files))


def _size(article: Article) -> int:
    return len(article.text.encode("utf-8", "surrogatepass"))


def _articles_needing_parse(
    db: Database,
    events: Iterable[Article | Problem | FileDone],
    reporter: Reporter,
    summary: IngestSummary,
    done_files: list[FileDone],
    pending: dict[int, Article],
) -> Iterator[tuple[str, int]]:
    """Report problems, skip what is stored already, and yield ``(text, ticket)`` to parse."""
    in_run: dict[str, str] = {}
    tickets = itertools.count()
    for event in events:
        if isinstance(event, FileDone):
            done_files.append(event)
            continue
        if isinstance(event, Problem):
            if event.failed:
                summary.failed += 1
            else:
                summary.skipped += 1
            summary.problems.append(str(event))
            reporter.problem(str(event))
            continue
        for warning in event.warnings:
            reporter.problem(f"{event.file}: {warning}")
        sha = event.sha256
        state = storage.document_state(db, event.key, sha)
        if state.status == "unchanged":
            summary.unchanged += 1
            reporter.advance(_size(event), 0, 1)
            continue
        if state.status == "duplicate" or sha in in_run:
            summary.duplicates += 1
            other = state.other_path or in_run.get(sha)
            message = f"{_where(event)}: same text as {other}; skipped"
            summary.problems.append(message)
            reporter.problem(message)
            reporter.advance(_size(event), 0, 1)
            continue
        in_run[sha] = event.key
        ticket = next(tickets)
        pending[ticket] = event
        yield event.text, ticket


def _where(article: Article) -> str:
    return f"{article.file}:{article.line}" if article.line is not None else article.file


# --------------------------------------------------------------------------- reliability: long texts

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

    def run(items: Iterator[tuple[str, int]]) -> Iterator[tuple[ParsedText, int]]:
        expected: dict[int, int] = {}
        received: dict[int, dict[int, tuple[int, ParsedText]]] = {}

        def split(pairs: Iterator[tuple[str, int]]) -> Iterator[tuple[str, object]]:
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

        for parsed, tag in parse(split(items)):  # type: ignore[arg-type]
            if not isinstance(tag, tuple):
                yield parsed, tag
                continue
            ticket, k, start = tag
            pieces = received.setdefault(ticket, {})
            pieces[k] = (start, parsed)
            if len(pieces) == expected[ticket]:
                del received[ticket], expected[ticket]
                yield _joined([pieces[i] for i in range(len(pieces))]), ticket

    return run


def _joined(pieces: list[tuple[int, ParsedText]]) -> ParsedText:
    from explorer.nlp import ParsedText, Span

    def shifted(spans: Iterable[Span], by: int) -> list[Span]:
        return [Span(span.start + by, span.end + by, span.label) for span in spans]

    sentences: list[Span] = []
    entities: list[Span] = []
    for start, parsed in pieces:
        sentences += shifted(parsed.sentences, start)
        entities += shifted(parsed.entities, start)
    return ParsedText(tuple(sentences), tuple(entities))
