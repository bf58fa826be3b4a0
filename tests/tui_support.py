"""Helpers for driving the explorer with Textual's Pilot (test_tui, test_tui_snapshots)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine

from textual.pilot import Pilot
from textual.worker import WorkerState


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
