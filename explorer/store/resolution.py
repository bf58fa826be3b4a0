"""What actor resolution reads (surface groups) and the rewrite of its result, in one transaction."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from explorer.resolution.clusters import ResolvedEntity, SurfaceGroup
from explorer.resolution.evidence import CONTEXT_CHARS, GroupKey, MentionContext
from explorer.resolution.people import mention_gender
from explorer.store.connect import write_transaction
from explorer.store.cooccurrence import refresh_cooccurrence
from explorer.store.fuzzy_index import sync_fuzzy_index, sync_fuzzy_index_for

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def load_surface_groups(db: Database | sqlite3.Connection) -> list[SurfaceGroup]:
    """What resolution works from: every (document, surface, label, honorific gender) with its
    mention count and the titles trimmed from its mentions (:attr:`SurfaceGroup.titles`)."""
    rows = db.execute(
        "SELECT document_id, text, label, gender, count(*), group_concat(DISTINCT title) "
        "FROM mentions GROUP BY document_id, text, label, gender "
        "ORDER BY document_id, text, label, gender"
    ).fetchall()
    return [
        SurfaceGroup(
            doc, text, label, n, tuple(sorted(titles.split(","))) if titles else (), gender
        )
        for doc, text, label, gender, n, titles in rows
    ]


def load_person_starts(
    db: Database | sqlite3.Connection,
) -> dict[GroupKey, list[tuple[int, str]]]:
    """Every PERSON mention's offset and the capitalised word written right before it ("" when
    none), by surface group key, ascending: a bare surname shared by several people of its story
    joins the one named in full last before it, or the one whose given name the model left out
    of the span ("Shane" before "Williams")."""
    starts: dict[GroupKey, list[tuple[int, str]]] = {}
    rows = db.execute(
        "SELECT m.document_id, m.text, m.label, m.gender, m.start, "
        f"substr(d.text, max(1, m.start - {_BEFORE_CHARS - 1}), "
        f"m.start - max(0, m.start - {_BEFORE_CHARS})) "
        "FROM mentions m JOIN documents d ON d.id = m.document_id "
        "WHERE m.label = 'PERSON' ORDER BY m.document_id, m.start"
    )
    for document_id, text, label, gender, start, before in rows:
        found = _WORD_BEFORE.search(before or "")
        word = found.group(1) if found and found.group(1)[0].isupper() else ""
        starts.setdefault((document_id, text, label, gender), []).append((start, word))
    return starts


#: How much text before a PERSON mention :func:`load_person_starts` reads for a word.
_BEFORE_CHARS = 24
#: A capitalised word and one space right before a mention.
_WORD_BEFORE = re.compile(r"(?:^|[^\w'’-])([^\W\d_][\w'’-]*) $")


def load_mention_contexts(
    db: Database | sqlite3.Connection, chars: int = CONTEXT_CHARS
) -> Iterator[tuple[GroupKey, str, MentionContext]]:
    """The text around every mention (``chars`` characters each side, from ``documents.text``)
    with its surface group's key, and ``mentions.title`` where the schema has that column.

    The type rules read their contextual evidence from this (:mod:`explorer.resolution.evidence`).
    One document's text is in memory at a time; slicing in Python is twice as fast as SQLite's
    ``substr``, which walks the UTF-8 text from its start for every mention.
    """
    columns = {row[1] for row in db.execute("PRAGMA table_info(mentions)").fetchall()}
    title = "title" if "title" in columns else "NULL"
    documents = db.execute("SELECT id, text FROM documents ORDER BY id")
    mentions = db.execute(
        f'SELECT document_id, text, label, start, "end", {title} FROM mentions ORDER BY document_id'
    )
    doc_id, doc_text = -1, ""
    for document_id, text, label, start, end, stored_title in mentions:
        while doc_id < document_id:
            row = documents.fetchone()
            if row is None:
                return
            doc_id, doc_text = row
        if doc_id != document_id:
            continue
        yield mention_context(document_id, doc_text, text, label, start, end, stored_title, chars)


def mention_context(
    document_id: int,
    doc_text: str,
    text: str,
    label: str,
    start: int,
    end: int,
    title: str | None,
    chars: int = CONTEXT_CHARS,
) -> tuple[GroupKey, str, MentionContext]:
    """One mention's entry for :func:`explorer.resolution.evidence.gather_evidence`."""
    context = MentionContext(
        doc_text[max(0, start - chars) : start], doc_text[end : end + chars], title
    )
    return (document_id, text, label, mention_gender(title)), text, context


def rewrite_resolution(db: Database, entities: Iterable[ResolvedEntity]) -> int:
    """Replace ``entities`` and ``aliases`` and re-point every mention, in one transaction
    (the full pass; :func:`write_resolution_changes` writes only what changed).

    An entity keeps the id that most of its mentions had before, when that id is free, so links
    and bookmarks survive a re-resolution that did not change the entity.
    """
    entities = list(entities)
    conn = db.conn
    with write_transaction(db):
        conn.execute("DROP TABLE IF EXISTS temp.assign")
        conn.execute(
            "CREATE TEMP TABLE assign (document_id INTEGER, text TEXT, label TEXT, gender TEXT, "
            "cluster INTEGER, PRIMARY KEY (document_id, text, label, gender)) WITHOUT ROWID"
        )
        # Scratch tables take plain executemany: 4x faster than insert_all, and never persisted.
        conn.executemany(
            "INSERT INTO temp.assign VALUES (?, ?, ?, ?, ?)",
            ((*member, i) for i, ent in enumerate(entities) for member in ent.members),
        )
        previous = conn.execute(
            "SELECT a.cluster, m.entity_id, count(*) AS n FROM mentions m "
            "JOIN temp.assign a ON a.document_id = m.document_id AND a.text = m.text "
            "AND a.label = m.label AND a.gender = m.gender "
            "GROUP BY a.cluster, m.entity_id ORDER BY n DESC, m.entity_id"
        ).fetchall()
        ids = _stable_ids(len(entities), previous)
        conn.execute("DROP TABLE IF EXISTS temp.cluster_ids")
        conn.execute(
            "CREATE TEMP TABLE cluster_ids (cluster INTEGER PRIMARY KEY, entity_id INTEGER)"
        )
        conn.executemany("INSERT INTO temp.cluster_ids VALUES (?, ?)", enumerate(ids))
        conn.execute("PRAGMA defer_foreign_keys = ON")
        with _fts_triggers_suspended(db, ("entities", "aliases")):
            conn.execute("DELETE FROM aliases")
            conn.execute("DELETE FROM entities")
            db.table("entities").insert_all(
                (
                    {
                        "id": ids[i],
                        "name": ent.name,
                        "type": ent.type,
                        "mention_count": 0,
                        "document_count": 0,
                    }
                    for i, ent in enumerate(entities)
                ),
                batch_size=1000,
            )
            conn.execute(
                "UPDATE mentions SET entity_id = c.entity_id FROM temp.assign a "
                "JOIN temp.cluster_ids c ON c.cluster = a.cluster WHERE a.document_id = "
                "mentions.document_id AND a.text = mentions.text AND a.label = mentions.label "
                "AND a.gender = mentions.gender AND mentions.entity_id IS NOT c.entity_id"
            )
            _write_aliases(db, entities, ids)
            refresh_counts(db)
        refresh_cooccurrence(db, None)
        sync_fuzzy_index(db)
        _clear_dirty(db)
        conn.execute("DROP TABLE temp.assign")
        conn.execute("DROP TABLE temp.cluster_ids")
    return len(entities)


@contextlib.contextmanager
def _fts_triggers_suspended(db: Database, tables: Sequence[str]) -> Iterator[None]:
    """Drop the FTS sync triggers of ``tables`` for a bulk rewrite, then rebuild each index once.

    Row-by-row trigger upkeep costs more than the rewrite itself; one ``rebuild`` is far cheaper.
    Must run inside a transaction, so a failure restores the triggers with everything else.
    """
    placeholders = ",".join("?" for _ in tables)
    triggers = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
        list(tables),
    ).fetchall()
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER [{name}]")
    yield
    for _name, sql in triggers:
        db.execute(sql)
    for table in tables:
        if db[f"{table}_fts"].exists():
            db.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('rebuild')")


def _stable_ids(n: int, previous: list[tuple[int, int, int]]) -> list[int]:
    ids: list[int | None] = [None] * n
    taken: set[int] = set()
    for cluster, old_id, _count in previous:
        if old_id is None or ids[cluster] is not None or old_id in taken:
            continue
        ids[cluster] = old_id
        taken.add(old_id)
    next_id = max(taken, default=0) + 1
    result = []
    for value in ids:
        if value is None:
            value = next_id
            next_id += 1
        result.append(value)
    return result


def _write_aliases(db: Database, entities: list[ResolvedEntity], ids: list[int]) -> None:
    rows = {}
    for i, ent in enumerate(entities):
        for alias, normalized in ent.aliases:
            rows[(ids[i], alias)] = {
                "entity_id": ids[i],
                "alias": alias,
                "normalized": normalized,
                "count": 0,
            }
    db.table("aliases").insert_all(rows.values(), batch_size=1000)


def refresh_counts(db: Database) -> None:
    """Recompute ``mention_count``, ``document_count`` and alias counts from the mentions.

    Entities and aliases left without mentions are removed.
    """
    db.execute("DROP TABLE IF EXISTS temp.alias_counts")
    db.execute(
        "CREATE TEMP TABLE alias_counts (entity_id INTEGER, text TEXT, n INTEGER, "
        "PRIMARY KEY (entity_id, text)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO temp.alias_counts SELECT entity_id, text, count(*) FROM mentions "
        "GROUP BY entity_id, text"
    )
    db.execute(
        "UPDATE aliases SET count = coalesce((SELECT n FROM temp.alias_counts c WHERE "
        "c.entity_id = aliases.entity_id AND c.text = aliases.alias), 0)"
    )
    db.execute("DROP TABLE temp.alias_counts")
    db.execute(
        "UPDATE entities SET mention_count = coalesce((SELECT count(*) FROM mentions m "
        "WHERE m.entity_id = entities.id), 0), document_count = coalesce((SELECT "
        "count(DISTINCT m.document_id) FROM mentions m WHERE m.entity_id = entities.id), 0)"
    )
    db.execute("DELETE FROM aliases WHERE count = 0")
    db.execute("DELETE FROM entities WHERE mention_count = 0")


def count_entities(db: Database | sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM entities").fetchone()[0]


# --------------------------------------------------------------------------- the incremental write


def write_resolution_changes(
    db: Database, entities: Iterable[ResolvedEntity]
) -> tuple[int, set[int]]:
    """Write a resolution's result by changing only what differs from the stored one, in one
    transaction. Returns the entity count and the ids of the entities whose mentions, name,
    type or counts changed (those still present or gone).

    The database ends as :func:`rewrite_resolution` would leave it (same entities, names, types,
    aliases, counts, mention assignment and search index), given the same ``entities``; only
    the ids of new entities may differ (both keep an entity's id when most of its mentions had
    it). What it touches: the mentions of surface groups that change entity, the entities whose
    membership, name or type changed, and those whose mentions were added or deleted since the
    last resolution (``resolution_dirty``, kept by triggers), with their aliases and search
    index rows.
    """
    entities = list(entities)
    conn = db.conn
    with write_transaction(db):
        held, mixed = _held_by(db)
        previous, sole = _previous_holders(entities, held, mixed)
        ids = _stable_ids(len(entities), previous)
        stored = {
            row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, name, type FROM entities")
        }
        final = set(ids)
        stale = set(stored) - final
        moves: list[tuple[int, int, str, str, str]] = []
        touched: set[int] = set(stale)
        for index, ent in enumerate(entities):
            entity_id = ids[index]
            if sole[index] != entity_id:  # some member held elsewhere: find which
                for member in ent.members:
                    before = mixed.get(member) or ({held[member]} if member in held else set())
                    if before != {entity_id}:
                        moves.append((entity_id, *member))
                        touched.add(entity_id)
                        touched.update(before)
            if stored.get(entity_id) != (ent.name, ent.type):
                touched.add(entity_id)
        affected = touched | _dirty(db)
        strings_before, names_before = _index_terms(db, affected)
        conn.execute("PRAGMA defer_foreign_keys = ON")
        _upsert_entities(db, entities, ids, stored, touched)
        conn.executemany(
            "UPDATE mentions SET entity_id = ? WHERE document_id = ? AND text = ? AND label = ? "
            "AND gender = ? AND entity_id IS NOT ?1",
            moves,
        )
        conn.executemany("DELETE FROM aliases WHERE entity_id = ?", [(i,) for i in stale])
        conn.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in stale])
        rewritten = [(ent, ids[i]) for i, ent in enumerate(entities) if ids[i] in touched]
        conn.executemany(
            "DELETE FROM aliases WHERE entity_id = ?", [(entity_id,) for _e, entity_id in rewritten]
        )
        conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 0)",
            {
                (entity_id, alias): (entity_id, alias, normalized)
                for ent, entity_id in rewritten
                for alias, normalized in ent.aliases
            }.values(),
        )
        _recount(db, affected - stale)
        strings_after, names_after = _index_terms(db, affected - stale)
        sync_fuzzy_index_for(db, strings_before | strings_after, names_before | names_after)
        refresh_cooccurrence(db, touched)  # the actors whose mentions moved, gone ones included
        _clear_dirty(db)
    return len(entities), affected


def _held_by(db: Database) -> tuple[dict[GroupKey, int], dict[GroupKey, set[int]]]:
    """Which entity holds each surface group's mentions now, and the groups whose mentions
    several entities hold (a curation edit moved some since the last resolution).

    SQLite hands every row new objects: the surfaces, labels and ids repeated over the rows
    are kept once (about 130 MB at 100,000 articles, while the new result is in memory too)."""
    held: dict[GroupKey, int] = {}
    mixed: dict[GroupKey, set[int]] = {}
    strings: dict[str, str] = {}
    numbers: dict[int, int] = {}
    for document_id, text, label, gender, entity_id in db.conn.execute(
        "SELECT DISTINCT document_id, text, label, gender, entity_id FROM mentions"
    ):
        document_id = numbers.setdefault(document_id, document_id)
        entity_id = numbers.setdefault(entity_id, entity_id)
        key = (
            document_id,
            strings.setdefault(text, text),
            strings.setdefault(label, label),
            strings.setdefault(gender, gender),
        )
        other = held.setdefault(key, entity_id)
        if other != entity_id:
            mixed.setdefault(key, {other}).add(entity_id)
    return held, mixed


_UNSET = -1  # no entity id is negative


def _previous_holders(
    entities: list[ResolvedEntity],
    held: dict[GroupKey, int],
    mixed: dict[GroupKey, set[int]],
) -> tuple[list[tuple[int, int, int]], list[int | None]]:
    """``(cluster, entity id, surface groups it holds there)``, most first: what
    :func:`_stable_ids` needs to keep ids (counted in groups, not mentions as the full rewrite
    does: the ids may differ between the two, nothing else); and, per cluster, the one entity
    that holds all its groups (``None`` when there is no such entity)."""
    counts: dict[tuple[int, int], int] = {}
    sole: list[int | None] = []
    for index, ent in enumerate(entities):
        only: int | None = _UNSET
        for member in ent.members:
            holder = held.get(member)
            if holder is None or member in mixed:
                only = None
                for entity_id in mixed.get(member, ()):
                    counts[(index, entity_id)] = counts.get((index, entity_id), 0) + 1
                continue
            counts[(index, holder)] = counts.get((index, holder), 0) + 1
            if only == _UNSET:
                only = holder
            elif only != holder:
                only = None
        sole.append(None if only == _UNSET else only)
    previous = sorted(
        ((index, entity_id, n) for (index, entity_id), n in counts.items()),
        key=lambda row: (-row[2], row[1], row[0]),
    )
    return previous, sole


def _upsert_entities(
    db: Database,
    entities: list[ResolvedEntity],
    ids: list[int],
    stored: dict[int, tuple[str, str]],
    touched: set[int],
) -> None:
    """Create the new entities and rename or retype the others that changed (counts follow)."""
    new = [(ids[i], e.name, e.type) for i, e in enumerate(entities) if ids[i] not in stored]
    db.conn.executemany(
        "INSERT INTO entities (id, name, type, mention_count, document_count) VALUES (?, ?, ?, 0, 0)",
        new,
    )
    db.conn.executemany(
        "UPDATE entities SET name = ?, type = ? WHERE id = ?",
        [
            (e.name, e.type, ids[i])
            for i, e in enumerate(entities)
            if ids[i] in stored and ids[i] in touched and stored[ids[i]] != (e.name, e.type)
        ],
    )


def _recount(db: Database, entity_ids: set[int]) -> None:
    """:func:`refresh_counts` for these entities only."""
    conn = db.conn
    conn.execute("DROP TABLE IF EXISTS temp.recount")
    conn.execute("CREATE TEMP TABLE recount (id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO temp.recount VALUES (?)", [(i,) for i in entity_ids])
    conn.execute(
        "UPDATE aliases SET count = (SELECT count(*) FROM mentions m WHERE m.entity_id = "
        "aliases.entity_id AND m.text = aliases.alias) WHERE entity_id IN temp.recount"
    )
    conn.execute("DELETE FROM aliases WHERE entity_id IN temp.recount AND count = 0")
    conn.execute(
        "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions m WHERE "
        "m.entity_id = entities.id), document_count = (SELECT count(DISTINCT m.document_id) "
        "FROM mentions m WHERE m.entity_id = entities.id) WHERE id IN temp.recount"
    )
    conn.execute("DELETE FROM entities WHERE id IN temp.recount AND mention_count = 0")
    conn.execute("DROP TABLE temp.recount")


def _index_terms(db: Database, entity_ids: set[int]) -> tuple[set[str], set[str]]:
    """The alias strings and names of these entities (what the search index files)."""
    strings: set[str] = set()
    names: set[str] = set()
    for entity_id in entity_ids:
        strings.update(
            row[0]
            for row in db.conn.execute(
                "SELECT normalized FROM aliases WHERE entity_id = ?", [entity_id]
            )
        )
        row = db.conn.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()
        if row is not None:
            names.add(row[0])
    return strings, names


def _dirty(db: Database) -> set[int]:
    """Entities whose mentions were added or deleted since the last resolution."""
    if not db["resolution_dirty"].exists():
        return set()
    return {row[0] for row in db.conn.execute("SELECT entity_id FROM resolution_dirty")}


def _clear_dirty(db: Database) -> None:
    if db["resolution_dirty"].exists():
        db.conn.execute("DELETE FROM resolution_dirty")
