"""Reads for the exports (:mod:`explorer.pipeline.export`): whole tables, streamed.

Each function yields plain records (dataclasses) in a stable order, reading as it goes, so an
export of a million mentions holds one row at a time. The explorer and the CLI export through the
same functions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

STATEMENTS_TABLE = "statements"


@dataclass(frozen=True)
class EntityRecord:
    id: int
    name: str
    type: str
    mentions: int
    documents: int
    aliases: tuple[tuple[str, int], ...]  # (alias, count), most frequent first


@dataclass(frozen=True)
class MentionRecord:
    id: int
    entity_id: int
    actor: str
    actor_type: str
    document_id: int
    document_title: str
    date: str | None
    url: str | None
    start: int
    end: int
    text: str
    label: str
    sentence_id: int
    sentence: str


@dataclass(frozen=True)
class PairRecord:
    """Two actors named in the same sentences: how many sentences and documents they share."""

    actor_id: int
    actor: str
    actor_type: str
    other_id: int
    other: str
    other_type: str
    sentences: int
    documents: int


@dataclass(frozen=True)
class StatementRecord:
    """A statement (issue 15's contract table): ``content`` is ``documents.text[start:end]``."""

    id: int
    entity_id: int | None  # None: an unnamed source
    actor: str | None
    document_id: int
    document_title: str
    date: str | None
    sentence_id: int
    start: int
    end: int
    content: str
    cue: str | None  # None: a quotation that goes on without a cue
    kind: str
    sentence: str


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    path: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    sha256: str
    text: str
    extra: str | None  # the source record's other fields, a JSON object (schema 5)


@dataclass(frozen=True)
class DocumentLink:
    """One actor in one document: its mentions there and the spellings it went by."""

    entity_id: int
    document_id: int
    mentions: int
    spellings: tuple[str, ...]


def _where_entity(column: str, entity_id: int | None) -> tuple[str, list]:
    return (f"WHERE {column} = ?", [entity_id]) if entity_id is not None else ("", [])


# --------------------------------------------------------------------------- entities


def _aliases_by_entity(
    conn: sqlite3.Connection, entity_id: int | None
) -> dict[int, list[tuple[str, int]]]:
    where, params = _where_entity("entity_id", entity_id)
    found: dict[int, list[tuple[str, int]]] = {}
    for owner, alias, count in conn.execute(
        f"SELECT entity_id, alias, count FROM aliases {where} ORDER BY entity_id, count DESC, alias",
        params,
    ):
        found.setdefault(owner, []).append((alias, count))
    return found


def entity_records(
    conn: sqlite3.Connection, entity_id: int | None = None, entity_type: str | None = None
) -> Iterator[EntityRecord]:
    """Every entity (or one), most mentioned first, with its aliases."""
    clauses: list[str] = []
    params: list[object] = []
    if entity_id is not None:
        clauses.append("id = ?")
        params.append(entity_id)
    if entity_type is not None:
        clauses.append("type = ?")
        params.append(entity_type)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    aliases = _aliases_by_entity(conn, entity_id)
    for row_id, name, entity_type_, mentions, documents in conn.execute(
        "SELECT id, name, type, mention_count, document_count FROM entities "
        f"{where} ORDER BY mention_count DESC, name, id",
        params,
    ):
        spellings = tuple(aliases.get(row_id, ()))
        yield EntityRecord(row_id, name, entity_type_, mentions, documents, spellings)


# --------------------------------------------------------------------------- mentions


def mention_records(
    conn: sqlite3.Connection, entity_id: int | None = None
) -> Iterator[MentionRecord]:
    """Every mention (or one entity's), by document then position."""
    where, params = _where_entity("m.entity_id", entity_id)
    order = (
        "m.entity_id, m.document_id, m.start" if entity_id is not None else "m.document_id, m.start"
    )
    for row in conn.execute(
        "SELECT m.id, m.entity_id, e.name, e.type, m.document_id, d.title, d.date, d.url, "
        'm.start, m."end", m.text, m.label, m.sentence_id, s.text FROM mentions m '
        "JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.document_id "
        f"JOIN sentences s ON s.id = m.sentence_id {where} ORDER BY {order}, m.id",
        params,
    ):
        yield MentionRecord(*row)


# --------------------------------------------------------------------------- co-occurrence


def pair_records(conn: sqlite3.Connection, entity_id: int | None = None) -> Iterator[PairRecord]:
    """Actors named in the same sentences, most shared sentences first.

    With ``entity_id``: that actor's partners (the actor first in each record). Without: every
    pair once, the smaller id first.
    """
    if entity_id is not None:
        where, params = "WHERE p.entity_id = ?", [entity_id]
    else:
        where, params = "WHERE p.entity_id < p.other_id", []
    for row in conn.execute(
        "SELECT p.entity_id, ea.name, ea.type, p.other_id, eb.name, eb.type, "
        "p.sentences, p.documents FROM entity_pairs p "
        "JOIN entities ea ON ea.id = p.entity_id JOIN entities eb ON eb.id = p.other_id "
        f"{where} ORDER BY p.sentences DESC, p.entity_id, p.other_id",
        params,
    ):
        yield PairRecord(*row)


# --------------------------------------------------------------------------- statements


def has_statements(conn: sqlite3.Connection) -> bool:
    """Whether the database has the statements table (issue 15's migration)."""
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [STATEMENTS_TABLE]
        ).fetchone()
        is not None
    )


def statement_records(
    conn: sqlite3.Connection, entity_id: int | None = None
) -> Iterator[StatementRecord]:
    """Every statement (or one actor's), by document then position; ``content`` cut from the
    document's text by the statement's offsets."""
    where, params = _where_entity("st.entity_id", entity_id)
    for row in conn.execute(
        "SELECT st.id, st.entity_id, e.name, st.document_id, d.title, d.date, st.sentence_id, "
        'st.start, st."end", substr(d.text, st.start + 1, st."end" - st.start), st.cue, '
        "st.kind, s.text FROM statements st JOIN documents d ON d.id = st.document_id "
        "JOIN sentences s ON s.id = st.sentence_id LEFT JOIN entities e ON e.id = st.entity_id "
        f"{where} ORDER BY st.document_id, st.start, st.id",
        params,
    ):
        yield StatementRecord(*row)


# --------------------------------------------------------------------------- documents


def document_records(conn: sqlite3.Connection) -> Iterator[DocumentRecord]:
    """Every document with its text, in id order."""
    for row in conn.execute(
        "SELECT id, path, title, date, source, url, sha256, text, extra FROM documents ORDER BY id"
    ):
        yield DocumentRecord(*row)


def document_links(conn: sqlite3.Connection) -> Iterator[DocumentLink]:
    """Each (actor, document) pair with the actor's mentions and spellings in the document."""
    current: tuple[int, int] | None = None
    count, spellings = 0, dict[str, None]()
    for entity_id, document_id, text in conn.execute(
        "SELECT entity_id, document_id, text FROM mentions ORDER BY entity_id, document_id, start"
    ):
        if (entity_id, document_id) != current:
            if current is not None:
                yield DocumentLink(*current, count, tuple(spellings))
            current, count, spellings = (entity_id, document_id), 0, {}
        count += 1
        spellings.setdefault(text, None)
    if current is not None:
        yield DocumentLink(*current, count, tuple(spellings))
