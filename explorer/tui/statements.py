"""The Statements view (issue 15): what the current actor said, each statement's reported words
marked in its sentence, with its cue and kind; enter reads it in its document."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from explorer.store import queries
from explorer.store.connect import DatabaseProblem
from explorer.tui.data import ConnectionPool
from explorer.tui.messages import StatementsLoaded
from explorer.tui.render import statement_prompt, statements_meta
from explorer.tui.screens import DocumentScreen
from explorer.tui.widgets import toast_worker_error

#: How many of an actor's statements the view lists (the CLI pages through all of them).
STATEMENTS_SHOWN = 500


class StatementsScreen(ModalScreen[None]):
    """The current actor's statements; enter opens the document at the statement."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, pool: ConnectionPool, entity: queries.Entity) -> None:
        super().__init__()
        self.pool, self.entity = pool, entity
        self.rows: list[queries.StatementRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="statements") as box:
            box.border_title = "Statements"
            box.border_subtitle = "enter: read it in its document · escape closes"
            yield Static(Content("Reading the statements…"), id="statements-meta")
            yield OptionList(id="statements-list")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="statements", exit_on_error=False)
    def load(self) -> None:
        entity_id = self.entity.id
        try:
            with self.pool.connection() as conn:
                available = queries.has_statements(conn)
                total = queries.count_statements(conn, entity_id)
                rows = queries.entity_statements(conn, entity_id, limit=STATEMENTS_SHOWN)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.post_message(StatementsLoaded(entity_id, rows, total, available))

    @on(StatementsLoaded)
    def _loaded(self, message: StatementsLoaded) -> None:
        self.rows = message.rows
        self.query_one("#statements-meta", Static).update(
            statements_meta(self.entity, len(message.rows), message.total, message.available)
        )
        options = self.query_one("#statements-list", OptionList)
        options.clear_options()
        options.add_options(
            [Option(statement_prompt(row), id=str(i)) for i, row in enumerate(message.rows)]
        )
        if message.rows:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#statements-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        row = self.rows[int(event.option.id or 0)]
        self.app.push_screen(StatementDocumentScreen(self.pool, row, self.entity))

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)


class StatementDocumentScreen(DocumentScreen):
    """The document of a statement, scrolled to the reported words (the speaker's mention
    marked; ``n``/``p`` walk the actor's mentions as in the document view)."""

    def __init__(
        self, pool: ConnectionPool, row: queries.StatementRow, entity: queries.Entity
    ) -> None:
        super().__init__(pool, row.document_id, entity, row.mention_id)
        self.statement_start: int | None = row.start

    def _scroll_to_mention(self) -> None:
        if self.document is None or self.statement_start is None:
            super()._scroll_to_mention()
            return
        self._scroll_to_offset(self.statement_start)
        self.statement_start = None  # n / p walk the mentions from here
