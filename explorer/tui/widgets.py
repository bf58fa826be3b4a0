"""The explorer's own widgets: the virtual actor and mention lists, the context view, the lists of
actors to jump to, and the search and filter boxes.

Each pane's widget declares the keys that matter there with ``show=True``, so the footer shows
the keys of the pane that has focus; the app's own bindings (valid everywhere) stay hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Union

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Click, Key
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from explorer.safetext import same_length, snippet
from explorer.tui.data import ACTOR_SORTS, MentionLayout, sorted_hits
from explorer.tui.render import line_of_offset

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from explorer.store.queries import (
        DocumentCount,
        Entity,
        EntityHit,
        MentionFilter,
        MentionRow,
    )

#: A row of the actor list: a search result, or an actor of the whole list.
Actor = Union["EntityHit", "Entity"]


def toast_worker_error(app: App, event: Worker.StateChanged) -> None:
    """A worker that raised (they run with ``exit_on_error=False``): its error as a toast, and
    the app goes on. Database errors are reported by the workers themselves, as toasts too."""
    error = event.worker.error
    if event.state == WorkerState.ERROR and error is not None:
        message = same_length(f"{type(error).__name__}: {error}")
        app.notify(message, title="Something went wrong", severity="error", markup=False)


#: ``(entity_id, document_id, skip, limit, filter) -> rows``; called in a worker thread.
PageLoader = Callable[[int, int, int, int, "MentionFilter | None"], "list[MentionRow]"]
#: ``(entity_type, order, offset, limit) -> actors``; called in a worker thread.
ActorPageLoader = Callable[[str | None, str, int, int], "list[Entity]"]


# ---------------------------------------------------------------------------------- text boxes


class SearchInput(Input):
    """The search box; ↓, Enter and Escape move to the results; ``/`` selects the query."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_actors", "Results"),
        Binding("escape", "app.focus_actors", "Results", show=False),
        Binding("ctrl+t", "app.cycle_type", "Type filter"),
        Binding("ctrl+e", "app.export_mentions", "Export", show=False),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != "slash" and super().check_consume_key(key, character)

    async def _on_key(self, event: Key) -> None:
        if event.key == "slash":  # the search key itself, never part of a name
            event.prevent_default()
            event.stop()
            self.select_all()


class FilterInput(Input):
    """Filters the mentions: sentence words, ``doc:``, ``from:``, ``to:``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down", "app.focus_mentions", "Mentions"),
        Binding("escape", "app.clear_filter", "Clear filter"),
        Binding("ctrl+e", "app.export_mentions", "Export", show=False),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]


# ---------------------------------------------------------------------------------- actor list


class ActorList(ScrollView, can_focus=True):
    """The actors: search results, or every actor (virtual: pages are read as they come into
    view), in the order chosen with ``s``; ``space`` marks actors to merge them at once.

    The first line is the column header; the sorted column has a ``▼``.
    """

    PAGE_SIZE: ClassVar[int] = 100

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Mentions"),
        Binding("space", "toggle_mark", "Mark"),
        Binding("m", "app.merge", "Merge"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("t", "app.cycle_type", "Type"),
        Binding("escape", "clear_marks", "Unmark all", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "actor-list--header",
        "actor-list--cursor",
        "actor-list--alias",
        "actor-list--mark",
        "actor-list--pending",
    }

    DEFAULT_CSS = """
    ActorList {
        background: $surface;
        overflow-x: hidden;
        & > .actor-list--header { color: $text-muted; text-style: bold; }
        & > .actor-list--cursor { background: $surface-lighten-2; }
        &:focus > .actor-list--cursor { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .actor-list--alias { color: $text-muted; text-style: italic; }
        & > .actor-list--mark { color: $text-warning; text-style: bold; }
        & > .actor-list--pending { color: $text-muted; }
    }
    """

    MARK: ClassVar[str] = "●"
    TYPE_WIDTH: ClassVar[int] = 7
    COUNT_WIDTH: ClassVar[int] = 9
    DOCS_WIDTH: ClassVar[int] = 6

    cursor: reactive[int] = reactive(-1, always_update=True)

    class _ListMessage(Message):
        def __init__(self, actor_list: ActorList) -> None:
            super().__init__()
            self.actor_list = actor_list

        @property
        def control(self) -> ActorList:
            """The list that sent it (``@on(ActorList.Selected, "#actors")``)."""
            return self.actor_list

    class Highlighted(_ListMessage):
        """The cursor rests on an actor whose row is loaded."""

        def __init__(self, actor_list: ActorList, actor: Actor) -> None:
            super().__init__(actor_list)
            self.actor = actor

    class Selected(_ListMessage):
        """Enter (or a double click) on an actor."""

        def __init__(self, actor_list: ActorList, actor: Actor) -> None:
            super().__init__(actor_list)
            self.actor = actor

    class Changed(_ListMessage):
        """The list, the marks or the order changed (the pane's subtitle says so)."""

    class _PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list[Entity]) -> None:
            super().__init__()
            self.generation, self.page, self.rows = generation, page, rows

    def __init__(
        self, loader: ActorPageLoader | None = None, markable: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._loader = loader
        self.markable = markable
        self._hits: list[EntityHit] | None = []  # search results; None: the whole list
        self._sorted: list[EntityHit] = []
        self._total = 0
        self._entity_type: str | None = None
        self._pages: dict[int, list[Entity]] = {}
        self._pending: set[int] = set()
        self._generation = 0
        self.order = "match"
        self._chosen_order: str | None = None  # what the user chose with s, if anything
        self.marks: dict[int, Actor] = {}
        self.pages_fetched = 0
        self._announce = True
        self._keep: int | None = None

    # ------------------------------------------------------------------ data

    @property
    def shows_aliases(self) -> bool:
        """Whether a row shows the spelling a search matched (``≈Hifter``)."""
        return any(shown_alias(h) for h in self._hits or ())

    @property
    def browsing(self) -> bool:
        """Whether the list shows every actor (an empty query), not search results."""
        return self._hits is None

    def __len__(self) -> int:
        return self._total

    def show_hits(
        self, hits: list[EntityHit], keep: int | None = None, quiet: bool = False
    ) -> None:
        """Show search results; the cursor goes to ``keep`` when listed, else to the top.

        ``quiet``: the app shows ``keep`` itself, so moving the cursor there does not announce
        another actor (see :meth:`_place_cursor`).
        """
        self._reset()
        self._hits = list(hits)
        self.order = self._chosen_order or "match"
        self._sorted = sorted_hits(self._hits, self.order)
        self._total = len(self._sorted)
        self._place_cursor(keep, quiet)

    def browse(
        self, total: int, entity_type: str | None, keep: int | None = None, quiet: bool = False
    ) -> None:
        """Show every actor (of ``entity_type``): ``total`` rows, read page by page."""
        row = self.cursor if quiet else 0
        self._reset()
        self._hits = None
        self._entity_type = entity_type
        self._total = total
        self.order = self._chosen_order if self._chosen_order not in (None, "match") else "mentions"
        self._place_cursor(keep, quiet, row)

    def _reset(self) -> None:
        self._generation += 1
        self.workers.cancel_group(self, "actor-pages")
        self._pages.clear()
        self._pending.clear()

    def _place_cursor(self, keep: int | None, quiet: bool, row: int = 0) -> None:
        """The cursor on ``keep`` if its row is known, else on ``row``. Quietly, the row is
        not announced (no :class:`Highlighted`) until the user moves; in the whole list, the
        cursor moves to ``keep`` when its page arrives."""
        self.virtual_size = Size(self.size.width, self._total + 1)
        found = self.row_of(keep) if keep is not None else None
        self._keep = keep if quiet and found is None else None
        self._announce = not quiet
        if not self._total:
            self.cursor = -1
        else:
            target = found if found is not None else min(max(0, row), self._total - 1)
            if target == self.cursor:
                self._scroll_to_cursor()
            self.cursor = target
        self.refresh()
        self.post_message(self.Changed(self))

    def row_of(self, entity_id: int | None) -> int | None:
        """The row showing the actor, among the rows known (search results, loaded pages)."""
        if self._hits is not None:
            return next((i for i, h in enumerate(self._sorted) if h.id == entity_id), None)
        for page, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == entity_id:
                    return page * self.PAGE_SIZE + i
        return None

    def actor_at(self, row: int) -> Actor | None:
        if not 0 <= row < self._total:
            return None
        if self._hits is not None:
            return self._sorted[row]
        page = self._pages.get(row // self.PAGE_SIZE)
        if page is None:
            self._request(row // self.PAGE_SIZE)
            return None
        offset = row % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> Actor | None:
        return self.actor_at(self.cursor) if self.cursor >= 0 else None

    def _request(self, page: int) -> None:
        if page in self._pending or self._loader is None:
            return
        self._pending.add(page)
        self.run_worker(
            partial(self._fetch, self._generation, self._entity_type, self.order, page),
            thread=True,
            group="actor-pages",
            exit_on_error=False,
        )

    def _fetch(self, generation: int, entity_type: str | None, order: str, page: int) -> None:
        assert self._loader is not None
        rows = self._loader(entity_type, order, page * self.PAGE_SIZE, self.PAGE_SIZE)
        if not get_current_worker().is_cancelled:
            self.post_message(self._PageLoaded(generation, page, rows))

    @on(_PageLoaded)
    def _page_loaded(self, message: _PageLoaded) -> None:
        if message.generation != self._generation:
            return
        self.pages_fetched += 1
        self._pages[message.page] = message.rows
        self._pending.discard(message.page)
        self.refresh()
        if self._keep is not None and (row := self.row_of(self._keep)) is not None:
            self._keep = None
            self.cursor = row  # quietly: the app shows that actor already
        elif (
            self._announce
            and self.cursor // self.PAGE_SIZE == message.page
            and (actor := self.current) is not None
        ):
            self.post_message(self.Highlighted(self, actor))

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_mark", "clear_marks"):
            return self.markable
        return True

    # ------------------------------------------------------------------ order and marks

    def action_cycle_sort(self) -> None:
        orders = ACTOR_SORTS if not self.browsing else ACTOR_SORTS[1:]
        index = orders.index(self.order) if self.order in orders else -1
        self.set_order(orders[(index + 1) % len(orders)])

    def set_order(self, order: str) -> None:
        """Search results keep the actor under the cursor; the whole list starts at its top."""
        current = self.current
        self._chosen_order = self.order = order
        if self._hits is not None:
            self.show_hits(self._hits, current.id if current else None)
        else:
            self.browse(self._total, self._entity_type)

    def action_toggle_mark(self) -> None:
        if not self.markable or (actor := self.current) is None:
            return
        if actor.id in self.marks:
            del self.marks[actor.id]
        else:
            self.marks[actor.id] = actor
        self.refresh()
        self.post_message(self.Changed(self))
        self.action_cursor_down()

    def action_clear_marks(self) -> None:
        if self.marks:
            self.clear_marks()

    def clear_marks(self, ids: Any = None) -> None:
        """Unmark every actor (or those of ``ids``)."""
        for entity_id in list(self.marks) if ids is None else ids:
            self.marks.pop(entity_id, None)
        self.refresh()
        self.post_message(self.Changed(self))

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, row: int) -> None:
        if row < 0:
            return
        self._scroll_to_cursor()
        self.refresh()
        if self._announce and (actor := self.current) is not None:
            self.post_message(self.Highlighted(self, actor))

    def _scroll_to_cursor(self) -> None:
        rows = max(1, self.scrollable_content_region.height - 1)  # under the header
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            target = self.cursor
        elif self.cursor >= top + rows:
            target = self.cursor - rows + 1
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def _move_to_row(self, row: int) -> None:
        if self._total:
            self._announce = True  # the user moves: the list speaks for the cursor again
            self._keep = None
            self.cursor = max(0, min(row, self._total - 1))

    def action_cursor_down(self) -> None:
        self._move_to_row(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to_row(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move_to_row(self.cursor + self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self._move_to_row(self.cursor - self.scrollable_content_region.height + 1)

    def action_first(self) -> None:
        self._move_to_row(0)

    def action_last(self) -> None:
        self._move_to_row(self._total - 1)

    def action_select(self) -> None:
        if (actor := self.current) is not None:
            self.post_message(self.Selected(self, actor))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            self.action_cycle_sort()
            return
        row = offset.y - 1 + round(self.scroll_offset.y)
        if row < self._total:
            if row == self.cursor and event.chain > 1:
                self.action_select()
            self._move_to_row(row)

    # ------------------------------------------------------------------ rendering

    def columns(self, width: int) -> list[str]:
        """The columns that fit, name first: type from 34 cells, documents from 46 (or when the
        list is sorted by them)."""
        shown = ["name", "mentions"]
        if width >= 34:
            shown.insert(1, "type")
        if width >= 46 or self.order == "documents":
            shown.append("documents")
            if width < 46 and "type" in shown:
                shown.remove("type")
        return shown

    def _widths(self, width: int) -> dict[str, int]:
        widths = {
            "type": self.TYPE_WIDTH,
            "mentions": self.COUNT_WIDTH,
            "documents": self.DOCS_WIDTH,
        }
        columns = self.columns(width)
        fixed = sum(widths[c] for c in columns if c != "name")
        return {c: widths.get(c, max(6, width - 2 - fixed)) for c in columns}

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.get_visual_style()
        if y == 0:
            content = self._header(width)
            style = self.get_visual_style("actor-list--header")
        else:
            row = round(self.scroll_offset.y) + y - 1
            if row >= self._total:
                return Strip.blank(width, base.rich_style)
            actor = self.actor_at(row)
            if actor is None:
                content = Content("  …").stylize(
                    self.get_visual_style("actor-list--pending", partial=True)
                )
            else:
                content = self._row(actor, width)
            style = self.get_visual_style("actor-list--cursor") if row == self.cursor else base
        content = content.truncate(width, ellipsis=True, pad=True)
        return Strip(content.render_segments(style), width)

    def _header(self, width: int) -> Content:
        labels = {"name": "Actor", "type": "Type", "mentions": "Mentions", "documents": "Docs"}
        parts: list[Content] = [Content("  ")]
        for column, size in self._widths(width).items():
            label = labels[column] + ("▼" if self.order == column else "")
            cell = Content(label)
            parts.append(
                cell.truncate(size - 1, pad=True).pad_right(1)
                if column in ("name", "type")
                else cell.right(size)
            )
        return Content("").join(parts)

    def _row(self, actor: Actor, width: int) -> Content:
        mark = (
            Content(self.MARK + " ").stylize(
                self.get_visual_style("actor-list--mark", partial=True)
            )
            if actor.id in self.marks
            else Content("  ")
        )
        parts: list[Content] = [mark]
        for column, size in self._widths(width).items():
            if column == "name":
                name = Content.styled(same_length(actor.name), "bold")
                alias = shown_alias(actor)
                if alias:
                    # when both do not fit, the matched spelling keeps up to half the column:
                    # it is why this actor is listed
                    matched = Content("≈" + same_length(alias)).stylize(
                        self.get_visual_style("actor-list--alias", partial=True)
                    )
                    room = size - 1
                    if name.cell_length + 1 + matched.cell_length > room:
                        matched = matched.truncate(max(4, room // 2), ellipsis=True)
                        name = name.truncate(max(1, room - matched.cell_length - 1), ellipsis=True)
                    name += Content(" ") + matched
                parts.append(name.truncate(size - 1, ellipsis=True, pad=True).pad_right(1))
            elif column == "type":
                parts.append(Content.styled(actor.type[: size - 1], "dim").truncate(size, pad=True))
            elif column == "mentions":
                parts.append(Content(f"{actor.mentions:,}").right(size))
            else:
                parts.append(Content(f"{actor.documents:,}").right(size))
        return Content("").join(parts)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total + 1)
        if self.cursor >= 0:
            self._scroll_to_cursor()
        self.post_message(self.Changed(self))  # the subtitle fits the new width


def shown_alias(actor: Actor) -> str:
    """The spelling a search matched, when it tells the reader something: not the actor's name
    nor a part of it (a search for "haftar" matching "Haftar" of "Khalifa Haftar")."""
    alias = getattr(actor, "matched_alias", "") or ""
    return "" if alias.casefold() in actor.name.casefold() else alias


# ---------------------------------------------------------------------------------- mention list


class MentionList(ScrollView, can_focus=True):
    """Every mention of one actor, grouped under document headings, rendered line by line.

    Only the per-document counts are known up front; mentions arrive in pages of
    :attr:`PAGE_SIZE` fetched by thread workers as their rows scroll into view, so a list of
    100,000 mentions opens as fast as a list of ten.
    """

    PAGE_SIZE: ClassVar[int] = 100

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Read"),
        Binding("f", "app.filter_mentions", "Filter"),
        Binding("o", "app.only_this_document", "This doc"),
        Binding("v", "app.view_document", "Document"),
        Binding("c", "app.copy_mention", "Copy"),
        Binding("s", "toggle_sort", "Sort"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "mention-list--heading",
        "mention-list--cursor",
        "mention-list--surface",
        "mention-list--pending",
    }

    DEFAULT_CSS = """
    MentionList {
        background: $surface;
        overflow-x: hidden;
        & > .mention-list--heading { color: $text-accent; text-style: bold; }
        & > .mention-list--cursor { background: $surface-lighten-2; }
        &:focus > .mention-list--cursor { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .mention-list--surface { text-style: bold underline; color: $text-warning; }
        & > .mention-list--pending { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=True)
    by_count: reactive[bool] = reactive(False, init=False)

    class Highlighted(Message):
        """The cursor rests on a mention whose row is loaded."""

        def __init__(self, mention: MentionRow) -> None:
            super().__init__()
            self.mention = mention

    class Selected(Message):
        """Enter (or a click) on a mention."""

        def __init__(self, mention: MentionRow) -> None:
            super().__init__()
            self.mention = mention

    class Sorted(Message):
        """The documents' order changed: corpus order, or most mentions first."""

        def __init__(self, by_count: bool) -> None:
            super().__init__()
            self.by_count = by_count

    class _PageLoaded(Message):
        def __init__(self, generation: int, key: tuple[int, int], rows: list[MentionRow]) -> None:
            super().__init__()
            self.generation = generation
            self.key = key
            self.rows = rows

    def __init__(self, loader: PageLoader, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loader = loader
        self._layout = MentionLayout([])
        self._corpus_layout = self._layout
        self._entity_id: int | None = None
        self._filter: MentionFilter | None = None
        self._generation = 0
        self._pages: dict[tuple[int, int], list[MentionRow]] = {}
        self._pending: set[tuple[int, int]] = set()
        self.pages_fetched = 0

    # ------------------------------------------------------------------ data

    @property
    def layout_(self) -> MentionLayout:
        return self._layout

    @property
    def entity_id(self) -> int | None:
        return self._entity_id

    def show(
        self,
        entity_id: int | None,
        layout: MentionLayout,
        cursor: tuple[int, int] | None = None,
        mention_filter: MentionFilter | None = None,
    ) -> None:
        """Show an actor's mentions (or none), the cursor on mention ``(document_id, index)``;
        pages load as they come into view."""
        self._generation += 1
        self.workers.cancel_group(self, "mention-pages")
        self._entity_id = entity_id
        self._filter = mention_filter
        self._corpus_layout = layout
        self._layout = layout.sorted_by_count() if self.by_count else layout
        self._pages.clear()
        self._pending.clear()
        self.virtual_size = Size(0, len(self._layout))
        self.scroll_to(0, 0, animate=False, immediate=True)
        row = self._layout.row_of(*cursor) if cursor is not None else None
        start = self._layout.nearest_mention_row(row or 0)
        self.cursor = -1 if start is None else start
        self.refresh()
        # the header above may change height with the actor ("aka …"): scroll again once the
        # list has its new size
        self.call_after_refresh(self._keep_cursor_in_view)

    def on_resize(self) -> None:
        self._keep_cursor_in_view()

    def _keep_cursor_in_view(self) -> None:
        if self.cursor >= 0:
            self._scroll_to_cursor()

    def mention_at(self, row: int) -> MentionRow | None:
        position = self._layout.position(row)
        if position is None or position.is_heading:
            return None
        key = (position.document.document_id, position.index // self.PAGE_SIZE)
        page = self._pages.get(key)
        if page is None:
            self._request(key)
            return None
        offset = position.index % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> MentionRow | None:
        return self.mention_at(self.cursor) if self.cursor >= 0 else None

    def _request(self, key: tuple[int, int]) -> None:
        if key in self._pending or self._entity_id is None:
            return
        self._pending.add(key)
        self.run_worker(
            partial(self._fetch, self._generation, self._entity_id, self._filter, key),
            thread=True,
            group="mention-pages",
            exit_on_error=False,
        )

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)

    def _fetch(
        self,
        generation: int,
        entity_id: int,
        mention_filter: MentionFilter | None,
        key: tuple[int, int],
    ) -> None:
        document_id, page = key
        rows = self._loader(
            entity_id, document_id, page * self.PAGE_SIZE, self.PAGE_SIZE, mention_filter
        )
        if not get_current_worker().is_cancelled:
            self.post_message(self._PageLoaded(generation, key, rows))

    @on(_PageLoaded)
    def _page_loaded(self, message: _PageLoaded) -> None:
        if message.generation != self._generation:
            return  # a page of an actor no longer shown
        self.pages_fetched += 1
        self._pages[message.key] = message.rows
        self._pending.discard(message.key)
        self.refresh()
        if (mention := self.current) is not None and self._cursor_in(message.key):
            self.post_message(self.Highlighted(mention))

    def _cursor_in(self, key: tuple[int, int]) -> bool:
        position = self._layout.position(self.cursor)
        return (
            position is not None
            and not position.is_heading
            and (position.document.document_id, position.index // self.PAGE_SIZE) == key
        )

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self, row: int) -> None:
        if row < 0:
            return
        self._scroll_to_cursor()
        self.refresh()
        if (mention := self.current) is not None:
            self.post_message(self.Highlighted(mention))

    def _scroll_to_cursor(self) -> None:
        # Keep the document heading in view when the cursor is on its first mention.
        top = (
            self.cursor - 1
            if self.cursor > 0 and self._is_heading(self.cursor - 1)
            else self.cursor
        )
        self.scroll_to_region(
            Region(0, top, 1, self.cursor - top + 1), animate=False, immediate=True, force=True
        )

    def _is_heading(self, row: int) -> bool:
        position = self._layout.position(row)
        return position is not None and position.is_heading

    def _move(self, row: int, direction: int) -> None:
        if self._layout.total_mentions == 0:
            return
        target = self._layout.nearest_mention_row(row, direction)
        if target is not None:
            self.cursor = target

    def action_cursor_down(self) -> None:
        if self.cursor + 1 < len(self._layout):
            self._move(self.cursor + 1, 1)

    def action_cursor_up(self) -> None:
        if self.cursor > 1:
            self._move(self.cursor - 1, -1)

    def action_page_down(self) -> None:
        self._move(
            min(self.cursor + self.scrollable_content_region.height, len(self._layout) - 1), 1
        )

    def action_page_up(self) -> None:
        self._move(max(self.cursor - self.scrollable_content_region.height, 0), -1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self._layout) - 1, -1)

    def action_select(self) -> None:
        if (mention := self.current) is not None:
            self.post_message(self.Selected(mention))

    def action_toggle_sort(self) -> None:
        self.by_count = not self.by_count

    def watch_by_count(self, by_count: bool) -> None:
        position = self._layout.position(self.cursor)
        self._layout = self._corpus_layout.sorted_by_count() if by_count else self._corpus_layout
        row = 0
        if position is not None:
            row = self._layout.row_of(position.document.document_id, position.index) or 0
        self.cursor = self._layout.nearest_mention_row(row) or 0
        self.refresh()
        self.post_message(self.Sorted(by_count))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + self.scroll_offset.y
        if row < len(self._layout) and not self._is_heading(row):
            if row == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = row

    # ------------------------------------------------------------------ rendering

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        position = self._layout.position(row)
        base = self.get_visual_style()
        if position is None:
            return Strip.blank(width, base.rich_style)
        if position.is_heading:
            content = self._heading(position.document, width)
            style = self.get_visual_style("mention-list--heading")
        else:
            mention = self.mention_at(row)
            content = (
                self._mention_line(mention, width)
                if mention is not None
                else Content("  …").stylize(
                    self.get_visual_style("mention-list--pending", partial=True)
                )
            )
            style = self.get_visual_style("mention-list--cursor") if row == self.cursor else base
        content = content.truncate(width, ellipsis=True, pad=True)
        return Strip(content.render_segments(style), width)

    @staticmethod
    def _heading(document: DocumentCount, width: int) -> Content:
        """``▍Title  2020-01-19 · 3``: the title gets the room; the date goes before the title
        would be cut to less than two thirds of the line."""
        count = f"  {document.count:,}"
        dated = f"  {document.date} · {document.count:,}" if document.date else count
        title = same_length(document.title)
        room = width - 1
        suffix = dated
        if len(title) + len(dated) > room and room - len(dated) < room * 2 // 3:
            suffix = count
        shown = Content(title).truncate(max(8, room - len(suffix)), ellipsis=True)
        return Content.assemble("▍", shown, (suffix, "not bold"))

    def _mention_line(self, mention: MentionRow, width: int) -> Content:
        """The surface form in a column (when there is room), then the sentence around it."""
        highlight = self.get_visual_style("mention-list--surface", partial=True)
        if width < 60:
            preview, start, end = sentence_preview(mention, width - 2)
            return Content.assemble("  ", preview.stylize(highlight, start, end))
        surface_width = min(22, width // 4)
        surface = Content(same_length(mention.text)).truncate(
            surface_width, ellipsis=True, pad=True
        )
        preview, start, end = sentence_preview(mention, width - surface_width - 4)
        return Content.assemble("  ", surface, "  ", preview.stylize(highlight, start, end))


def sentence_preview(mention: MentionRow, width: int) -> tuple[Content, int, int]:
    """One line of the mention's sentence around the mention: ``(content, start, end)``.

    Shows about a third of the room before the mention, so it sits near the left and the reader
    sees what follows it (the line is cut to the width where it is drawn).
    """
    part, start, end = snippet(mention.sentence_text, *mention.sentence_offsets, max(4, width // 3))
    return Content(same_length(part)), start, end


# ---------------------------------------------------------------------------------- context


class ActorHeader(Widget):
    """The actor above its mentions: name, type and id, counts, and its other spellings, as many
    as the width holds (``+N more`` for the rest)."""

    DEFAULT_CSS = """
    ActorHeader { height: auto; max-height: 3; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._builder: Callable[[int], Content] = lambda _width: Content("")

    def show(self, render: Callable[[int], Content]) -> None:
        """``render(width)`` builds the header for the width it is drawn at."""
        self._builder = render
        self.refresh(layout=True)

    def render(self) -> Content:
        return self.content

    @property
    def content(self) -> Content:
        """What it shows at its current width."""
        return self._builder(max(10, self.content_region.width or self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._builder(width).plain.count("\n") + 1


class ContextView(VerticalScroll):
    """The mention's sentence with the sentences around it. The mention's sentence always stays
    in view: after every change the view scrolls to it (centred when it fits, else to the line
    holding the mention), whatever the window and the size."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "app.wider", "More context"),
        Binding("minus", "app.narrower", "Less"),
        Binding("c", "app.copy_mention", "Copy"),
        Binding("v", "app.view_document", "Document"),
        Binding("escape", "app.focus_mentions", "Mentions", show=False),
    ]

    _mention_at = 0

    def compose(self) -> ComposeResult:
        yield Static(id="context-before")
        yield Static(id="context-sentence")
        yield Static(id="context-after")

    def show(self, before: Content, sentence: Content, after: Content, mention_at: int) -> None:
        """Show the window; ``mention_at``: where the mention starts in ``sentence``."""
        self.query_one("#context-before", Static).update(before)
        self.query_one("#context-before").display = bool(before)
        self.query_one("#context-sentence", Static).update(sentence)
        self.query_one("#context-after", Static).update(after)
        self.query_one("#context-after").display = bool(after)
        self._mention_at = mention_at
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.call_after_refresh(self.scroll_to_mention)

    def on_resize(self) -> None:
        """A new size wraps the text anew: the mention's line moves."""
        self.call_after_refresh(self.scroll_to_mention)

    def scroll_to_mention(self) -> None:
        sentence = self.query_one("#context-sentence", Static)
        viewport = self.scrollable_content_region.height
        top = sentence.virtual_region.y
        height = sentence.outer_size.height
        if height <= viewport:
            target = top - (viewport - height) // 2  # centred: the context above and below
        else:  # a sentence taller than the pane: the line holding the mention, near the top
            target = top + max(0, self._mention_line(sentence) - viewport // 3)
        self.scroll_to(y=max(0, target), animate=False, immediate=True, force=True)

    def _mention_line(self, sentence: Static) -> int:
        content = sentence.content
        if not isinstance(content, Content):
            return 0
        return line_of_offset(content, sentence.content_region.width, self._mention_at)

    @property
    def parts(self) -> list[Content]:
        """What it shows: the sentences before, the mention's sentence, the sentences after."""
        shown = []
        for name in ("before", "sentence", "after"):
            content = self.query_one(f"#context-{name}", Static).content
            shown.append(content if isinstance(content, Content) else Content(str(content)))
        return shown


class CoActorList(OptionList):
    """The other actors in the selected sentence; choosing one jumps to their mention there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Jump"),
        Binding("c", "app.copy_mention", "Copy"),
        Binding("escape", "app.focus_mentions", "Mentions", show=False),
    ]


class AppearsWithList(OptionList):
    """The actors named in the same sentences as the current one, most shared sentences first;
    choosing one jumps to it, on the first sentence they share."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Jump"),
    ]

    class Resized(Message):
        """The list has a new width: its rows (cut to fit) are to be laid out again."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())
