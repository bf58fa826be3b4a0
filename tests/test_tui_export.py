"""ctrl+e in the explorer: the current actor's mentions to a CSV or JSON file named in a dialog,
read back and compared with the database (issue 14, "copy and export where you stand")."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import settle, sync, type_text

from explorer.pipeline.export import MENTION_COLUMNS, file_slug, format_of
from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.tui.app import ExplorerApp
from explorer.tui.screens import ExportScreen
from explorer.tui.widgets import MentionList, SearchInput


def stored_mentions(db: Path, entity_id: int) -> list[tuple]:
    """What the database holds for the actor: (mention id, text, sentence, document title)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT m.id, m.text, s.text, d.title FROM mentions m "
            "JOIN sentences s ON s.id = m.sentence_id JOIN documents d ON d.id = m.document_id "
            "WHERE m.entity_id = ? ORDER BY m.document_id, m.start, m.id",
            [entity_id],
        ).fetchall()
    finally:
        conn.close()


def entity_named(db: Path, name: str) -> queries.Entity:
    conn = open_for_reading(db)
    try:
        pick = queries.pick_entity(conn, name)
    finally:
        conn.close()
    assert pick is not None and pick.entity.name == name
    return pick.entity


async def open_actor(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


async def export_to(pilot: Pilot, path: Path | str) -> str:
    """ctrl+e, the file name typed over the suggestion, enter; the worker finished. Returns what
    the dialog said it would write."""
    await pilot.press("ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-path", Input).value = str(path)
    await pilot.pause()
    plan = str(screen.query_one("#export-plan").render())
    await pilot.press("enter")
    await settle(pilot)
    return plan


def toasts(app: ExplorerApp, severity: str) -> list[str]:
    return [n.message for n in app._notifications if n.severity == severity]


@sync
async def test_ctrl_e_writes_the_actors_mentions_as_csv_and_json(
    tui_db: Path, tmp_path: Path
) -> None:
    haftar = entity_named(tui_db, "Khalifa Haftar")
    expected = stored_mentions(tui_db, haftar.id)
    assert len(expected) >= 2
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        assert isinstance(app.focused, MentionList)
        await pilot.press("ctrl+e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        box = dialog.query_one("#export-path", Input)
        assert box.value == "khalifa-haftar-mentions.csv"  # suggested, CSV by default
        plan = str(dialog.query_one("#export-plan").render())
        assert plan.startswith("CSV to ") and str(Path.cwd()) in plan
        await pilot.press("escape")  # cancelled: nothing written
        assert not isinstance(app.screen, ExportScreen)
        assert not (Path.cwd() / "khalifa-haftar-mentions.csv").exists()

        plan = await export_to(pilot, tmp_path / "haftar.csv")
        assert plan.startswith(f"CSV to {tmp_path / 'haftar.csv'}")
        assert "replaces" not in plan
        assert "replaces the file" in await export_to(pilot, tmp_path / "haftar.csv")
        with (tmp_path / "haftar.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert tuple(rows[0]) == MENTION_COLUMNS
        assert [(int(r["id"]), r["text"], r["sentence"], r["document_title"]) for r in rows] == [
            (i, text, sentence, title) for i, text, sentence, title in expected
        ]
        assert {int(r["entity_id"]) for r in rows} == {haftar.id}
        done = toasts(app, "information")[-1]
        assert f"{len(expected)} mentions of Khalifa Haftar" in done
        assert str(tmp_path / "haftar.csv") in done

        plan = await export_to(pilot, tmp_path / "haftar.json")
        assert plan.startswith(f"JSON to {tmp_path / 'haftar.json'}")
        records = json.loads((tmp_path / "haftar.json").read_text(encoding="utf-8"))
        assert [(r["id"], r["text"], r["sentence"], r["document_title"]) for r in records] == [
            tuple(row) for row in expected
        ]
        assert not toasts(app, "error")
        assert not list(tmp_path.glob("*.partial"))


@sync
async def test_ctrl_e_works_from_the_search_box_and_ignores_the_mentions_filter(
    tui_db: Path, tmp_path: Path
) -> None:
    """In the search box ctrl+e exports too (End moves to the end of the text); in the dialog's
    own box it is the usual end-of-line key. The file holds every mention, the filter aside."""
    haftar = entity_named(tui_db, "Khalifa Haftar")
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        await pilot.press("f")
        await type_text(pilot, "Cairo")
        await settle(pilot)
        shown = app.query_one(MentionList).layout_.total_mentions
        await pilot.press("enter", "slash")  # the filter kept, to the search box
        assert isinstance(app.focused, SearchInput) and app.entity_id == haftar.id
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one("#export-path", Input)
        box.value = str(tmp_path / "all.jsonl")
        box.cursor_position = 0
        await pilot.press("ctrl+e")  # end of line, not another dialog
        assert box.cursor_position == len(box.value)
        assert len(app.screen_stack) == 2
        await pilot.press("enter")
        await settle(pilot)
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(stored_mentions(tui_db, haftar.id)) > shown
    assert {json.loads(line)["entity_id"] for line in lines} == {haftar.id}


@sync
async def test_an_unwritable_file_is_one_line_and_the_app_goes_on(
    tui_db: Path, tmp_path: Path
) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        missing = tmp_path / "no-such-folder" / "haftar.csv"
        await export_to(pilot, missing)
        errors = toasts(app, "error")
        assert len(errors) == 1 and "\n" not in errors[0]
        assert errors[0].startswith(f"{missing}: cannot write")
        assert not missing.parent.exists()

        await export_to(pilot, tmp_path)  # a folder, not a file
        assert toasts(app, "error")[-1].startswith(f"{tmp_path}: cannot write")
        assert not list(tmp_path.glob("*.partial"))
        assert app.is_running and not isinstance(app.screen, ExportScreen)

        await export_to(pilot, tmp_path / "then.csv")  # and the next export works
        assert (tmp_path / "then.csv").read_text(encoding="utf-8").startswith("id,")


@sync
async def test_ctrl_e_without_an_actor_does_nothing(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "zzzzqqqqxxxx")
        await settle(pilot)
        assert app.entity is None
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


def test_file_names_from_actor_names() -> None:
    assert file_slug("Fayez al-Sarraj", "actor-1") == "fayez-al-sarraj"
    assert file_slug("../../etc/passwd", "actor-1") == "etc-passwd"
    assert file_slug("Владимир Путин", "actor-1") == "владимир-путин"
    assert file_slug("“—”", "actor-7") == "actor-7"
    assert len(file_slug("x" * 500, "a")) <= 60
    assert [format_of(Path(n)) for n in ("a.CSV", "a.json", "a.jsonl", "a.txt", "a")] == [
        "csv",
        "json",
        "jsonl",
        "csv",
        "csv",
    ]


def test_a_failed_export_leaves_the_file_there_as_it_was(
    tui_db: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Written whole or not at all: a disk that fills up halfway loses nothing already there."""
    from explorer.pipeline import export

    target = tmp_path / "kept.csv"
    target.write_text("what was there\n", encoding="utf-8")

    def half_then_full_disk(conn, entity_id, fmt, out):  # type: ignore[no-untyped-def]
        out.write("id,entity_id\n1,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "export_mentions", half_then_full_disk)
    conn = open_for_reading(tui_db)
    try:
        with pytest.raises(export.UserError) as failed:
            export.export_mentions_to_file(conn, 1, target)
    finally:
        conn.close()
    assert str(failed.value) == f"{target}: cannot write (No space left on device)"
    assert target.read_text(encoding="utf-8") == "what was there\n"
    assert list(tmp_path.iterdir()) == [target]
