"""Ingest progress for people: a rich progress bar on a terminal, plain lines otherwise.

Both reporters follow :class:`explorer.pipeline.ingest.Reporter`; the services below never print.
The rich bar (:mod:`explorer.cli.rich_progress`) is imported only for a terminal: ``resolve``
and piped ingests do not pay for importing rich.
"""

from __future__ import annotations

import datetime
import sys
import time
from typing import TYPE_CHECKING, TextIO

from explorer.safetext import one_line

if TYPE_CHECKING:  # pragma: no cover
    from explorer.cli.rich_progress import RichReporter


class PlainReporter:
    """Line-oriented progress for logs and pipes: one line every few seconds."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.started = time.perf_counter()
        self.last = self.started
        self.total = 0
        self.done = 0
        self.words = 0
        self.documents = 0

    def __enter__(self) -> PlainReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def problem(self, message: str) -> None:
        print(f"warning: {one_line(message)}", file=self.stream, flush=True)

    def note(self, message: str) -> None:
        print(one_line(message), file=self.stream, flush=True)

    def set_total(self, total_bytes: int) -> None:
        self.total = total_bytes

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        self.done += n_bytes
        self.words += words
        self.documents += documents
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            elapsed = now - self.started
            print(self.line(elapsed), file=self.stream, flush=True)

    def line(self, elapsed: float) -> str:
        """``ingest: 41% of 12.0 MB, 1,234 docs, 9,800 words/s, ETA 0:01:05``."""
        share = self.done / self.total if self.total else 0.0
        rate = self.words / elapsed if elapsed else 0.0
        eta = "?"
        if 0 < share < 1 and elapsed > 0:
            eta = str(datetime.timedelta(seconds=round(elapsed * (1 - share) / share)))
        elif share >= 1:
            eta = "0:00:00"
        return (
            f"ingest: {100 * share:.0f}% of {self.total / 1e6:,.1f} MB, {self.documents:,} docs, "
            f"{rate:,.0f} words/s, ETA {eta}"
        )


def make_reporter(quiet: bool = False) -> RichReporter | PlainReporter:
    """Rich on a terminal, plain lines otherwise; ``quiet`` keeps only problems."""
    if not quiet and sys.stderr.isatty():
        from explorer.cli.rich_progress import RichReporter

        return RichReporter()
    reporter = PlainReporter()
    if quiet:
        reporter.every = float("inf")
    return reporter
