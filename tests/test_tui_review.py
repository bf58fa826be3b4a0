"""The Review screen (R): items least certain first with their sentences, and accept, split and
merge with their effect in the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from review_support import HandBuilt
from tui_support import settle, sync

from explorer.pipeline import curation
from explorer.tui.app import ExplorerApp
from explorer.tui.review import ReviewScreen
from explorer.tui.screens import ChoiceScreen, ConfirmMergeScreen


def review_db(path: Path) -> Path:
    """A same-name pair, a surname joined by the corpus, a spelling join and many forms."""
    db = HandBuilt(path)
    cups = [db.entity("Ocean Cup", "EVENT") for _ in range(2)]
    for n, cup in enumerate(cups):
        d = db.document(f"cup{n}", f"The Ocean Cup begins on day {n}.")
        db.mention(d, cup, "Ocean Cup", "EVENT")
    anna, ben = db.entity("Anna Marlow"), db.entity("Ben Marlow")
    for n in range(3):
        db.mention(db.document(f"anna{n}", "Anna Marlow opened the bridge."), anna, "Anna Marlow")
    db.mention(db.document("ben", "Ben Marlow lost the vote."), ben, "Ben Marlow")
    db.mention(db.document("bare", "Marlow said the bridge was safe."), anna, "Marlow")
    club = db.entity("Celtic", "ORG")
    d = db.document("match", "Celtic won.", "Celtic lost.", "Celltick launched a phone.")
    for surface in ("Celtic", "Celtic", "Celltick"):
        db.mention(d, club, surface, "ORG")
    return db.close()


def entity_of(path: Path, surface: str) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {
            r[0] for r in conn.execute("SELECT entity_id FROM mentions WHERE text = ?", [surface])
        }
    finally:
        conn.close()


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("escape", "R")  # from the actors list (letters type in the search box)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def highlight(pilot, screen: ReviewScreen, kind: str) -> None:  # type: ignore[no-untyped-def]
    while screen.current is None or screen.current.kind != kind:
        await pilot.press("down")
        await settle(pilot)


@sync
async def test_review_lists_least_certain_first_with_evidence(tmp_path: Path) -> None:
    app = ExplorerApp(review_db(tmp_path / "r.db"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        kinds = [item.kind for item in screen.items]
        assert kinds[0] == "same-name" and {"surname", "spelling"} <= set(kinds)
        certainties = [item.certainty for item in screen.items]
        assert certainties == sorted(certainties)
        shown = screen.query_one("#review-evidence").content.plain
        assert "Ocean Cup" in shown and "The Ocean Cup begins on day 0." in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)


@sync
async def test_accept_in_the_review_screen(tmp_path: Path) -> None:
    path = review_db(tmp_path / "r.db")
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "surname")
        accepted = screen.current
        assert accepted is not None
        await pilot.press("a")
        await settle(pilot)
        assert accepted.id not in [item.id for item in screen.items]
    (entry,) = curation.history(path)
    assert entry.action == "accept" and entry.payload["item"] == accepted.id


@sync
async def test_split_in_the_review_screen(tmp_path: Path) -> None:
    path = review_db(tmp_path / "r.db")
    (club,) = entity_of(path, "Celtic")
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "spelling")
        await pilot.press("s")
        await settle(pilot)
        assert "spelling" not in [item.kind for item in screen.items]
    (split_off,) = entity_of(path, "Celltick")
    assert split_off != club and entity_of(path, "Celtic") == {club}


@sync
async def test_merge_in_the_review_screen_after_a_preview(tmp_path: Path) -> None:
    path = review_db(tmp_path / "r.db")
    assert len(entity_of(path, "Ocean Cup")) == 2
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert screen.current is not None and screen.current.kind == "same-name"
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMergeScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert "same-name" not in [item.kind for item in screen.items]
    assert len(entity_of(path, "Ocean Cup")) == 1


@sync
async def test_split_a_form_of_a_many_forms_item(tmp_path: Path) -> None:
    db = HandBuilt(tmp_path / "m.db")
    leader = db.entity("Omar Zafrani")
    forms = ["O. Zafrani", "Omar Zefrani", "Omer Zafrany", "Umar Zafraani", "Omar Zafraney"]
    d = db.document("a", *(f"{form} spoke." for form in ["Omar Zafrani", *forms]))
    for form in ["Omar Zafrani", *forms]:
        db.mention(d, leader, form)
    path = db.close()
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "many-forms")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the first form: "O. Zafrani"
        await settle(pilot)
    assert entity_of(path, "O. Zafrani") != {leader}


def test_review_screen_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_review(pilot)
        await pilot.press("down")
        await settle(pilot)

    app = ExplorerApp(review_db(tmp_path / "snap.db"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


HOSTILE = "[@click=app.quit]Evil[/] \x1b[31mCorp"


@sync
async def test_names_and_sentences_are_shown_literally(tmp_path: Path) -> None:
    db = HandBuilt(tmp_path / "h.db")
    for n in range(2):
        entity = db.entity(HOSTILE, "ORG")
        d = db.document(f"[b]doc{n}[/b]", f"Today {HOSTILE} said [bold]no[/bold] {n}.")
        db.mention(d, entity, HOSTILE, "ORG")
    app = ExplorerApp(db.close())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        shown = screen.query_one("#review-evidence").content.plain
        assert "[@click=app.quit]Evil[/] ␛[31mCorp" in shown
        assert "[b]doc0[/b]: Today" in shown and "said [bold]no[/bold] 0." in shown
        await pilot.press("a")
        await settle(pilot)
        assert app.is_running and screen.items == []


@sync
async def test_set_the_type_of_a_type_item(tmp_path: Path) -> None:
    db = HandBuilt(tmp_path / "t.db")
    orbis = db.entity("Orbis", "ORG")
    d = db.document("news", *(f"Orbis {n}." for n in range(5)))
    for n in range(5):
        db.mention(d, orbis, "Orbis", "ORG" if n < 3 else "PERSON")
    path = db.close()
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        assert screen.current is not None and screen.current.kind == "type"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # PERSON, the first type
        await settle(pilot)
        assert screen.items == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT type FROM entities").fetchall() == [("PERSON",)]
    conn.close()


@sync
async def test_give_a_surname_to_another_bearer(tmp_path: Path) -> None:
    path = review_db(tmp_path / "r.db")
    (ben,) = entity_of(path, "Ben Marlow")
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "surname")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # Ben Marlow, the only other bearer
        await settle(pilot)
        assert "surname" not in [item.kind for item in screen.items]
    assert entity_of(path, "Marlow") == {ben}


@sync
async def test_give_a_shared_word_to_the_actor_named_by_it(tmp_path: Path) -> None:
    db = HandBuilt(tmp_path / "w.db")
    town, club = db.entity("Varnholm", "GPE"), db.entity("Varnholm Rovers", "ORG")
    for n in range(3):
        db.mention(db.document(f"town{n}", "Varnholm grew."), town, "Varnholm", "GPE")
    db.mention(db.document("league", "Varnholm Rovers won."), club, "Varnholm Rovers", "ORG")
    bare = db.mention(db.document("bare", "Varnholm voted."), club, "Varnholm", "ORG")
    path = db.close()
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "shared-word")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the town, the only other actor named "Varnholm"
        await settle(pilot)
        assert "shared-word" not in [item.kind for item in screen.items]
    conn = sqlite3.connect(path)
    try:
        (owner,) = conn.execute("SELECT entity_id FROM mentions WHERE id = ?", [bare]).fetchone()
    finally:
        conn.close()
    assert owner == town


@sync
async def test_split_a_story_group_off_in_the_review_screen(tmp_path: Path) -> None:
    from story_support import two_crowns_db

    from explorer.tui.screens import PromptScreen

    path = two_crowns_db(tmp_path / "two.db")
    (crown,) = entity_of(path, "Silver Crown")
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "story-groups")
        (item,) = [i for i in screen.items if i.kind == "story-groups"]
        shown = screen.query_one("#review-evidence").content.plain
        assert "group 1: 4 stories" in shown and "group 2: 4 stories" in shown
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")  # keep the name the mentions give it
        await settle(pilot)
        assert "story-groups" not in [i.kind for i in screen.items]
    holders = entity_of(path, "Silver Crown")
    assert len(holders) == 2 and crown in holders
    conn = sqlite3.connect(path)
    try:
        moved = {
            row[0]
            for row in conn.execute(
                "SELECT document_id FROM mentions WHERE text = 'Silver Crown' AND entity_id != ?",
                [crown],
            )
        }
    finally:
        conn.close()
    assert moved == set(item.groups[1].documents)


@sync
async def test_pick_which_story_group_to_split_when_there_are_more(tmp_path: Path) -> None:
    from story_support import CHESS, RACING, ROWING, two_crowns_db

    from explorer.tui.screens import PromptScreen

    path = two_crowns_db(tmp_path / "three.db", worlds=(CHESS, RACING, ROWING))
    (crown,) = entity_of(path, "Silver Crown")
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "story-groups")
        (item,) = [i for i in screen.items if i.kind == "story-groups"]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)  # groups 2 and 3
        await pilot.press("down", "enter")  # group 3
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Rowing Crown", "enter")
        await settle(pilot)
    conn = sqlite3.connect(path)
    try:
        moved = {
            row[0]
            for row in conn.execute(
                "SELECT m.document_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
                "WHERE m.text = 'Silver Crown' AND e.name = 'Rowing Crown'"
            )
        }
    finally:
        conn.close()
    assert moved == set(item.groups[2].documents) and crown in entity_of(path, "Silver Crown")


@sync
async def test_give_a_story_surname_to_the_other_bearer_of_its_story(tmp_path: Path) -> None:
    db = HandBuilt(tmp_path / "v.db")
    olga, pavel = db.entity("Olga Vesk"), db.entity("Pavel Vesk")
    d = db.document("ferry", "Olga Vesk ran the ferry.", "Pavel Vesk sold tickets.", "Vesk left.")
    db.mention(d, olga, "Olga Vesk")
    db.mention(d, pavel, "Pavel Vesk")
    db.searched[d, "Vesk"] = db.texts[d].index("Vesk left.")
    db.mention(d, pavel, "Vesk")
    path = db.close()
    app = ExplorerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_review(pilot)
        await highlight(pilot, screen, "story-surname")
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # Olga Vesk, the story's other bearer
        await settle(pilot)
        assert "story-surname" not in [item.kind for item in screen.items]
    assert entity_of(path, "Vesk") == {olga}
