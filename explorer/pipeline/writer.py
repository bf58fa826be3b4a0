"""A writer process for one-process ingests: SQLite writes run beside spaCy, not between batches.

A writer *thread* does not overlap with spaCy: measured on 200k words, the process's wall time
equalled its CPU time, so the two threads took turns on the GIL (and on a loaded machine a
thread waiting for the GIL waits for the scheduler too). A process shares nothing: the main
process parses and sends each article with its offsets down a pipe; this process stores it and
answers with what it stored: one transaction per document while it keeps up, one for all the
documents waiting in the pipe (up to :data:`BATCH_DOCUMENTS`) when it lags. The pipe is the
bounded queue: when the writer lags, the parser blocks on the full pipe.

This module must stay free of spaCy (the child imports it alone): parsed offsets travel as the
flat tuples of :func:`explorer.parsed.pack` and are rebuilt with :func:`explorer.parsed.unpack`.
The main process has already looked the document up (new or changed), so the child stores it
without asking again.

Stopping: the main process sets ``stop`` when interrupted (documents still in the pipe are then
dropped, the batch in hand is finished) and closes its end when done (the child stores what is
left and exits). The child ignores Ctrl-C, which the main process handles; if the main process
dies, the child finishes what is already in the pipe and exits. Every document is whole either
way, and the next run parses whatever is missing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.errors import UserError
from explorer.labels import ENTITY_LABELS
from explorer.parsed import Packed, unpack

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection
    from multiprocessing.synchronize import Event

    from sqlite_utils import Database

    from explorer.parsed import ParsedText
    from explorer.readers import Article
    from explorer.store.documents import StoredDocument

#: When the pipe is empty and at least this many documents came since the last time, the writer
#: indexes their new alias strings for fuzzy search
#: (:func:`explorer.store.fuzzy_index.flush_fuzzy_pending`),
#: work that resolution would otherwise do at the end of the run, with nothing to overlap it.
INDEX_WHEN_IDLE_AFTER = 8

#: Bulk runs commit several documents per transaction (:class:`DocumentBatch`, and the writer
#: process for what waits in its pipe): up to this many, ...
BATCH_DOCUMENTS = 64
#: ... or those that came within this time of the batch's first. A crash loses the batch being
#: written (never part of a document); the next run parses and stores it again.
BATCH_SECONDS = 0.25

#: Inputs smaller than this are written in the main process: starting a process costs about
#: 0.3 CPU-s, which pays for itself from roughly 50k words (the writer costs ~6 µs a word).
MIN_BYTES = 300_000


@dataclass(frozen=True)
class Stored:
    """The writer's answer for one document."""

    replaced: bool
    n_sentences: int
    n_mentions: int
    words: int
    size: int


def _serve(
    db_path: str,
    conn: Connection,
    stop: Event,
    speech_model: str | None,
    labels: tuple[str, ...],
) -> None:
    """The child's loop: store each ``(article, packed, replacing)`` until the pipe closes,
    finishing first what the NLP process left raw (cleaning with ``labels``, and statements
    with the parser of ``speech_model``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from explorer.normalize import matching_key
    from explorer.readers import word_count
    from explorer.store.connect import open_for_writing, write_transaction
    from explorer.store.fuzzy_index import flush_fuzzy_pending

    db = open_for_writing(db_path)
    unindexed = 0
    try:
        finish = Finisher(speech_model, labels)
        while not stop.is_set():
            if unindexed >= INDEX_WHEN_IDLE_AFTER and not conn.poll():
                with write_transaction(db):
                    flush_fuzzy_pending(db)
                unindexed = 0
            try:
                item = conn.recv()
            except EOFError:
                return
            if item is None:
                return
            batch, last = _waiting_batch(conn, item, *finish.batching)
            try:
                answers = _store_batch(db, batch, matching_key, word_count, finish)
            except _PartlyStored as failed:
                conn.send(failed.answers)
                raise failed.error from None
            unindexed += len(batch)
            conn.send(answers)  # one message per batch
            if last:
                return
    except BaseException as exc:  # handed to the main process, which raises it
        _send_error(conn, exc)
    finally:
        db.close()
        conn.close()


def _waiting_batch(
    conn: Connection, first: tuple, min_documents: int = 1, wait: float = 0.0
) -> tuple[list[tuple], bool]:
    """``first`` and the documents already waiting in the pipe (up to :data:`BATCH_DOCUMENTS`),
    and whether the pipe said it was done. When the writer keeps up, the pipe is empty and a
    batch is one document, committed at once; when it lags, it commits less often. With
    ``min_documents``, it waits up to ``wait`` seconds for that many (the speech parser's
    batches: see :data:`PARSE_BATCH_DOCUMENTS`)."""
    batch = [first]
    deadline = time.monotonic() + wait
    while len(batch) < BATCH_DOCUMENTS:
        if not conn.poll():
            remaining = deadline - time.monotonic()
            if len(batch) >= min_documents or remaining <= 0 or not conn.poll(remaining):
                break
        try:
            item = conn.recv()
        except EOFError:
            return batch, True
        if item is None:
            return batch, True
        batch.append(item)
    return batch, False


#: The writer's speech parser runs on at least this many documents at a time (waiting up to
#: :data:`PARSE_BATCH_SECONDS` for them): parsing one document's few sentences at a time cost
#: half as much again (thinc's per-call overhead), 16 documents as much as 32.
PARSE_BATCH_DOCUMENTS = 16
PARSE_BATCH_SECONDS = 1.0


class Finisher:
    """Finishes the parsed texts the NLP process left raw (:func:`explorer.nlp.finish_deferred`):
    their cleaning, and their statements with the tagger and parser of ``speech_model``, loaded
    now (while the NLP process loads its pipeline). Only then does this process import spaCy.
    """

    def __init__(self, speech_model: str | None, labels: tuple[str, ...]) -> None:
        from explorer.nlp import load_speech_model, tune_allocator

        self._labels = labels
        self._parser = None
        if speech_model is not None:
            tune_allocator()
            self._parser = load_speech_model(speech_model)

    @property
    def batching(self) -> tuple[int, float]:
        """How many documents a batch waits for, and how long at most."""
        if self._parser is None:
            return 1, 0.0
        return PARSE_BATCH_DOCUMENTS, PARSE_BATCH_SECONDS

    def __call__(self, items: list[tuple[str, ParsedText]]) -> list[ParsedText]:
        from explorer.nlp import finish_deferred

        return finish_deferred(items, self._labels, self._parser)


def _store_batch(
    db: Database,
    batch: list[tuple[Article, Packed, bool]],
    key_of: Callable[[str], str],
    count_words: Callable[[str], int],
    finish: Finisher | None = None,
) -> list[Stored]:
    """Store ``(article, packed, replacing)`` items in one transaction; the answers for each.
    Texts the NLP process left raw are finished first (by ``finish``: cleaning, statements),
    the batch's speech sentences parsed together."""
    from explorer.store.documents import store_document, store_documents

    words = [count_words(article.text) for article, _packed, _replacing in batch]
    parsed = [unpack(packed) for _article, packed, _replacing in batch]
    if finish is not None and any(p.deferred is not None for p in parsed):
        parsed = finish([(a.text, p) for (a, _packed, _r), p in zip(batch, parsed, strict=True)])
    items = [(a, p, n) for (a, _packed, _r), p, n in zip(batch, parsed, words, strict=True)]
    try:
        stored = store_documents(db, items, key_of)
    except sqlite3.IntegrityError:  # as DocumentBatch: the documents before the culprit stay
        stored = []
        for article, one, n in items:
            try:
                stored.append(store_document(db, article, one, key_of, n))
            except sqlite3.IntegrityError as exc:
                raise _PartlyStored(_answers(batch, stored, words), exc) from exc
    return _answers(batch, stored, words)


class _PartlyStored(Exception):
    """A batch that failed after storing its first documents one by one: their answers."""

    def __init__(self, answers: list[Stored], error: BaseException) -> None:
        super().__init__(str(error))
        self.answers = answers
        self.error = error


def _answers(
    batch: list[tuple[Article, Packed, bool]], stored: list[StoredDocument], words: list[int]
) -> list[Stored]:
    """The answers for the first ``len(stored)`` documents of ``batch``."""
    return [
        Stored(replacing, s.n_sentences, s.n_mentions, n, article.input_bytes)
        for (article, _packed, replacing), s, n in zip(batch, stored, words, strict=False)
    ]


class DocumentBatch:
    """Documents parsed in this process (``--workers``, Dask, small inputs) committed several at
    a time: :meth:`add` keeps them until :data:`BATCH_DOCUMENTS` wait or the first has waited
    :data:`BATCH_SECONDS`, then writes them in one transaction and returns what was stored.

    A batch that breaks a constraint (two copies of one text in it) is written again one
    document at a time, so the documents before the culprit are kept as they were before
    batching.
    """

    def __init__(
        self,
        db: Database,
        key_of: Callable[[str], str],
        max_documents: int = BATCH_DOCUMENTS,
        max_seconds: float = BATCH_SECONDS,
    ) -> None:
        self._db = db
        self._key_of = key_of
        self._max_documents = max_documents
        self._max_seconds = max_seconds
        self._items: list[tuple[Article, ParsedText, int]] = []
        self._tags: list[object] = []
        self._since = 0.0

    def __len__(self) -> int:
        return len(self._items)

    def add(
        self, article: Article, parsed: ParsedText, words: int, tag: object = None
    ) -> list[tuple[object, StoredDocument]]:
        """Queue one document (``tag``: anything the caller wants back with its answer); returns
        ``(tag, stored)`` for each document written now (none, or the whole batch)."""
        if not self._items:
            self._since = time.monotonic()
        self._items.append((article, parsed, words))
        self._tags.append(tag)
        full = len(self._items) >= self._max_documents
        if full or time.monotonic() - self._since >= self._max_seconds:
            return self.flush()
        return []

    def flush(self) -> list[tuple[object, StoredDocument]]:
        """Write what is queued (one transaction); ``(tag, stored)`` for each."""
        from explorer.store.documents import store_document, store_documents

        items, tags = self._items, self._tags
        self._items, self._tags = [], []
        if not items:
            return []
        try:
            stored = store_documents(self._db, items, self._key_of)
        except sqlite3.IntegrityError:
            stored = [store_document(self._db, a, p, self._key_of, n) for a, p, n in items]
        return list(zip(tags, stored, strict=True))


def _send_error(conn: Connection, exc: BaseException) -> None:
    for error in (exc, RuntimeError(f"{type(exc).__name__}: {exc}")):  # unpicklable: the message
        try:
            conn.send(error)
            return
        except OSError:
            return  # the main process is gone or stopped listening
        except Exception:  # noqa: S112 (try the plain message next)
            continue


#: How many bytes of parsed documents the pipe to the writer holds (about 800 BBC articles):
#: the default (about 200 kB, 40 articles) made the parser wait whenever the writer was off the
#: CPU for a moment on a busy machine. The pipe stays a bounded queue.
PIPE_BYTES = 4 << 20


def _widen(*conns: Connection) -> None:
    """Give the pipe's sockets :data:`PIPE_BYTES` of buffer (as far as the system allows; a
    pipe that is no socket keeps its own)."""
    for conn in conns:
        with contextlib.suppress(OSError, ValueError):
            sock = socket.socket(fileno=os.dup(conn.fileno()))
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, PIPE_BYTES)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, PIPE_BYTES)
            finally:
                sock.close()  # the duplicate only


class WriterDied(UserError):
    """The writer process ended abruptly (killed, out of memory): stored documents are whole."""


class WriterProcess:
    """The main process's side: ``put`` articles, collect :class:`Stored` answers."""

    def __init__(
        self,
        db_path: Path,
        speech_model: str | None = None,
        labels: tuple[str, ...] = ENTITY_LABELS,
        finishes: bool = False,
    ) -> None:
        """``finishes``: the NLP process sends texts raw (``defer``,
        :attr:`explorer.parsed.ParsedText.deferred`); this process cleans them (keeping
        ``labels``) and finds their statements with the parser of ``speech_model`` (none:
        statements are off)."""
        self.finishes = finishes
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        _widen(self._conn, child)
        self._stop = context.Event()
        self._process = context.Process(
            target=_serve,
            args=(str(db_path), child, self._stop, speech_model, labels),
            name="libya-explore writer",
        )
        self._process.daemon = True
        self._process.start()
        child.close()

    def put(self, article: Article, packed: Packed, replacing: bool) -> list[Stored]:
        """Send one document (``replacing``: a changed version of a stored one); returns the
        answers that arrived meanwhile (never blocks on them)."""
        answers = self.ready()
        try:
            self._conn.send((article, packed, replacing))
        except OSError:  # BrokenPipeError, ConnectionResetError: the writer is gone
            raise self._died() from None
        return answers

    def ready(self) -> list[Stored]:
        answers = []
        while self._conn.poll():
            answers += self._answer()
        return answers

    def finish(self) -> list[Stored]:
        """Wait until every document sent is stored; returns the remaining answers."""
        try:
            self._conn.send(None)
        except OSError:
            raise self._died() from None
        answers = []
        while True:
            try:
                answers += self._answer()
            except WriterDied:
                break
        self._process.join()
        self._conn.close()
        if self._process.exitcode != 0:
            raise self._died()
        return answers

    def abort(self) -> None:
        """Finish the document in hand, drop the rest."""
        self._stop.set()
        self._conn.close()
        self._process.join(timeout=30)

    def _died(self) -> WriterDied:
        self._process.join(timeout=5)
        code = self._process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return WriterDied(
            f"the database writer process stopped unexpectedly ({how}); every document stored "
            "so far is complete: run the same command again to finish"
        )

    def _answer(self) -> list[Stored]:
        """The answers for the next batch the writer stored."""
        try:
            answer = self._conn.recv()
        except (EOFError, OSError):
            raise self._died() from None
        if isinstance(answer, BaseException):
            self._conn.close()
            self._process.join(timeout=30)
            raise answer
        return answer
