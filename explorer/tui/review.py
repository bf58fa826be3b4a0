"""The Review screen (``R``): the resolver's least certain decisions, least certain first, with
the sentences behind each, and one key each to accept, split or merge.

Like the rest of the explorer, every read and write runs in a thread worker posting a message
back; the items and their evidence come from :mod:`explorer.store.review` (the same functions
as ``libya-explore review``), the changes go through :mod:`explorer.pipeline.curation`, so they
persist, show in ``history`` and undo. Untrusted text is shown as ``Content`` from plain strings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from explorer.errors import UserError
from explorer.safetext import same_length
from explorer.store.connect import DatabaseProblem
from explorer.tui.data import ConnectionPool
from explorer.tui.messages import CurationDone
from explorer.tui.render import MENTION_STYLE
from explorer.tui.widgets import toast_worker_error

if TYPE_CHECKING:  # pragma: no cover
    from explorer.pipeline.curation import Outcome
    from explorer.resolution.review import ReviewItem
    from explorer.store.review import EvidenceSide

#: Items listed at most (the queue is sorted: the rest are more certain).
REVIEW_LIMIT = 500


class ReviewScreen(Screen[None]):
    """The review queue over the explorer's database."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept"),
        Binding("s", "split", "Split"),
        Binding("m", "merge", "Merge"),
        Binding("y", "set_type", "Type"),
        Binding("u", "undo", "Undo"),
        Binding("enter", "open_actor", "Open actor", show=False),
        Binding("escape", "close", "Back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    class _Queue(Message):
        def __init__(self, items: list[ReviewItem], total: int) -> None:
            super().__init__()
            self.items, self.total = items, total

    class _Evidence(Message):
        def __init__(self, item_id: str, names: dict[int, str], sides: list[EvidenceSide]) -> None:
            super().__init__()
            self.item_id, self.names, self.sides = item_id, names, sides

    class _Acted(Message):
        def __init__(self, summary: str, entity_id: int | None, removed: tuple[int, ...]) -> None:
            super().__init__()
            self.summary, self.entity_id, self.removed = summary, entity_id, removed

    def __init__(self, pool: ConnectionPool, db_path: Path) -> None:
        super().__init__()
        self.pool, self.db_path = pool, db_path
        self.items: list[ReviewItem] = []
        self.names: dict[int, str] = {}
        self.shown: str | None = None  # the item whose evidence is on screen

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            with Vertical(id="review-items-pane", classes="pane") as items:
                items.border_title = "Review: least certain first"
                items.border_subtitle = "reading…"
                yield OptionList(markup=False, id="review-items")
            with VerticalScroll(id="review-evidence-pane", classes="pane") as evidence:
                evidence.border_title = "Evidence"
                evidence.border_subtitle = "a accept · s split · m merge · y type · u undo"
                yield Static(Content(""), id="review-evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-items", OptionList).focus()
        self.load_queue()

    @property
    def current(self) -> ReviewItem | None:
        index = self.query_one("#review-items", OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    # ------------------------------------------------------------------ reads

    @work(thread=True, exclusive=True, group="review-queue", exit_on_error=False)
    def load_queue(self) -> None:
        from explorer.store.review import review_queue

        try:
            with self.pool.connection() as conn:
                items = review_queue(conn)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self._Queue(items[:REVIEW_LIMIT], len(items)))

    @work(thread=True, exclusive=True, group="review-evidence", exit_on_error=False)
    def load_evidence(self, item: ReviewItem) -> None:
        from explorer.store.queries import get_entity
        from explorer.store.review import item_evidence

        def read(conn: sqlite3.Connection) -> tuple[dict[int, str], list[EvidenceSide]]:
            names = {}
            for entity_id in item.entities:
                entity = get_entity(conn, entity_id)
                names[entity_id] = entity.name if entity else f"#{entity_id}"
            return names, item_evidence(conn, item)

        try:
            with self.pool.connection() as conn:
                names, sides = read(conn)
        except (sqlite3.Error, DatabaseProblem) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self._Evidence(item.id, names, sides))

    @on(_Queue)
    def _queue(self, message: _Queue) -> None:
        items = self.query_one("#review-items", OptionList)
        previous = items.highlighted or 0
        self.items = message.items
        items.clear_options()
        items.add_options(Option(item_prompt(item), id=item.id) for item in self.items)
        pane = self.query_one("#review-items-pane")
        shown = (
            f"{len(self.items):,} of {message.total:,}" if message.total > len(self.items) else ""
        )
        pane.border_subtitle = (
            f"{shown or f'{message.total:,}'} items" if message.total else "nothing to review"
        )
        if self.items:
            items.highlighted = min(previous, len(self.items) - 1)
        else:
            self.shown = None
            self._evidence().update(Content("Nothing to review: every decision looks certain."))

    @on(OptionList.OptionHighlighted, "#review-items")
    def _highlighted(self) -> None:
        if (item := self.current) is not None:
            self.load_evidence(item)

    @on(_Evidence)
    def _evidence_loaded(self, message: _Evidence) -> None:
        item = self.current
        if item is None or item.id != message.item_id:
            return
        self.shown, self.names = item.id, message.names
        self._evidence().update(evidence_content(item, message.names, message.sides))
        self.query_one("#review-evidence-pane", VerticalScroll).scroll_home(animate=False)

    def _evidence(self) -> Static:
        return self.query_one("#review-evidence", Static)

    # ------------------------------------------------------------------ actions

    def _ready(self) -> ReviewItem | None:
        """The highlighted item, once its evidence is on screen (never act on what is unseen)."""
        item = self.current
        return item if item is not None and item.id == self.shown else None

    def action_accept(self) -> None:
        if (item := self._ready()) is None:
            return
        from explorer.pipeline import curation

        self.act(lambda path: curation.accept(path, item.id))

    def action_split(self) -> None:
        if (item := self._ready()) is None:
            return
        from explorer.pipeline import curation

        entity_id = item.entities[0]
        if item.groups:
            self._split_stories(item)
        elif item.alias is not None:
            alias = item.alias
            self.act(lambda path: curation.split_alias(path, entity_id, alias))
        elif item.forms:
            from explorer.tui.screens import ChoiceScreen

            def split(alias: str | None) -> None:
                if alias is not None:
                    self.act(lambda path: curation.split_alias(path, entity_id, alias))

            labels = [same_length(form) for form in item.forms]
            title = f"Split a form off {self.names.get(entity_id, '')}"
            self.app.push_screen(ChoiceScreen(title, list(item.forms), labels), split)
        else:
            self.notify(
                "Nothing to split here: s splits an alias (surname, story-surname, spelling, shared-word, "
                "many-forms) or a group of stories (story-groups).",
                timeout=4,
            )

    def _split_stories(self, item: ReviewItem) -> None:
        """A story-groups item: a group of stories (the second biggest when there are two, else
        picked from a list) becomes an actor of its own, named in a prompt (enter keeps the
        name its mentions give it)."""
        from explorer.pipeline import curation
        from explorer.tui.screens import ChoiceScreen, PromptScreen

        entity_id = item.entities[0]
        current = self.names.get(entity_id, "")

        def split(documents: tuple[int, ...], name: str | None) -> None:
            if name is None:
                return
            wanted = " ".join(name.split())
            chosen = wanted if wanted and wanted != current else None
            self.act(lambda path: curation.split_documents(path, entity_id, documents, chosen))

        def ask_name(choice: str | None) -> None:
            if choice is None:
                return
            documents = item.groups[int(choice)].documents
            title = f"Name of the actor of these {len(documents)} stories (enter: by its mentions)"
            self.app.push_screen(PromptScreen(title, current), lambda name: split(documents, name))

        if len(item.groups) == 2:
            ask_name("1")
            return
        values = [str(n) for n in range(1, len(item.groups))]
        labels = [
            same_length(
                f"group {n + 1}: {len(g.documents)} stories, {g.mentions} mentions; with "
                + ", ".join(g.co_actors[:3])
            )
            for n, g in enumerate(item.groups[1:], 1)
        ]
        title = f"Split which stories off {current}"
        self.app.push_screen(ChoiceScreen(title, values, labels), ask_name)

    def action_merge(self) -> None:
        if (item := self._ready()) is None:
            return
        from explorer.resolution.review import SAME_NAME, SHARED_WORD, STORY_SURNAME, SURNAME

        if (
            item.kind in (SURNAME, SHARED_WORD, STORY_SURNAME)
            and item.alias is not None
            and len(item.entities) > 1
        ):
            self._move_alias(item, item.alias)
            return
        if item.kind != SAME_NAME:
            self.notify(
                "m merges a same-name item's actors, or gives a surname or shared word to the "
                "other actor who bears it; accept (a) or split (s) the others.",
                timeout=4,
            )
            return
        from explorer.pipeline import curation
        from explorer.tui.screens import ConfirmMergeScreen

        target, *sources = item.entities

        def merge(confirmed: bool | None) -> None:
            if confirmed:
                self.act(lambda path: curation.merge_many(path, sources, target), tuple(sources))

        self.app.push_screen(ConfirmMergeScreen(sources, target, self.pool), merge)

    def _move_alias(self, item: ReviewItem, alias: str) -> None:
        """Give the bare surname (or shared word) to another actor who bears it (from a list)."""
        from explorer.pipeline import curation
        from explorer.tui.screens import ChoiceScreen

        source, *others = item.entities
        values = [str(i) for i in others]
        labels = [f"#{i} {same_length(self.names.get(i, ''))}" for i in others]

        def move(target: str | None) -> None:
            if target is not None:
                self.act(lambda path: curation.move_alias(path, source, alias, int(target)))

        self.app.push_screen(ChoiceScreen(f"Give “{alias}” to…", values, labels), move)

    def action_set_type(self) -> None:
        """Settle a type item: the chosen type is a curation decision (the vote leaves the queue)."""
        if (item := self._ready()) is None:
            return
        from explorer.labels import ENTITY_LABELS
        from explorer.pipeline import curation
        from explorer.tui.screens import ChoiceScreen

        entity_id = item.entities[0]
        types = list(ENTITY_LABELS)

        def set_type(entity_type: str | None) -> None:
            if entity_type:
                self.act(lambda path: curation.set_type(path, entity_id, entity_type))

        title = f"Type of {self.names.get(entity_id, '')}"
        self.app.push_screen(ChoiceScreen(title, types, types), set_type)

    def action_undo(self) -> None:
        from explorer.pipeline import curation

        def undo(path: Path) -> Outcome:
            outcomes = curation.undo(path)
            if not outcomes:
                raise UserError("Nothing to undo.")
            return outcomes[0]

        self.act(undo)

    def action_open_actor(self) -> None:
        """Close the review and show the item's (first) actor in the explorer."""
        if (item := self._ready()) is None:
            return
        entity_id = item.entities[0]
        name = self.names.get(entity_id, "")
        self.dismiss()
        jump = getattr(self.app, "jump_to", None)
        if callable(jump):
            jump(entity_id, name)

    def action_close(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, group="review-act", exit_on_error=False)
    def act(self, change: Callable[[Path], Outcome], removed: tuple[int, ...] = ()) -> None:
        """Run one curation call and report what it did (the explorer's panes refresh too)."""
        try:
            outcome = change(self.db_path)
        except (UserError, DatabaseProblem, sqlite3.Error) as exc:
            self.app.call_from_thread(
                self.app.notify, same_length(str(exc)), severity="warning", markup=False
            )
            return
        self.post_message(self._Acted(same_length(outcome.summary), outcome.entity_id, removed))

    @on(_Acted)
    def _acted(self, message: _Acted) -> None:
        self.app.post_message(CurationDone(message.summary, message.entity_id, message.removed))
        self.load_queue()

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        toast_worker_error(self.app, event)


# --------------------------------------------------------------------------- rendering


def item_prompt(item: ReviewItem) -> Content:
    """One line of the list: certainty, kind, why."""
    return Content.assemble(
        (f"{item.certainty:.2f} ", "bold"),
        (f"{item.kind:<10} ", "dim"),
        same_length(item.reason),
    )


def evidence_content(item: ReviewItem, names: dict[int, str], sides: list[EvidenceSide]) -> Content:
    """The item's reason, its actors and a few sentences for each side, the mention marked."""
    actors = ", ".join(f"#{i} {names.get(i, '?')}" for i in item.entities)
    lines: list[Content] = [
        Content.assemble((item.id, "bold"), f"  certainty {item.certainty:.2f}"),
        Content(same_length(item.reason)),
        Content.assemble(("actors: ", "dim"), same_length(actors)),
    ]
    for side in sides:
        lines.append(Content(""))
        lines.append(Content.styled(same_length(side.label), "bold underline"))
        if not side.sentences:
            lines.append(Content.styled("  (no sentence)", "dim"))
        for s in side.sentences:
            sentence = Content(same_length(s.sentence)).stylize(MENTION_STYLE, s.start, s.end)
            lines.append(Content.assemble(("  " + same_length(s.title) + ": ", "dim"), sentence))
    return Content("\n").join(lines)
