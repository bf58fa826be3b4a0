"""Helpers for driving the explorer with Textual's Pilot (test_tui, test_tui_snapshots)."""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Callable, Coroutine
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from explorer.parsed import ParsedText, Span
from explorer.pipeline import ingest as ingest_module
from explorer.pipeline.ingest import IngestOptions, ingest


def sync(test: Callable[..., Coroutine]) -> Callable[..., None]:
    """Run an async test with asyncio (no async pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot) -> None:
    """Wait until every worker has finished and every message they posted is handled."""
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        busy = [
            w for w in pilot.app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        if not busy:
            await pilot.pause()
            if not any(w.state == WorkerState.RUNNING for w in pilot.app.workers):
                return
    raise AssertionError("workers never settled")


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])


def name_list_parser(names: list[str]):  # type: ignore[no-untyped-def]
    """An ingest parser marking the given names: exact entity spans whatever the characters."""

    def parse(items):  # type: ignore[no-untyped-def]
        for text, ticket in items:
            sentences = tuple(
                Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s|$)|$)", text)
            )
            entities = sorted(
                (
                    Span(m.start(), m.end(), "PERSON" if name[0].isupper() else "ORG")
                    for name in names
                    for m in re.finditer(re.escape(name), text)
                ),
                key=lambda s: s.start,
            )
            yield ParsedText(sentences, tuple(entities)), ticket

    return parse


def ingest_with_names(folder: Path, db_path: Path, names: list[str]) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest_module, "make_parser", lambda options: name_list_parser(names))
        assert ingest([folder], db_path, IngestOptions()).failed == 0
    return db_path
