"""Ingest progress for people: a rich progress bar on a terminal, plain lines otherwise.

Both reporters follow :class:`explorer.pipeline.ingest.Reporter`; the services below never print.
"""

from __future__ import annotations

import datetime
import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from explorer.safetext import one_line


class _WordsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        words = task.fields.get("words", 0)
        rate = words / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


class _Documents(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.fields.get('documents', 0):,} docs", style="progress.download")


class RichReporter:
    """A live bar on stderr: percent and bytes of the input read (of the total: compressed files
    count their bytes on disk), documents, words/s and the time left ("ETA", from the bytes);
    problems print above it."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            _Documents(),
            _WordsPerSecond(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("ingest", total=None, words=0, documents=0)

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def problem(self, message: str) -> None:
        self.console.print(Text(f"warning: {one_line(message)}", style="yellow"), soft_wrap=True)

    def note(self, message: str) -> None:
        self.console.print(Text(one_line(message)), soft_wrap=True)

    def set_total(self, total_bytes: int) -> None:
        self.progress.update(self.task, total=max(total_bytes, 1))

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        fields = self.progress.tasks[0].fields
        self.progress.update(
            self.task,
            advance=n_bytes,
            words=fields.get("words", 0) + words,
            documents=fields.get("documents", 0) + documents,
        )


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
        return RichReporter()
    reporter = PlainReporter()
    if quiet:
        reporter.every = float("inf")
    return reporter
