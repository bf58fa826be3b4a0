"""Curation in the explorer: a preview before a merge writes, undo, several actors merged at
once, and curation while one-liners read and an ingest writes the same database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from corpus_support import check_invariants
from textual.pilot import Pilot
from tui_support import settle, sync, type_text

from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.tui.app import ExplorerApp
from explorer.tui.screens import ConfirmMergeScreen, PickActorScreen
from explorer.tui.widgets import ActorList, MentionList


@pytest.fixture
def writable_db(tui_db: Path, tmp_path: Path) -> Path:
    """A private copy of the test database, for curation."""
    copy = tmp_path / "curate.db"
    source = open_for_reading(tui_db)
    try:
        source.execute("VACUUM INTO ?", [str(copy)])
    finally:
        source.close()
    return copy


def db_state(db: Path) -> tuple[list, list, list]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT * FROM entities ORDER BY id").fetchall(),
            conn.execute("SELECT entity_id, alias, count FROM aliases ORDER BY 1, 2").fetchall(),
            conn.execute("SELECT id, entity_id FROM mentions ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


def entity(db: Path, ident: int | str) -> queries.Entity | None:
    conn = open_for_reading(db)
    try:
        if isinstance(ident, int):
            return queries.get_entity(conn, ident)
        pick = queries.pick_entity(conn, ident)
        return pick.entity if pick and pick.entity.name == ident else None
    finally:
        conn.close()


def errors(app: ExplorerApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def search(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)


async def merge_into(pilot: Pilot, target: str) -> None:
    """m, pick the target by search, see the preview."""
    await pilot.press("m")
    assert isinstance(pilot.app.screen, PickActorScreen)
    await type_text(pilot, target)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmMergeScreen)


@sync
async def test_a_merge_shows_both_actors_and_asks_before_it_writes(writable_db: Path) -> None:
    before = db_state(writable_db)
    turkish, turkey = entity(writable_db, "Turkish"), entity(writable_db, "Turkey")
    assert turkish is not None and turkey is not None
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "Turkish")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await merge_into(pilot, "Turkey")
        preview = app.screen.query_one("#confirm-preview").content.plain
        for seen in (
            f"Turkish · NORP · id {turkish.id} · 1 mention in 1 document",
            f"Turkey · GPE · id {turkey.id} · 1 mention in 1 document",
            "“Turkey sent drones to Tripoli, and Turkish officials said Haftar would never",
            "into",
            "Afterwards: Turkey (GPE) with 2 mentions.",
        ):
            assert seen in preview, seen
        await pilot.press("escape")  # cancelled: nothing written
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmMergeScreen)
        assert db_state(writable_db) == before
        await merge_into(pilot, "Turkey")
        await pilot.press("y")
        await settle(pilot)
        assert entity(writable_db, turkish.id) is None
        assert app.entity is not None and app.entity.id == turkey.id and app.entity.mentions == 2
        assert app.query_one(MentionList).layout_.total_mentions == 2
        assert not errors(app)


@sync
async def test_undo_in_the_explorer_reverts_the_last_decision(writable_db: Path) -> None:
    before = db_state(writable_db)
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "Turkish")
        await pilot.press("enter", "enter")
        await settle(pilot)
        turkish = app.entity
        assert turkish is not None
        await merge_into(pilot, "Turkey")
        await pilot.press("enter")
        await settle(pilot)
        assert db_state(writable_db) != before
        await pilot.press("u")  # u outside text input
        await settle(pilot)
        assert db_state(writable_db) == before  # the same ids, counts and aliases
        assert app.entity is not None and app.entity.id == turkish.id  # shown again
        assert any("Undid: merged “Turkish”" in n.message for n in app._notifications)
        await pilot.press("r", "ctrl+u")
        await type_text(pilot, "Turks")
        await pilot.press("enter")
        await settle(pilot)
        assert entity(writable_db, turkish.id).name == "Turks"
        await pilot.press("slash", "ctrl+z")  # ctrl+z, also from the search box
        await settle(pilot)
        assert db_state(writable_db) == before
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any("Nothing to undo" in n.message for n in app._notifications)
        assert not errors(app)


@sync
async def test_mark_several_actors_and_merge_them_at_once(writable_db: Path) -> None:
    before = db_state(writable_db)
    turkey = entity(writable_db, "Turkey")
    assert turkey is not None
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(120, 40)) as pilot:
        actors = app.query_one("#actors", ActorList)
        marked = []
        for name in ("Turkish", "Egyptian"):  # marks last across searches
            await search(pilot, name)
            await pilot.press("enter", "space")
            marked.append(entity(writable_db, name))
        assert set(actors.marks) == {e.id for e in marked}
        assert "2 marked" in str(app.query_one("#actors-pane").border_subtitle)
        await merge_into(pilot, "Turkey")
        preview = app.screen.query_one("#confirm-preview").content.plain
        assert "Turkish · NORP" in preview and "Egyptian · NORP" in preview
        assert "Afterwards: Turkey (GPE) with 3 mentions." in preview
        await pilot.press("enter")
        await settle(pilot)
        assert all(entity(writable_db, e.id) is None for e in marked)
        assert entity(writable_db, turkey.id).mentions == 3
        assert not actors.marks and app.entity is not None and app.entity.id == turkey.id
        await pilot.press("u")  # one step undoes both
        await settle(pilot)
        assert db_state(writable_db) == before
        # escape in the actors list clears the marks
        await pilot.press("slash")
        await type_text(pilot, "Turk")
        await settle(pilot)
        await pilot.press("enter", "space", "escape")
        assert not actors.marks
        assert not errors(app)


# ---------------------------------------------------------------------------------- under load

WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from tui_support import ingest_with_names
folder, db, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[4])
n = 0
while not stop.exists():
    name = f"Envoy {chr(65 + n % 26)}{chr(97 + n // 26 % 26)}beri"
    (folder / f"extra{n:03d}.txt").write_text(f"Report {n}\\n\\n{name} met Colonel Ravi Menon.\\n")
    ingest_with_names(folder, db, [name, "Ravi Menon"])
    n += 1
    time.sleep(0.2)
print(n)
"""


def one_liners_until(stop: threading.Event, db: Path, failures: list[str]) -> None:
    """`libya-explore search` and `mentions` in a loop, as a user's scripts would run them."""
    commands = (["search", "turk"], ["mentions", "Khalifa Haftar", "--limit", "3"], ["stats"])
    while not stop.is_set():
        for command in commands:
            result = subprocess.run(
                [sys.executable, "-m", "explorer", *command, "--db", str(db)],
                capture_output=True,
                text=True,
            )
            if result.returncode not in (0, 1) or "error" in result.stderr:
                failures.append(result.stderr)
            stop.wait(0.05)


@pytest.mark.slow
@sync
async def test_curation_while_one_liners_read_and_an_ingest_writes(
    writable_db: Path, tmp_path: Path
) -> None:
    """Issue 14's "disk I/O error" after a merge: merge and undo, round after round, while
    one-liners open and close the database and an ingest adds documents and re-resolves. No
    error, and after every step the panes show what the database holds."""
    folder = tmp_path / "extra"
    folder.mkdir()
    rounds = 3  # before the fix, the database broke within the first two
    stop_file = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(writable_db),
         str(Path(__file__).parent), str(stop_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    stop, failures = threading.Event(), []
    readers = [
        threading.Thread(target=one_liners_until, args=(stop, writable_db, failures))
        for _ in range(1)
    ]
    for reader in readers:
        reader.start()
    app = ExplorerApp(writable_db)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await search(pilot, "Turkish")
            await pilot.press("enter", "enter")
            await settle(pilot)
            for _ in range(rounds):
                await merge_into(pilot, "Turkey")
                await pilot.press("enter")
                await settle(pilot)
                assert_panes_match_the_database(app, writable_db)
                await pilot.press("u")
                await settle(pilot)
                assert_panes_match_the_database(app, writable_db)
                assert app.entity is not None and app.entity.name == "Turkish"
            assert not errors(app), errors(app)
    finally:
        stop.set()
        stop_file.touch()
        for reader in readers:
            reader.join()
        ingests, writer_errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, writer_errors[-2000:]
    assert int(ingests) >= rounds  # the ingest wrote all along
    assert not failures, failures[:3]
    check_invariants(writable_db)


def assert_panes_match_the_database(app: ExplorerApp, db: Path) -> None:
    shown = app.entity
    assert shown is not None
    deadline = time.monotonic() + 5
    stored = entity(db, shown.id)
    while stored is not None and stored.mentions != shown.mentions and time.monotonic() < deadline:
        stored = entity(db, shown.id)  # an ingest may be re-resolving at this very moment
    assert stored is not None and stored == shown
    assert app.query_one(MentionList).layout_.total_mentions == stored.mentions
