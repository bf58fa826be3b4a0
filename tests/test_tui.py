"""The explorer app, driven like a user would with Textual's Pilot."""

from __future__ import annotations

import gc
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_support import write_corpus
from textual.content import Content
from textual.pilot import Pilot
from tui_support import ingest_with_names, settle, sync, type_text

from explorer.safetext import same_length
from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.tui.app import ExplorerApp
from explorer.tui.keys import HELP_SECTIONS, PALETTE_COMMANDS
from explorer.tui.render import MENTION_STYLE
from explorer.tui.screens import (
    ChoiceScreen,
    ConfirmMergeScreen,
    HelpScreen,
    PickActorScreen,
    PromptScreen,
)
from explorer.tui.widgets import ActorList, CoActorList, ContextView, MentionList

HOSTILE_NAME = "[@click=app.quit]Evil[/] \x1b[31mCorp"
HOSTILE_TEXT = (
    "Hostile [bold red]markup[/] report\n\n"
    f"Angela Merkel wrote [bold red]danger[/bold red] and [@click=app.quit]quit[/] to {HOSTILE_NAME}. "
    "She added [link=http://x]click here[/link] with \x1b]52;c;aGVsbG8=\x07 and \x1b[31mred "
    "text\x1b[0m for Angela Merkel.\n"
)


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(tmp_path_factory.mktemp("hostile"), {"hostile.txt": HOSTILE_TEXT})
    return ingest_with_names(
        folder,
        tmp_path_factory.mktemp("hostile-db") / "hostile.db",
        ["Angela Merkel", HOSTILE_NAME],
    )


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


# ---------------------------------------------------------------------------------- helpers


def shown_actors(app: ExplorerApp) -> list:
    """The rows of the actors pane (loaded ones: all of them for search results)."""
    actors = app.screen_stack[0].query_one("#actors", ActorList)
    return [a for a in (actors.actor_at(i) for i in range(len(actors))) if a is not None]


def screen_text(app: ExplorerApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def db_entity(db: Path, name: str) -> queries.Entity:
    conn = open_for_reading(db)
    try:
        found = queries.pick_entity(conn, name)
        assert found is not None
        return found.entity
    finally:
        conn.close()


# ---------------------------------------------------------------------------------- start-up


def test_importing_and_running_the_app_never_loads_spacy(tui_db: Path) -> None:
    script = (
        "import asyncio, sys\n"
        "from explorer.tui.app import ExplorerApp\n"
        "async def main():\n"
        f"    app = ExplorerApp({str(tui_db)!r})\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.press('h', 'a', 'f')\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.pause()\n"
        "        assert len(app.query_one('#actors')), 'no search results'\n"
        "asyncio.run(main())\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch'))\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------------------------- search


@sync
async def test_a_misspelt_name_finds_the_actor_and_its_mentions(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown_actors(app), "an empty query lists every actor, most mentioned first"
        await type_text(pilot, "hifter")
        await settle(pilot)
        top = shown_actors(app)[0]
        assert top.name in {"Haftar", "Hafter", "Khalifa Haftar", "Khalifa Hafter"}
        await pilot.press("enter")  # to the results
        assert isinstance(app.focused, ActorList)
        await pilot.press("enter")  # to the mentions
        await settle(pilot)
        mentions = app.query_one(MentionList)
        assert app.focused is mentions
        conn = open_for_reading(tui_db)
        expected = queries.count_mentions(conn, top.id)
        conn.close()
        assert mentions.layout_.total_mentions == expected
        assert mentions.current is not None and mentions.current.entity_id == top.id
        assert top.name.split()[-1] in screen_text(app)


@sync
async def test_type_filter_from_the_keyboard(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")  # works from the search box
        await settle(pilot)
        first = app.entity_type
        assert first is not None
        assert shown_actors(app) and all(hit.type == first for hit in shown_actors(app))
        assert f"type: {first}" in screen_text(app)
        await pilot.press("tab", "t")  # and `t` from the results
        await settle(pilot)
        assert app.entity_type not in (None, first)
        assert all(hit.type == app.entity_type for hit in shown_actors(app))
        for _ in range(len(app.types) - 2):
            await pilot.press("t")
        await settle(pilot)
        assert app.entity_type is None


@sync
async def test_a_failing_worker_shows_a_toast_and_the_app_goes_on(
    tui_db: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Workers run with ``exit_on_error=False``: an unexpected exception (not an SQLite error,
    which the workers report themselves) is a toast, and the next search works."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)

        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("index \x1b[31mon fire")

        with monkeypatch.context() as patch:
            patch.setattr(queries, "search_entities", broken)
            await type_text(pilot, "haf")
            await settle(pilot)
            assert app.is_running and app.return_code is None
            toasts = [n.message for n in app._notifications]
            assert "RuntimeError: index \u241b[31mon fire" in toasts  # ESC shown as a stand-in
        await type_text(pilot, "t")
        await settle(pilot)
        assert shown_actors(app) and shown_actors(app)[0].name == "Khalifa Haftar"


# ---------------------------------------------------------------------------------- context


async def open_actor(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@sync
async def test_opening_a_mention_shows_its_sentence_highlighted(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Fayez al-Sarraj")
        mentions = app.query_one(MentionList)
        mention = mentions.current
        assert mention is not None and mention.text == "Fayez al-Sarraj"
        await pilot.press("enter")
        await settle(pilot)
        context = app.context
        assert context is not None and context.mention.id == mention.id
        content = app.query_one("#context-sentence").content
        assert content.plain == mention.sentence_text
        start = mention.sentence_offsets[0]
        marked = [s for s in content.spans if s.style == MENTION_STYLE]
        assert [(s.start, s.end) for s in marked] == [(start, start + len(mention.text))]
        # dated documents come first, and the context shows title, date and source
        meta = app.query_one("#context-meta").content.plain
        assert "Talks in Berlin" in meta and "2020-01-19" in meta and "Wire" in meta
        # the next mention is in the other document
        await pilot.press("shift+tab", "shift+tab", "j")
        await settle(pilot)
        assert app.context is not None and app.context.mention.id != mention.id
        assert "Fighting near Sirte" in app.query_one("#context-meta").content.plain


@sync
async def test_context_window_grows_and_shrinks(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "United Nations")
        assert app.context is not None
        assert len(app.context.sentences) == 3
        await pilot.press("minus")
        await settle(pilot)
        assert len(app.context.sentences) == 1
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert app.window == 3
        assert len(app.context.sentences) >= 4
        assert "±3" in screen_text(app)


@sync
async def test_jump_to_a_coactor_and_back(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Angela Merkel")
        merkel = app.entity
        assert merkel is not None and merkel.name == "Angela Merkel"
        await pilot.press("enter")  # open the mention: focus goes to the co-actors
        await settle(pilot)
        coactors = app.query_one(CoActorList)
        assert app.focused is coactors and coactors.option_count >= 2
        target = coactors.get_option_at_index(0)
        # resolution made one actor of every spelling; the co-actor says how this sentence wrote it
        assert "Khalifa Haftar" in target.prompt.plain and "Khalifa Hafter" in target.prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.name == "Khalifa Haftar"
        assert app.history and app.history[-1].entity_id == merkel.id
        assert "Khalifa Haftar" in app.query_one("#actor-header").content.plain
        await pilot.press("backspace")
        await settle(pilot)
        assert app.entity is not None and app.entity.id == merkel.id
        assert not app.history


# ---------------------------------------------------------------------------------- keys


@sync
async def test_help_screen_lists_every_key(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-keys").content.plain
        words = " ".join(shown.split())  # long descriptions wrap under their own column
        for _section, rows in HELP_SECTIONS:
            for key, what in rows:
                assert key in shown and " ".join(what.split()) in words
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
    assert app.return_code == 0


@sync
async def test_command_palette_lists_the_apps_actions(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {title for title, _help, _action in PALETTE_COMMANDS} <= titles
        await pilot.press("ctrl+p")
        await type_text(pilot, "Light/dark theme")
        await pilot.pause(0.3)
        dark = app.current_theme.dark
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_theme.dark is not dark


@sync
async def test_light_and_dark_themes(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "d")
        assert app.theme == "textual-light"
        await pilot.press("d")
        assert app.theme == "textual-dark"


@sync
async def test_no_color_keeps_the_mention_visible(tui_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "United Nations")
        assert app.no_color
        strips = app.screen._compositor.render_strips()
        marked = [
            seg.text
            for strip in strips
            for seg in strip
            if seg.style is not None and seg.style.reverse and "Nations" in seg.text
        ]
        assert marked, "the mention is shown in reverse video, which needs no colour"


@sync
async def test_layout_adapts_to_the_terminal(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        mentions, context = app.query_one("#mentions-pane"), app.query_one("#context-pane")
        assert app.screen.has_class("-narrow")
        assert context.region.y > mentions.region.y  # stacked
        await pilot.resize_terminal(170, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert context.region.x > mentions.region.x  # side by side
        assert context.region.y == mentions.region.y


# ---------------------------------------------------------------------------------- untrusted text


@sync
async def test_hostile_markup_is_shown_literally(hostile_db: Path) -> None:
    app = ExplorerApp(hostile_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        names = [hit.name for hit in shown_actors(app)]
        assert HOSTILE_NAME in names
        await open_actor(pilot, "Angela Merkel")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        view = app.query_one(ContextView)
        context = Content("\n").join(view.parts)
        for literal in (
            "[bold red]danger[/bold red]",
            "[@click=app.quit]quit[/]",
            "[link=http://x]",
        ):
            assert literal in context.plain
        assert "␛]52;c;aGVsbG8=␇" in context.plain and "␛[31mred" in context.plain
        assert "[@click=app.quit]quit[/]" in text and "[bold red]danger" in text
        assert "\x1b" not in text and "\x07" not in text
        assert {span.style for span in context.spans} <= {MENTION_STYLE, "underline", "dim"}
        # the hostile entity's name, in the co-actors list and the actors table
        coactor = app.query_one(CoActorList).get_option_at_index(0)
        assert same_length(HOSTILE_NAME) in coactor.prompt.plain
        assert "[@click=app.quit]Evil[/] ␛[31mCorp" in text
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                assert segment.style is None or not segment.style.link
        # clicking the "link" and pressing keys does nothing but move around
        await pilot.press("enter")  # jump to the hostile-named actor
        await settle(pilot)
        assert app.entity is not None and app.entity.name == HOSTILE_NAME
        assert app.is_running
        assert "[@click=app.quit]Evil[/]" in app.query_one("#actor-header").content.plain


def test_safe_text_keeps_offsets() -> None:
    raw = "a\x1b[31mb\tc\nd\u202ee\x7f\x9b"
    shown = same_length(raw)
    assert len(shown) == len(raw)
    assert shown == "a␛[31mb c d\ufffde␡\ufffd"


# ---------------------------------------------------------------------------------- big lists


@pytest.fixture(scope="session")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One actor with 30,000 mentions over three documents (built without spaCy)."""
    folder = tmp_path_factory.mktemp("big")
    for n in range(3):
        (folder / f"doc{n}.txt").write_text(
            f"Report {n}\n\n" + "Haftar spoke to Sarraj. " * 10_000, encoding="utf-8"
        )
    return ingest_with_names(
        folder, tmp_path_factory.mktemp("big-db") / "big.db", ["Haftar", "Sarraj"]
    )


@sync
async def test_an_actor_with_many_mentions_opens_lazily(big_db: Path) -> None:
    app = ExplorerApp(big_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Haftar")
        mentions = app.query_one(MentionList)
        assert mentions.layout_.total_mentions == 30_000
        assert mentions.pages_fetched <= 2  # only what is on screen
        await pilot.press("end")
        await settle(pilot)
        last = mentions.current
        assert last is not None
        conn = open_for_reading(big_db)
        rows = queries.entity_mentions(conn, last.entity_id, offset=29_999, limit=1)
        conn.close()
        assert last.id == rows[0].id
        await pilot.press("pageup", "pageup", "k")
        await settle(pilot)
        assert mentions.pages_fetched <= 5
        assert app.context is not None and app.context.mention.id == mentions.current.id
        await pilot.press("s")  # documents by count: the cursor stays on its mention
        await settle(pilot)
        assert mentions.current is not None


def test_paging_by_document_matches_offset_paging(big_db: Path) -> None:
    conn = open_for_reading(big_db)
    try:
        pick = queries.pick_entity(conn, "Haftar")
        assert pick is not None
        entity_id = pick.entity.id
        counts = queries.mention_counts_by_document(conn, entity_id)
        assert [c.count for c in counts] == [10_000] * 3
        second = counts[1].document_id
        page = queries.entity_mentions_in_document(conn, entity_id, second, skip=9_950, limit=100)
        expected = queries.entity_mentions(conn, entity_id, offset=19_950, limit=50)
        assert [m.id for m in page] == [m.id for m in expected]
    finally:
        conn.close()


# ---------------------------------------------------------------------------------- curation


@sync
async def test_merge_two_actors_from_the_app(writable_db: Path) -> None:
    source = db_entity(writable_db, "Turkish")
    target = db_entity(writable_db, "Turkey")
    assert (source.name, target.name) == ("Turkish", "Turkey")
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Turkish")
        assert app.entity is not None and app.entity.id == source.id
        await pilot.press("m")
        assert isinstance(app.screen, PickActorScreen)
        await type_text(pilot, "Turkey")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmMergeScreen)  # a preview first
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (PickActorScreen, ConfirmMergeScreen))
        assert app.entity is not None
        merged = app.entity
        assert merged.mentions == source.mentions + target.mentions
        assert app.query_one(MentionList).layout_.total_mentions == merged.mentions
    conn = open_for_reading(writable_db)
    try:
        assert queries.get_entity(conn, merged.id).mentions == merged.mentions  # persisted
    finally:
        conn.close()


@sync
async def test_rename_split_and_retype_from_the_app(writable_db: Path) -> None:
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Fayez al-Sarraj")
        entity = app.entity
        assert entity is not None
        await pilot.press("r")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Fayez Sarraj")
        await pilot.press("enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.name == "Fayez Sarraj"
        await pilot.press("y")
        assert isinstance(app.screen, ChoiceScreen)
        choices = app.screen.values
        await pilot.press(*["down"] * choices.index("ORG"), "enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.type == "ORG"

        await open_actor(pilot, "Khalifa Haftar")
        before = app.entity
        assert before is not None and before.name == "Khalifa Haftar"
        await pilot.press("a")
        assert isinstance(app.screen, ChoiceScreen)
        aliases = app.screen.values
        await pilot.press(*["down"] * aliases.index("Hafter"), "enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.id == before.id
        assert 0 < app.entity.mentions < before.mentions
        assert app.query_one(MentionList).layout_.total_mentions == app.entity.mentions
    split_off = db_entity(writable_db, "Hafter")
    assert split_off.id != before.id and split_off.mentions == before.mentions - app.entity.mentions


def file_state(path: Path) -> tuple[int, int, str]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()


@sync
async def test_browsing_never_writes_to_the_database(writable_db: Path) -> None:
    before = file_state(writable_db)
    app = ExplorerApp(writable_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Angela Merkel")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("backspace", "t", "s", "plus")
        await settle(pilot)
    assert file_state(writable_db) == before


def test_explore_without_a_terminal_says_so(tui_db: Path) -> None:
    from click.testing import CliRunner

    from explorer.cli import main

    result = CliRunner().invoke(main, ["explore", "--db", str(tui_db)])
    assert result.exit_code == 2
    assert "needs an interactive terminal" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert gc.isenabled()  # paused for the start-up, back on when the command gives up


@pytest.mark.parametrize(
    ("size", "expected"), [((170, 40), {"-wide", "-tall"}), ((100, 25), {"-narrow", "-short"})]
)
@sync
async def test_default_screen_has_its_breakpoint_classes_before_any_resize(
    tui_db: Path, size: tuple[int, int], expected: set[str]
) -> None:
    import explorer.tui.app as app_module

    class Recording(ExplorerApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))  # relative to its module

        def compose(self):  # type: ignore[no-untyped-def]
            # the first style pass follows compose; no Resize has been handled yet
            self.classes_at_compose = set(self.screen.classes)
            yield from super().compose()

    app = Recording(tui_db)
    async with app.run_test(size=size):
        assert app.classes_at_compose == expected
        assert expected <= set(app.screen.classes)


def test_explore_refuses_a_missing_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from explorer.cli import main

    result = CliRunner().invoke(main, ["explore", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no such database" in result.output and "Traceback" not in result.output
