"""The statements table's writes: a document's statements, and their speakers' entities.

``statements.entity_id`` is derived: the entity of the speaker's mention (``mention_id``). Ingest
writes it from the provisional entities; :func:`refresh_statement_entities` re-derives it after
anything that moves mentions between entities (resolution, curation).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from explorer.store.connect import write_transaction

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

    from explorer.parsed import ParsedText


def statement_rows(
    document_id: int,
    parsed: ParsedText,
    first_sentence_id: int,
    mention_ids: dict[tuple[int, int], tuple[int, int]],
) -> list[tuple]:
    """Rows for ``statements`` (without ``id``): ``mention_ids`` maps an entity span of the
    document to its stored mention's ``(id, entity_id)``."""
    starts = [span.start for span in parsed.sentences]
    rows = []
    for statement in parsed.statements:
        idx = max(0, bisect.bisect_right(starts, statement.start) - 1)
        mention, entity = mention_ids.get(
            (statement.speaker_start, statement.speaker_end), (None, None)
        )
        rows.append(
            (
                entity,
                document_id,
                first_sentence_id + idx,
                statement.start,
                statement.end,
                statement.cue or None,
                statement.kind,
                mention,
            )
        )
    return rows


def insert_statements(db: Database, rows: Sequence[tuple]) -> None:
    db.conn.executemany(
        'INSERT INTO statements (entity_id, document_id, sentence_id, start, "end", cue, kind, '
        "mention_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def refresh_statement_entities(db: Database, entity_ids: Collection[int] | None = None) -> int:
    """Give statements the entity their speaker's mention has now; returns the rows changed.

    ``entity_ids``: only the entities whose mentions changed (gone ones included), as an
    incremental resolution knows them; a statement can be stale only if its old entity or its
    mention's new one is among them. ``None`` re-derives every statement. Runs in the caller's
    transaction when there is one (curation, resolution), else in its own."""
    if not has_statements_table(db):
        return 0
    with write_transaction(db):
        return _refresh(db, entity_ids)


_SPEAKER_ENTITY = "(SELECT m.entity_id FROM mentions m WHERE m.id = statements.mention_id)"


def _refresh(db: Database, entity_ids: Collection[int] | None) -> int:
    if entity_ids is None:
        cursor = db.conn.execute(
            "UPDATE statements SET entity_id = m.entity_id FROM mentions m "
            "WHERE m.id = statements.mention_id AND statements.entity_id IS NOT m.entity_id"
        )
        return cursor.rowcount
    ids = json.dumps(sorted(entity_ids))
    moved_in = db.conn.execute(  # through the mentions index on entity_id
        f"UPDATE statements SET entity_id = {_SPEAKER_ENTITY} WHERE mention_id IN "
        "(SELECT id FROM mentions WHERE entity_id IN (SELECT value FROM json_each(?))) "
        f"AND entity_id IS NOT {_SPEAKER_ENTITY}",
        [ids],
    ).rowcount
    moved_out = db.conn.execute(  # through the statements index on entity_id
        f"UPDATE statements SET entity_id = {_SPEAKER_ENTITY} "
        "WHERE entity_id IN (SELECT value FROM json_each(?)) AND mention_id IS NOT NULL "
        f"AND entity_id IS NOT {_SPEAKER_ENTITY}",
        [ids],
    ).rowcount
    return moved_in + moved_out


def has_statements_table(db: Database) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'statements'"
    ).fetchone()
    return row is not None
