"""The explorer audited against issue 14 in the real app (tmux, 80x24 and 200x50): what that
found, each fixed and pinned here with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input
from tui_support import ingest_with_names, settle, sync, type_text

from explorer.tui.app import ExplorerApp
from explorer.tui.widgets import (
    ActorList,
    AppearsWithList,
    CoActorList,
    ContextView,
    MentionList,
    SearchInput,
)


def cursor_in_view(mentions: MentionList) -> bool:
    """The mentions list shows its cursor row."""
    top, height = mentions.scroll_offset.y, mentions.scrollable_content_region.height
    return top <= mentions.cursor < top + height


async def open_actor(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


@pytest.fixture(scope="session")
def deep_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Omar Haddad (also "Haddad": an "aka" line) named many times in four reports, then once
    with Lina Saleh (no other spelling) in a fifth."""
    folder = tmp_path_factory.mktemp("deep")
    for n in range(4):
        lines = ["Omar Haddad spoke.", "Haddad left."] * 3
        (folder / f"report{n}.txt").write_text(f"Report {n}\n\n" + "\n".join(lines), "utf-8")
    (folder / "report9.txt").write_text("Meeting\n\nLina Saleh met Haddad in town.\n", "utf-8")
    (folder / "alone.txt").write_text("Alone\n\nSami Nour waited.\n", "utf-8")
    db = tmp_path_factory.mktemp("deep-db") / "deep.db"
    return ingest_with_names(folder, db, ["Omar Haddad", "Haddad", "Lina Saleh", "Sami Nour"])


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
@sync
async def test_a_jump_shows_the_mention_it_lands_on(deep_db: Path, size: tuple[int, int]) -> None:
    """Found in tmux at 80x24: the jump landed on the right mention but the list was scrolled
    as the new actor's header (one line taller: "aka …") shrank it, leaving the cursor row
    below the fold."""
    app = ExplorerApp(deep_db)
    async with app.run_test(size=size) as pilot:
        await open_actor(pilot, "Lina Saleh")
        await pilot.press("enter")  # to the context's co-actors
        await settle(pilot)
        assert isinstance(app.focused, CoActorList)
        await pilot.press("enter")  # to Haddad, in this sentence
        await settle(pilot)
        mentions = app.query_one(MentionList)
        assert app.entity is not None and app.entity.name == "Omar Haddad"
        landed = mentions.current
        assert landed is not None and "Lina Saleh" in landed.sentence_text
        assert mentions.cursor > 20 and cursor_in_view(mentions)
        await pilot.press("backspace")
        await settle(pilot)
        assert cursor_in_view(mentions)
        await pilot.press("enter")  # and again, then the terminal shrinks: still in view
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.name == "Omar Haddad"
        await pilot.resize_terminal(80, 20)
        await settle(pilot)
        assert mentions.cursor > 20 and cursor_in_view(mentions)


@sync
async def test_the_matched_spelling_is_explained_at_80_columns_too(tui_db: Path) -> None:
    """Found at 80x24: the subtitle explaining ``≈`` was cut ("1 found · by best match …"),
    and a search for "haftar" showed "Khalifa Haftar ≈…": the matched spelling, a part of the
    name, said nothing and left no room."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "hifter")
        await settle(pilot)
        pane = app.query_one("#actors-pane")
        subtitle = str(pane.border_subtitle)
        assert subtitle.endswith("≈ spelling matched") and len(subtitle) <= pane.size.width - 6
        assert "≈Hafter" in screen_text(app) or "≈Hifter" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "haftar")
        await settle(pilot)
        actors = app.query_one("#actors", ActorList)
        assert actors.current is not None and actors.current.name == "Khalifa Haftar"
        assert "≈" not in screen_text(app) and "≈" not in str(pane.border_subtitle)
        await pilot.resize_terminal(200, 50)  # room again: the order is said too
        await settle(pilot)
        assert "by best match" in str(pane.border_subtitle)


def screen_text(app: ExplorerApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def footer_keys(app: ExplorerApp) -> set[str]:
    """What the footer of the screen on top shows."""
    return {
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show
    }


@sync
async def test_each_dialog_shows_its_own_keys_in_its_footer(tui_db: Path) -> None:
    """Found in tmux: under a dialog the footer still showed the pane's keys ("⏎ Read  s Sort")
    that do nothing there; each dialog now has a footer with its own."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        assert "Sort" in footer_keys(app)
        for key, expected in (
            ("question_mark", {"Close", "Quit"}),
            ("v", {"Close", "Next mention", "Previous"}),
            ("ctrl+e", {"Cancel"}),
            ("m", {"Cancel"}),
        ):
            await pilot.press(key)
            await settle(pilot)
            footer = app.screen.query_one(Footer)
            assert footer.display and footer.region.bottom == 24, key
            assert expected <= footer_keys(app), (key, footer_keys(app))
            assert not {"Read", "Sort", "Filter"} & footer_keys(app), key
            await pilot.press("escape")
            await settle(pilot)
        assert app.screen is app.screen_stack[0] and "Sort" in footer_keys(app)


QUOTED = {
    "envoy.txt": "Envoy speaks\n\n"
    "Omar Haddad arrived in Tunis on Monday. "
    '"We will not sign anything today," Haddad told reporters. '
    "“Nothing is agreed,” said Lina Saleh.\n",
}


@pytest.fixture(scope="module")
def quoted_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Quotations parsed by the real pipeline (spaCy), as the BBC corpus was."""
    from corpus_support import write_corpus

    from explorer.pipeline.ingest import IngestOptions, ingest

    folder = write_corpus(tmp_path_factory.mktemp("quoted"), QUOTED)
    db = tmp_path_factory.mktemp("quoted-db") / "quoted.db"
    assert ingest([folder], db, IngestOptions()).failed == 0
    return db


@sync
async def test_no_stray_opening_quote_in_the_context(quoted_db: Path) -> None:
    """Issue 14, defect 6: the sentencizer left an opening quotation mark at the end of the
    previous sentence, so stray quotes showed in every context view."""
    app = ExplorerApp(quoted_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Haddad")
        await settle(pilot)
        seen: set[str] = set()
        mentions = app.query_one(MentionList)
        for _ in range(mentions.layout_.total_mentions):
            context = app.context
            assert context is not None
            seen |= {sentence.text for sentence in context.sentences}
            await pilot.press("j")
            await settle(pilot)
        assert len(seen) == 4  # the window of ±1 showed the whole article, title too
        for text in seen:
            assert not text.rstrip().endswith(('"', "“")), text
        assert any(text.startswith('"We will not sign') for text in seen)
        assert any(text.startswith("“Nothing is agreed") for text in seen)


@sync
async def test_the_appears_with_subtitle_fits_and_says_nothing_without_an_actor(
    deep_db: Path,
) -> None:
    """Found in tmux over an empty result: "nobody else in its sente…" under an empty pane,
    cut at 80 columns, though no actor was shown."""
    app = ExplorerApp(deep_db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.query_one("#appears-pane")
        await open_actor(pilot, "Sami Nour")
        assert app.entity is not None and app.entity.name == "Sami Nour"
        subtitle = str(pane.border_subtitle)
        assert subtitle == "nobody named with it" and len(subtitle) <= pane.size.width - 6
        await pilot.press("slash")
        await type_text(pilot, "zzqqxx")
        await settle(pilot)
        assert app.entity is None and str(pane.border_subtitle) == ""


@sync
async def test_escape_in_the_context_returns_to_the_mentions(deep_db: Path) -> None:
    """Found in tmux: once in the context (enter on a mention) only tab got out of it."""
    app = ExplorerApp(deep_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Lina Saleh")
        mentions = app.query_one(MentionList)
        before = mentions.current
        await pilot.press("enter")  # the co-actors below the sentence
        assert isinstance(app.focused, CoActorList)
        await pilot.press("escape")
        assert app.focused is mentions and mentions.current == before
        await open_actor(pilot, "Sami Nour")  # nobody else in the sentence: the text itself
        await pilot.press("enter")
        assert isinstance(app.focused, ContextView)
        await pilot.press("escape")
        assert app.focused is mentions


def mention_line_in_view(view: ContextView) -> bool:
    """The line of the context holding the mention is on screen."""
    sentence = view.query_one("#context-sentence")
    top, height = view.scroll_offset.y, view.scrollable_content_region.height
    line = sentence.virtual_region.y + view._mention_line(sentence)  # type: ignore[arg-type]
    return top <= line < top + height


@sync
async def test_the_mention_stays_in_view_when_the_terminal_is_resized(tui_db: Path) -> None:
    """Found in tmux: after a resize the context kept its old scroll position, so the text
    wrapped anew and the mention's line could leave the pane (down to a one-line pane)."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        view = app.query_one(ContextView)
        for _ in range(3):
            await pilot.press("plus")
        await settle(pilot)
        for size in ((80, 24), (60, 18), (120, 40), (80, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert mention_line_in_view(view), size


@sync
async def test_the_left_panes_are_laid_out_again_after_a_resize(tui_db: Path) -> None:
    """Found in tmux: grown from 80x24 to 200x50, the "appears with" rows stayed cut for 80
    columns ("Government …") and the actors subtitle kept its short form."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        appears = app.query_one(AppearsWithList)
        await pilot.press("shift+tab", "j")  # the second partner, to see the cursor kept
        assert app.focused is appears and appears.highlighted == 1
        names = {entity.name for entity, _n in app._appears_found}
        assert "Fayez al-Sarraj" in names
        shown = [appears.get_option_at_index(i).prompt.plain for i in range(len(names))]
        assert not any("Fayez al-Sarraj" in row for row in shown)  # cut at 80 columns
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        shown = [appears.get_option_at_index(i).prompt.plain for i in range(len(names))]
        assert any("Fayez al-Sarraj" in row for row in shown) and appears.highlighted == 1
        assert "by best match" in str(app.query_one("#actors-pane").border_subtitle)


@sync
async def test_the_filter_boxs_footer_offers_no_key_it_types(tui_db: Path) -> None:
    """Found in tmux: in the mentions filter box the footer offered "/ Search", but "/" is
    typed into the filter there."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        assert "Search" in footer_keys(app)
        await pilot.press("f")
        await settle(pilot)
        keys = footer_keys(app)
        assert "Search" not in keys and {"Mentions", "Clear filter", "Quit"} <= keys
        await pilot.press("slash")
        assert app.query_one("#mention-filter", Input).value == "/"
        await pilot.press("escape")  # cleared, back in the mentions: "/" searches again
        assert "Search" in footer_keys(app)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)


@sync
async def test_the_ids_a_cli_user_needs_are_visible_at_80_columns(tui_db: Path) -> None:
    """Found in tmux at 80x24: the context's second line was cut before "mention #… ·
    document #…" (after the date, source and file name)."""
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        context = app.context
        assert context is not None
        ids = f"mention #{context.mention.id} · document #{context.document.id}"
        assert ids in screen_text(app)
