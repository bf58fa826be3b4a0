"""Queries: every read the explorer and the one-liners make, as plain functions over a connection.

The TUI and the CLI call these same functions, so a search in the app and ``libya-explore search``
rank alike. Nothing here imports Textual, rich or spaCy.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field

from explorer.dates import PERIODS, period_of, periods_between, stored_day
from explorer.normalize import matching_key
from explorer.store import ranking, search


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    type: str
    mentions: int
    documents: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EntityHit:
    """A search result: the entity, its score (0–100) and the alias that matched best."""

    id: int
    name: str
    type: str
    mentions: int
    documents: int
    score: float
    matched_alias: str
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return asdict(self) | {"score": round(self.score, 1), "aliases": list(self.aliases)}


@dataclass(frozen=True)
class MentionRow:
    id: int
    entity_id: int
    document_id: int
    document_title: str
    document_date: str | None
    start: int
    end: int
    text: str
    label: str
    sentence_id: int
    sentence_start: int
    sentence_text: str

    @property
    def sentence_offsets(self) -> tuple[int, int]:
        """The mention's offsets inside ``sentence_text``."""
        return self.start - self.sentence_start, self.end - self.sentence_start

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "entity_id": self.entity_id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "date": self.document_date,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "sentence_id": self.sentence_id,
            "sentence": self.sentence_text,
            "sentence_offsets": list(self.sentence_offsets),
        }


@dataclass(frozen=True)
class SentenceRow:
    id: int
    idx: int
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CoMention:
    """Another actor named in the same sentence as the selected mention."""

    mention_id: int
    entity_id: int
    name: str
    type: str
    text: str
    start: int
    end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    path: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    n_sentences: int
    #: The file the document was read from (``path`` adds ``#id`` for JSONL and CSV records).
    file: str = ""
    #: The source record's other fields (``documents.extra``), e.g. ``{"category": "sport"}``.
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The file's name with the record's id, as shown to people: ``bbc.jsonl#sport/001``
        (a bare ``Path(path).name`` would cut an id with a slash down to ``001``)."""
        if self.file and self.path.startswith(self.file):
            return self.file.rsplit("/", 1)[-1] + self.path[len(self.file) :]
        return self.path.rsplit("/", 1)[-1]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "n_sentences": self.n_sentences,
            "extra": self.extra,
        }


@dataclass(frozen=True)
class Context:
    mention: MentionRow
    document: DocumentInfo
    sentences: tuple[SentenceRow, ...]  # the window, in order; one of them holds the mention
    others: tuple[CoMention, ...]  # other actors in the mention's sentence

    def to_json(self) -> dict:
        return {
            "mention": self.mention.to_json(),
            "document": self.document.to_json(),
            "sentences": [
                {**s.to_json(), "has_mention": s.id == self.mention.sentence_id}
                for s in self.sentences
            ],
            "others": [other.to_json() for other in self.others],
        }


@dataclass(frozen=True)
class Stats:
    documents: int
    sentences: int
    entities: int
    mentions: int
    aliases: int
    words: int
    by_type: tuple[tuple[str, int], ...]
    top_by_type: dict[str, tuple[Entity, ...]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "entities": self.entities,
            "mentions": self.mentions,
            "aliases": self.aliases,
            "words": self.words,
            "types": [{"type": t, "entities": n} for t, n in self.by_type],
            "top": {t: [e.to_json() for e in top] for t, top in self.top_by_type.items()},
        }


# --------------------------------------------------------------------------- entities

_ENTITY_COLUMNS = "e.id, e.name, e.type, e.mention_count, e.document_count"


def _entity(row: sqlite3.Row | tuple) -> Entity:
    return Entity(row[0], row[1], row[2], row[3], row[4])


def get_entity(conn: sqlite3.Connection, entity_id: int) -> Entity | None:
    row = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities e WHERE e.id = ?", [entity_id]
    ).fetchone()
    return _entity(row) if row else None


def entity_aliases(conn: sqlite3.Connection, entity_id: int) -> list[tuple[str, int]]:
    """Every surface form of the entity with how often it occurs, most frequent first."""
    return [
        (row[0], row[1])
        for row in conn.execute(
            "SELECT alias, count FROM aliases WHERE entity_id = ? ORDER BY count DESC, alias",
            [entity_id],
        )
    ]


def entity_types(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """The entity types present, with how many entities each has, most common first."""
    return [
        (row[0], row[1])
        for row in conn.execute(
            "SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type"
        )
    ]


def top_entities(
    conn: sqlite3.Connection, entity_type: str | None = None, limit: int = 50, offset: int = 0
) -> list[Entity]:
    """The most-mentioned entities, optionally of one type."""
    where, params = ("WHERE e.type = ?", [entity_type]) if entity_type else ("", [])
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities e {where} "
        "ORDER BY e.mention_count DESC, e.name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [_entity(row) for row in rows]


def search_entities(
    conn: sqlite3.Connection, query: str, entity_type: str | None = None, limit: int = 50
) -> list[EntityHit]:
    """Fuzzy search over entity names and every alias, best first.

    Ranked by score, mentions breaking near-ties (:mod:`explorer.store.ranking`). An empty
    query lists the most-mentioned entities (score 100).
    """
    query = query[:200]
    key = matching_key(query)
    if not key:
        return [
            EntityHit(
                e.id,
                e.name,
                e.type,
                e.mentions,
                e.documents,
                100.0,
                e.name,
                _alias_names(conn, e.id),
            )
            for e in top_entities(conn, entity_type, limit)
        ]
    scored = search.score_aliases(
        conn, key, entity_type, limit, ranking.leading_words_dropped(query)
    )
    entities = _entities_by_id(conn, [entity_id for entity_id, _s, _a in scored])
    aliases = _alias_names_of(conn, list(entities))
    known_as = set(search.known_other_names(key))
    hits = [
        EntityHit(
            entity.id,
            entity.name,
            entity.type,
            entity.mentions,
            entity.documents,
            score,
            _shown_match(query, key, alias, entity.name, known_as),
            aliases.get(entity.id, ()),
        )
        for entity_id, score, alias in scored
        if (entity := entities.get(entity_id)) is not None
    ]
    hits.sort(key=lambda h: (-ranking.rank_key(h.score, h.mentions), h.name))
    return hits[:limit]


def _shown_match(query: str, key: str, alias: str, name: str, known_as: set[str]) -> str:
    """The spelling a hit is shown to have matched: the alias; the name when the alias is the
    name; the query itself when the name was found as a gazetteer actor's known other name
    ("hifter" → Khalifa Haftar shows ``≈hifter``), so the reason for the hit is always in view."""
    if matching_key(alias) != matching_key(name):
        return alias
    if matching_key(name) in known_as and key != matching_key(name):
        return search.known_spelling(key) or query.strip()
    return name


def _entities_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Entity]:
    """Entities by id in one query (search results)."""
    if not ids:
        return {}
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities e WHERE e.id IN ({','.join('?' * len(ids))})",
        ids,
    ).fetchall()
    return {row[0]: _entity(row) for row in rows}


def _alias_names_of(
    conn: sqlite3.Connection, ids: list[int], limit: int = 20
) -> dict[int, tuple[str, ...]]:
    """The most frequent aliases of several entities in one query (search results)."""
    if not ids:
        return {}
    rows = conn.execute(
        "SELECT entity_id, alias FROM (SELECT entity_id, alias, row_number() OVER (PARTITION BY "
        "entity_id ORDER BY count DESC, alias) AS n FROM aliases WHERE entity_id IN "
        f"({','.join('?' * len(ids))})) WHERE n <= ?",
        [*ids, limit],
    ).fetchall()
    names: dict[int, list[str]] = {}
    for entity_id, alias in rows:
        names.setdefault(entity_id, []).append(alias)
    return {entity_id: tuple(found) for entity_id, found in names.items()}


def _alias_names(conn: sqlite3.Connection, entity_id: int, limit: int = 20) -> tuple[str, ...]:
    return tuple(
        row[0]
        for row in conn.execute(
            "SELECT alias FROM aliases WHERE entity_id = ? ORDER BY count DESC, alias LIMIT ?",
            [entity_id, limit],
        )
    )


# --------------------------------------------------------------------------- mentions

_MENTION_SELECT = (
    'SELECT m.id, m.entity_id, m.document_id, d.title, d.date, m.start, m."end", m.text, '
    "m.label, m.sentence_id, s.start, s.text FROM mentions m "
    "JOIN documents d ON d.id = m.document_id JOIN sentences s ON s.id = m.sentence_id "
)


def _mention(row: sqlite3.Row | tuple) -> MentionRow:
    return MentionRow(*row)


def count_mentions(conn: sqlite3.Connection, entity_id: int) -> int:
    return conn.execute(
        "SELECT count(*) FROM mentions WHERE entity_id = ?", [entity_id]
    ).fetchone()[0]


def entity_mentions(
    conn: sqlite3.Connection,
    entity_id: int,
    offset: int = 0,
    limit: int = 100,
    document_id: int | None = None,
) -> list[MentionRow]:
    """One page of the entity's mentions, by document then position (index order: cheap pages)."""
    where = "WHERE m.entity_id = ?"
    params: list = [entity_id]
    if document_id is not None:
        where += " AND m.document_id = ?"
        params.append(document_id)
    rows = conn.execute(
        f"{_MENTION_SELECT} {where} ORDER BY m.entity_id, m.document_id, m.start LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [_mention(row) for row in rows]


def mentions_per_document(
    conn: sqlite3.Connection, entity_id: int, limit: int = 1000
) -> list[tuple[int, str, int]]:
    """``(document_id, title, count)`` for the entity, most mentions first."""
    return [
        (row[0], row[1], row[2])
        for row in conn.execute(
            "SELECT m.document_id, d.title, count(*) AS n FROM mentions m JOIN documents d "
            "ON d.id = m.document_id WHERE m.entity_id = ? GROUP BY m.document_id "
            "ORDER BY n DESC, m.document_id LIMIT ?",
            [entity_id, limit],
        )
    ]


def get_mention(conn: sqlite3.Connection, mention_id: int) -> MentionRow | None:
    row = conn.execute(f"{_MENTION_SELECT} WHERE m.id = ?", [mention_id]).fetchone()
    return _mention(row) if row else None


def get_document(conn: sqlite3.Connection, document_id: int) -> DocumentInfo | None:
    row = conn.execute(
        "SELECT id, path, title, date, source, url, n_sentences, file, extra FROM documents "
        "WHERE id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        return None
    doc_id, path, title, date, source, url, n_sentences, file, extra = row
    return DocumentInfo(
        doc_id, path, title, date, source, url, n_sentences, file=file, extra=_extra(extra)
    )


def _extra(stored: str | None) -> dict:
    """``documents.extra`` as a dict ({} when NULL or not a JSON object)."""
    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def mention_context(conn: sqlite3.Connection, mention_id: int, window: int = 1) -> Context | None:
    """The mention's sentence with ``window`` sentences either side, and the actors beside it."""
    mention = get_mention(conn, mention_id)
    if mention is None:
        return None
    document = get_document(conn, mention.document_id)
    assert document is not None
    idx = conn.execute("SELECT idx FROM sentences WHERE id = ?", [mention.sentence_id]).fetchone()[
        0
    ]
    window = max(0, window)
    sentences = tuple(
        SentenceRow(*row)
        for row in conn.execute(
            'SELECT id, idx, start, "end", text FROM sentences WHERE document_id = ? '
            "AND idx BETWEEN ? AND ? ORDER BY idx",
            [mention.document_id, idx - window, idx + window],
        )
    )
    others = tuple(
        CoMention(*row)
        for row in conn.execute(
            'SELECT m.id, e.id, e.name, e.type, m.text, m.start, m."end" FROM mentions m '
            "JOIN entities e ON e.id = m.entity_id WHERE m.sentence_id = ? AND m.id != ? "
            "ORDER BY m.start",
            [mention.sentence_id, mention.id],
        )
    )
    return Context(mention, document, sentences, others)


def cooccurring(
    conn: sqlite3.Connection, entity_id: int, limit: int = 20
) -> list[tuple[Entity, int]]:
    """Actors most often named in the same sentences as the entity: ``(entity, sentences)``.

    Read from the co-occurrence index (:mod:`explorer.store.cooccurrence`): a range scan of the
    entity's partners, most shared sentences first."""
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS}, p.sentences AS n FROM entity_pairs p "
        "JOIN entities e ON e.id = p.other_id WHERE p.entity_id = ? "
        "ORDER BY n DESC, e.mention_count DESC, e.name LIMIT ?",
        [entity_id, limit],
    ).fetchall()
    return [(_entity(row[:5]), row[5]) for row in rows]


def stats(conn: sqlite3.Connection, top: int = 5) -> Stats:
    def count(table: str) -> int:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    words = conn.execute("SELECT coalesce(sum(n_words), 0) FROM documents").fetchone()[0]
    by_type = tuple(entity_types(conn))
    top_by_type = {t: tuple(top_entities(conn, t, top)) for t, _n in by_type}
    return Stats(
        documents=count("documents"),
        sentences=count("sentences"),
        entities=count("entities"),
        mentions=count("mentions"),
        aliases=count("aliases"),
        words=words,
        by_type=by_type,
        top_by_type=top_by_type,
    )


# --- one-liners


@dataclass(frozen=True)
class EntityPick:
    """The entity a one-liner's ENTITY argument names, and how it was picked."""

    entity: Entity
    matched_by: str  # "id", "name" (a name or alias matched exactly) or "fuzzy"
    score: float
    alternatives: tuple[EntityHit, ...] = ()  # the runners-up, for a fuzzy pick

    def to_json(self) -> dict:
        return {
            "entity": self.entity.to_json(),
            "matched_by": self.matched_by,
            "score": round(self.score, 1),
            "alternatives": [hit.to_json() for hit in self.alternatives],
        }


def pick_entity(conn: sqlite3.Connection, ident: str, alternatives: int = 3) -> EntityPick | None:
    """An entity by id (digits) or by name: the best fuzzy match, as the explorer ranks it."""
    ident = ident.strip()
    if ident.isascii() and ident.isdigit() and len(ident) < 19:  # not "²", nor past SQLite's int
        entity = get_entity(conn, int(ident))
        if entity is not None:
            return EntityPick(entity, "id", 100.0)
    hits = search_entities(conn, ident, limit=1 + alternatives) if ident else []
    if not hits:
        return None
    best = hits[0]
    entity = get_entity(conn, best.id)
    if entity is None:
        return None
    if best.score >= 99.9:
        return EntityPick(entity, "name", best.score)
    return EntityPick(entity, "fuzzy", best.score, tuple(hits[1:]))


# --------------------------------------------------------------------------- explorer
# Reads for the Textual explorer: a virtual mentions list pages through one document at a time,
# so an actor with 100k mentions opens with one cheap GROUP BY and pages by index range.


@dataclass(frozen=True)
class DocumentCount:
    """How many mentions of one entity a document holds."""

    document_id: int
    title: str
    date: str | None
    count: int


def mention_counts_by_document(conn: sqlite3.Connection, entity_id: int) -> list[DocumentCount]:
    """Every document naming the entity, with its mention count, in corpus order (date, id)."""
    return [
        DocumentCount(row[0], row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT c.document_id, d.title, d.date, c.n FROM (SELECT document_id, count(*) AS n "
            "FROM mentions WHERE entity_id = ? GROUP BY document_id) c "
            "JOIN documents d ON d.id = c.document_id ORDER BY d.date IS NULL, d.date, d.id",
            [entity_id],
        )
    ]


def entity_mentions_in_document(
    conn: sqlite3.Connection, entity_id: int, document_id: int, skip: int = 0, limit: int = 100
) -> list[MentionRow]:
    """The entity's mentions in one document by position, from the ``skip``-th on.

    The skip walks the covering index ``(entity_id, document_id, start)`` only; the joins run for
    the ``limit`` rows returned, so a page deep into a long list costs about what the first does.
    """
    rows = conn.execute(
        f"{_MENTION_SELECT} WHERE m.entity_id = ? AND m.document_id = ? AND (m.start, m.id) >= "
        "(SELECT start, id FROM mentions WHERE entity_id = ? AND document_id = ? "
        "ORDER BY start, id LIMIT 1 OFFSET ?) ORDER BY m.start, m.id LIMIT ?",
        [entity_id, document_id, entity_id, document_id, max(0, skip), limit],
    ).fetchall()
    return [_mention(row) for row in rows]


# --------------------------------------------------------------------------- explorer: browsing
# The whole actor list page by page, where a mention sits in its actor's list, the sentence two
# actors share, mentions filtered by sentence words, document and date, and a whole document.

#: How the actor list can be ordered: ``(key, SQL ORDER BY)``.
ACTOR_ORDERS: dict[str, str] = {
    "mentions": "e.mention_count DESC, e.name, e.id",
    "documents": "e.document_count DESC, e.mention_count DESC, e.id",
    "name": "e.name COLLATE NOCASE, e.id",
    "type": "e.type, e.mention_count DESC, e.id",
}


def count_entities(conn: sqlite3.Connection, entity_type: str | None = None) -> int:
    """How many actors there are (of one type)."""
    if entity_type:
        return conn.execute(
            "SELECT count(*) FROM entities WHERE type = ?", [entity_type]
        ).fetchone()[0]
    return conn.execute("SELECT count(*) FROM entities").fetchone()[0]


def entity_page(
    conn: sqlite3.Connection,
    entity_type: str | None = None,
    order: str = "mentions",
    offset: int = 0,
    limit: int = 100,
) -> list[Entity]:
    """One page of every actor (of one type), in one of :data:`ACTOR_ORDERS`."""
    where, params = ("WHERE e.type = ?", [entity_type]) if entity_type else ("", [])
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities e {where} ORDER BY {ACTOR_ORDERS[order]} "
        "LIMIT ? OFFSET ?",
        [*params, limit, max(0, offset)],
    ).fetchall()
    return [_entity(row) for row in rows]


@dataclass(frozen=True)
class MentionFilter:
    """Which of an actor's mentions to list: sentence words (all of them, each as a word prefix),
    documents (ids, or words of their titles) and dates (ISO prefixes, both ends included)."""

    words: tuple[str, ...] = ()
    document_ids: tuple[int, ...] = ()
    title_words: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def __bool__(self) -> bool:
        return bool(
            self.words or self.document_ids or self.title_words or self.date_from or self.date_to
        )


def _fts_words(words: tuple[str, ...]) -> str | None:
    """An FTS5 query matching every word as a prefix; user text never reaches FTS5's syntax."""
    terms = ['"' + w.replace('"', '""') + '"*' for w in words if any(c.isalnum() for c in w)]
    return " ".join(terms) or None


def _filter_clauses(mention_filter: MentionFilter | None) -> tuple[str, list]:
    """SQL conditions on ``m`` (mentions) and ``d`` (documents) for a filter."""
    if not mention_filter:
        return "", []
    clauses: list[str] = []
    params: list = []
    if (words := _fts_words(mention_filter.words)) is not None:
        clauses.append(
            "m.sentence_id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
        )
        params.append(words)
    documents: list[str] = []
    if mention_filter.document_ids:
        documents.append(f"d.id IN ({','.join('?' * len(mention_filter.document_ids))})")
        params.extend(mention_filter.document_ids)
    if (title := _fts_words(mention_filter.title_words)) is not None:
        documents.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        params.append(title)
    if documents:
        clauses.append("(" + " OR ".join(documents) + ")")
    if mention_filter.date_from:
        clauses.append("d.date >= ?")
        params.append(mention_filter.date_from)
    if mention_filter.date_to:
        clauses.append("substr(d.date, 1, ?) <= ?")
        params.extend([len(mention_filter.date_to), mention_filter.date_to])
    return "".join(f" AND {clause}" for clause in clauses), params


def filtered_mention_counts(
    conn: sqlite3.Connection, entity_id: int, mention_filter: MentionFilter | None
) -> list[DocumentCount]:
    """:func:`mention_counts_by_document` for the mentions a filter keeps."""
    if not mention_filter:
        return mention_counts_by_document(conn, entity_id)
    where, params = _filter_clauses(mention_filter)
    return [
        DocumentCount(row[0], row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT m.document_id, d.title, d.date, count(*) FROM mentions m JOIN documents d "
            f"ON d.id = m.document_id WHERE m.entity_id = ?{where} GROUP BY m.document_id "
            "ORDER BY d.date IS NULL, d.date, d.id",
            [entity_id, *params],
        )
    ]


def filtered_mentions_in_document(
    conn: sqlite3.Connection,
    entity_id: int,
    document_id: int,
    mention_filter: MentionFilter | None,
    skip: int = 0,
    limit: int = 100,
) -> list[MentionRow]:
    """:func:`entity_mentions_in_document` for the mentions a filter keeps."""
    if not mention_filter:
        return entity_mentions_in_document(conn, entity_id, document_id, skip, limit)
    where, params = _filter_clauses(mention_filter)
    rows = conn.execute(
        f"{_MENTION_SELECT} WHERE m.entity_id = ? AND m.document_id = ?{where} "
        "ORDER BY m.start, m.id LIMIT ? OFFSET ?",
        [entity_id, document_id, *params, limit, max(0, skip)],
    ).fetchall()
    return [_mention(row) for row in rows]


@dataclass(frozen=True)
class MentionPosition:
    """Where a mention sits in its actor's list: its document, and its index inside it."""

    mention_id: int
    entity_id: int
    document_id: int
    index: int


def mention_position(
    conn: sqlite3.Connection, mention_id: int, mention_filter: MentionFilter | None = None
) -> MentionPosition | None:
    """The mention's place among its actor's mentions of its document (None: no such mention,
    or the filter leaves it out)."""
    row = conn.execute(
        "SELECT entity_id, document_id, start FROM mentions WHERE id = ?", [mention_id]
    ).fetchone()
    if row is None:
        return None
    entity_id, document_id, start = row
    where, params = _filter_clauses(mention_filter)
    if where:
        kept = conn.execute(
            f"SELECT 1 FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.id = ?{where}",
            [mention_id, *params],
        ).fetchone()
        if kept is None:
            return None
    index = conn.execute(
        "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.document_id "
        f"WHERE m.entity_id = ? AND m.document_id = ? AND (m.start, m.id) < (?, ?){where}",
        [entity_id, document_id, start, mention_id, *params],
    ).fetchone()[0]
    return MentionPosition(mention_id, entity_id, document_id, index)


def shared_sentence_mention(conn: sqlite3.Connection, entity_id: int, other_id: int) -> int | None:
    """The other actor's mention in the first sentence (corpus order) that names both."""
    row = conn.execute(
        "SELECT o.id FROM mentions m JOIN mentions o ON o.sentence_id = m.sentence_id "
        "JOIN documents d ON d.id = o.document_id WHERE m.entity_id = ? AND o.entity_id = ? "
        "ORDER BY d.date IS NULL, d.date, d.id, o.start LIMIT 1",
        [entity_id, other_id],
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class DocumentMention:
    """An actor named in a document, where."""

    id: int
    entity_id: int
    name: str
    type: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentText:
    document: DocumentInfo
    text: str
    mentions: tuple[DocumentMention, ...]  # in order


def document_text(conn: sqlite3.Connection, document_id: int) -> DocumentText | None:
    """A whole document with every actor mention in it (the explorer's document view)."""
    document = get_document(conn, document_id)
    if document is None:
        return None
    text = conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    mentions = tuple(
        DocumentMention(*row)
        for row in conn.execute(
            'SELECT m.id, e.id, e.name, e.type, m.start, m."end" FROM mentions m '
            "JOIN entities e ON e.id = m.entity_id WHERE m.document_id = ? ORDER BY m.start",
            [document_id],
        )
    )
    return DocumentText(document, text, mentions)


# --------------------------------------------------------------------------- timelines
# An actor's mentions and documents per day, ISO week, month or year (``libya-explore timeline``
# and the explorer's chart). Each document has one date, so a period's documents are the sum of
# its days' documents: SQL counts per stored date, Python folds days into periods and fills the
# gaps between the first and the last.


@dataclass(frozen=True)
class PeriodCount:
    period: str
    mentions: int
    documents: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Timeline:
    """An actor's mentions over time; ``undated``: mentions in documents without a date."""

    entity: Entity
    by: str
    periods: tuple[PeriodCount, ...]
    undated_mentions: int = 0
    undated_documents: int = 0

    @property
    def dated_mentions(self) -> int:
        return sum(p.mentions for p in self.periods)

    def to_json(self) -> dict:
        return {
            "actor": {"id": self.entity.id, "name": self.entity.name},
            "by": self.by,
            "periods": [p.to_json() for p in self.periods],
            "undated": self.undated_mentions,
        }


@dataclass
class _Days:
    """One actor's counts per day, and those of undated documents."""

    days: dict[_dt.date, tuple[int, int]] = field(default_factory=dict)
    undated: tuple[int, int] = (0, 0)


def _mention_days(
    conn: sqlite3.Connection, entity_id: int, mention_filter: MentionFilter | None
) -> _Days:
    where, params = _filter_clauses(mention_filter)
    found = _Days()
    undated = [0, 0]
    for stored, mentions, documents in conn.execute(
        "SELECT d.date, count(*), count(DISTINCT m.document_id) FROM mentions m "
        f"JOIN documents d ON d.id = m.document_id WHERE m.entity_id = ?{where} GROUP BY d.date",
        [entity_id, *params],
    ):
        day = stored_day(stored)
        if day is None:
            undated[0] += mentions
            undated[1] += documents
        else:
            before = found.days.get(day, (0, 0))
            found.days[day] = (before[0] + mentions, before[1] + documents)
    found.undated = (undated[0], undated[1])
    return found


def entity_timelines(
    conn: sqlite3.Connection,
    entities: list[Entity],
    by: str = "month",
    mention_filter: MentionFilter | None = None,
) -> list[Timeline]:
    """Each actor's timeline over the same periods (side by side): from the first dated mention
    of any of them to the last, empty periods included. ``mention_filter`` counts only the
    mentions it keeps (the explorer's chart agrees with its filtered list)."""
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; one of {', '.join(PERIODS)}")
    found = [_mention_days(conn, entity.id, mention_filter) for entity in entities]
    return _folded(entities, found, by)


def fitting_timeline(
    conn: sqlite3.Connection,
    entity: Entity,
    mention_filter: MentionFilter | None = None,
    max_periods: int = 40,
) -> Timeline:
    """The actor's timeline by the finest period (day, week, month, year) that spans its dated
    mentions in at most ``max_periods`` periods (by year when none does): the explorer's chart."""
    found = _mention_days(conn, entity.id, mention_filter)
    by = PERIODS[-1]
    if found.days:
        first, last = min(found.days), max(found.days)
        by = next((p for p in PERIODS if len(periods_between(first, last, p)) <= max_periods), by)
    return _folded([entity], [found], by)[0]


def _folded(entities: list[Entity], found: list[_Days], by: str) -> list[Timeline]:
    every_day = [day for days in found for day in days.days]
    names = periods_between(min(every_day), max(every_day), by) if every_day else []
    timelines = []
    for entity, days in zip(entities, found, strict=True):
        counts = dict.fromkeys(names, (0, 0))
        for day, (mentions, documents) in days.days.items():
            period = period_of(day, by)
            before = counts[period]
            counts[period] = (before[0] + mentions, before[1] + documents)
        periods = tuple(PeriodCount(name, *counts[name]) for name in names)
        timelines.append(Timeline(entity, by, periods, *days.undated))
    return timelines


# --------------------------------------------------------------------------- statements


@dataclass(frozen=True)
class StatementRow:
    """A statement an actor made (issue 15): the reported content inside its sentence."""

    id: int
    entity_id: int | None
    document_id: int
    document_title: str
    document_date: str | None
    sentence_id: int
    sentence_start: int
    sentence_text: str
    start: int
    end: int
    cue: str | None
    kind: str
    content: str
    mention_id: int | None

    @property
    def sentence_offsets(self) -> tuple[int, int]:
        """The content's offsets inside ``sentence_text`` (clipped to it: a quotation may go
        on into the next sentences)."""
        length = len(self.sentence_text)
        start = min(max(self.start - self.sentence_start, 0), length)
        return start, min(max(self.end - self.sentence_start, start), length)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "entity_id": self.entity_id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "date": self.document_date,
            "cue": self.cue,
            "kind": self.kind,
            "content": self.content,
            "start": self.start,
            "end": self.end,
            "sentence_id": self.sentence_id,
            "sentence": self.sentence_text,
            "sentence_offsets": list(self.sentence_offsets),
            "mention_id": self.mention_id,
        }


def holds_documents_under(conn: sqlite3.Connection, folder: str) -> bool:
    """Whether any stored document was read from a file under ``folder`` (an absolute path, as
    ingest stores files): a range over the ``file`` index, not a scan."""
    prefix = folder.rstrip(os.sep) + os.sep
    upper = prefix[:-1] + chr(ord(os.sep) + 1)
    row = conn.execute(
        "SELECT 1 FROM documents WHERE file >= ? AND file < ? LIMIT 1", (prefix, upper)
    ).fetchone()
    return row is not None


def _statements_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'statements'"
    ).fetchone()
    return row is not None


def has_statements(conn: sqlite3.Connection) -> bool:
    """Whether statements were looked for in this database's documents: the table exists and
    holds some, or there is nothing to look in. An upgraded database has the table but its
    documents, parsed before statements existed, have none until ``ingest --reparse``."""
    if not _statements_table(conn):
        return False
    found = conn.execute("SELECT 1 FROM statements LIMIT 1").fetchone()
    return found is not None or conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None


def count_statements(conn: sqlite3.Connection, entity_id: int) -> int:
    if not _statements_table(conn):
        return 0
    row = conn.execute("SELECT count(*) FROM statements WHERE entity_id = ?", [entity_id])
    return int(row.fetchone()[0])


def entity_statements(
    conn: sqlite3.Connection, entity_id: int, limit: int = 50, offset: int = 0
) -> list[StatementRow]:
    """What an actor said, by document then position in it."""
    if not _statements_table(conn):
        return []
    rows = conn.execute(
        "SELECT st.id, st.entity_id, st.document_id, d.title, d.date, st.sentence_id, s.start, "
        's.text, st.start, st."end", st.cue, st.kind, '
        'substr(d.text, st.start + 1, st."end" - st.start), st.mention_id '
        "FROM statements st JOIN documents d ON d.id = st.document_id "
        "JOIN sentences s ON s.id = st.sentence_id WHERE st.entity_id = ? "
        "ORDER BY st.document_id, st.start, st.id LIMIT ? OFFSET ?",
        [entity_id, limit, offset],
    ).fetchall()
    return [StatementRow(*row) for row in rows]
