"""The typed messages the explorer's thread workers post back to the app (Harlequin's pattern:
a worker reads, then reports with a message the app handles on its own thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from explorer.store import queries
    from explorer.tui.data import MentionLayout


class SearchDone(Message):
    """Search results (``hits``), or, for a query with nothing to match, every actor (``hits``
    None: the list reads them page by page); ``total``: how many."""

    def __init__(
        self,
        query: str,
        entity_type: str | None,
        hits: list[queries.EntityHit] | None,
        total: int,
    ) -> None:
        super().__init__()
        self.query, self.entity_type, self.hits, self.total = query, entity_type, hits, total


class TypesLoaded(Message):
    def __init__(self, types: list[tuple[str, int]]) -> None:
        super().__init__()
        self.types = types


class EntityLoaded(Message):
    """An actor, its spellings and the layout of its mentions under ``mention_filter``."""

    def __init__(
        self,
        entity: queries.Entity | None,
        entity_id: int,
        aliases: list[tuple[str, int]],
        layout: MentionLayout,
        cursor: tuple[int, int] | None,
        mention_filter: queries.MentionFilter | None,
    ) -> None:
        super().__init__()
        self.entity, self.entity_id, self.aliases = entity, entity_id, aliases
        self.layout, self.cursor, self.mention_filter = layout, cursor, mention_filter


class ChartLoaded(Message):
    """The timeline of ``entity_id``'s mentions under ``mention_filter`` (the chart above them)."""

    def __init__(
        self,
        entity_id: int,
        mention_filter: queries.MentionFilter | None,
        timeline: queries.Timeline | None,
    ) -> None:
        super().__init__()
        self.entity_id, self.mention_filter, self.timeline = entity_id, mention_filter, timeline


class AppearsWithLoaded(Message):
    """The actors named in the same sentences as ``entity_id``: ``(entity, shared sentences)``."""

    def __init__(self, entity_id: int, found: list[tuple[queries.Entity, int]]) -> None:
        super().__init__()
        self.entity_id, self.found = entity_id, found


class ContextLoaded(Message):
    def __init__(self, context: queries.Context | None, mention_id: int, window: int) -> None:
        super().__init__()
        self.context, self.mention_id, self.window = context, mention_id, window


class CurationDone(Message):
    """A curation change (or an undo) is in the database: what it did, the actor to show, the
    actors it removed."""

    def __init__(
        self,
        summary: str,
        entity_id: int | None,
        removed: tuple[int, ...] = (),
        title: str = "Saved",
    ) -> None:
        super().__init__()
        self.summary, self.entity_id, self.removed, self.title = summary, entity_id, removed, title


class Exported(Message):
    """An actor's mentions are in a file: how many, where."""

    def __init__(self, count: int, path: Path, name: str) -> None:
        super().__init__()
        self.count, self.path, self.name = count, path, name


class Failed(Message):
    """A worker could not do its job; the message is one line for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class StatementsLoaded(Message):
    """An actor's statements (the first ``rows`` of ``total``) for the Statements view;
    ``available`` is false for a database made before statements existed."""

    def __init__(
        self, entity_id: int, rows: list[queries.StatementRow], total: int, available: bool
    ) -> None:
        super().__init__()
        self.entity_id, self.rows, self.total, self.available = entity_id, rows, total, available
