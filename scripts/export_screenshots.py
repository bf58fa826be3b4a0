"""Write SVG screenshots of the explorer's main views to screenshots/.

Runs the real app headless over a real database (by default db/libya.db, built from seeds/ by
``make seed``: the CC0 sample corpus ``seeds/libya-2020.jsonl`` and the seed article), drives it
with key presses like a user, and saves what the screen shows::

    python scripts/export_screenshots.py [--db PATH] [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerState

from explorer.store.connect import DatabaseProblem, open_for_reading
from explorer.tui.app import ExplorerApp

Steps = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(
            w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers
        ):
            await pilot.pause(0.1)
            return


def keys(text: str) -> list[str]:
    return [{" ": "space"}.get(c, c) for c in text]


async def search(pilot: Pilot, query: str) -> None:
    await settle(pilot)
    await pilot.press("slash", *keys(query))
    await settle(pilot)


async def start(pilot: Pilot) -> None:
    await settle(pilot)


async def actor(pilot: Pilot) -> None:
    await search(pilot, "hifter")
    await pilot.press("enter", "enter")
    await settle(pilot)
    await pilot.press("j", "j")
    await settle(pilot)


async def context(pilot: Pilot) -> None:
    await actor(pilot)
    await pilot.press("enter", "plus")
    await settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("tab", "question_mark")
    await pilot.pause(0.2)


async def merge(pilot: Pilot) -> None:
    """Merging "Emirati" into "United Arab Emirates": the preview before anything is written."""
    await search(pilot, "emirati")
    await pilot.press("enter", "enter", "m", *keys("united arab emirates"))
    await settle(pilot)
    await pilot.press("enter")  # the best match: United Arab Emirates
    await settle(pilot)


async def filtered(pilot: Pilot) -> None:
    """Khalifa Haftar's mentions in sentences about the ceasefire, from June on."""
    await search(pilot, "haftar")
    await pilot.press("enter", "enter", "f", *keys("ceasefire from:2020-06"))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def document(pilot: Pilot) -> None:
    await actor(pilot)
    await pilot.press("v")
    await settle(pilot)


async def light(pilot: Pilot) -> None:
    await actor(pilot)
    await pilot.press("d")
    await pilot.pause(0.2)


async def statements(pilot: Pilot) -> None:
    """What Recep Tayyip Erdogan said: the Statements view (S)."""
    await search(pilot, "erdogan")
    await pilot.press("enter", "enter")
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)


async def review(pilot: Pilot) -> None:
    """The review queue (R): the resolver's least certain decisions with their sentences."""
    await settle(pilot)
    await pilot.press("escape", "R")
    await settle(pilot)


#: ``(file name, terminal size, steps)``
SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("start-80x24", (80, 24), start),
    ("actor-80x24", (80, 24), actor),
    ("context-120x40", (120, 40), context),
    ("actor-200x50", (200, 50), actor),
    ("help-100x40", (100, 40), help_screen),
    ("merge-120x40", (120, 40), merge),
    ("filter-120x40", (120, 40), filtered),
    ("document-120x40", (120, 40), document),
    ("light-120x40", (120, 40), light),
    ("statements-120x40", (120, 40), statements),
    ("review-120x40", (120, 40), review),
]


async def shoot(db: Path, out: Path, name: str, size: tuple[int, int], steps: Steps) -> Path:
    app = ExplorerApp(db)
    async with app.run_test(size=size) as pilot:
        await steps(pilot)
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("db/libya.db"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args(argv)
    try:
        open_for_reading(args.db).close()
    except DatabaseProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, size, steps in SHOTS:
        print(asyncio.run(shoot(args.db, args.out, name, size, steps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
