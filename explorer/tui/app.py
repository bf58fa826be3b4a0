"""The explorer: fuzzy actor search, every mention of the actor, and each mention's sentence.

Every database read and write runs in a thread worker (Harlequin's pattern:
``@work(thread=True, exclusive=True, exit_on_error=False)``) that reports back with a typed
message (:mod:`explorer.tui.messages`); a newer request cancels the older one and stale answers
are dropped, so typing never waits on SQLite, and a worker that fails shows a toast while the
app goes on. Untrusted text reaches the screen only as ``Content`` built from plain strings
(:mod:`explorer.tui.render`), never as markup.

Where things go: a pane's keys are its widget's ``BINDINGS`` (the footer shows them when it has
focus); keys valid everywhere are :attr:`ExplorerApp.BINDINGS`; a new screen gets an
``action_open_…`` here that pushes it, a line in :data:`explorer.tui.keys.PALETTE_COMMANDS`, and
a section of :data:`explorer.tui.keys.HELP_SECTIONS`.
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
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from explorer.errors import UserError
from explorer.labels import ENTITY_LABELS
from explorer.safetext import same_length
from explorer.store.connect import DatabaseProblem
from explorer.tui.chart import MentionsChart
from explorer.tui.data import ConnectionPool, MentionLayout, describe_filter, toggle_document
from explorer.tui.keys import HELP_SECTIONS, PALETTE_COMMANDS
from explorer.tui.messages import (
    AppearsWithLoaded,
    ChartLoaded,
    ContextLoaded,
    CurationDone,
    EntityLoaded,
    Exported,
    Failed,
    SearchDone,
    TypesLoaded,
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
    toast_worker_error,
)

if TYPE_CHECKING:  # pragma: no cover
    # Imported where used: the query layer (and the dialogs) load after the first frame, in the
    # workers that read the database (and the actions that open a dialog).
    from explorer.pipeline.curation import Outcome
    from explorer.store import queries

SEARCH_LIMIT = 200
APPEARS_WITH_LIMIT = 50
MAX_WINDOW = 10


@dataclass(frozen=True)
class Place:
    """Where the reader was, for ``back``: the search, the actor and the mention."""

    query: str
    type_index: int
    entity_id: int
    document_id: int | None
    index: int


# ---------------------------------------------------------------------------------- the app


class ExplorerApp(App[int]):
    """Search actors, read every sentence that names them, and curate them."""

    CSS_PATH = "app.tcss"
    TITLE = "libya-explore"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    #: Keys valid everywhere. Hidden from the footer but for search, help and quit: each pane
    #: shows its own keys (its widget's bindings). Letters never reach these from a text box,
    #: which types them; ctrl+q (Textual's, priority) quits from anywhere.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("t", "cycle_type", "Type", show=False),
        Binding("ctrl+t", "cycle_type", "Type filter", show=False),
        Binding("backspace,b", "back", "Back", show=False),
        Binding("plus,equals_sign", "wider", "More context", show=False),
        Binding("minus", "narrower", "Less context", show=False),
        Binding("f", "filter_mentions", "Filter", show=False),
        Binding("o", "only_this_document", "This document", show=False),
        Binding("v", "view_document", "Document", show=False),
        Binding("S", "statements", "Statements", show=False),
        Binding("c", "copy_mention", "Copy", show=False),
        Binding("ctrl+e", "export_mentions", "Export", show=False),
        Binding("m", "merge", "Merge", show=False),
        Binding("a", "split_alias", "Split alias", show=False),
        Binding("r", "rename", "Rename", show=False),
        Binding("y", "set_type", "Set type", show=False),
        Binding("u,ctrl+z", "undo", "Undo", show=False),
        Binding("R", "open_review", "Review", show=False),
        Binding("d", "toggle_dark", "Light/dark", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", priority=True),  # Textual's, shown in text boxes
    ]

    def __init__(self, db_path: str | Path, connection: sqlite3.Connection | None = None) -> None:
        """``connection``: an already checked read-only connection to reuse (the CLI's)."""
        super().__init__()
        self.db_path = Path(db_path)
        self.pool = ConnectionPool(self.db_path, connection)
        self.types: list[str | None] = [None]
        self.type_index = 0
        self.entity: queries.Entity | None = None
        self.entity_id: int | None = None
        self.aliases: list[tuple[str, int]] = []
        self.context: queries.Context | None = None
        self.window = 1
        self.history: list[Place] = []
        self.mention_filter: queries.MentionFilter | None = None
        #: The actor the next search results keep under the cursor (a jump, back, curation).
        self._keep_entity: int | None = None
        self._shown_search: tuple[str, str | None] | None = None
        self._appears_names: dict[int, str] = {}
        self._appears_found: list[tuple[queries.Entity, int]] = []
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
            with Vertical(id="left"):
                with Vertical(id="actors-pane", classes="pane"):
                    yield ActorList(self._load_actor_page, id="actors")
                # the "appears with" list comes after the first frame: see _appears_with
                yield Vertical(id="appears-pane", classes="pane")
            with Vertical(id="detail"):
                with Vertical(id="mentions-pane", classes="pane"):
                    yield ActorHeader(id="actor-header")
                    yield MentionsChart(id="mentions-chart")  # hidden until a timeline loads
                    # the filter box is mounted on first use (f): see _filter_box
                    yield MentionList(self._load_page, id="mentions")
                with Vertical(id="context-pane", classes="pane"):
                    yield Static(id="context-meta")
                    yield ContextView(id="context")
                    # the co-actors list (hidden until a sentence names others) comes after the
                    # first frame: see _coactors
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.db_path.name
        self._sorted(MentionList.Sorted(False))
        self.main.query_one("#actors-pane").border_title = "Actors"
        self.main.query_one("#appears-pane").border_title = "Appears with"
        self.main.query_one("#mentions-pane").border_title = "Mentions"
        self.main.query_one("#context-pane").border_title = "Context"
        self._show_type_filter()
        self._show_empty_context()
        self.main.query_one(SearchInput).focus()
        # The first reads start once the first frame is on screen: the empty panes are drawn
        # without racing the workers' answers, and the rows follow (as after every search).
        self.call_after_refresh(self._first_reads)

    def _first_reads(self) -> None:
        if self.resume_collector:
            self.resume_collector = False
            gc.freeze()  # what the start-up built lives as long as the app
            gc.enable()
        self._coactors()
        self._appears_with()
        self._filter_box()
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

    @property
    def main(self) -> Screen:
        """The main screen (its panes), also while a dialog is on top."""
        return self.screen_stack[0]

    # ------------------------------------------------------------------ data (thread workers)

    def _read(self, reader: Callable[[sqlite3.Connection], object]) -> object | None:
        """Run ``reader`` on a pooled connection; a database failure becomes a :class:`Failed`."""
        try:
            with self.pool.connection() as conn:
                return reader(conn)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.post_message(Failed(f"{self.db_path}: {exc}"))
            return None

    def _load_page(
        self,
        entity_id: int,
        document_id: int,
        skip: int,
        limit: int,
        mention_filter: queries.MentionFilter | None,
    ) -> list:
        from explorer.store import queries

        rows = self._read(
            lambda conn: queries.filtered_mentions_in_document(
                conn, entity_id, document_id, mention_filter, skip, limit
            )
        )
        return rows if isinstance(rows, list) else []

    def _load_actor_page(
        self, entity_type: str | None, order: str, offset: int, limit: int
    ) -> list:
        from explorer.store import queries

        rows = self._read(lambda conn: queries.entity_page(conn, entity_type, order, offset, limit))
        return rows if isinstance(rows, list) else []

    @work(thread=True, exclusive=True, group="types", exit_on_error=False)
    def load_types(self) -> None:
        from explorer.store import queries

        types = self._read(queries.entity_types)
        if isinstance(types, list):
            self.post_message(TypesLoaded(types))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str, entity_type: str | None) -> None:
        from explorer.normalize import matching_key
        from explorer.store import queries

        def read(conn: sqlite3.Connection) -> SearchDone:
            if not matching_key(query[:200]):  # nothing to match: every actor, page by page
                return SearchDone(
                    query, entity_type, None, queries.count_entities(conn, entity_type)
                )
            hits = queries.search_entities(conn, query, entity_type, SEARCH_LIMIT)
            return SearchDone(query, entity_type, hits, len(hits))

        done = self._read(read)
        if isinstance(done, SearchDone) and not get_current_worker().is_cancelled:
            self.post_message(done)

    @work(thread=True, exclusive=True, group="entity", exit_on_error=False)
    def load_entity(
        self,
        entity_id: int,
        cursor: tuple[int, int] | None = None,
        landing: int | None = None,
    ) -> None:
        """The actor, its spellings and the layout of its mentions (under the filter); the
        cursor on ``cursor`` (document, index) or on mention ``landing``."""
        from explorer.store import queries

        mention_filter = self.mention_filter

        def read(conn: sqlite3.Connection) -> EntityLoaded:
            entity = queries.get_entity(conn, entity_id)
            counts = queries.filtered_mention_counts(conn, entity_id, mention_filter)
            place = cursor
            if landing is not None:
                found = queries.mention_position(conn, landing, mention_filter)
                if found is not None and found.entity_id == entity_id:
                    place = (found.document_id, found.index)
            return EntityLoaded(
                entity,
                entity_id,
                queries.entity_aliases(conn, entity_id),
                MentionLayout(counts),
                place,
                mention_filter,
            )

        loaded = self._read(read)
        if isinstance(loaded, EntityLoaded) and not get_current_worker().is_cancelled:
            self.post_message(loaded)

    @work(thread=True, exclusive=True, group="chart", exit_on_error=False)
    def load_chart(self, entity_id: int, mention_filter: queries.MentionFilter | None) -> None:
        """The timeline the chart above the mentions draws (the mentions the filter keeps)."""
        from explorer.store import queries
        from explorer.tui.chart import CHART_PERIODS

        def read(conn: sqlite3.Connection) -> ChartLoaded:
            entity = queries.get_entity(conn, entity_id)
            timeline = (
                queries.fitting_timeline(conn, entity, mention_filter, CHART_PERIODS)
                if entity is not None
                else None
            )
            return ChartLoaded(entity_id, mention_filter, timeline)

        loaded = self._read(read)
        if isinstance(loaded, ChartLoaded) and not get_current_worker().is_cancelled:
            self.post_message(loaded)

    @work(thread=True, exclusive=True, group="appears", exit_on_error=False)
    def load_appears_with(self, entity_id: int) -> None:
        from explorer.store import queries

        found = self._read(lambda conn: queries.cooccurring(conn, entity_id, APPEARS_WITH_LIMIT))
        if isinstance(found, list) and not get_current_worker().is_cancelled:
            self.post_message(AppearsWithLoaded(entity_id, found))

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

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False)
    def jump_to_shared_sentence(self, entity_id: int, other_id: int, name: str) -> None:
        """Find the first sentence two actors share, then jump to the other one there."""
        from explorer.store import queries

        mention = self._read(
            lambda conn: queries.shared_sentence_mention(conn, entity_id, other_id)
        )
        landing = mention if isinstance(mention, int) else None
        self.call_from_thread(self.jump_to, other_id, name, landing)

    @work(thread=True, exclusive=True, group="curation", exit_on_error=False)
    def curate(self, change: Callable[[Path], Outcome], removed: tuple[int, ...] = ()) -> None:
        """Run one curation call (:mod:`explorer.pipeline.curation`) and report what it did."""
        try:
            outcome = change(self.db_path)
        except (UserError, DatabaseProblem, sqlite3.Error) as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(CurationDone(same_length(outcome.summary), outcome.entity_id, removed))

    @work(thread=True, exclusive=True, group="curation", exit_on_error=False)
    def undo_last(self) -> None:
        from explorer.pipeline import curation

        try:
            outcomes = curation.undo(self.db_path)
        except (UserError, DatabaseProblem, sqlite3.Error) as exc:
            self.post_message(Failed(str(exc)))
            return
        if not outcomes:
            self.call_from_thread(self.notify, "Nothing to undo.", timeout=3)
            return
        (outcome,) = outcomes
        summary = same_length(outcome.summary[0].upper() + outcome.summary[1:])
        if not outcome.exact:
            summary += " The database changed since: `libya-explore resolve` finishes the undo."
        self.post_message(CurationDone(summary, outcome.entity_id, (), title="Undone"))

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
        self.main.query_one("#type-filter", Static).update(
            Content.assemble("type: ", (label, "bold"), " ")
        )

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        search = self.main.query_one(SearchInput)
        if (message.query, message.entity_type) != (search.value, self.entity_type):
            return  # typing has moved on
        refresh = (message.query, message.entity_type) == self._shown_search
        self._shown_search = (message.query, message.entity_type)
        actors = self.main.query_one("#actors", ActorList)
        keep = self._keep_entity if self._keep_entity is not None else None
        if keep is None and refresh:
            keep = self.entity_id
        self._keep_entity = None
        if message.hits is None:
            actors.browse(message.total, message.entity_type, keep, quiet=keep is not None)
        else:
            actors.show_hits(message.hits, keep, quiet=keep is not None)
        if not message.total:
            self._show_entity(None)
        elif keep is not None:
            self.select_entity(keep)

    @on(ActorList.Changed, "#actors")
    def _actors_changed(self) -> None:
        actors = self.main.query_one("#actors", ActorList)
        pane = self.main.query_one("#actors-pane")
        count = f"{len(actors):,}"
        shown = count + ("" if actors.browsing else " found")
        order = "by " + {"match": "best match"}.get(actors.order, actors.order)
        legend = ["≈ spelling matched"] if actors.shows_aliases else []
        choices = [[shown, order, *legend], [shown, *legend], [count, *legend]]
        if actors.marks:
            choices = [[f"{len(actors.marks)} marked: m merges"]]
        room = (pane.size.width or 1_000) - 6  # the corners and a space each side
        subtitles = [" · ".join(parts) for parts in choices]
        pane.border_subtitle = next((s for s in subtitles if len(s) <= room), subtitles[-1])

    @on(ActorList.Highlighted, "#actors")
    def _actor_highlighted(self, message: ActorList.Highlighted) -> None:
        self.select_entity(message.actor.id)

    @on(ActorList.Selected, "#actors")
    def _actor_selected(self) -> None:
        self.main.query_one(MentionList).focus()

    # ------------------------------------------------------------------ the selected actor

    def select_entity(
        self,
        entity_id: int,
        cursor: tuple[int, int] | None = None,
        force: bool = False,
        landing: int | None = None,
    ) -> None:
        if entity_id == self.entity_id and not force:
            return
        changed = entity_id != self.entity_id
        self.entity_id = entity_id
        self.load_entity(entity_id, cursor, landing)
        if changed or force:
            self.load_appears_with(entity_id)

    @on(EntityLoaded)
    def _entity_loaded(self, message: EntityLoaded) -> None:
        if message.entity_id != self.entity_id or message.mention_filter != self.mention_filter:
            return
        self.aliases = message.aliases
        self._show_entity(message.entity, message.layout, message.cursor)
        if message.entity is not None:
            self.load_chart(message.entity_id, message.mention_filter)

    @on(ChartLoaded)
    def _chart_loaded(self, message: ChartLoaded) -> None:
        if message.entity_id == self.entity_id and message.mention_filter == self.mention_filter:
            self.main.query_one(MentionsChart).show(message.timeline)

    def _show_entity(
        self,
        entity: queries.Entity | None,
        layout: MentionLayout | None = None,
        cursor: tuple[int, int] | None = None,
    ) -> None:
        self.entity = entity
        mentions = self.main.query_one(MentionList)
        header = self.main.query_one(ActorHeader)
        if entity is None:
            self.entity_id = None
            header.show(lambda _width: Content("No actor matches."))
            self.main.query_one(MentionsChart).show(None)
            mentions.show(None, MentionLayout([]))
            self._show_empty_context()
            self._fill_appears_with([])
            return
        layout = layout or MentionLayout([])
        aliases = self.aliases
        total = entity.mentions if self.mention_filter else None
        from explorer.tui.render import actor_header

        header.show(lambda width: actor_header(entity, aliases, layout, width, total))
        mentions.show(entity.id, layout, cursor, self.mention_filter)
        if layout.total_mentions == 0:
            self._show_empty_context(
                "No mention passes the filter (f to change it, escape in the filter clears it)."
                if self.mention_filter
                else None
            )
        self.refresh_bindings()

    # ------------------------------------------------------------------ appears with

    def _appears_with(self) -> AppearsWithList:
        """The "appears with" list, mounted on first use or right after the first frame."""
        main_screen = self.screen_stack[0]
        try:
            return main_screen.query_one(AppearsWithList)
        except NoMatches:
            appears = AppearsWithList(id="appears", markup=False)
            main_screen.query_one("#appears-pane").mount(appears)
            return appears

    @on(AppearsWithLoaded)
    def _appears_with_loaded(self, message: AppearsWithLoaded) -> None:
        if message.entity_id == self.entity_id:
            self._fill_appears_with(message.found)

    def _fill_appears_with(
        self, found: list[tuple[queries.Entity, int]], highlighted: int = 0
    ) -> None:
        from explorer.tui.render import appears_with_prompt

        appears = self._appears_with()
        # the width the rows will have, scrollbar included when they overflow (known now, not
        # once they are added), so the layout does not depend on when the list was last resized
        region = appears.content_region
        scrollbar = appears.styles.scrollbar_size_vertical if len(found) > region.height else 0
        width = max(20, (region.width - scrollbar or 32) - 2)
        self._appears_found = found
        self._appears_names = {entity.id: entity.name for entity, _n in found}
        appears.clear_options()
        appears.add_options(
            Option(appears_with_prompt(entity, n, width), id=str(entity.id)) for entity, n in found
        )
        if found:
            appears.highlighted = min(highlighted, len(found) - 1)
        pane = self.main.query_one("#appears-pane")
        pane.border_subtitle = (
            f"{len(found)}{'+' if len(found) == APPEARS_WITH_LIMIT else ''} · sentences shared"
            if found
            else "nobody named with it"
            if self.entity_id is not None
            else ""
        )

    @on(AppearsWithList.Resized)
    def _appears_with_resized(self) -> None:
        """Rows cut for the old width are laid out for the new one, the cursor kept."""
        if self._appears_found:
            appears = self._appears_with()
            self._fill_appears_with(self._appears_found, appears.highlighted or 0)

    @on(OptionList.OptionSelected, "#appears")
    def _appears_with_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None and self.entity_id is not None:
            other = self._appears_names.get(int(event.option.id), "")
            self.jump_to_shared_sentence(self.entity_id, int(event.option.id), other)

    # ------------------------------------------------------------------ mentions and context

    @on(MentionList.Sorted)
    def _sorted(self, message: MentionList.Sorted) -> None:
        self._show_mentions_subtitle(message.by_count)

    def _show_mentions_subtitle(self, by_count: bool | None = None) -> None:
        if by_count is None:
            by_count = self.main.query_one(MentionList).by_count
        order = "most mentions first" if by_count else "corpus order"
        subtitle = f"documents: {order} (s)"
        if self.mention_filter:
            subtitle = f"filter: {describe_filter(self.mention_filter)} (f)"
        self.main.query_one("#mentions-pane").border_subtitle = same_length(subtitle)

    @on(MentionList.Highlighted)
    def _mention_highlighted(self, message: MentionList.Highlighted) -> None:
        self.load_context(message.mention.id, self.window)

    @on(MentionList.Selected)
    def _mention_selected(self, message: MentionList.Selected) -> None:
        coactors = self._coactors()
        if coactors.option_count:
            coactors.focus()
        else:
            self.main.query_one(ContextView).focus()

    @on(ContextLoaded)
    def _context_loaded(self, message: ContextLoaded) -> None:
        current = self.main.query_one(MentionList).current
        if current is None or current.id != message.mention_id or message.window != self.window:
            return
        self.context = message.context
        if message.context is None:
            self._show_empty_context()
            return
        from explorer.tui.render import coactor_prompt, context_meta, context_parts

        context = message.context
        self.main.query_one("#context-meta", Static).update(context_meta(context))
        self.main.query_one(ContextView).show(*context_parts(context))
        coactors = self._coactors()
        coactors.clear_options()
        seen: set[int] = set()
        for other in context.others:
            if other.entity_id in seen or other.entity_id == context.mention.entity_id:
                continue
            seen.add(other.entity_id)
            coactors.add_option(Option(coactor_prompt(other), id=str(other.mention_id)))
        coactors.display = bool(seen)
        if seen:
            coactors.highlighted = 0
        self.main.query_one("#context-pane").border_subtitle = f"window ±{self.window} (+/-)"
        self.refresh_bindings()

    def _show_empty_context(self, text: str | None = None) -> None:
        self.context = None
        self.main.query_one("#context-meta", Static).update(Content(""))
        self.main.query_one(ContextView).show(
            Content(""),
            Content(text or "Pick an actor, then a mention, to read its sentence here."),
            Content(""),
            0,
        )
        for coactors in self.main.query(CoActorList):  # none before the first frame
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
        """Jump to the other actor, on their mention in this very sentence."""
        if event.option.id is None or self.context is None:
            return
        mention_id = int(event.option.id)
        other = next((o for o in self.context.others if o.mention_id == mention_id), None)
        if other is not None:
            self.jump_to(other.entity_id, other.name, mention_id)

    def jump_to(self, entity_id: int, name: str, mention_id: int | None = None) -> None:
        """Open another actor (on ``mention_id`` when given), remembering where we were so
        ``back`` returns there; the actors pane lists the new actor."""
        if self.entity_id is not None:
            self.history.append(self._place())
        self._keep_entity = entity_id
        self.select_entity(entity_id, force=True, landing=mention_id)
        self._set_search(name, 0)
        self.main.query_one(MentionList).focus()
        self.refresh_bindings()

    def _set_search(self, query: str, type_index: int) -> None:
        """Show a search (a jump's, or one ``back`` restores); the results keep
        ``_keep_entity`` under the cursor."""
        search = self.main.query_one(SearchInput)
        self.type_index = type_index if type_index < len(self.types) else 0
        self._show_type_filter()
        if search.value != query:
            search.value = query  # Input.Changed runs the search
        else:
            self.search(query, self.entity_type)

    def _place(self) -> Place:
        assert self.entity_id is not None
        mentions = self.main.query_one(MentionList)
        query = self.main.query_one(SearchInput).value
        position = mentions.layout_.position(mentions.cursor)
        if position is None:
            return Place(query, self.type_index, self.entity_id, None, 0)
        return Place(
            query,
            self.type_index,
            self.entity_id,
            position.document.document_id,
            max(0, position.index),
        )

    # ------------------------------------------------------------------ mentions filter

    def _filter_box(self) -> FilterInput:
        try:
            return self.main.query_one(FilterInput)
        except NoMatches:
            box = FilterInput(
                placeholder="words · doc:ID or doc:WORD · from:2020-03 · to:2020-06",
                id="mention-filter",
                compact=True,
            )
            box.display = False  # mounted hidden right after the first frame; f shows it
            self.main.query_one("#mentions-pane").mount(
                box, before=self.main.query_one(MentionList)
            )
            return box

    def action_filter_mentions(self) -> None:
        box = self._filter_box()
        box.display = True
        box.focus()

    @on(Input.Changed, "#mention-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        from explorer.tui.data import parse_mention_filter

        parsed = parse_mention_filter(event.value)
        self.mention_filter = parsed if parsed else None
        self._show_mentions_subtitle()
        if self.entity_id is not None:
            self.load_entity(self.entity_id)

    def action_focus_mentions(self) -> None:
        self.main.query_one(MentionList).focus()

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        box.value = ""
        box.display = False
        self.main.query_one(MentionList).focus()

    def action_only_this_document(self) -> None:
        mention = self.main.query_one(MentionList).current
        if mention is None:
            return
        box = self._filter_box()
        box.value = toggle_document(box.value, mention.document_id)
        box.display = bool(box.value)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.screen is not self.screen_stack[0]:
            # A dialog is open: its own keys only (a list in a dialog must not start a merge).
            return action in ("quit", "command_palette")
        if action == "focus_search" and isinstance(self.focused, FilterInput):
            return False  # "/" is typed there: the footer must not offer it
        if action == "back":
            return bool(self.history)
        if action in ("merge", "split_alias", "rename", "set_type", "export_mentions"):
            return self.entity is not None or None
        if action in ("wider", "narrower", "copy_mention", "view_document", "only_this_document"):
            return self.context is not None or None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        """Focus the search box with its text selected, so typing starts a new query."""
        search = self.main.query_one(SearchInput)
        search.focus()
        search.select_all()

    def action_focus_actors(self) -> None:
        self.main.query_one("#actors", ActorList).focus()

    def action_cycle_type(self) -> None:
        self.type_index = (self.type_index + 1) % len(self.types)
        self._show_type_filter()
        self.search(self.main.query_one(SearchInput).value, self.entity_type)

    def action_sort_actors(self) -> None:
        self.main.query_one("#actors", ActorList).action_cycle_sort()

    def action_back(self) -> None:  # type: ignore[override]  # Textual's pops a screen; ours: actor
        if not self.history:
            self.notify("Nothing to go back to.", timeout=2)
            return
        place = self.history.pop()
        cursor = (place.document_id, place.index) if place.document_id is not None else None
        self._keep_entity = place.entity_id
        self.select_entity(place.entity_id, cursor, force=True)
        self._set_search(place.query, place.type_index)
        self.refresh_bindings()

    def action_wider(self) -> None:
        self._set_window(self.window + 1)

    def action_narrower(self) -> None:
        self._set_window(self.window - 1)

    def _set_window(self, window: int) -> None:
        self.window = max(0, min(MAX_WINDOW, window))
        if (mention := self.main.query_one(MentionList).current) is not None:
            self.load_context(mention.id, self.window)

    def action_copy_mention(self) -> None:
        """The mention's sentence with its citation, to the clipboard (OSC 52: works over SSH)."""
        if self.context is None:
            return
        from explorer.tui.render import citation

        self.copy_to_clipboard(citation(self.context))
        self.notify("Copied the sentence with its title, date, source and link.", timeout=3)

    def action_export_mentions(self) -> None:
        """Every mention of the actor (the filter aside) to a file named in a dialog."""
        if (entity := self.entity) is None:
            return
        from explorer.pipeline.export import file_slug
        from explorer.tui.screens import ExportScreen

        def export(path: Path | None) -> None:
            if path is not None:
                self.export_mentions(entity.id, entity.name, path)

        suggested = f"{file_slug(entity.name, f'actor-{entity.id}')}-mentions.csv"
        title = f"Export the {entity.mentions:,} mentions of {entity.name}"
        self.push_screen(ExportScreen(title, suggested), export)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_mentions(self, entity_id: int, name: str, path: Path) -> None:
        from explorer.pipeline.export import export_mentions_to_file

        try:
            with self.pool.connection() as conn:
                count = export_mentions_to_file(conn, entity_id, path)
        except UserError as exc:
            self.post_message(Failed(str(exc)))
            return
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.post_message(Failed(f"{self.db_path}: {exc}"))
            return
        self.post_message(Exported(count, path, name))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        from explorer.tui.render import plural

        self.notify(
            same_length(f"{plural(message.count, 'mention')} of {message.name} to {message.path}"),
            title="Exported",
            markup=False,
        )

    def action_view_document(self) -> None:
        if self.context is None:
            return
        from explorer.tui.screens import DocumentScreen

        mention = self.context.mention
        self.push_screen(DocumentScreen(self.pool, mention.document_id, self.entity, mention.id))

    def action_statements(self) -> None:
        """The current actor's statements (issue 15): what they said, where."""
        if self.entity is None:
            return
        from explorer.tui.statements import StatementsScreen

        self.push_screen(StatementsScreen(self.pool, self.entity))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        from explorer.tui.screens import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(HELP_SECTIONS))

    # ------------------------------------------------------------------ curation

    def action_merge(self) -> None:
        """Merge the marked actors (or the current one) into another: pick it, see both sides,
        confirm; then it writes."""
        if self.entity is None:
            return
        from explorer.pipeline import curation
        from explorer.tui.screens import ConfirmMergeScreen, PickActorScreen

        actors = self.main.query_one("#actors", ActorList)
        sources = list(actors.marks) or [self.entity.id]
        names = [a.name for a in actors.marks.values()] or [self.entity.name]
        title = f"Merge {names[0]} into…" if len(names) == 1 else f"Merge {len(names)} actors into…"

        def confirm(target: int | None) -> None:
            if target is None:
                return

            def merge(confirmed: bool | None) -> None:
                if confirmed:
                    self.curate(
                        lambda path: curation.merge_many(path, sources, target), tuple(sources)
                    )

            self.push_screen(ConfirmMergeScreen(sources, target, self.pool), merge)

        self.push_screen(PickActorScreen(title, set(sources), self.pool), confirm)

    def action_split_alias(self) -> None:
        if (entity := self.entity) is None:
            return
        from explorer.pipeline import curation
        from explorer.tui.screens import ChoiceScreen

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
                self.curate(lambda path: curation.split_alias(path, entity.id, alias))

        self.push_screen(ChoiceScreen(f"Split an alias off {entity.name}", aliases, labels), split)

    def action_rename(self) -> None:
        if (entity := self.entity) is None:
            return
        from explorer.pipeline import curation
        from explorer.tui.screens import PromptScreen

        def rename(name: str | None) -> None:
            if name and name.strip() and name.strip() != entity.name:
                self.curate(lambda path: curation.rename(path, entity.id, name.strip()))

        self.push_screen(PromptScreen(f"Rename {entity.name}", entity.name), rename)

    def action_set_type(self) -> None:
        if (entity := self.entity) is None:
            return
        from explorer.pipeline import curation
        from explorer.tui.screens import ChoiceScreen

        types = sorted({*ENTITY_LABELS, *(t for t in self.types if t)} - {entity.type})

        def set_type(entity_type: str | None) -> None:
            if entity_type:
                self.curate(lambda path: curation.set_type(path, entity.id, entity_type))

        self.push_screen(
            ChoiceScreen(f"Type of {entity.name} (now {entity.type})", types, types), set_type
        )

    def action_undo(self) -> None:
        self.undo_last()

    def action_open_review(self) -> None:
        """The review queue: the resolver's least certain decisions (:mod:`explorer.tui.review`)."""
        from explorer.tui.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen(self.pool, self.db_path))

    @on(CurationDone)
    def _curation_done(self, message: CurationDone) -> None:
        """Every pane shows the database as it is now: types, the search, the actor."""
        self.notify(message.summary, title=message.title, markup=False)
        gone = {*message.removed} - {message.entity_id}
        self.history = [place for place in self.history if place.entity_id not in gone]
        actors = self.main.query_one("#actors", ActorList)
        actors.clear_marks(message.removed)
        self.load_types()
        focus = message.entity_id if message.entity_id is not None else self.entity_id
        if focus is not None:
            self._keep_entity = focus
            self.select_entity(focus, force=True)
        self.search(self.main.query_one(SearchInput).value, self.entity_type)
        self.refresh_bindings()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(same_length(message.text), severity="error", markup=False)

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self, event)

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Our own actions only (Textual's screenshot, keys and theme entries are left out)."""
        for title, help_text, action in PALETTE_COMMANDS:
            yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))


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
