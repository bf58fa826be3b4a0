"""Modal screens: help, the curation dialogs (pick, confirm a merge, choose, prompt), the
export dialog and the whole-document view. Each reads the database in its own thread workers, like the app."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from explorer.safetext import same_length
from explorer.store import queries
from explorer.store.connect import DatabaseProblem
from explorer.tui.data import ConnectionPool
from explorer.tui.render import document_content, document_meta, line_of_offset, merge_preview
from explorer.tui.widgets import ActorList, toast_worker_error


class HelpScreen(ModalScreen[None]):
    """Every key, pane by pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "dismiss", "Close"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "escape closes"
            yield HelpKeys(self.sections, id="help-keys")
        yield Footer()


class HelpKeys(Static):
    """The keys in two columns; a long description wraps under its own column (not under the
    keys), so each key stays one readable entry whatever the width."""

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], id: str) -> None:
        super().__init__(id=id)
        self.sections = sections
        self._width = 0

    def on_resize(self) -> None:
        width = self.content_region.width
        if width and width != self._width:
            self._width = width
            self.update(render_keys(self.sections, width))


def render_keys(sections: list[tuple[str, list[tuple[str, str]]]], width: int) -> Content:
    """The help text for ``width`` columns: section titles, then one entry per key."""
    import textwrap

    key_width = max(len(key) for _title, rows in sections for key, _what in rows) + 2
    room = max(20, width - key_width)
    lines: list[Content] = []
    for title, rows in sections:
        lines.append(Content.styled(title, "bold underline"))
        for key, what in rows:
            wrapped = textwrap.wrap(what, room) or [""]
            lines.append(Content.assemble((key.ljust(key_width), "bold"), wrapped[0]))
            lines.extend(Content(" " * key_width + more) for more in wrapped[1:])
        lines.append(Content(""))
    return Content("\n").join(lines[:-1])


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few values (an alias to split off, a type)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

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
        yield Footer()

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
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[Path | None]):
    """Ask for the file to export an actor's mentions to; the suffix picks the format (``.csv``,
    ``.json``, ``.jsonl``; anything else: CSV, as ``libya-explore export``). The line below the
    box says what will be written where before anything is."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, file_name: str) -> None:
        super().__init__()
        self.title_text, self.file_name = title, file_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export") as box:
            box.border_title = same_length(self.title_text)
            box.border_subtitle = "enter writes · escape cancels"
            yield Input(value=same_length(self.file_name), id="export-path")
            yield Static(id="export-plan")
        yield Footer()

    def on_mount(self) -> None:
        self._plan(self.file_name)

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        self._plan(event.value)

    def _plan(self, text: str) -> None:
        from explorer.pipeline.export import format_of

        plan = self.query_one("#export-plan", Static)
        if not text.strip():
            plan.update(Content("Type a file name: .csv, .json or .jsonl picks the format."))
            return
        path = chosen_path(text)
        note = " (replaces the file there)" if path.is_file() else ""
        plan.update(
            Content.assemble(
                (format_of(path).upper(), "bold"),
                f" to {same_length(str(path))}{note}",
                "\n.csv, .json or .jsonl picks the format (anything else: CSV)",
            )
        )

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(chosen_path(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def chosen_path(text: str) -> Path:
    """The file a typed name means: ``~`` expanded, relative to the current directory."""
    return Path(text.strip()).expanduser().absolute()


class PickActorScreen(ModalScreen[int | None]):
    """Choose the actor to merge into, by fuzzy search (the actors being merged are left out)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    class _Results(Message):
        def __init__(self, query: str, hits: list[queries.EntityHit]) -> None:
            super().__init__()
            self.query, self.hits = query, hits

    def __init__(self, title: str, excluded: set[int], pool: ConnectionPool) -> None:
        super().__init__()
        self.title_text, self.excluded, self.pool = title, excluded, pool

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pick") as box:
            box.border_title = same_length(self.title_text)
            box.border_subtitle = "enter picks · escape cancels"
            yield Input(placeholder="Search the actor to merge into", id="pick-search")
            yield ActorList(markable=False, id="pick-results")
        yield Footer()

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
        self.query_one(ActorList).show_hits([h for h in message.hits if h.id not in self.excluded])

    @on(Input.Submitted, "#pick-search")
    def _submitted(self) -> None:
        self._pick()

    @on(ActorList.Selected, "#pick-results")
    def _selected(self) -> None:
        self._pick()

    def _pick(self) -> None:
        if (actor := self.query_one(ActorList).current) is not None:
            self.dismiss(actor.id)

    def action_focus_results(self) -> None:
        self.query_one(ActorList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


#: An actor in a merge preview: the actor, its spellings, a few of its mentions.
PreviewSide = tuple[queries.Entity, list[tuple[str, int]], list[queries.MentionRow]]


class ConfirmMergeScreen(ModalScreen[bool]):
    """Before a merge writes: both sides (counts, spellings, a few sentences) and the result."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Merge"),
        Binding("escape,n", "cancel", "Cancel"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    class _Preview(Message):
        def __init__(self, content: Content | None) -> None:
            super().__init__()
            self.content = content

    def __init__(self, sources: list[int], target: int, pool: ConnectionPool) -> None:
        super().__init__()
        self.sources, self.target, self.pool = sources, target, pool
        self.ready = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="confirm") as box:
            count = len(self.sources)
            box.border_title = "Merge these actors?" if count > 1 else "Merge this actor?"
            box.border_subtitle = "enter / y merges · escape / n cancels"
            yield Static(Content("Reading both actors…"), id="confirm-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.load_preview()

    @work(thread=True, exclusive=True, group="merge-preview", exit_on_error=False)
    def load_preview(self) -> None:
        def side(conn: sqlite3.Connection, entity_id: int) -> PreviewSide | None:
            entity = queries.get_entity(conn, entity_id)
            if entity is None:
                return None
            mentions: list[queries.MentionRow] = []
            sentences: set[int] = set()
            for mention in queries.entity_mentions(conn, entity_id, limit=20):
                if mention.sentence_id not in sentences and len(mentions) < 2:
                    sentences.add(mention.sentence_id)  # two different sentences
                    mentions.append(mention)
            return entity, queries.entity_aliases(conn, entity_id), mentions

        try:
            with self.pool.connection() as conn:
                sources = [side(conn, i) for i in self.sources]
                target = side(conn, self.target)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            self.post_message(self._Preview(None))
            return
        found = [s for s in sources if s is not None]
        if target is None or len(found) != len(sources):
            self.post_message(self._Preview(None))
            return
        self.post_message(self._Preview(merge_preview(found, target)))

    @on(_Preview)
    def _preview(self, message: _Preview) -> None:
        preview = self.query_one("#confirm-preview", Static)
        if message.content is None:
            preview.update(Content("These actors changed meanwhile; nothing was merged."))
            return
        preview.update(message.content)
        self.ready = True

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)

    def action_confirm(self) -> None:
        if self.ready:  # never merge what the user has not seen
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class DocumentScreen(ModalScreen[None]):
    """The whole document: every actor underlined, the current actor's mentions bold, the
    current mention marked; ``n`` / ``p`` walk the current actor's mentions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "dismiss", "Close"),
        Binding("n", "next_mention", "Next mention"),
        Binding("p", "previous_mention", "Previous"),
        Binding("q", "app.quit", "Quit"),
    ]

    class _Loaded(Message):
        def __init__(self, document: queries.DocumentText | None) -> None:
            super().__init__()
            self.document = document

    def __init__(
        self,
        pool: ConnectionPool,
        document_id: int,
        entity: queries.Entity | None,
        mention_id: int | None,
    ) -> None:
        super().__init__()
        self.pool, self.document_id = pool, document_id
        self.entity, self.mention_id = entity, mention_id
        self.document: queries.DocumentText | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="document") as box:
            box.border_title = "Document"
            box.border_subtitle = "n/p: next/previous mention · escape closes"
            yield Static(id="document-meta")
            with VerticalScroll(id="document-scroll"):
                yield Static(Content("Reading the document…"), id="document-text")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def load(self) -> None:
        try:
            with self.pool.connection() as conn:
                document = queries.document_text(conn, self.document_id)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.post_message(self._Loaded(document))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        if message.document is None:
            self.query_one("#document-text", Static).update(Content("This document is gone."))
            return
        self.document = message.document
        self.query_one("#document-meta", Static).update(
            document_meta(message.document, self.entity)
        )
        self._show()

    def _show(self) -> None:
        assert self.document is not None
        entity_id = self.entity.id if self.entity else None
        text = self.query_one("#document-text", Static)
        text.update(document_content(self.document, entity_id, self.mention_id))
        self.call_after_refresh(self._scroll_to_mention)

    def _scroll_to_mention(self) -> None:
        mention = self._current()
        if mention is not None:
            self._scroll_to_offset(mention.start)

    def _scroll_to_offset(self, offset: int) -> None:
        """Scroll the document so the line holding character ``offset`` sits a third down."""
        if self.document is None:
            return
        text = self.query_one("#document-text", Static)
        content = text.content
        if not isinstance(content, Content):
            return
        line = line_of_offset(content, text.content_region.width, offset)
        scroll = self.query_one("#document-scroll", VerticalScroll)
        target = line - scroll.scrollable_content_region.height // 3
        scroll.scroll_to(y=max(0, target), animate=False, immediate=True, force=True)

    def _current(self) -> queries.DocumentMention | None:
        if self.document is None:
            return None
        return next((m for m in self.document.mentions if m.id == self.mention_id), None)

    def _step(self, direction: int) -> None:
        if self.document is None or self.entity is None:
            return
        own = [m for m in self.document.mentions if m.entity_id == self.entity.id]
        if not own:
            return
        ids = [m.id for m in own]
        index = ids.index(self.mention_id) if self.mention_id in ids else -direction
        self.mention_id = ids[(index + direction) % len(ids)]
        self._show()

    def action_next_mention(self) -> None:
        self._step(1)

    def action_previous_mention(self) -> None:
        self._step(-1)

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)
