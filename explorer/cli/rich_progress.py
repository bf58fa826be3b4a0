"""The rich progress bar of an ingest on a terminal (:func:`explorer.cli.progress.make_reporter`)."""

from __future__ import annotations

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
