"""The explorer's data side: database connections for worker threads and the mentions layout.

Nothing here imports Textual. Every read goes through :mod:`explorer.store.queries`.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.dates import date_prefix
from explorer.store.connect import open_for_reading

if TYPE_CHECKING:  # pragma: no cover
    from explorer.store.queries import DocumentCount, EntityHit, MentionFilter


class ConnectionPool:
    """Read-only connections handed to one worker thread at a time.

    SQLite connections must not be used by two threads at once; each worker borrows one (opening
    a new one when all are busy) and returns it, so a slow mentions query never blocks typing.
    """

    def __init__(self, path: Path, first: sqlite3.Connection | None = None) -> None:
        """``first``: an open read-only connection to this database, handed over to the pool."""
        self.path = path
        self._idle: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._all: list[sqlite3.Connection] = []
        if first is not None:
            self._all.append(first)
            self._idle.put(first)

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = open_for_reading(self.path)
            self._all.append(conn)
        try:
            yield conn
        finally:
            self._idle.put(conn)

    def close(self) -> None:
        for conn in self._all:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._all.clear()


@dataclass(frozen=True)
class RowPosition:
    """What a row of the mentions list shows: a document heading (``index == -1``) or a mention."""

    document: DocumentCount
    index: int  # the mention's position inside the document, -1 for the heading

    @property
    def is_heading(self) -> bool:
        return self.index < 0


class MentionLayout:
    """Maps the rows of the virtual mentions list to documents and positions inside them.

    Each document contributes a heading row and one row per mention; only the per-document counts
    are held in memory, the mentions themselves are fetched page by page as rows come into view.
    """

    def __init__(self, documents: Sequence[DocumentCount]) -> None:
        self.documents = list(documents)
        self._starts: list[int] = []
        row = 0
        for document in self.documents:
            self._starts.append(row)
            row += document.count + 1
        self.total_rows = row
        self.total_mentions = row - len(self.documents)

    def __len__(self) -> int:
        return self.total_rows

    def position(self, row: int) -> RowPosition | None:
        if not 0 <= row < self.total_rows:
            return None
        doc_index = bisect_right(self._starts, row) - 1
        return RowPosition(self.documents[doc_index], row - self._starts[doc_index] - 1)

    def row_of(self, document_id: int, index: int) -> int | None:
        """The row showing mention ``index`` of a document (``-1``: its heading)."""
        for start, document in zip(self._starts, self.documents, strict=True):
            if document.document_id == document_id:
                return start + 1 + min(index, document.count - 1)
        return None

    def sorted_by_count(self) -> MentionLayout:
        return MentionLayout(sorted(self.documents, key=lambda d: (-d.count, d.document_id)))

    def nearest_mention_row(self, row: int, direction: int = 1) -> int | None:
        """``row`` if it shows a mention, else the nearest mention row in ``direction`` (±1).

        Every document holds at least one mention, so a heading always has a mention row after it
        and (unless it is the first row) one before it.
        """
        if self.total_mentions == 0:
            return None
        row = max(0, min(row, self.total_rows - 1))
        position = self.position(row)
        assert position is not None
        if not position.is_heading:
            return row
        return row - 1 if direction < 0 and row > 0 else row + 1


# ---------------------------------------------------------------------------------- the actor list

#: The actor list's orders, in the order ``s`` cycles through them; "match" (best match first)
#: only for search results.
ACTOR_SORTS: tuple[str, ...] = ("match", "mentions", "documents", "name", "type")


def sorted_hits(hits: Sequence[EntityHit], order: str) -> list[EntityHit]:
    """Search results in one of :data:`ACTOR_SORTS` (the store's orders, applied in memory)."""
    keys = {
        "match": None,
        "mentions": lambda h: (-h.mentions, h.name, h.id),
        "documents": lambda h: (-h.documents, -h.mentions, h.id),
        "name": lambda h: (h.name.casefold(), h.id),
        "type": lambda h: (h.type, -h.mentions, h.id),
    }
    key = keys[order]
    return list(hits) if key is None else sorted(hits, key=key)


# ---------------------------------------------------------------------------------- mention filter


def parse_mention_filter(text: str) -> MentionFilter:
    """The mentions filter box: words of the sentence, ``doc:ID`` or ``doc:WORD`` (a word of the
    title), ``from:DATE`` and ``to:DATE`` (``2020``, ``2020-03`` or ``2020-03-15``; also
    ``2020/3`` or ``15/3/2020``, made ISO as stored dates are)."""
    from explorer.store.queries import MentionFilter

    words: list[str] = []
    ids: list[int] = []
    titles: list[str] = []
    start = end = None
    for token in text.split():
        field, colon, value = token.partition(":")
        field = field.casefold()
        if colon and value and field in ("doc", "document"):
            if value.isascii() and value.isdigit() and len(value) < 19:
                ids.append(int(value))
            else:
                titles.append(value)
        elif colon and value and field in ("from", "since"):
            start = date_prefix(value)
        elif colon and value and field in ("to", "until"):
            end = date_prefix(value)
        else:
            words.append(token)
    return MentionFilter(tuple(words), tuple(ids), tuple(titles), start, end)


def describe_filter(mention_filter: MentionFilter) -> str:
    """The filter in words, for the mentions pane's subtitle."""
    parts = []
    if mention_filter.words:
        parts.append("“" + " ".join(mention_filter.words) + "”")
    documents = [f"#{i}" for i in mention_filter.document_ids]
    documents += [f"“{w}”" for w in mention_filter.title_words]
    if documents:
        parts.append("document " + " or ".join(documents))
    if mention_filter.date_from:
        parts.append(f"from {mention_filter.date_from}")
    if mention_filter.date_to:
        parts.append(f"to {mention_filter.date_to}")
    return " · ".join(parts)


def toggle_document(text: str, document_id: int) -> str:
    """The filter text with ``doc:ID`` added, or removed when it is there (key ``o``)."""
    token = f"doc:{document_id}"
    tokens = text.split()
    if token in tokens:
        return " ".join(t for t in tokens if t != token)
    return " ".join([*tokens, token])
