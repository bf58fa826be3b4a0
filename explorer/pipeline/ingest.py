"""Ingest: readers → NLP → storage → resolution, committed a few documents at a time.

The run is incremental (content hashes), resumable (each document is written whole, in a
transaction of its own or of a small batch: explorer.pipeline.writer; resolution re-runs if an earlier run stopped before it), and never loads spaCy when
nothing needs parsing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from explorer.errors import NothingToIngest
from explorer.normalize import matching_key
from explorer.parsed import pack
from explorer.pipeline.lock import ingest_lock
from explorer.pipeline.parsing import IngestOptions, Parser, local_parser, parse_in_pieces
from explorer.pipeline.resolution import run_resolution
from explorer.pipeline.writer import DocumentBatch
from explorer.readers import (
    Article,
    FileDone,
    Problem,
    discover_files,
    is_supported,
    read_articles,
    supported_list,
    word_count,
)
from explorer.store import documents
from explorer.store.connect import check_database_file, open_for_writing, write_transaction
from explorer.store.fuzzy_index import flush_fuzzy_pending
from explorer.store.resolution import count_entities

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

    from explorer.pipeline.writer import Stored, WriterProcess

__all__ = ["IngestOptions", "IngestSummary", "Reporter", "SilentReporter", "ingest"]


@dataclass
class IngestSummary:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    #: Unchanged documents whose metadata (title, date, source, url, extra fields) was refreshed.
    updated: int = 0
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
    #: One line per article skipped because its text is stored already (``--verbose`` lists them).
    duplicate_notes: list[str] = field(default_factory=list)

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


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | os.PathLike[str],
    options: IngestOptions | None = None,
    reporter: Reporter | None = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into the database at ``db_path``.

    Raises :class:`~explorer.errors.NothingToIngest` before creating or locking anything when
    the paths hold no file it can read.
    """
    options = options or IngestOptions()
    reporter = reporter or SilentReporter()
    db_path = Path(db_path)
    paths = list(paths)
    started = time.perf_counter()
    summary = IngestSummary()
    total_bytes = survey(paths, database_files(db_path))
    if db_path.exists():  # refuse a file that is not ours before putting a lock file beside it
        check_database_file(db_path, require_schema=False)
    # The lock comes first: a waiting ingest must not touch the database (not even to migrate).
    with ingest_lock(db_path, options.wait_for_lock, reporter):
        db = open_for_writing(db_path)
        try:
            reporter.set_total(total_bytes)
            refresh: list[tuple[int, documents.Metadata]] = []
            done_files = _parse_and_store(
                db, db_path, paths, options, reporter, summary, total_bytes, refresh
            )
            documents.update_metadata(db, refresh)
            for done in done_files:
                if done.complete:
                    summary.removed += documents.delete_documents_not_in(db, done.file, done.keys)
            if summary.changed or documents.resolution_pending(db):
                documents.mark_resolution_pending(db)
                summary.entities = run_resolution(db, options.actors_files)
                summary.resolved = True
            else:
                summary.entities = count_entities(db)
        finally:
            summary.seconds = time.perf_counter() - started
            db.close()
    return summary


def survey(paths: list, exclude: frozenset[Path]) -> int:
    """The bytes of every readable file under ``paths`` (the progress bar's total).

    Raises :class:`NothingToIngest` when there is none: no path exists (status 2), or the paths
    hold no file of a supported type (status 1).
    """
    total, files, missing = 0, 0, []
    unsupported: dict[str, int] = {}
    for item in discover_files(paths, exclude):
        if isinstance(item, Problem):
            missing.append(item.file)
        elif is_supported(item):
            files += 1
            with contextlib.suppress(OSError):
                total += item.stat().st_size
        else:
            suffix = "".join(item.suffixes[-2:]).lower() or "(none)"
            unsupported[suffix] = unsupported.get(suffix, 0) + 1
    if files:
        return total
    if missing and len(missing) == len(paths):
        raise NothingToIngest(f"no such file or directory: {', '.join(missing)}", status=2)
    where = ", ".join(str(p) for p in paths)
    if unsupported:
        kinds = ", ".join(sorted(unsupported))
        found = f"{sum(unsupported.values())} file(s) of unsupported types ({kinds})"
    else:
        found = "no files"
    raise NothingToIngest(
        f"nothing to ingest in {where}: {found}; supported: {supported_list()}", status=1
    )


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
    refresh: list[tuple[int, documents.Metadata]],
) -> list[FileDone]:
    """Parse and store what is new or changed; collects the files read, and the unchanged
    documents whose metadata needs ``refresh`` (written after the writer is done)."""
    done_files: list[FileDone] = []
    pending: dict[int, tuple[Article, bool]] = {}
    events = read_articles(
        paths, options.max_bytes, database_files(db_path), options.columns, options.dates
    )
    to_parse = _articles_needing_parse(
        db, events, reporter, summary, done_files, pending, refresh, options.reparse
    )
    first = next(to_parse, None)
    if first is None:
        return done_files
    documents.mark_resolution_pending(db)
    writer = _writer_process(db_path, options, total_bytes)  # starts while the model loads
    batch = DocumentBatch(db, matching_key)  # used when this process writes
    try:
        if writer is not None and writer.finishes:  # cleaning, statements: on the other core
            options = dataclasses.replace(options, defer=True)
        parse = parse_in_pieces(make_parser(options))
        for parsed, ticket in parse(itertools.chain([first], to_parse)):
            article, replacing = pending.pop(ticket)
            if writer is None:
                words = word_count(article.text)
                added = batch.add(article, parsed, words, (article, replacing, words))
                _count_stored(db, added, summary, reporter)
            else:
                _count(writer.put(article, pack(parsed), replacing), summary, reporter)
        if writer is not None:
            _count(writer.finish(), summary, reporter)
        _count_stored(db, batch.flush(), summary, reporter)
    except KeyboardInterrupt:
        if writer is not None:
            writer.abort()
        _count_stored(db, batch.flush(), summary, reporter)  # parsed already: keep them
        raise
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return done_files


#: Written here (``--workers``, Dask, small inputs), new alias strings are indexed for fuzzy search
#: every this many documents: with worker processes, this process has the time to spare.
INDEX_EVERY = 64


def _writer_process(
    db_path: Path, options: IngestOptions, total_bytes: int
) -> WriterProcess | None:
    """A :class:`~explorer.pipeline.writer.WriterProcess` when spaCy runs in this process on
    enough text; it finds the statements too (unless they are switched off), on the other core.

    With ``--workers`` or a Dask cluster this process only writes, so it writes itself.
    """
    from explorer.nlp import default_model, statements_wanted
    from explorer.pipeline import writer

    if options.workers > 1 or options.scheduler or total_bytes < writer.MIN_BYTES:
        return None
    if _cores() < 2:  # no other core to finish the parsed texts on: this process does it
        return writer.WriterProcess(db_path)
    speech_model = (options.model or default_model()) if statements_wanted() else None
    return writer.WriterProcess(db_path, speech_model, options.labels, finishes=True)


def _cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _count_stored(
    db: Database,
    stored: list[tuple[Any, documents.StoredDocument]],
    summary: IngestSummary,
    reporter: Reporter,
) -> None:
    """Add the documents a :class:`DocumentBatch` wrote (tagged ``(article, replacing, words)``)
    to the summary; every :data:`INDEX_EVERY` documents, index their new alias strings."""
    before = summary.added + summary.replaced
    for (_article, replacing, words), done in stored:  # all counted before the reporter runs
        summary.replaced += replacing
        summary.added += not replacing
        summary.sentences += done.n_sentences
        summary.mentions += done.n_mentions
        summary.words += words
    for (article, _replacing, words), _done in stored:
        reporter.advance(article.input_bytes, words, 1)
    if (summary.added + summary.replaced) // INDEX_EVERY > before // INDEX_EVERY:
        with write_transaction(db):  # else resolution does it all at the end
            flush_fuzzy_pending(db)


def _count(answers: Iterable[Stored], summary: IngestSummary, reporter: Reporter) -> None:
    """Add the writer process's answers to the summary."""
    for stored in answers:
        summary.replaced += stored.replaced
        summary.added += not stored.replaced
        summary.sentences += stored.n_sentences
        summary.mentions += stored.n_mentions
        summary.words += stored.words
        reporter.advance(stored.size, stored.words, 1)


def make_parser(options: IngestOptions) -> Parser:
    """The NLP back end for this run: a Dask cluster, ``--workers`` processes, or this process."""
    if options.scheduler:
        from explorer.pipeline.distributed import make_dask_parser

        return make_dask_parser(options)
    if options.workers > 1:
        from explorer.pipeline.workers import pool_parser

        return pool_parser(options)
    return local_parser(options)


def _articles_needing_parse(
    db: Database,
    events: Iterable[Article | Problem | FileDone],
    reporter: Reporter,
    summary: IngestSummary,
    done_files: list[FileDone],
    pending: dict[int, tuple[Article, bool]],
    refresh: list[tuple[int, documents.Metadata]],
    reparse: bool = False,
) -> Iterator[tuple[str, int]]:
    """Report problems, skip what is stored already (unless ``reparse``), and yield
    ``(text, ticket)`` to parse."""
    in_run: dict[str, str] = {}
    tickets = itertools.count()
    for event in events:
        if isinstance(event, FileDone):
            done_files.append(event)
            if event.rest_bytes:
                reporter.advance(event.rest_bytes, 0, 0)
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
        state = documents.document_state(db, event.key, sha)
        if state.status == "unchanged" and not reparse:
            summary.unchanged += 1
            metadata = documents.article_metadata(event)
            if state.document_id is not None and metadata != state.metadata:
                refresh.append((state.document_id, metadata))
                summary.updated += 1
            reporter.advance(event.input_bytes, 0, 1)
            continue
        if state.status == "duplicate" or sha in in_run:
            summary.duplicates += 1
            other = state.other_path or in_run.get(sha)
            summary.duplicate_notes.append(f"{_where(event)}: same text as {other}; skipped")
            reporter.advance(event.input_bytes, 0, 1)
            continue
        in_run[sha] = event.key
        ticket = next(tickets)
        pending[ticket] = (event, state.status in ("changed", "unchanged"))
        yield event.text, ticket


def _where(article: Article) -> str:
    return f"{article.file}:{article.line}" if article.line is not None else article.file
