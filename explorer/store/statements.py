"""The statements table's writes: a document's statements, and their speakers' entities.

``statements.entity_id`` is derived: the entity of the speaker's mention (``mention_id``). Ingest
writes it from the provisional entities; :func:`refresh_statement_entities` re-derives it after
anything that moves mentions between entities (resolution, curation).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
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


def refresh_statement_entities(db: Database) -> int:
    """Give every statement the entity its speaker's mention has now; returns the rows changed.

    Runs in the caller's transaction when there is one (curation), else in its own."""
    if not has_statements_table(db):
        return 0
    if db.conn.in_transaction:
        return _refresh(db)
    with write_transaction(db):
        return _refresh(db)


def _refresh(db: Database) -> int:
    cursor = db.conn.execute(
        "UPDATE statements SET entity_id = m.entity_id FROM mentions m "
        "WHERE m.id = statements.mention_id AND statements.entity_id IS NOT m.entity_id"
    )
    return cursor.rowcount


def has_statements_table(db: Database) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'statements'"
    ).fetchone()
    return row is not None
