"""Ingest's writes: one document with its sentences and mentions per transaction; ``meta``.

A stored mention is attached to an entity at once (by its matching key), so the database is
consistent between two resolutions; :mod:`explorer.store.resolution` later re-clusters them all.
Each document also files its surface groups and their type evidence for incremental resolution
(:mod:`explorer.store.resolution_state`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.resolution.people import mention_gender
from explorer.store.connect import inserted_id, write_transaction
from explorer.store.cooccurrence import add_document_pairs, subtract_document_pairs
from explorer.store.resolution_state import add_document_groups, forget_document_groups
from explorer.store.schema import now_iso
from explorer.store.statements import insert_statements, statement_rows

if TYPE_CHECKING:  # pragma: no cover
    import sqlite3

    from sqlite_utils import Database

    from explorer.parsed import ParsedText
    from explorer.readers.articles import Article


#: What an article says about itself besides its text: title, date, source, url, extra (JSON).
Metadata = tuple[str, str | None, str | None, str | None, str | None]


@dataclass(frozen=True)
class DocumentState:
    """Where an article stands against the database before parsing."""

    status: str  # "new", "unchanged", "changed", "duplicate"
    document_id: int | None = None
    other_path: str | None = None
    #: The stored document's metadata (for "unchanged": to see whether it needs refreshing).
    metadata: Metadata | None = None


def article_metadata(article: Article) -> Metadata:
    """The article's metadata as the ``documents`` columns store it."""
    extra = json.dumps(article.extra, ensure_ascii=False) if article.extra else None
    return (article.title, article.date, article.source, article.url, extra)


def document_state(db: Database, key: str, sha256: str) -> DocumentState:
    row = db.execute(
        "SELECT id, sha256, title, date, source, url, extra FROM documents WHERE path = ?", [key]
    ).fetchone()
    if row is not None and row[1] == sha256:
        return DocumentState("unchanged", row[0], metadata=tuple(row[2:]))
    same = db.execute("SELECT id, path FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    if same is not None:
        return DocumentState("duplicate", same[0], same[1])
    if row is not None:
        return DocumentState("changed", row[0])
    return DocumentState("new")


@dataclass(frozen=True)
class StoredDocument:
    document_id: int
    n_sentences: int
    n_mentions: int
    n_new_entities: int


def store_document(
    db: Database, article: Article, parsed: ParsedText, key_of: Callable[[str], str], n_words: int
) -> StoredDocument:
    """Write one parsed article, its sentences and its mentions, in a single transaction.

    A previous version of the same document (same path, other content) is replaced in the same
    transaction. Each mention is attached to an entity straight away by its matching key
    (``key_of``), creating one if needed, so the database is consistent even if resolution never
    runs; :func:`rewrite_resolution` later re-clusters everything.
    """
    return store_documents(db, [(article, parsed, n_words)], key_of)[0]


def store_documents(
    db: Database,
    items: Iterable[tuple[Article, ParsedText, int]],
    key_of: Callable[[str], str],
) -> list[StoredDocument]:
    """Write several ``(article, parsed, n_words)`` in ONE transaction: all of them or none.

    Bulk runs use it to commit less often (explorer.pipeline.writer); a crash loses this batch
    only, and the next run parses and stores it again. ``items`` is consumed inside the
    transaction.
    """
    uncounted: set[int] = set()  # stored, their actor pairs not yet counted in
    with write_transaction(db):
        stored = [_write_document(db, a, parsed, key_of, n, uncounted) for a, parsed, n in items]
        add_document_pairs(db, uncounted)  # once for the batch: cheaper than once a document
    return stored


def _write_document(
    db: Database,
    article: Article,
    parsed: ParsedText,
    key_of: Callable[[str], str],
    n_words: int,
    uncounted: set[int],
) -> StoredDocument:
    """Replace any stored version of the article, then write its row, sentences, mentions,
    statements and surface groups; its actor pairs are counted later, with the batch's."""
    _delete_documents(db, "path = ?", [article.key], uncounted)
    document_id = _insert_document_row(db, article, len(parsed.sentences), n_words)
    first_sentence_id = _insert_sentences(db, document_id, article.text, parsed)
    mention_rows, new_entities = _mention_rows(
        db, document_id, first_sentence_id, article.text, parsed, key_of
    )
    _insert_mentions(db, mention_rows)
    _bump_counts(db, mention_rows, key_of)
    if parsed.statements:
        speakers = {(r["start"], r["end"]): (r["id"], r["entity_id"]) for r in mention_rows}
        insert_statements(db, statement_rows(document_id, parsed, first_sentence_id, speakers))
    add_document_groups(
        db,
        document_id,
        article.text,
        ((r["text"], r["label"], r["start"], r["end"], r["title"]) for r in mention_rows),
    )
    uncounted.add(document_id)
    return StoredDocument(document_id, len(parsed.sentences), len(mention_rows), new_entities)


def _insert_document_row(db: Database, article: Article, n_sentences: int, n_words: int) -> int:
    """The article's ``documents`` row; its id."""
    cursor = db.execute(
        "INSERT INTO documents (path, file, title, date, source, url, extra, sha256, text, "
        "n_sentences, n_words, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            article.key,
            article.file,
            *article_metadata(article),
            article.sha256,
            article.text,
            n_sentences,
            n_words,
            now_iso(),
        ],
    )
    return inserted_id(cursor)


def _next_id(db: Database, table: str) -> int:
    """The id after the table's largest (ids are given here, to write rows in one statement)."""
    return int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def _insert_sentences(db: Database, document_id: int, text: str, parsed: ParsedText) -> int:
    """The document's sentences, numbered from the next free id; that first id."""
    first_sentence_id = _next_id(db, "sentences")
    # Plain executemany: sqlite-utils' insert_all costs a third of the writer's time here.
    db.conn.executemany(
        'INSERT INTO sentences (id, document_id, idx, start, "end", text) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                first_sentence_id + idx,
                document_id,
                idx,
                span.start,
                span.end,
                text[span.start : span.end],
            )
            for idx, span in enumerate(parsed.sentences)
        ),
    )
    return first_sentence_id


def _insert_mentions(db: Database, mention_rows: list[dict]) -> None:
    """The mentions, numbered from the next free id (each row's ``id`` is set: statements point
    to their speaker's)."""
    first_mention_id = _next_id(db, "mentions")
    for offset, row in enumerate(mention_rows):
        row["id"] = first_mention_id + offset
    db.conn.executemany(
        'INSERT INTO mentions (id, entity_id, document_id, sentence_id, start, "end", text, '
        "label, title, gender) VALUES (:id, :entity_id, :document_id, :sentence_id, :start, "
        ":end, :text, :label, :title, :gender)",
        mention_rows,
    )


def _mention_rows(
    db: Database,
    document_id: int,
    first_sentence_id: int,
    text: str,
    parsed: ParsedText,
    key_of: Callable[[str], str],
) -> tuple[list[dict], int]:
    rows = []
    new_entities = 0
    cache: dict[tuple[str, str], int] = {}
    sentence_idx = 0
    sentences = parsed.sentences
    for ent in parsed.entities:
        while sentences[sentence_idx].end < ent.end:
            sentence_idx += 1
        surface = text[ent.start : ent.end]
        key = key_of(surface) or surface.casefold()
        entity_id = cache.get((key, ent.label))
        if entity_id is None:
            entity_id, created = _provisional_entity(db, surface, key, ent.label)
            new_entities += created
            cache[(key, ent.label)] = entity_id
        rows.append(
            {
                "entity_id": entity_id,
                "document_id": document_id,
                "sentence_id": first_sentence_id + sentence_idx,
                "start": ent.start,
                "end": ent.end,
                "text": surface,
                "label": ent.label,
                "title": ent.title or None,
                "gender": mention_gender(ent.title or None),
            }
        )
    return rows, new_entities


def _bump_counts(db: Database, rows: list[dict], key_of: Callable[[str], str]) -> None:
    """Keep counts right between resolutions (a run killed before resolving stays consistent)."""
    per_entity: dict[int, int] = {}
    per_alias: dict[tuple[int, str], int] = {}
    for row in rows:
        per_entity[row["entity_id"]] = per_entity.get(row["entity_id"], 0) + 1
        alias = (row["entity_id"], row["text"])
        per_alias[alias] = per_alias.get(alias, 0) + 1
    db.conn.executemany(
        "UPDATE entities SET mention_count = mention_count + ?, "
        "document_count = document_count + 1 WHERE id = ?",
        [(n, entity_id) for entity_id, n in per_entity.items()],
    )
    db.conn.executemany(
        "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count",
        [(entity_id, alias, key_of(alias), n) for (entity_id, alias), n in per_alias.items()],
    )


def _provisional_entity(db: Database, surface: str, key: str, label: str) -> tuple[int, bool]:
    """The entity that already owns ``key``, or a new one (resolution will revisit it)."""
    row = db.execute(
        "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.normalized = ? ORDER BY (e.type = ?) DESC, e.mention_count DESC LIMIT 1",
        [key, label],
    ).fetchone()
    if row is not None:
        return row[0], False
    cursor = db.execute(
        "INSERT INTO entities (name, type, mention_count, document_count) VALUES (?, ?, 0, 0)",
        [surface, label],
    )
    entity_id = inserted_id(cursor)
    db.execute(
        "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 0)",
        [entity_id, surface, key],
    )
    return entity_id, True


def update_metadata(db: Database, updates: list[tuple[int, Metadata]]) -> None:
    """Give stored documents (whose text did not change) their articles' new metadata, in one
    transaction: a JSONL line whose title or extra fields changed, a database made before
    ``documents.extra`` existed."""
    if not updates:
        return
    with write_transaction(db):
        db.conn.executemany(
            "UPDATE documents SET title = ?, date = ?, source = ?, url = ?, extra = ? WHERE id = ?",
            [(*metadata, document_id) for document_id, metadata in updates],
        )


def delete_documents_not_in(db: Database, file: str, keep: set[str]) -> int:
    """Remove documents of ``file`` (a JSONL file) whose keys it no longer contains."""
    rows = db.execute("SELECT id, path FROM documents WHERE file = ?", [file]).fetchall()
    stale = [doc_id for doc_id, path in rows if path not in keep]
    for doc_id in stale:
        with write_transaction(db):
            _delete_documents(db, "id = ?", [doc_id])
    return len(stale)


def _delete_documents(
    db: Database, where: str, params: list, uncounted: set[int] | None = None
) -> None:
    """Delete documents (their sentences and mentions go with them), counting their actor pairs
    out of the co-occurrence index first (except for those in ``uncounted``, never counted in:
    stored earlier in the same batch)."""
    ids = [row[0] for row in db.execute(f"SELECT id FROM documents WHERE {where}", params)]
    if not ids:
        return
    subtract_document_pairs(db, [i for i in ids if not uncounted or i not in uncounted])
    if uncounted:
        uncounted.difference_update(ids)
    forget_document_groups(db, ids)  # their groups go with them (ON DELETE CASCADE)
    db.conn.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in ids])


def set_meta(db: Database, **values: str) -> None:
    with write_transaction(db):
        for key, value in values.items():
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


# --------------------------------------------------------------------------- meta: resolution state
# ``resolution_pending`` is "1" from the first document an ingest stores until resolution has run
# over them all, so a run killed in between resolves on the next run, even with nothing new.


def headlines(db: Database | sqlite3.Connection) -> dict[int, str]:
    """Each document's title by its id, for resolution and its review queue (a story's bare
    first name may join the person its headline names); documents without a title are left
    out."""
    return dict(db.execute("SELECT id, title FROM documents WHERE title != ''").fetchall())


def resolution_pending(db: Database) -> bool:
    """Whether stored documents still wait for actor resolution."""
    row = db.execute("SELECT value FROM meta WHERE key = 'resolution_pending'").fetchone()
    return row is not None and row[0] == "1"


def mark_resolution_pending(db: Database) -> None:
    if not resolution_pending(db):
        set_meta(db, resolution_pending="1")


def mark_resolved(db: Database) -> None:
    set_meta(db, resolution_pending="0", resolved_at=now_iso())
