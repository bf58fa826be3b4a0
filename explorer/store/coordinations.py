"""Mentions "A and B" that the corpus names as two actors, split in place.

The cleaner splits a coordination when its document names the parts
(:func:`explorer.spans.clean_mention`); the corpus may know them when the document does not
("the former Arsenal and Real Madrid striker"). Resolution finds such mentions
(:func:`coordination_mentions`), counts the documents naming each part alone
(:func:`documents_naming`) and replaces each mention by its parts (:func:`split_mentions`),
sub-spans of the original, so ``documents.text[start:end] == mentions.text`` keeps holding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from explorer.store.resolution_state import clear_state_ready, refile_document_groups

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

#: How many part names one ``IN (...)`` query looks up (SQLite's default variable limit is 999).
_CHUNK = 500


class StoredMention(NamedTuple):
    """A stored mention's row."""

    id: int
    entity_id: int
    document_id: int
    sentence_id: int
    start: int
    end: int
    text: str
    label: str
    title: str | None
    gender: str


def coordination_mentions(db: Database) -> list[StoredMention]:
    """The mentions whose text holds " and " between two words."""
    rows = db.conn.execute(
        'SELECT id, entity_id, document_id, sentence_id, start, "end", text, label, title, '
        "gender FROM mentions WHERE text LIKE '% and %' ORDER BY id"
    )
    return [StoredMention(*row) for row in rows]


def documents_naming(db: Database, texts: Collection[str]) -> dict[str, set[int]]:
    """For each of ``texts``, the documents holding a mention with exactly that text."""
    found: dict[str, set[int]] = defaultdict(set)
    ordered = sorted(texts)
    for i in range(0, len(ordered), _CHUNK):
        chunk = ordered[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT DISTINCT text, document_id FROM mentions WHERE text IN ({marks})"
        for text, document_id in db.conn.execute(query, chunk):
            found[text].add(document_id)
    return found


def split_mentions(
    db: Database,
    splits: Iterable[tuple[StoredMention, Sequence[tuple[int, int]]]],
    regroup: bool = True,
) -> int:
    """Replace each mention by its parts (offsets into the mention's text), inside the caller's
    transaction; returns how many mentions were split.

    Each part keeps the mention's entity (resolution moves it), label and sentence; the first
    also keeps its title and honorific gender, and a statement the mention spoke is the first
    part's. With ``regroup`` the resolution state of each changed document is filed again
    (:func:`explorer.store.resolution_state.refile_document_groups`); without, the state is
    marked not ready, and the full resolution that follows rebuilds it.
    """
    conn = db.conn
    documents: set[int] = set()
    count = 0
    for mention, parts in splits:
        new_ids = []
        for index, (a, b) in enumerate(parts):
            cursor = conn.execute(
                'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, '
                "label, title, gender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    mention.entity_id,
                    mention.document_id,
                    mention.sentence_id,
                    mention.start + a,
                    mention.start + b,
                    mention.text[a:b],
                    mention.label,
                    mention.title if index == 0 else None,
                    mention.gender if index == 0 else "",
                ),
            )
            new_ids.append(cursor.lastrowid)
        conn.execute(
            "UPDATE statements SET mention_id = ? WHERE mention_id = ?", (new_ids[0], mention.id)
        )
        conn.execute("DELETE FROM mentions WHERE id = ?", (mention.id,))
        documents.add(mention.document_id)
        count += 1
    if regroup:
        for document_id in sorted(documents):
            refile_document_groups(db, document_id)
    elif documents:
        clear_state_ready(db)  # the groups are stale until the full pass rebuilds them
    return count
