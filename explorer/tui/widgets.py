"""The explorer's own widgets: the actors table, the virtual mentions list, the co-actors list."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Click, Key
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable, Input, OptionList
from textual.worker import Worker, WorkerState, get_current_worker

from explorer.safetext import same_length, snippet
from explorer.tui.data import MentionLayout

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from explorer.store.queries import DocumentCount, EntityHit, MentionRow


def toast_worker_error(app: App, event: Worker.StateChanged) -> None:
    """A worker that raised (they run with ``exit_on_error=False``): its error as a toast, and
    the app goes on. Database errors are reported by the workers themselves, as toasts too."""
    error = event.worker.error
    if event.state == WorkerState.ERROR and error is not None:
        message = same_length(f"{type(error).__name__}: {error}")
        app.notify(message, title="Something went wrong", severity="error", markup=False)


#: ``(entity_id, document_id, skip, limit) -> rows``; called in a worker thread.
PageLoader = Callable[[int, int, int, int], "list[MentionRow]"]


class SearchInput(Input):
    """The search box; ↓ and Enter move to the results; ``/`` selects the query to retype it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.focus_actors", "Results"),
        Binding("ctrl+t", "app.cycle_type", "Type filter"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != "slash" and super().check_consume_key(key, character)

    async def _on_key(self, event: Key) -> None:
        if event.key == "slash":  # the search key itself, never part of a name
            event.prevent_default()
            event.stop()
            self.select_all()


class ActorTable(DataTable):
    """Search results: one row per actor (name, type, mentions), keyed by entity id.

    The name column takes whatever width the others leave, so rows are refilled on resize.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    TYPE_WIDTH: ClassVar[int] = 6
    COUNT_WIDTH: ClassVar[int] = 6

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.hits: list[EntityHit] = []

    def show_hits(self, hits: list[EntityHit]) -> None:
        """Replace the rows; the cursor goes back to the top (without a highlight message)."""
        self.hits = list(hits)
        with self.prevent(DataTable.RowHighlighted):
            self._fill()

    def on_resize(self) -> None:
        row = self.cursor_row
        with self.prevent(DataTable.RowHighlighted):
            self._fill()
            if self.hits:
                self.move_cursor(row=min(row, len(self.hits) - 1), animate=False)

    def _fill(self) -> None:
        available = self.scrollable_content_region.width
        show_type = available >= 36  # narrow panes keep the name; the header shows the type
        columns = 3 if show_type else 2
        used = (
            self.COUNT_WIDTH
            + (self.TYPE_WIDTH if show_type else 0)
            + 2 * self.cell_padding * columns
        )
        name_width = max(8, available - used - 1)
        self.clear(columns=True)
        self.add_column("Actor", width=name_width, key="name")
        if show_type:
            self.add_column("Type", width=self.TYPE_WIDTH, key="type")
        self.add_column(Text("#", justify="right"), width=self.COUNT_WIDTH, key="count")
        for hit in self.hits:
            name = Text(same_length(hit.name), style="bold", no_wrap=True)
            if hit.matched_alias and hit.matched_alias != hit.name:
                name.append(f" ≈{same_length(hit.matched_alias)}", style="dim italic")
            name.truncate(name_width, overflow="ellipsis")
            kind = [Text(hit.type[: self.TYPE_WIDTH], style="dim")] if show_type else []
            self.add_row(name, *kind, Text(f"{hit.mentions:,}", justify="right"), key=str(hit.id))


class CoActorList(OptionList):
    """The other actors in the selected sentence; choosing one jumps to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


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
        Binding("enter", "select", "Open"),
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

    def show(self, entity_id: int | None, layout: MentionLayout, cursor_row: int = 0) -> None:
        """Show another actor's mentions (or none); pages load as they come into view."""
        self._generation += 1
        self.workers.cancel_group(self, "mention-pages")
        self._entity_id = entity_id
        self._corpus_layout = layout
        self._layout = layout.sorted_by_count() if self.by_count else layout
        self._pages.clear()
        self._pending.clear()
        self.virtual_size = Size(0, len(self._layout))
        self.scroll_to(0, 0, animate=False, immediate=True)
        start = self._layout.nearest_mention_row(cursor_row)
        self.cursor = -1 if start is None else start
        self.refresh()

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
            partial(self._fetch, self._generation, self._entity_id, key),
            thread=True,
            group="mention-pages",
            exit_on_error=False,
        )

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)

    def _fetch(self, generation: int, entity_id: int, key: tuple[int, int]) -> None:
        document_id, page = key
        rows = self._loader(entity_id, document_id, page * self.PAGE_SIZE, self.PAGE_SIZE)
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
        count = f"{document.count:,} mention{'s' if document.count != 1 else ''}"
        date = f" · {document.date}" if document.date else ""
        suffix = f"{date} · {count}"
        title = Content(same_length(document.title)).truncate(
            max(8, width - len(suffix) - 2), ellipsis=True
        )
        return Content.assemble("▍", title, suffix)

    def _mention_line(self, mention: MentionRow, width: int) -> Content:
        """The surface form in a column (when there is room), then the sentence around it."""
        highlight = self.get_visual_style("mention-list--surface", partial=True)
        if width < 70:
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
