"""The explorer's second round (issue 14), driven with Pilot: quitting, the context in view,
jumps, the whole actor list, help and palette, copying, filtering, the document view, the
"appears with" pane and the footer. Curation (preview, undo, marks) is in test_tui_curation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from tui_support import ingest_with_names, settle, sync, type_text

from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.tui.app import ExplorerApp
from explorer.tui.keys import HELP_SECTIONS, PALETTE_COMMANDS, key_label
from explorer.tui.render import MENTION_STYLE, also_known_as
from explorer.tui.review import ReviewScreen
from explorer.tui.screens import (
    ConfirmMergeScreen,
    DocumentScreen,
    ExportScreen,
    HelpScreen,
    PickActorScreen,
)
from explorer.tui.widgets import (
    ActorHeader,
    ActorList,
    AppearsWithList,
    CoActorList,
    ContextView,
    FilterInput,
    MentionList,
    SearchInput,
)


def read(db: Path, reader):  # type: ignore[no-untyped-def]
    conn = open_for_reading(db)
    try:
        return reader(conn)
    finally:
        conn.close()


def entity_named(db: Path, name: str) -> queries.Entity:
    pick = read(db, lambda conn: queries.pick_entity(conn, name))
    assert pick is not None and pick.entity.name == name, (name, pick)
    return pick.entity


async def open_actor(pilot: Pilot, query: str) -> None:
    """Search, then go to the best hit's mentions."""
    await pilot.press("slash")
    await type_text(pilot, query)
    await settle(pilot)
    await pilot.press("enter", "enter")
    await settle(pilot)


def actor_list(app: ExplorerApp) -> ActorList:
    return app.screen_stack[0].query_one("#actors", ActorList)


def shown_keys(app: ExplorerApp) -> set[str]:
    """The descriptions the footer shows now."""
    return {
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show
    }


# ---------------------------------------------------------------------------------- 1. quitting


@sync
async def test_ctrl_q_quits_from_the_search_box_where_the_app_starts(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


@sync
async def test_escape_leaves_the_search_box_and_q_quits_outside_text(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "haq")  # q types in the search box
        assert app.query_one(SearchInput).value == "haq" and app.is_running
        await pilot.press("escape")
        assert isinstance(app.focused, ActorList)
        await pilot.press("f")  # and in the mentions filter box
        await settle(pilot)
        await pilot.press("q")
        assert isinstance(app.focused, FilterInput) and app.query_one(FilterInput).value == "q"
        assert app.is_running
        await pilot.press("escape", "q")  # the filter cleared, back in the mentions: q quits
        await pilot.pause()
    assert app.return_code == 0


@sync
async def test_ctrl_q_quits_from_a_dialog_with_a_text_box(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Turkish")
        await pilot.press("m")
        assert isinstance(app.screen, PickActorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


# ---------------------------------------------------------------------------------- 2. context


LONG_SENTENCE = (
    "Speaking slowly and at great length to a hall full of delegates, observers, diplomats, "
    "journalists and a good many curious onlookers who had come from every corner of the "
    "country, Omar Mukhtar repeated that the talks would go on for as long as it took, whatever "
    "the weather, the costs or the patience of anyone else in the room that afternoon."
)


@pytest.fixture(scope="session")
def long_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sentences long enough to overflow the context pane at 80x24, the mention near the end."""
    folder = tmp_path_factory.mktemp("long")
    filler = "Nothing else happened that day in the quiet town near the coast. "
    text = "A long day\n\n" + (filler * 3 + LONG_SENTENCE + " ") * 4
    (folder / "long.txt").write_text(text, encoding="utf-8")
    return ingest_with_names(
        folder, tmp_path_factory.mktemp("long-db") / "long.db", ["Omar Mukhtar"]
    )


def sentence_in_view(view: ContextView) -> bool:
    """The mention's sentence is in view: all of it when it fits, else the mention's line."""
    sentence = view.query_one("#context-sentence")
    top, height = view.scroll_offset.y, view.scrollable_content_region.height
    region = sentence.virtual_region
    if region.height <= height:
        return top <= region.y and region.bottom <= top + height
    line = view._mention_line(sentence)  # type: ignore[arg-type]
    return top <= region.y + line < top + height


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@sync
async def test_the_mentions_sentence_is_always_in_view(
    tui_db: Path, long_db: Path, size: tuple[int, int]
) -> None:
    cases = [(long_db, "Omar Mukhtar")]  # sentences taller than the pane at 80x24
    if size == (80, 24):
        cases.insert(0, (tui_db, "Khalifa Haftar"))  # and short ones, the window wider than it
    for db, actor in cases:
        app = ExplorerApp(db)
        async with app.run_test(size=size) as pilot:
            await open_actor(pilot, actor)
            mentions, view = app.query_one(MentionList), app.query_one(ContextView)
            for key in ("plus", "plus", "plus", "minus", "minus"):  # a wider window too
                await pilot.press(key)
                await settle(pilot)
                assert sentence_in_view(view), (actor, app.window)
            for _ in range(mentions.layout_.total_mentions - 1):
                view.scroll_end(animate=False, immediate=True)  # the reader scrolled away…
                await pilot.press("j")  # …the next mention is in view all the same
                await settle(pilot)
                assert app.context and app.context.mention.id == mentions.current.id
                assert sentence_in_view(view), (actor, mentions.current.id)


# ---------------------------------------------------------------------------------- 3. jumps


@sync
async def test_jumping_to_a_coactor_lands_on_the_shared_sentence_and_back_returns(
    tui_db: Path,
) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Berlin")
        mentions = app.query_one(MentionList)
        await pilot.press("j")  # Berlin's second mention: "Hafter left Berlin …"
        await settle(pilot)
        berlin, before = app.entity, mentions.current
        assert berlin is not None and before is not None and "left Berlin" in before.sentence_text
        await pilot.press("enter")
        await settle(pilot)
        coactors = app.query_one(CoActorList)
        assert (
            app.focused is coactors
            and "Khalifa Haftar" in coactors.get_option_at_index(0).prompt.plain
        )
        await pilot.press("enter")
        await settle(pilot)
        haftar = app.entity
        assert haftar is not None and haftar.name == "Khalifa Haftar"
        landed = mentions.current
        # not Haftar's first mention but the one in the very sentence we were reading
        assert landed is not None and landed.sentence_id == before.sentence_id
        assert landed.text == "Hafter" and app.context and app.context.mention.id == landed.id
        # the actors pane lists the actor we jumped to, under its cursor
        assert app.query_one(SearchInput).value == "Khalifa Haftar"
        assert actor_list(app).current is not None and actor_list(app).current.id == haftar.id
        await pilot.press("backspace")
        await settle(pilot)
        assert app.entity is not None and app.entity.id == berlin.id
        assert mentions.current is not None and mentions.current.id == before.id
        assert app.query_one(SearchInput).value == "Berlin"
        assert actor_list(app).current is not None and actor_list(app).current.id == berlin.id


# ---------------------------------------------------------------------------------- 6. actors


FIRST = ["Amina", "Bashir", "Camille", "Dmitri", "Esther", "Farid", "Greta", "Hamza", "Ingrid",
         "Jamal", "Katya", "Lorenzo", "Mariam", "Nikolai", "Oksana", "Pavel"]  # fmt: skip
LAST = ["Abbott", "Benali", "Castell", "Dufresne", "Eriksen", "Fontaine", "Garrido", "Horvath",
        "Iwasaki", "Jablonski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Okafor",
        "Petrov"]  # fmt: skip
MANY = [f"{first} {last}" for first, last in itertools.product(FIRST, LAST)]  # 256 people


@pytest.fixture(scope="session")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """256 actors, each named 1 to 5 times over up to 5 documents."""
    folder = tmp_path_factory.mktemp("many")
    for doc in range(5):
        lines = [f"{name} spoke." for i, name in enumerate(MANY) if i % 5 >= doc]
        (folder / f"doc{doc}.txt").write_text(f"Report {doc}\n\n" + "\n".join(lines), "utf-8")
    return ingest_with_names(folder, tmp_path_factory.mktemp("many-db") / "many.db", MANY)


@sync
async def test_the_empty_query_lists_every_actor_page_by_page(many_db: Path) -> None:
    total = read(many_db, queries.count_entities)
    assert total >= len(MANY)
    app = ExplorerApp(many_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        actors = actor_list(app)
        assert actors.browsing and len(actors) == total
        assert actors.pages_fetched == 1  # only what is on screen
        await pilot.press("tab", "end")  # home and end move in the actors list
        await settle(pilot)
        last = actors.current
        assert last is not None and actors.cursor == total - 1
        expected = read(
            many_db, lambda conn: queries.entity_page(conn, None, "mentions", total - 1, 1)
        )
        assert last.id == expected[0].id and app.entity is not None and app.entity.id == last.id
        assert actors.pages_fetched <= 3
        await pilot.press("home")
        await settle(pilot)
        assert actors.cursor == 0 and app.entity is not None
        assert app.entity.mentions == max(
            e.mentions for e in read(many_db, lambda c: queries.top_entities(c, None, 5))
        )
        assert f"{total:,}" in str(app.query_one("#actors-pane").border_subtitle)


@sync
async def test_the_actor_list_sorts_by_mentions_documents_name_and_type(many_db: Path) -> None:
    app = ExplorerApp(many_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        actors = actor_list(app)
        await pilot.press("tab")
        seen = []
        for _ in range(4):
            await pilot.press("s")
            await settle(pilot)
            seen.append(actors.order)
            first = read(many_db, lambda c: queries.entity_page(c, None, actors.order, 0, 1))[0]
            assert actors.current is not None and actors.current.id == first.id
            assert f"by {actors.order}" in str(app.query_one("#actors-pane").border_subtitle)
        assert seen == ["documents", "name", "type", "mentions"]
        await pilot.press("s", "s")  # by name
        await settle(pilot)
        names = [actors.actor_at(i) for i in range(20)]
        assert [a.name for a in names if a] == sorted(MANY, key=str.casefold)[:20]
        # search results sort too, best match first by default
        await pilot.press("slash")
        await type_text(pilot, "nakamura")
        await settle(pilot)
        assert actors.order == "name"  # the order chosen stays
        rows = [actors.actor_at(i) for i in range(len(actors))]
        assert [a.name for a in rows] == sorted((a.name for a in rows), key=str.casefold)


@sync
async def test_the_matched_spelling_marker_is_explained(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "hifter")  # the gazetteer's spelling: shown as matched
        await settle(pilot)
        assert "≈Hifter" in "".join(s.text for s in app.screen._compositor.render_strips())
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "hefter")  # a spelling of no one's: the nearest alias is shown
        await settle(pilot)
        assert "≈Hafter" in "".join(s.text for s in app.screen._compositor.render_strips())
        assert "≈ spelling matched" in str(app.query_one("#actors-pane").border_subtitle)
        help_rows = dict(row for _title, rows in HELP_SECTIONS for row in rows)
        assert "spelling your search matched" in help_rows["≈name"]


@sync
async def test_the_actor_header_fits_80_columns(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        header = app.query_one(ActorHeader)
        lines = header.content.plain.splitlines()
        assert lines[0].startswith("Khalifa Haftar · PERSON · id ")
        assert lines[1] == "5 mentions in 2 documents"
        assert lines[2].startswith("aka ")
        assert header.size.height == len(lines) == 3  # nothing wraps
        assert all(len(line) <= header.content_region.width for line in lines)


def test_the_aka_line_says_how_many_more_spellings_there_are() -> None:
    others = ["Haftar", "Hafter", "Hifter", "Khalifa Hifter", "Field Marshal Haftar"]
    assert (
        also_known_as(others, 80)
        == "aka Haftar, Hafter, Hifter, Khalifa Hifter, Field Marshal Haftar"
    )
    assert also_known_as(others, 34) == "aka Haftar, Hafter, Hifter +2 more"
    assert also_known_as(others, 33) == "aka Haftar, Hafter +3 more"
    assert also_known_as(others, 12) == "aka Haftar +4 more"
    assert len(also_known_as(["A very long spelling of a name"], 12)) <= 12


def test_document_titles_get_the_room_there_is() -> None:
    title = "Government forces enter Tarhouna, Haftar's last western stronghold"
    document = queries.DocumentCount(1, title, "2020-06-06", 12)
    wide = MentionList._heading(document, 90).plain
    assert wide == f"▍{title}  2020-06-06 · 12"
    narrow = MentionList._heading(document, 44).plain
    assert narrow.startswith("▍Government forces enter Tarhouna") and len(narrow) <= 44


@sync
async def test_titles_are_not_cut_at_120_columns(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        assert app.query_one(MentionList).size.width >= 60  # mentions over context up to 159
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "▍Talks in Berlin  2020-01-19 · 2" in text and "▍Fighting near Sirte  3" in text


# ---------------------------------------------------------------------------------- help, palette


ALL_BINDINGS = [ExplorerApp, ActorList, MentionList, ContextView, CoActorList, AppearsWithList,
                SearchInput, FilterInput, DocumentScreen, ConfirmMergeScreen, HelpScreen,
                ExportScreen, ReviewScreen]  # fmt: skip


def test_help_is_grouped_by_pane_one_line_per_key_and_complete() -> None:
    sections = dict(HELP_SECTIONS)
    assert list(sections)[:3] == ["Everywhere", "Search box", "Actors"]
    assert {"Mentions", "Context", "Appears with", "Document", "Filter box"} <= set(sections)
    text = "\n".join(f"{k} {w}" for rows in sections.values() for k, w in rows)
    for raw in ("^home", "cursor_", "ctrl+home", "scroll_", "Focus Next", "app."):
        assert raw not in text
    for title, rows in HELP_SECTIONS:
        keys = [key for key, _what in rows]
        assert len(keys) == len(set(keys)), title  # no key twice in a pane
        assert all("\n" not in what for _key, what in rows)
    listed = {label for _title, rows in HELP_SECTIONS for key, _ in rows for label in key.split()}
    for owner in ALL_BINDINGS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                if key in ("j", "k", "tab", "shift+tab"):  # said as "↑ ↓  j k", "tab  shift+tab"
                    continue
                assert key_label(key) in listed, (owner.__name__, key, binding.action)


@sync
async def test_the_palette_lists_our_actions_only(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == [title for title, _help, _action in PALETTE_COMMANDS]
        for action in (action for _title, _help, action in PALETTE_COMMANDS):
            assert callable(getattr(app, f"action_{action}"))
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


# ---------------------------------------------------------------------------------- copy, ids


@sync
async def test_copy_the_sentence_with_its_citation_and_ids_in_view(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Angela Merkel")
        context = app.context
        assert context is not None
        meta = app.query_one("#context-meta").content.plain
        assert f"mention #{context.mention.id}" in meta
        assert f"document #{context.document.id}" in meta
        await pilot.press("c")
        copied = app.clipboard
        assert copied.splitlines()[0] == (
            "“Angela Merkel hosted Khalifa Hafter and Fayez al-Sarraj in Berlin on Sunday.”"
        )
        assert "— Talks in Berlin, Wire, 2020-01-19" in copied
        assert "https://example.org/t1" in copied
        assert f"mention #{context.mention.id}, document #{context.document.id}" in copied
        assert any("Copied" in n.message for n in app._notifications)


# ---------------------------------------------------------------------------------- filter


@sync
async def test_filter_the_mentions_by_words_document_and_date(tui_db: Path) -> None:
    haftar = entity_named(tui_db, "Khalifa Haftar")
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        mentions = app.query_one(MentionList)
        assert mentions.layout_.total_mentions == haftar.mentions == 5

        async def filtered(text: str) -> int:
            await pilot.press("f")
            box = app.query_one(FilterInput)
            box.value = text
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert app.focused is mentions
            return mentions.layout_.total_mentions

        assert await filtered("berlin") == 2  # words of the sentence (prefixes, any case)
        assert all("Berlin" in mentions.mention_at(r).sentence_text
                   for r in range(len(mentions.layout_)) if mentions.mention_at(r))  # fmt: skip
        assert "2 of 5 mentions (filtered)" in app.query_one(ActorHeader).content.plain
        assert "filter: “berlin”" in str(app.query_one("#mentions-pane").border_subtitle)
        assert await filtered("from:2020-01") == 2  # the dated article only
        assert await filtered("to:2019") == 0
        assert "No mention passes the filter" in app.query_one(ContextView).parts[1].plain
        assert await filtered("doc:sirte") == 3  # a word of the title
        sirte = mentions.layout_.documents[0].document_id
        assert await filtered(f"doc:{sirte} never") == 1  # both at once
        await pilot.press("f", "escape")  # escape clears it
        await settle(pilot)
        assert mentions.layout_.total_mentions == 5 and app.mention_filter is None
        await pilot.press("j", "j", "j", "o")  # o: only the current mention's document
        await settle(pilot)
        assert [d.document_id for d in mentions.layout_.documents] == [sirte]
        await pilot.press("o")
        await settle(pilot)
        assert mentions.layout_.total_mentions == 5


def test_the_filter_reads_user_text_safely(tui_db: Path) -> None:
    from explorer.tui.data import parse_mention_filter

    haftar = entity_named(tui_db, "Khalifa Haftar")
    for text in ('"', "AND OR NOT", "*", "berlin*)", "doc:", "from:", "NEAR(a b)", "'; DROP"):
        found = read(
            tui_db,
            lambda conn, t=text: queries.filtered_mention_counts(
                conn, haftar.id, parse_mention_filter(t)
            ),
        )
        assert isinstance(found, list)  # no FTS5 syntax error, whatever the user types


# ---------------------------------------------------------------------------------- document


@sync
async def test_the_document_view_highlights_every_actor(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")  # the dated Berlin article comes first
        current = app.query_one(MentionList).current
        assert current is not None and current.document_title == "Talks in Berlin"
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen) and screen.document is not None
        text = screen.query_one("#document-text").content
        assert (
            text.plain == read(tui_db, lambda c: queries.document_text(c, current.document_id)).text
        )
        assert len(text.spans) == len(screen.document.mentions) >= 8  # every actor
        marked = [(s.start, s.end) for s in text.spans if s.style == MENTION_STYLE]
        assert marked == [(current.start, current.end)]
        await pilot.press("n")  # the actor's next mention in the document
        await settle(pilot)
        assert screen.mention_id != current.id
        marked = [
            s for s in screen.query_one("#document-text").content.spans if s.style == MENTION_STYLE
        ]
        assert text.plain[marked[0].start : marked[0].end] == "Hafter"
        assert "document #" in screen.query_one("#document-meta").content.plain
        await pilot.press("escape")
        assert not isinstance(app.screen, DocumentScreen)


# ---------------------------------------------------------------------------------- appears with


@sync
async def test_appears_with_lists_cooccurring_actors_and_walks_the_network(tui_db: Path) -> None:
    haftar = entity_named(tui_db, "Khalifa Haftar")
    expected = read(tui_db, lambda conn: queries.cooccurring(conn, haftar.id, 50))
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_actor(pilot, "Khalifa Haftar")
        appears = app.query_one(AppearsWithList)
        shown = [appears.get_option_at_index(i).prompt.plain for i in range(appears.option_count)]
        assert len(shown) == len(expected)
        for line, (entity, sentences) in zip(shown, expected, strict=True):
            assert line.split()[-1] == str(sentences) and entity.type in line
        berlin = next(i for i, (e, _n) in enumerate(expected) if e.name == "Berlin")
        appears.focus()
        appears.highlighted = berlin
        await pilot.press("enter")
        await settle(pilot)
        assert app.entity is not None and app.entity.name == "Berlin"
        landed = app.query_one(MentionList).current
        assert landed is not None
        shared = read(
            tui_db,
            lambda c: {m.sentence_id for m in queries.entity_mentions(c, haftar.id, limit=50)},
        )
        assert landed.sentence_id in shared  # on a sentence naming both
        assert app.history and app.history[-1].entity_id == haftar.id


# ---------------------------------------------------------------------------------- footer


@sync
async def test_the_footer_shows_the_keys_of_the_pane_in_focus(tui_db: Path) -> None:
    app = ExplorerApp(tui_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_actor(pilot, "Angela Merkel")
        assert {"Read", "Filter", "Copy", "Document"} <= shown_keys(app)
        assert not {"Mark", "More context"} & shown_keys(app)
        await pilot.press("shift+tab", "shift+tab")  # through "appears with" to the actors
        keys = shown_keys(app)
        assert {"Mentions", "Mark", "Sort", "Merge"} <= keys and "Filter" not in keys
        await pilot.press("slash")
        assert {"Results", "Quit"} <= shown_keys(app) and "Mark" not in shown_keys(app)
        await pilot.press("escape", "tab", "tab", "tab")  # actors → appears → mentions → context
        assert isinstance(app.focused, ContextView)
        assert {"More context", "Copy", "Document"} <= shown_keys(app)
