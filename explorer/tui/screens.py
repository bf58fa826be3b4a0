"""Modal screens: the help screen and the small dialogs curation asks through."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from explorer.safetext import same_length
from explorer.store import queries
from explorer.store.connect import DatabaseProblem
from explorer.tui.data import ConnectionPool
from explorer.tui.widgets import ActorTable, toast_worker_error


class HelpScreen(ModalScreen[None]):
    """Every key, pane by pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "dismiss", "Close"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape closes"
            yield Static(self.render_keys(), id="help-keys")

    def render_keys(self) -> Content:
        width = max(len(key) for _title, rows in self.sections for key, _what in rows) + 2
        lines: list[Content] = []
        for title, rows in self.sections:
            lines.append(Content.styled(title, "bold underline"))
            for key, what in rows:
                lines.append(Content.assemble((key.ljust(width), "bold"), what))
            lines.append(Content(""))
        return Content("\n").join(lines[:-1])


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few values (an alias to split off, a type)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, values: list[str], labels: list[str]) -> None:
        super().__init__()
        self.title_text, self.values, self.labels = title, values, labels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = same_length(self.title_text)
            box.border_subtitle = "enter chooses · escape cancels"
            yield OptionList(
                *(Option(Content(label), id=str(i)) for i, label in enumerate(self.labels)),
                markup=False,
                id="choices",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(self.values[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (a new name)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = same_length(self.title_text)
            box.border_subtitle = "enter saves · escape cancels"
            yield Input(value=same_length(self.value), id="prompt")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickActorScreen(ModalScreen[int | None]):
    """Choose the actor to merge into, by fuzzy search (the selected actor itself is left out)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    class _Results(Message):
        def __init__(self, query: str, hits: list[queries.EntityHit]) -> None:
            super().__init__()
            self.query, self.hits = query, hits

    def __init__(self, source: queries.Entity, pool: ConnectionPool) -> None:
        super().__init__()
        self.source, self.pool = source, pool

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pick") as box:
            box.border_title = f"Merge {same_length(self.source.name)} into…"
            box.border_subtitle = "enter merges · escape cancels"
            yield Input(placeholder="Search the actor to merge into", id="pick-search")
            yield ActorTable(id="pick-results")

    def on_mount(self) -> None:
        self.search("")

    @on(Input.Changed, "#pick-search")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @work(thread=True, exclusive=True, group="pick-search", exit_on_error=False)
    def search(self, query: str) -> None:
        try:
            with self.pool.connection() as conn:
                hits = queries.search_entities(conn, query, None, 50)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self._Results(query, hits))

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)

    @on(_Results)
    def _results(self, message: _Results) -> None:
        if message.query != self.query_one("#pick-search", Input).value:
            return
        self.query_one(ActorTable).show_hits([h for h in message.hits if h.id != self.source.id])

    @on(Input.Submitted, "#pick-search")
    def _submitted(self) -> None:
        self._pick()

    @on(DataTable.RowSelected, "#pick-results")
    def _selected(self) -> None:
        self._pick()

    def _pick(self) -> None:
        table = self.query_one(ActorTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row_key.value is not None:
            self.dismiss(int(row_key.value))

    def action_focus_results(self) -> None:
        self.query_one(ActorTable).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
