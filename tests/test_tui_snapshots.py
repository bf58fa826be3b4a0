"""Snapshots of the explorer's main views at 80x24 and 120x40 (pytest-textual-snapshot).

The database (the ``tui_db`` fixture) is ingested from the articles in ``corpus_support.py``, so
every run shows the same rows.
Update with ``pytest tests/test_tui_snapshots.py --snapshot-update`` after looking at the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import settle, type_text

from explorer.tui.app import ExplorerApp

SIZES = [(80, 24), (120, 40)]


async def steady(pilot: Pilot) -> None:
    """Every worker done, and no blinking cursor (a snapshot must not depend on the clock)."""
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await settle(pilot)


async def open_haftar(pilot: Pilot) -> None:
    await steady(pilot)
    await type_text(pilot, "hifter")
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start(snap_compare, tui_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(ExplorerApp(tui_db), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_actor_mentions_and_context(snap_compare, tui_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(ExplorerApp(tui_db), terminal_size=size, run_before=open_haftar)


def test_help(snap_compare, tui_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("tab", "question_mark")

    assert snap_compare(ExplorerApp(tui_db), terminal_size=(80, 24), run_before=run_before)


def test_merge_dialog(snap_compare, tui_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_haftar(pilot)
        await pilot.press("m")
        await type_text(pilot, "sarraj")
        await settle(pilot)

    assert snap_compare(ExplorerApp(tui_db), terminal_size=(120, 40), run_before=run_before)
