"""The explorer: fuzzy actor search, every mention of the actor, and each mention's sentence.

Every database read runs in a thread worker (``@work(thread=True, exclusive=True)``) that reports
back with a typed message; a newer request cancels the older one and stale answers are dropped,
so typing never waits on SQLite. A worker that fails shows its error as a toast and the app goes
on (``exit_on_error=False``). Untrusted text reaches the screen only as ``Content`` built from
plain strings passed through :func:`explorer.safetext.same_length`, never as markup.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from explorer.errors import UserError
from explorer.labels import ENTITY_LABELS
from explorer.safetext import same_length
from explorer.store.connect import DatabaseProblem
from explorer.tui.data import ConnectionPool, MentionLayout
from explorer.tui.widgets import (
    ActorTable,
    CoActorList,
    MentionList,
    SearchInput,
    toast_worker_error,
)

if TYPE_CHECKING:  # pragma: no cover
    # Imported where used: the query layer (and the dialogs) load after the first frame, in the
    # workers that read the database (and the actions that open a dialog).
    from explorer.store import queries
SEARCH_LIMIT = 100
MAX_WINDOW = 10


# ---------------------------------------------------------------------------------- messages


class SearchDone(Message):
    def __init__(self, query: str, entity_type: str | None, hits: list[queries.EntityHit]) -> None:
        super().__init__()
        self.query, self.entity_type, self.hits = query, entity_type, hits


class TypesLoaded(Message):
    def __init__(self, types: list[tuple[str, int]]) -> None:
        super().__init__()
        self.types = types


class EntityLoaded(Message):
    def __init__(
        self,
        entity: queries.Entity | None,
        entity_id: int,
        aliases: list[tuple[str, int]],
        layout: MentionLayout,
        cursor: tuple[int, int] | None,
    ) -> None:
        super().__init__()
        self.entity, self.entity_id, self.aliases = entity, entity_id, aliases
        self.layout, self.cursor = layout, cursor


class ContextLoaded(Message):
    def __init__(self, context: queries.Context | None, mention_id: int, window: int) -> None:
        super().__init__()
        self.context, self.mention_id, self.window = context, mention_id, window


class CurationDone(Message):
    def __init__(self, summary: str, entity_id: int) -> None:
        super().__init__()
        self.summary, self.entity_id = summary, entity_id


class Failed(Message):
    """A worker could not do its job; the message is one line for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


@dataclass(frozen=True)
class Place:
    """Where the reader was: an actor and the mention under the cursor (for ``back``)."""

    entity_id: int
    document_id: int | None
    index: int


# ---------------------------------------------------------------------------------- the app


class ExplorerApp(App[int]):
    """Search actors, read every sentence that names them, and curate them."""

    CSS_PATH = "app.tcss"
    TITLE = "libya-explore"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("t", "cycle_type", "Type"),
        Binding("ctrl+t", "cycle_type", "Type filter", show=False),
        Binding("backspace,b", "back", "Back"),
        Binding("plus,equals_sign", "wider", "+context", show=False),
        Binding("minus", "narrower", "-context", show=False),
        Binding("m", "merge", "Merge"),
        Binding("a", "split_alias", "Split alias", show=False),
        Binding("r", "rename", "Rename", show=False),
        Binding("y", "set_type", "Set type", show=False),
        Binding("d", "toggle_dark", "Light/dark", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    #: Actions bound to a printable key: hidden from the footer while the search box has focus,
    #: where those keys type text.
    _LETTER_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"back", "wider", "narrower", "merge", "split_alias", "rename", "set_type",
         "toggle_dark", "quit", "focus_search"}
    )  # fmt: skip

    def __init__(self, db_path: str | Path, connection: sqlite3.Connection | None = None) -> None:
        """``connection``: an already checked read-only connection to reuse (the CLI's)."""
        super().__init__()
        self.db_path = Path(db_path)
        self.pool = ConnectionPool(self.db_path, connection)
        self.types: list[str | None] = [None]
        self.type_index = 0
        self.hits: list[queries.EntityHit] = []
        self.entity: queries.Entity | None = None
        self.entity_id: int | None = None
        self.aliases: list[tuple[str, int]] = []
        self.context: queries.Context | None = None
        self.window = 1
        self.history: list[Place] = []
        self._shown_search: tuple[str, str | None] | None = None
        #: Set by :func:`run_app`, which pauses the garbage collector for the start-up.
        self.resume_collector = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-bar"):
            yield SearchInput(
                placeholder="Search actors (fuzzy: names and aliases)", id="search", compact=True
            )
            yield Static(id="type-filter")
        with Horizontal(id="main"):
            with Vertical(id="actors-pane", classes="pane"):
                yield ActorTable(id="actors")
            with Vertical(id="detail"):
                with Vertical(id="mentions-pane", classes="pane"):
                    yield Static(id="actor-header")
                    yield MentionList(self._load_page, id="mentions")
                with Vertical(id="context-pane", classes="pane"):
                    yield Static(id="context-meta")
                    with VerticalScroll(id="context-scroll"):
                        yield Static(id="context-text")
                    # the co-actors list (hidden until a sentence names others) comes after the
                    # first frame: see _coactors
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.db_path.name
        self._sorted(MentionList.Sorted(False))
        self.query_one("#actors-pane").border_title = "Actors"
        self.query_one("#mentions-pane").border_title = "Mentions"
        self.query_one("#context-pane").border_title = "Context"
        self._show_type_filter()
        self._show_empty_context()
        self.query_one(SearchInput).focus()
        # The first reads start once the first frame is on screen: the empty panes are drawn
        # without racing the workers' answers, and the rows follow (as after every search).
        self.call_after_refresh(self._first_reads)

    def _first_reads(self) -> None:
        if self.resume_collector:
            self.resume_collector = False
            gc.freeze()  # what the start-up built lives as long as the app
            gc.enable()
        self._coactors()
        self.load_types()
        self.search("", None)

    def get_default_screen(self) -> Screen:
        """The default screen, with its breakpoint classes already set for the terminal's size.

        Textual sets them on the first ``Resize``, which comes after the first frame: that
        frame showed the narrow layout on a wide terminal and was then restyled as a whole.
        Set here, before the first style pass, the first frame has the right layout and the
        ``Resize`` finds nothing to change.
        """
        width, height = self.size
        classes = []
        for dimension, breakpoints in (
            (width, self.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS),
        ):
            reached = [name for edge, name in sorted(breakpoints or []) if dimension >= edge]
            classes += reached[-1:]
        # update=False: nothing is mounted yet, the first style pass will read them
        return Screen(id="_default").add_class(*classes, update=False)

    def on_unmount(self) -> None:
        self.pool.close()

    # ------------------------------------------------------------------ data (thread workers)

    def _read(self, reader: Callable[[sqlite3.Connection], object]) -> object | None:
        """Run ``reader`` on a pooled connection; a database failure becomes a :class:`Failed`."""
        try:
            with self.pool.connection() as conn:
                return reader(conn)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.post_message(Failed(f"{self.db_path}: {exc}"))
            return None

    def _load_page(self, entity_id: int, document_id: int, skip: int, limit: int) -> list:
        from explorer.store import queries

        rows = self._read(
            lambda conn: queries.entity_mentions_in_document(
                conn, entity_id, document_id, skip, limit
            )
        )
        return rows if isinstance(rows, list) else []

    @work(thread=True, exclusive=True, group="types", exit_on_error=False)
    def load_types(self) -> None:
        from explorer.store import queries

        types = self._read(queries.entity_types)
        if isinstance(types, list):
            self.post_message(TypesLoaded(types))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str, entity_type: str | None) -> None:
        from explorer.store import queries

        hits = self._read(
            lambda conn: queries.search_entities(conn, query, entity_type, SEARCH_LIMIT)
        )
        if isinstance(hits, list) and not get_current_worker().is_cancelled:
            self.post_message(SearchDone(query, entity_type, hits))

    @work(thread=True, exclusive=True, group="entity", exit_on_error=False)
    def load_entity(self, entity_id: int, cursor: tuple[int, int] | None = None) -> None:
        from explorer.store import queries

        def read(conn: sqlite3.Connection) -> EntityLoaded:
            return EntityLoaded(
                queries.get_entity(conn, entity_id),
                entity_id,
                queries.entity_aliases(conn, entity_id),
                MentionLayout(queries.mention_counts_by_document(conn, entity_id)),
                cursor,
            )

        loaded = self._read(read)
        if isinstance(loaded, EntityLoaded) and not get_current_worker().is_cancelled:
            self.post_message(loaded)

    @work(thread=True, exclusive=True, group="context", exit_on_error=False)
    def load_context(self, mention_id: int, window: int) -> None:
        from explorer.store import queries

        context = self._read(lambda conn: queries.mention_context(conn, mention_id, window))
        if not get_current_worker().is_cancelled:
            self.post_message(
                ContextLoaded(
                    context if isinstance(context, queries.Context) else None, mention_id, window
                )
            )

    @work(thread=True, exclusive=True, group="curation", exit_on_error=False)
    def curate(self, action: str, entity_id: int, argument: int | str) -> None:
        from explorer.store import queries

        def name_of(conn: sqlite3.Connection, ident: int) -> str:
            entity = queries.get_entity(conn, ident)
            return f"“{same_length(entity.name)}”" if entity else f"actor #{ident}"

        names = self._read(
            lambda conn: (
                name_of(conn, entity_id),
                name_of(conn, int(argument)) if action == "merge" else "",
            )
        )
        name, target = names if isinstance(names, tuple) else (f"actor #{entity_id}", "")
        try:
            summary, focus = _apply_curation(
                self.db_path, action, entity_id, argument, name, target
            )
        except (UserError, DatabaseProblem, sqlite3.Error) as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(CurationDone(summary, focus))

    # ------------------------------------------------------------------ search

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.search(event.value, self.entity_type)

    @on(Input.Submitted, "#search")
    def _query_submitted(self) -> None:
        self.action_focus_actors()

    @property
    def entity_type(self) -> str | None:
        return self.types[self.type_index]

    @on(TypesLoaded)
    def _types_loaded(self, message: TypesLoaded) -> None:
        current = self.entity_type
        self.types = [None, *(t for t, _n in message.types)]
        self.type_index = self.types.index(current) if current in self.types else 0
        self._show_type_filter()

    def _show_type_filter(self) -> None:
        label = self.entity_type or "all types"
        self.query_one("#type-filter", Static).update(
            Content.assemble("type: ", (label, "bold"), " ")
        )

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if (message.query, message.entity_type) != (
            self.query_one(SearchInput).value,
            self.entity_type,
        ):
            return  # typing has moved on
        refresh = (message.query, message.entity_type) == self._shown_search
        self._shown_search = (message.query, message.entity_type)
        self.hits = message.hits
        self._fill_actor_table()
        # A new query selects its best hit; the same query re-run (after curation) keeps the actor.
        keep = refresh and self.entity_id is not None and self._table_cursor_to(self.entity_id)
        if self.hits and not keep:
            self.query_one(ActorTable).move_cursor(row=0)
            self.select_entity(self.hits[0].id)
        self.query_one("#actors-pane").border_subtitle = f"{len(self.hits)} shown"

    def _fill_actor_table(self) -> None:
        self.query_one(ActorTable).show_hits(self.hits)
        if not self.hits:
            self._show_entity(None)

    def _table_cursor_to(self, entity_id: int) -> bool:
        table = self.query_one(ActorTable)
        try:
            row = table.get_row_index(str(entity_id))
        except Exception:  # RowDoesNotExist
            return False
        table.move_cursor(row=row)
        return True

    @on(DataTable.RowHighlighted, "#actors")
    def _actor_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.select_entity(int(event.row_key.value))

    @on(DataTable.RowSelected, "#actors")
    def _actor_selected(self) -> None:
        self.query_one(MentionList).focus()

    # ------------------------------------------------------------------ the selected actor

    def select_entity(
        self, entity_id: int, cursor: tuple[int, int] | None = None, force: bool = False
    ) -> None:
        if entity_id == self.entity_id and not force:
            return
        self.entity_id = entity_id
        self.load_entity(entity_id, cursor)

    @on(EntityLoaded)
    def _entity_loaded(self, message: EntityLoaded) -> None:
        if message.entity_id != self.entity_id:
            return
        self.aliases = message.aliases
        self._show_entity(message.entity, message.layout, message.cursor)

    def _show_entity(
        self,
        entity: queries.Entity | None,
        layout: MentionLayout | None = None,
        cursor: tuple[int, int] | None = None,
    ) -> None:
        self.entity = entity
        mentions = self.query_one(MentionList)
        header = self.query_one("#actor-header", Static)
        if entity is None:
            self.entity_id = None
            header.update(Content("No actor selected." if self.hits else "No actor matches."))
            mentions.show(None, MentionLayout([]))
            self._show_empty_context()
            return
        layout = layout or MentionLayout([])
        row = layout.row_of(*cursor) if cursor and cursor[0] is not None else None
        header.update(actor_header(entity, self.aliases, layout))
        mentions.show(entity.id, layout, row or 0)
        if layout.total_mentions == 0:
            self._show_empty_context()

    # ------------------------------------------------------------------ mentions and context

    @on(MentionList.Sorted)
    def _sorted(self, message: MentionList.Sorted) -> None:
        order = "most mentions first" if message.by_count else "corpus order"
        self.query_one("#mentions-pane").border_subtitle = f"documents: {order} (s)"

    @on(MentionList.Highlighted)
    def _mention_highlighted(self, message: MentionList.Highlighted) -> None:
        self.load_context(message.mention.id, self.window)

    @on(MentionList.Selected)
    def _mention_selected(self, message: MentionList.Selected) -> None:
        coactors = self._coactors()
        if coactors.option_count:
            coactors.focus()
        else:
            self.query_one("#context-scroll").focus()

    @on(ContextLoaded)
    def _context_loaded(self, message: ContextLoaded) -> None:
        current = self.query_one(MentionList).current
        if current is None or current.id != message.mention_id or message.window != self.window:
            return
        self.context = message.context
        if message.context is None:
            self._show_empty_context()
            return
        context = message.context
        self.query_one("#context-meta", Static).update(context_meta(context))
        self.query_one("#context-text", Static).update(context_text(context))
        coactors = self._coactors()
        coactors.clear_options()
        seen: set[int] = set()
        for other in context.others:
            if other.entity_id in seen or other.entity_id == context.mention.entity_id:
                continue
            seen.add(other.entity_id)
            coactors.add_option(Option(coactor_prompt(other), id=str(other.entity_id)))
        coactors.display = bool(seen)
        if seen:
            coactors.highlighted = 0
        self.query_one("#context-pane").border_subtitle = f"window ±{self.window} (+/-)"

    def _show_empty_context(self) -> None:
        self.context = None
        self.query_one("#context-meta", Static).update(Content(""))
        self.query_one("#context-text", Static).update(
            Content("Pick an actor, then a mention, to read its sentence here.")
        )
        for coactors in self.query(CoActorList):  # none before the first frame
            coactors.clear_options()
            coactors.display = False

    def _coactors(self) -> CoActorList:
        """The co-actors list, mounted (hidden) on first use or right after the first frame.

        It is not on screen at start-up, so the first frame does not wait for it (nor for the
        option list's styles).
        """
        main_screen = self.screen_stack[0]  # a dialog may be on top
        try:
            return main_screen.query_one(CoActorList)
        except NoMatches:
            coactors = CoActorList(id="coactors", markup=False)
            coactors.display = False
            main_screen.query_one("#context-pane").mount(coactors)
            return coactors

    @on(OptionList.OptionSelected, "#coactors")
    def _coactor_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.jump_to(int(event.option.id))

    def jump_to(self, entity_id: int) -> None:
        """Open another actor, remembering where we were so ``back`` can return."""
        if self.entity_id is not None:
            self.history.append(self._place())
        self.select_entity(entity_id, force=True)
        self._table_cursor_to(entity_id)
        self.query_one(MentionList).focus()
        self.refresh_bindings()

    def _place(self) -> Place:
        assert self.entity_id is not None
        mentions = self.query_one(MentionList)
        position = mentions.layout_.position(mentions.cursor)
        if position is None:
            return Place(self.entity_id, None, 0)
        return Place(self.entity_id, position.document.document_id, max(0, position.index))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, Screen) and self.screen is not self.screen_stack[0]:
            return True
        if action in self._LETTER_ACTIONS and isinstance(self.focused, Input):
            return False
        if action == "back":
            return bool(self.history)
        if action in ("merge", "split_alias", "rename", "set_type"):
            return self.entity is not None or None
        if action in ("wider", "narrower"):
            return self.context is not None or None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        """Focus the search box with its text selected, so typing starts a new query."""
        search = self.query_one(SearchInput)
        search.focus()
        search.select_all()

    def action_focus_actors(self) -> None:
        self.query_one(ActorTable).focus()

    def action_cycle_type(self) -> None:
        self.type_index = (self.type_index + 1) % len(self.types)
        self._show_type_filter()
        self.search(self.query_one(SearchInput).value, self.entity_type)

    def action_back(self) -> None:  # type: ignore[override]  # Textual's pops a screen; ours: actor
        if not self.history:
            self.notify("Nothing to go back to.", timeout=2)
            return
        place = self.history.pop()
        cursor = (place.document_id, place.index) if place.document_id is not None else None
        self.select_entity(place.entity_id, cursor, force=True)
        self._table_cursor_to(place.entity_id)
        self.refresh_bindings()

    def action_wider(self) -> None:
        self._set_window(self.window + 1)

    def action_narrower(self) -> None:
        self._set_window(self.window - 1)

    def _set_window(self, window: int) -> None:
        self.window = max(0, min(MAX_WINDOW, window))
        if (mention := self.query_one(MentionList).current) is not None:
            self.load_context(mention.id, self.window)

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        from explorer.tui.screens import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections(self)))

    def action_merge(self) -> None:
        if (entity := self.entity) is None:
            return

        from explorer.tui.screens import PickActorScreen

        def merge_into(target: int | None) -> None:
            if target is not None:
                self.curate("merge", entity.id, target)

        self.push_screen(PickActorScreen(entity, self.pool), merge_into)

    def action_split_alias(self) -> None:
        from explorer.tui.screens import ChoiceScreen

        if (entity := self.entity) is None:
            return
        aliases = [alias for alias, _count in self.aliases]
        if len(aliases) < 2:
            self.notify(
                f"{same_length(entity.name)} has a single alias; nothing to split off.",
                markup=False,
            )
            return
        labels = [f"{same_length(a)}  ({n:,})" for a, n in self.aliases]

        def split(alias: str | None) -> None:
            if alias is not None:
                self.curate("split", entity.id, alias)

        self.push_screen(ChoiceScreen(f"Split an alias off {entity.name}", aliases, labels), split)

    def action_rename(self) -> None:
        if (entity := self.entity) is None:
            return

        from explorer.tui.screens import PromptScreen

        def rename(name: str | None) -> None:
            if name and name.strip() and name.strip() != entity.name:
                self.curate("rename", entity.id, name.strip())

        self.push_screen(PromptScreen(f"Rename {entity.name}", entity.name), rename)

    def action_set_type(self) -> None:
        if (entity := self.entity) is None:
            return
        types = sorted({*ENTITY_LABELS, *(t for t in self.types if t)} - {entity.type})

        from explorer.tui.screens import ChoiceScreen

        def set_type(entity_type: str | None) -> None:
            if entity_type:
                self.curate("set_type", entity.id, entity_type)

        self.push_screen(
            ChoiceScreen(f"Type of {entity.name} (now {entity.type})", types, types), set_type
        )

    @on(CurationDone)
    def _curation_done(self, message: CurationDone) -> None:
        self.notify(message.summary, title="Saved", markup=False)
        self.history = [place for place in self.history if place.entity_id != self.entity_id]
        self.load_types()
        self.entity_id = None
        self.select_entity(message.entity_id, force=True)
        self.search(self.query_one(SearchInput).value, self.entity_type)
        self.refresh_bindings()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(same_length(message.text), severity="error", markup=False)

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self, event)

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in PALETTE_COMMANDS:
            yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))


#: The app's own actions in the command palette: ``(title, help, action)``.
PALETTE_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Search actors", "Focus the search box (/)", "focus_search"),
    ("Filter by type", "Cycle the entity type filter (t)", "cycle_type"),
    ("Back", "Return to the actor before the last jump (backspace)", "back"),
    ("More context", "Show more sentences around the mention (+)", "wider"),
    ("Less context", "Show fewer sentences around the mention (-)", "narrower"),
    ("Merge actor", "Merge the selected actor into another, picked by search (m)", "merge"),
    ("Split alias", "Split one alias of the selected actor into a new actor (a)", "split_alias"),
    ("Rename actor", "Rename the selected actor (r)", "rename"),
    ("Set actor type", "Change the selected actor's type (y)", "set_type"),
    ("Light/dark theme", "Toggle between the light and dark theme (d)", "toggle_dark"),
    ("Help", "Every key, pane by pane (?)", "help"),
)


def _apply_curation(
    db_path: Path, action: str, entity_id: int, argument: int | str, name: str, target: str
) -> tuple[str, int]:
    """Run one curation call; returns a summary for the user and the actor to show next."""
    from explorer.pipeline import curation

    if action == "merge":
        survivor = curation.merge(db_path, entity_id, int(argument))
        return f"Merged {name} into {target}.", survivor
    if action == "split":
        new_id = curation.split(db_path, entity_id, str(argument))
        return f"Split “{same_length(str(argument))}” off {name} (new actor #{new_id}).", entity_id
    if action == "rename":
        curation.rename(db_path, entity_id, str(argument))
        return f"Renamed {name} to “{same_length(str(argument))}”.", entity_id
    if action == "set_type":
        curation.set_type(db_path, entity_id, str(argument))
        return f"{name} is now {argument}.", entity_id
    raise ValueError(action)


# ---------------------------------------------------------------------------------- rendering


def actor_header(
    entity: queries.Entity, aliases: list[tuple[str, int]], layout: MentionLayout
) -> Content:
    documents = len(layout.documents)
    parts: list[str | tuple[str, str]] = [
        (same_length(entity.name), "bold"),
        f" · {entity.type} · {layout.total_mentions:,} mention{'s' if layout.total_mentions != 1 else ''}"
        f" · {documents:,} doc{'s' if documents != 1 else ''}",
    ]
    others = [same_length(alias) for alias, _n in aliases if alias != entity.name]
    if others:
        parts.append(("\naka " + ", ".join(others[:8]) + (" …" if len(others) > 8 else ""), "dim"))
    return Content.assemble(*parts)


def context_meta(context: queries.Context) -> Content:
    document = context.document
    details = [d for d in (document.date, document.source, document.name) if d]
    sentence = next(
        i for i, s in enumerate(context.sentences) if s.id == context.mention.sentence_id
    )
    details.append(f"sentence {context.sentences[sentence].idx + 1} of {document.n_sentences}")
    return Content.assemble(
        (same_length(document.title), "bold"), "\n", (same_length(" · ".join(details)), "dim")
    )


#: How the mention and its neighbours look; attributes as well as colour, so NO_COLOR keeps them.
MENTION_STYLE = "bold reverse"
COACTOR_STYLE = "underline"
NEIGHBOUR_STYLE = "dim"


def context_text(context: queries.Context) -> Content:
    """The window of sentences; the mention's sentence plain, its neighbours dim, the mention marked."""
    pieces: list[Content] = []
    mention = context.mention
    for sentence in context.sentences:
        text = Content(same_length(sentence.text))
        if sentence.id == mention.sentence_id:
            for other in context.others:
                text = text.stylize(
                    COACTOR_STYLE, other.start - sentence.start, other.end - sentence.start
                )
            text = text.stylize(
                MENTION_STYLE, mention.start - sentence.start, mention.end - sentence.start
            )
        else:
            text = text.stylize(NEIGHBOUR_STYLE)
        pieces.append(text)
    return Content(" ").join(pieces)


def coactor_prompt(other: queries.CoMention) -> Content:
    surface = f"  as “{same_length(other.text)}”" if other.text != other.name else ""
    return Content.assemble(
        "→ ", (same_length(other.name), "bold underline"), f"  {other.type}", (surface, "dim")
    )


def key_sections(app: ExplorerApp) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every key the app answers to, pane by pane, read from the bindings themselves."""
    from textual.widgets import DataTable as _DataTable

    def rows(bindings: Iterable[BindingType], skip: Iterable[str] = ()) -> list[tuple[str, str]]:
        out = []
        for binding in bindings:
            if not isinstance(binding, Binding) or binding.action in skip:
                continue
            keys = " / ".join(
                app.get_key_display(Binding(k, binding.action)) for k in binding.key.split(",")
            )
            out.append((keys, binding.description or binding.action.replace("_", " ")))
        return out

    return [
        ("Everywhere", [*rows(ExplorerApp.BINDINGS), ("tab / shift+tab", "Next / previous pane"),
                        ("ctrl+p", "Command palette (every action by name)"), ("ctrl+q", "Quit")]),
        ("Search box", [("type", "Fuzzy search over names and aliases"), ("enter", "Go to the results"),
                        *rows(SearchInput.BINDINGS)]),
        ("Actors", [*rows(ActorTable.BINDINGS), *rows(_DataTable.BINDINGS, skip=("cursor_left", "cursor_right"))]),
        ("Mentions", rows(MentionList.BINDINGS)),
        ("Co-actors (in the context pane)", [("↑ / ↓ / j / k", "Move"), ("enter", "Jump to that actor")]),
        ("Dialogs", [("enter", "Choose"), ("escape", "Cancel")]),
    ]  # fmt: skip


def has_a_screen() -> bool:
    """A terminal on both ends, or a Textual driver named by the environment: ``libya-explore
    serve`` (textual-serve) runs the app over pipes with ``TEXTUAL_DRIVER`` set to its web driver."""
    return bool(os.environ.get("TEXTUAL_DRIVER")) or (sys.stdin.isatty() and sys.stdout.isatty())


def run_app(db_path: str | Path, connection: sqlite3.Connection | None = None) -> int:
    """Run the explorer over an existing, checked database; returns the exit status.

    A full-screen app needs a terminal on both ends: piped or captured (a script, CI), it would
    wait forever for keys, so it says so and exits with the usage-error status instead.
    ``connection`` (read-only, opened by :func:`explorer.store.connect.open_for_reading`) is reused by
    the workers instead of opening the database again.
    """
    if not has_a_screen():
        gc.enable()  # paused by the CLI for the start-up
        print(
            f"error: {db_path}: the explorer needs an interactive terminal; "
            "in scripts use `libya-explore search`, `mentions` or `stats`",
            file=sys.stderr,
        )
        if connection is not None:
            connection.close()
        return 2
    app = ExplorerApp(db_path, connection)
    # The start-up allocates a great many objects (Textual's modules, the DOM, the styles) and
    # frees almost none: the collector would only walk them, again and again (about 15 ms of
    # collections before the first frame). It stays paused until the first frame is on screen
    # (the CLI pauses it before importing this module); everything built by then lives as long
    # as the process and is frozen, out of the collector's reach, before it resumes.
    gc.disable()
    gc.freeze()
    app.resume_collector = True
    try:
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
