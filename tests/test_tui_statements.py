"""The Statements view (S): Pilot tests and a snapshot at 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static
from tui_support import settle, sync, type_text

from explorer.tui.app import ExplorerApp
from explorer.tui.keys import HELP_SECTIONS, PALETTE_COMMANDS
from explorer.tui.render import STATEMENT_STYLE
from explorer.tui.statements import StatementDocumentScreen, StatementsScreen

SAID = "the Government of National Accord would defend Tripoli"


async def open_actor(pilot: Pilot, query: str) -> None:
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await settle(pilot)
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@sync
async def test_the_statements_view_marks_what_the_actor_said_and_opens_its_document(
    tui_db: Path,
) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "sarraj")
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatementsScreen)
        options = screen.query_one("#statements-list", OptionList)
        assert options.option_count == 1
        prompt = options.get_option_at_index(0).prompt
        assert SAID in prompt.plain and "said · indirect" in prompt.plain
        marked = [
            prompt.plain[span.start : span.end]
            for span in prompt.spans
            if str(span.style) == STATEMENT_STYLE
        ]
        assert marked == [SAID]
        meta = screen.query_one("#statements-meta", Static).render()
        assert "1 statement" in str(meta)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatementDocumentScreen)
        assert app.screen.document is not None and SAID in app.screen.document.text
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, StatementsScreen | StatementDocumentScreen)


@sync
async def test_an_actor_with_no_statements_says_so(tui_db: Path) -> None:
    """Only unnamed officials speak about Haftar in the test articles: nothing is his."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "haftar")
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StatementsScreen)
        assert app.screen.query_one("#statements-list", OptionList).option_count == 0
        assert "No statements" in str(app.screen.query_one("#statements-meta", Static).render())
        await pilot.press("S")
        assert not isinstance(app.screen, StatementsScreen)


def test_the_key_is_in_the_help_and_the_palette() -> None:
    keys = [key for _, lines in HELP_SECTIONS for key, _ in lines]
    assert "S" in keys
    assert any(action == "statements" for *_, action in PALETTE_COMMANDS)


def test_snapshot_80x24(snap_compare, tui_db: Path) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_actor(pilot, "sarraj")
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(ExplorerApp(tui_db), terminal_size=(80, 24), run_before=run_before)
