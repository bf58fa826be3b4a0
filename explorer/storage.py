"""Storage: the SQLite schema, opening databases safely, and every write.

Only this module (writes) and :mod:`explorer.queries` (reads) speak SQL. The schema's table and
column names are a contract that datasette users and scripts read; see the README.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

    from explorer.nlp import ParsedText
    from explorer.readers import Article

#: ``PRAGMA application_id`` of our databases ("LYBX"): tells ours from another application's.
APPLICATION_ID = 0x4C594258
#: ``PRAGMA user_version``: bumped with every migration that changes the schema.
SCHEMA_VERSION = 4

DEFAULT_DB = Path("db") / "libya.db"
REQUIRED_TABLES = ("documents", "sentences", "entities", "aliases", "mentions")


class _DeferredMigrations:
    """sqlite-utils' ``Migrations`` registry, without importing sqlite-utils until applied.

    Importing sqlite-utils costs ~0.1 s (it pulls in numpy), which the read-only one-liners must not
    pay. Registration (``@migrations()``) is recorded here and replayed onto a real
    ``sqlite_utils.migrations.Migrations`` when :meth:`apply` runs (on the write path).
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._registered: list[tuple[Callable[[Database], None], dict]] = []

    def __call__(self, **options: object) -> Callable:
        def register(func: Callable[[Database], None]) -> Callable[[Database], None]:
            self._registered.append((func, options))
            return func

        return register

    def apply(self, db: Database) -> None:
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for func, options in self._registered:
            real(**options)(func)  # type: ignore[arg-type]
        real.apply(db)


migrations = _DeferredMigrations("libya-explore")


class DatabaseProblem(Exception):
    """A database that cannot be used, with a message meant for the user (one line)."""


# --------------------------------------------------------------------------- schema


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            file TEXT NOT NULL,
            title TEXT NOT NULL,
            date TEXT,
            source TEXT,
            url TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            n_sentences INTEGER NOT NULL DEFAULT 0,
            n_words INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX idx_documents_file ON documents(file);

        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE UNIQUE INDEX idx_sentences_document_idx ON sentences(document_id, idx);

        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            mention_count INTEGER NOT NULL DEFAULT 0,
            document_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_entities_mention_count ON entities(mention_count DESC);
        CREATE INDEX idx_entities_type ON entities(type, mention_count DESC);

        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            normalized TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_aliases_entity_id ON aliases(entity_id);
        CREATE INDEX idx_aliases_normalized ON aliases(normalized);
        CREATE UNIQUE INDEX idx_aliases_entity_alias ON aliases(entity_id, alias);

        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL
        );
        CREATE INDEX idx_mentions_entity_id ON mentions(entity_id, document_id, start);
        CREATE INDEX idx_mentions_document_id ON mentions(document_id);
        CREATE INDEX idx_mentions_sentence_id ON mentions(sentence_id);

        -- A user's curation decisions, re-applied after every resolution.
        CREATE TABLE curation (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )
    db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")
    db["entities"].enable_fts(["name"], create_triggers=True, tokenize="unicode61")
    db["aliases"].enable_fts(["alias"], create_triggers=True, tokenize="unicode61")


# --- one-liners and datasette: views that read well in datasette and sqlite3


@migrations()
def m002_views(db: Database) -> None:
    """Views for SQL users (datasette, sqlite3) and full-text search on document titles.

    ``mention_context``: every mention with its actor, sentence and document.
    ``cooccurrence``: ordered actor pairs named in the same sentences (each pair appears once in
    each order, so filtering on ``actor_id`` lists all of an actor's partners).
    ``actor_documents``: how often each actor is named in each document.
    """
    db.executescript(
        """
        CREATE VIEW mention_context AS
        SELECT m.id AS mention_id, m.text AS mention, m.label AS label,
               e.id AS actor_id, e.name AS actor, e.type AS actor_type,
               s.id AS sentence_id, s.text AS sentence,
               d.id AS document_id, d.title AS document_title, d.date AS date,
               m.start AS start, m."end" AS "end"
        FROM mentions m
        JOIN entities e ON e.id = m.entity_id
        JOIN sentences s ON s.id = m.sentence_id
        JOIN documents d ON d.id = m.document_id;

        CREATE VIEW cooccurrence AS
        SELECT a.entity_id AS actor_id, ea.name AS actor, ea.type AS actor_type,
               b.entity_id AS other_id, eb.name AS other, eb.type AS other_type,
               count(DISTINCT a.sentence_id) AS sentences,
               count(DISTINCT a.document_id) AS documents
        FROM mentions a
        JOIN mentions b ON b.sentence_id = a.sentence_id AND b.entity_id != a.entity_id
        JOIN entities ea ON ea.id = a.entity_id
        JOIN entities eb ON eb.id = b.entity_id
        GROUP BY a.entity_id, b.entity_id;

        CREATE VIEW actor_documents AS
        SELECT m.entity_id AS actor_id, e.name AS actor, e.type AS actor_type,
               m.document_id AS document_id, d.title AS document_title, d.date AS date,
               count(*) AS mentions
        FROM mentions m
        JOIN entities e ON e.id = m.entity_id
        JOIN documents d ON d.id = m.document_id
        GROUP BY m.entity_id, m.document_id;
        """
    )
    db["documents"].enable_fts(["title"], create_triggers=True, tokenize="unicode61")


# --------------------------------------------------------------------------- opening


def resolve_db_path(path: str | os.PathLike[str] | None) -> Path:
    """``path``, else ``$LIBYA_EXPLORE_DB``, else ``db/libya.db``."""
    if path:
        return Path(path)
    env = os.environ.get("LIBYA_EXPLORE_DB")
    return Path(env) if env else DEFAULT_DB


def _apply_pragmas(conn: sqlite3.Connection, *, write: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if write:
        conn.execute("PRAGMA synchronous = NORMAL")


def open_for_writing(path: str | os.PathLike[str]) -> Database:
    """Open (creating if needed) a database for ingest or curation, migrated to the latest schema.

    Refuses databases of another application. Raises :class:`DatabaseProblem` with a message for
    the user when the file cannot be used.
    """
    path = Path(path)
    if path.exists():
        check_database_file(path, require_schema=False)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseProblem(f"{path}: cannot create its folder ({exc.strerror})") from exc
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _apply_pragmas(conn, write=True)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        from sqlite_utils import Database

        db = Database(conn)
        if mode.lower() != "wal":
            raise DatabaseProblem(f"{path}: cannot switch to WAL journal mode (got {mode})")
        if db.conn.execute("PRAGMA application_id").fetchone()[0] == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.OperationalError as exc:
        raise DatabaseProblem(f"{path}: {_explain_sqlite_error(exc)}") from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{path}: not a usable SQLite database ({exc})") from exc
    return db


def open_for_reading(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open an existing database read-only, after checking that it is one of ours and current.

    The returned connection never writes (``mode=ro``); it is safe to use while an ingest writes
    (WAL). ``check_same_thread`` is off so a worker thread may own it.
    """
    path = Path(path)
    check_database_file(path, require_schema=True)
    return _connect_readonly(path)


class ReadConnection(sqlite3.Connection):
    """A read-only connection. ``notice`` (one line, or None) says when it sees a fixed snapshot."""

    notice: str | None = None


def _connect_readonly(path: Path) -> sqlite3.Connection:
    try:
        return _connect_uri(path, "mode=ro")
    except DatabaseProblem:
        if os.access(path.absolute().parent, os.W_OK):
            raise
    # A WAL database needs its -shm file; in a folder we may not write, SQLite cannot create it.
    # Nobody can write there either, so an immutable snapshot is safe to read.
    conn = _connect_uri(path, "mode=ro&immutable=1")
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    conn.notice = f"{path}: its folder is read-only; reading it as a fixed snapshot" + (
        f" (changes still in {wal.name} are not shown)" if pending else ""
    )
    return conn


def _connect_uri(path: Path, params: str) -> ReadConnection:
    uri = f"{path.absolute().as_uri()}?{params}"
    conn = None
    try:
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, check_same_thread=False, factory=ReadConnection
        )
        _apply_pragmas(conn, write=False)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise DatabaseProblem(f"{path}: {_explain_sqlite_error(exc)}") from exc
    conn.row_factory = sqlite3.Row
    return conn


def check_database_file(path: Path, *, require_schema: bool) -> None:
    """Raise :class:`DatabaseProblem` unless ``path`` is a usable libya-explore database."""
    if not path.exists():
        raise DatabaseProblem(
            f"{path}: no such database; build one with `libya-explore ingest PATH --db {path}`"
        )
    if path.is_dir():
        raise DatabaseProblem(f"{path}: is a directory, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseProblem(f"{path}: cannot read ({exc.strerror})") from exc
    wal = path.with_name(path.name + "-wal")
    if not header and not (wal.exists() and wal.stat().st_size > 0):
        if require_schema:
            raise DatabaseProblem(
                f"{path}: empty file, not a database; build one with `libya-explore ingest`"
            )
        return
    if header and not header.startswith(b"SQLite format 3\x00"):
        raise DatabaseProblem(f"{path}: not a SQLite database")
    # Ask SQLite, not the file header: in WAL mode the header on disk lags behind until a
    # checkpoint, and an ingest creating the database may not have written it yet.
    conn = _connect_readonly(path)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{path}: {_explain_sqlite_error(exc)}") from exc
    finally:
        conn.close()
    if app_id not in (0, APPLICATION_ID):
        raise DatabaseProblem(
            f"{path}: a SQLite database of another application, not libya-explore's"
        )
    if app_id == 0:
        # No id: a brand-new database is fine to create into; anything with tables is foreign.
        if has_tables:
            raise DatabaseProblem(
                f"{path}: a SQLite database of another application, not libya-explore's"
            )
        if require_schema:
            raise DatabaseProblem(
                f"{path}: an empty SQLite database; build one with `libya-explore ingest`"
            )
        return
    if user_version > SCHEMA_VERSION:
        raise DatabaseProblem(
            f"{path}: made by a newer libya-explore (schema {user_version}, this one reads "
            f"{SCHEMA_VERSION}); upgrade libya-explore"
        )
    if require_schema and user_version < SCHEMA_VERSION:
        raise DatabaseProblem(
            f"{path}: made by an older libya-explore (schema {user_version}); upgrade it with "
            f"`libya-explore upgrade --db {path}`"
        )


def _explain_sqlite_error(exc: sqlite3.Error) -> str:
    message = str(exc)
    if "readonly" in message or "read-only" in message:
        return "the database (or its folder) is read-only; cannot write"
    if "unable to open" in message:
        return "cannot open the database file (check the path and permissions)"
    if "locked" in message:
        return "the database is locked by another process; try again"
    if "not a database" in message or "malformed" in message:
        return f"not a usable SQLite database ({message})"
    return message


# --------------------------------------------------------------------------- ingest writes


@dataclass(frozen=True)
class DocumentState:
    """Where an article stands against the database before parsing."""

    status: str  # "new", "unchanged", "changed", "duplicate"
    document_id: int | None = None
    other_path: str | None = None


def document_state(db: Database, key: str, sha256: str) -> DocumentState:
    row = db.execute("SELECT id, sha256 FROM documents WHERE path = ?", [key]).fetchone()
    if row is not None and row[1] == sha256:
        return DocumentState("unchanged", row[0])
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


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: all or nothing, and writers queue instead of failing."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def store_document(
    db: Database, article: Article, parsed: ParsedText, key_of: Callable[[str], str], n_words: int
) -> StoredDocument:
    """Write one parsed article, its sentences and its mentions, in a single transaction.

    A previous version of the same document (same path, other content) is replaced in the same
    transaction. Each mention is attached to an entity straight away by its matching key
    (``key_of``), creating one if needed, so the database is consistent even if resolution never
    runs; :func:`rewrite_resolution` later re-clusters everything.
    """
    text = article.text
    with write_transaction(db):
        db.execute("DELETE FROM documents WHERE path = ?", [article.key])
        cursor = db.execute(
            "INSERT INTO documents (path, file, title, date, source, url, sha256, text, "
            "n_sentences, n_words, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                article.key,
                article.file,
                article.title,
                article.date,
                article.source,
                article.url,
                article.sha256,
                text,
                len(parsed.sentences),
                n_words,
                now_iso(),
            ],
        )
        document_id = cursor.lastrowid
        first_sentence_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[
            0
        ]
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
        mention_rows, new_entities = _mention_rows(
            db, document_id, first_sentence_id, text, parsed, key_of
        )
        db.conn.executemany(
            'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, '
            "label) VALUES (:entity_id, :document_id, :sentence_id, :start, :end, :text, :label)",
            mention_rows,
        )
        _bump_counts(db, mention_rows, key_of)
    return StoredDocument(document_id, len(parsed.sentences), len(mention_rows), new_entities)


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
    entity_id = cursor.lastrowid
    db.execute(
        "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 0)",
        [entity_id, surface, key],
    )
    return entity_id, True


def delete_documents_not_in(db: Database, file: str, keep: set[str]) -> int:
    """Remove documents of ``file`` (a JSONL file) whose keys it no longer contains."""
    rows = db.execute("SELECT id, path FROM documents WHERE file = ?", [file]).fetchall()
    stale = [doc_id for doc_id, path in rows if path not in keep]
    for doc_id in stale:
        with write_transaction(db):
            db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
    return len(stale)


def set_meta(db: Database, **values: str) -> None:
    with write_transaction(db):
        for key, value in values.items():
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


# --------------------------------------------------------------------------- resolution writes


@dataclass(frozen=True)
class SurfaceGroup:
    """All mentions of one exact surface form with one label in one document."""

    document_id: int
    text: str
    label: str
    count: int


def load_surface_groups(db: Database | sqlite3.Connection) -> list[SurfaceGroup]:
    """What resolution works from: every (document, surface, label) with its mention count."""
    rows = db.execute(
        "SELECT document_id, text, label, count(*) FROM mentions "
        "GROUP BY document_id, text, label ORDER BY document_id, text, label"
    ).fetchall()
    return [SurfaceGroup(*row) for row in rows]


@dataclass(frozen=True)
class ResolvedEntity:
    """One actor as resolution decided it: its display name, type and member surface groups."""

    name: str
    type: str
    members: Sequence[tuple[int, str, str]]  # (document_id, text, label)
    aliases: Sequence[tuple[str, str]]  # (alias, normalized key)


def rewrite_resolution(db: Database, entities: Iterable[ResolvedEntity]) -> int:
    """Replace ``entities`` and ``aliases`` and re-point every mention, in one transaction.

    An entity keeps the id that most of its mentions had before, when that id is free, so links
    and bookmarks survive a re-resolution that did not change the entity.
    """
    entities = list(entities)
    conn = db.conn
    with write_transaction(db):
        conn.execute("DROP TABLE IF EXISTS temp.assign")
        conn.execute(
            "CREATE TEMP TABLE assign (document_id INTEGER, text TEXT, label TEXT, cluster INTEGER, "
            "PRIMARY KEY (document_id, text, label)) WITHOUT ROWID"
        )
        # Scratch tables take plain executemany: 4x faster than insert_all, and never persisted.
        conn.executemany(
            "INSERT INTO temp.assign VALUES (?, ?, ?, ?)",
            ((d, t, lab, i) for i, ent in enumerate(entities) for d, t, lab in ent.members),
        )
        previous = conn.execute(
            "SELECT a.cluster, m.entity_id, count(*) AS n FROM mentions m "
            "JOIN temp.assign a ON a.document_id = m.document_id AND a.text = m.text "
            "AND a.label = m.label GROUP BY a.cluster, m.entity_id ORDER BY n DESC, m.entity_id"
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
            db["entities"].insert_all(
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
                "AND mentions.entity_id IS NOT c.entity_id"
            )
            _write_aliases(db, entities, ids)
            refresh_counts(db)
        sync_fuzzy_index(db)
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
    db["aliases"].insert_all(rows.values(), batch_size=1000)


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


# --------------------------------------------------------------------------- curation


@dataclass(frozen=True)
class CurationDecision:
    """One stored decision; its payload names aliases and keys, never entity ids."""

    id: int
    action: str
    payload: dict
    created_at: str


def record_curation(db: Database, action: str, payload: dict) -> int:
    """Store a decision (inside the caller's transaction, if any). Returns its id."""
    import json

    cursor = db.execute(
        "INSERT INTO curation (action, payload, created_at) VALUES (?, ?, ?)",
        [action, json.dumps(payload, ensure_ascii=False, sort_keys=True), now_iso()],
    )
    return cursor.lastrowid


def load_curation(db: Database | sqlite3.Connection) -> list[CurationDecision]:
    """Every decision, oldest first (the order they are re-applied in)."""
    import json

    rows = db.execute("SELECT id, action, payload, created_at FROM curation ORDER BY id").fetchall()
    decisions = []
    for row in rows:
        try:
            payload = json.loads(row[2])
        except ValueError:
            continue  # a hand-edited row that is not JSON: ignored rather than fatal
        if isinstance(payload, dict):
            decisions.append(CurationDecision(row[0], row[1], payload, row[3]))
    return decisions


def entity_surface_counts(db: Database, entity_id: int) -> list[tuple[str, str, int]]:
    """``(text, label, mentions)`` of one entity's mentions."""
    return db.execute(
        "SELECT text, label, count(*) FROM mentions WHERE entity_id = ? GROUP BY text, label "
        "ORDER BY text, label",
        [entity_id],
    ).fetchall()


def merge_entities(db: Database, source_id: int, target_id: int) -> None:
    """Move every mention and alias of ``source_id`` to ``target_id`` and drop the source."""
    db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", [target_id, source_id])
    db.execute(
        "INSERT INTO aliases (entity_id, alias, normalized, count) SELECT ?, alias, normalized, "
        "count FROM aliases WHERE entity_id = ? AND true ON CONFLICT(entity_id, alias) DO UPDATE "
        "SET count = count + excluded.count",
        [target_id, source_id],
    )
    db.execute("DELETE FROM aliases WHERE entity_id = ?", [source_id])
    db.execute("DELETE FROM entities WHERE id = ?", [source_id])
    recount_entities(db, [target_id])


def split_entity(
    db: Database, entity_id: int, surfaces: Sequence[str], name: str, entity_type: str
) -> int:
    """Move the mentions of ``surfaces`` off ``entity_id`` into a new entity. Returns its id."""
    cursor = db.execute(
        "INSERT INTO entities (name, type, mention_count, document_count) VALUES (?, ?, 0, 0)",
        [name, entity_type],
    )
    new_id = cursor.lastrowid
    marks = ",".join("?" * len(surfaces))
    db.execute(
        f"UPDATE mentions SET entity_id = ? WHERE entity_id = ? AND text IN ({marks})",
        [new_id, entity_id, *surfaces],
    )
    db.execute(
        f"UPDATE aliases SET entity_id = ? WHERE entity_id = ? AND alias IN ({marks})",
        [new_id, entity_id, *surfaces],
    )
    recount_entities(db, [entity_id, new_id])
    return new_id


def update_entity(
    db: Database, entity_id: int, *, name: str | None = None, entity_type: str | None = None
) -> None:
    if name is not None:
        db.execute("UPDATE entities SET name = ? WHERE id = ?", [name, entity_id])
    if entity_type is not None:
        db.execute("UPDATE entities SET type = ? WHERE id = ?", [entity_type, entity_id])


def recount_entities(db: Database, entity_ids: Iterable[int]) -> None:
    """:func:`refresh_counts` for a few entities only (curation edits stay instant)."""
    strings: set[str] = set()  # issue 6: their popularity in the search index follows
    for entity_id in entity_ids:
        strings.update(
            r[0]
            for r in db.execute("SELECT normalized FROM aliases WHERE entity_id = ?", [entity_id])
        )
        db.execute(
            "UPDATE aliases SET count = (SELECT count(*) FROM mentions m WHERE m.entity_id = ? "
            "AND m.text = aliases.alias) WHERE entity_id = ?",
            [entity_id, entity_id],
        )
        db.execute("DELETE FROM aliases WHERE entity_id = ? AND count = 0", [entity_id])
        db.execute(
            "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions WHERE "
            "entity_id = ?), document_count = (SELECT count(DISTINCT document_id) FROM mentions "
            "WHERE entity_id = ?) WHERE id = ?",
            [entity_id, entity_id, entity_id],
        )
        db.execute("DELETE FROM entities WHERE id = ? AND mention_count = 0", [entity_id])
    refresh_fuzzy_popularity(db, strings)


# --------------------------------------------------------------------------- fuzzy index (issue 6)
# The search index of explorer.fuzzy: keys of each distinct ``aliases.normalized`` string. A
# trigger queues every alias string not yet indexed in ``fuzzy_pending``, whoever writes it; the
# writers here flush the queue (the keys are computed in Python) in their own transaction.


@migrations()
def m003_fuzzy_keys(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS fuzzy_tokens (
            token TEXT NOT NULL,
            length INTEGER NOT NULL,
            normalized TEXT NOT NULL,
            PRIMARY KEY (token, length, normalized)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_keys (
            key TEXT NOT NULL,
            token TEXT NOT NULL,
            PRIMARY KEY (key, token)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_indexed (normalized TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS fuzzy_pending (normalized TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS aliases_fuzzy_insert AFTER INSERT ON aliases
        WHEN NOT EXISTS (SELECT 1 FROM fuzzy_indexed WHERE normalized = new.normalized)
        BEGIN
            INSERT OR IGNORE INTO fuzzy_pending (normalized) VALUES (new.normalized);
        END;
        CREATE TRIGGER IF NOT EXISTS aliases_fuzzy_update AFTER UPDATE OF normalized ON aliases
        WHEN NOT EXISTS (SELECT 1 FROM fuzzy_indexed WHERE normalized = new.normalized)
        BEGIN
            INSERT OR IGNORE INTO fuzzy_pending (normalized) VALUES (new.normalized);
        END;
        INSERT OR IGNORE INTO fuzzy_pending (normalized) SELECT DISTINCT normalized FROM aliases
        WHERE normalized NOT IN (SELECT normalized FROM fuzzy_indexed);
        """
    )
    # The queue is flushed by m004, once the tables have their popularity columns.


@migrations()
def m004_fuzzy_popularity(db: Database) -> None:
    """Popularity (mention count) of each indexed string, so a prefix that thousands of names
    share still brings the most-mentioned ones to the scorer."""
    for table in ("fuzzy_tokens", "fuzzy_indexed"):  # idempotent, like the other migrations
        if "popularity" not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN popularity INTEGER NOT NULL DEFAULT 0")
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS fuzzy_tokens_popular ON fuzzy_tokens (token, popularity DESC);
        CREATE TABLE IF NOT EXISTS fuzzy_token_popularity (
            token TEXT PRIMARY KEY,
            popularity INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    )
    flush_fuzzy_pending(db)
    refresh_fuzzy_popularity(db)


def sync_fuzzy_index(db: Database) -> None:
    """After a bulk rewrite of aliases (its triggers may have been suspended): index every new
    string, forget the stale ones, store the popularity of those whose mention counts changed."""
    db.execute(
        "INSERT OR IGNORE INTO fuzzy_pending (normalized) SELECT DISTINCT normalized FROM aliases "
        "WHERE normalized NOT IN (SELECT normalized FROM fuzzy_indexed)"
    )
    flush_fuzzy_pending(db)
    drop_stale_fuzzy_strings(db)
    refresh_fuzzy_popularity(db)


def flush_fuzzy_pending(db: Database, chunk: int = 20_000) -> int:
    """Index every queued alias string (call inside a write transaction, or alone)."""
    from explorer import fuzzy

    total = 0
    while True:
        popularity = dict(
            db.execute(
                f"SELECT normalized, {_POPULARITY_OF_STRING} FROM fuzzy_pending p LIMIT ?", [chunk]
            ).fetchall()
        )
        if not popularity:
            return total
        strings = list(popularity)
        postings, tokens = fuzzy.keys_for(strings)
        new_tokens = [
            token
            for token in tokens
            if db.execute("SELECT 1 FROM fuzzy_tokens WHERE token = ? LIMIT 1", [token]).fetchone()
            is None
        ]
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_keys (key, token) VALUES (?, ?)",
            fuzzy.key_rows(new_tokens),
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_tokens (token, length, normalized, popularity) "
            "VALUES (?, ?, ?, ?)",
            [(*posting, popularity[posting[2]]) for posting in postings],
        )
        db.conn.executemany(
            "INSERT INTO fuzzy_token_popularity (token, popularity) VALUES (?, ?) "
            "ON CONFLICT (token) DO UPDATE SET popularity = max(popularity, excluded.popularity)",
            [(token, popularity[normalized]) for token, _length, normalized in postings],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_indexed (normalized, popularity) VALUES (?, ?)",
            popularity.items(),
        )
        db.conn.executemany(
            "DELETE FROM fuzzy_pending WHERE normalized = ?", [(s,) for s in strings]
        )
        total += len(strings)


def drop_stale_fuzzy_strings(db: Database) -> int:
    """Forget indexed strings no alias has any more (after a re-resolution or a deletion).

    Keys of tokens left without strings stay: they lead nowhere and cost nothing.
    """
    from explorer import fuzzy

    stale = [
        row[0]
        for row in db.execute(
            "SELECT normalized FROM fuzzy_indexed WHERE normalized NOT IN "
            "(SELECT normalized FROM aliases)"
        )
    ]
    if stale:
        postings, _tokens = fuzzy.keys_for(stale)
        db.conn.executemany(
            "DELETE FROM fuzzy_tokens WHERE token = ? AND length = ? AND normalized = ?", postings
        )
        db.conn.executemany("DELETE FROM fuzzy_indexed WHERE normalized = ?", [(s,) for s in stale])
        _refresh_token_popularity(db, {token for token, _length, _s in postings})
    return len(stale)


#: The popularity of an indexed string ``p.normalized``: the largest mention count among the
#: entities that have it as an alias.
_POPULARITY_OF_STRING = (
    "coalesce((SELECT max(e.mention_count) FROM aliases a JOIN entities e ON e.id = a.entity_id "
    "WHERE a.normalized = p.normalized), 0)"
)


def refresh_fuzzy_popularity(db: Database, strings: Iterable[str] | None = None) -> int:
    """Store the popularity of indexed strings whose entities' mention counts changed.

    Every string by default (one pass over the aliases, after a resolution), else only
    ``strings`` (a curation edit). Returns how many strings changed.
    """
    from explorer import fuzzy

    if strings is None:
        changed = db.execute(
            "SELECT p.normalized, p.popularity FROM (SELECT a.normalized, max(e.mention_count) "
            "AS popularity FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "GROUP BY a.normalized) p JOIN fuzzy_indexed i ON i.normalized = p.normalized "
            "WHERE i.popularity != p.popularity"
        ).fetchall()
    else:
        changed = []
        for normalized in set(strings):
            row = db.execute(
                f"SELECT popularity, {_POPULARITY_OF_STRING} FROM fuzzy_indexed p "
                "WHERE normalized = ?",
                [normalized],
            ).fetchone()
            if row is not None and row[0] != row[1]:
                changed.append((normalized, row[1]))
    tokens: set[str] = set()
    for start in range(0, len(changed), 20_000):
        new = dict(changed[start : start + 20_000])
        db.conn.executemany(
            "UPDATE fuzzy_indexed SET popularity = ? WHERE normalized = ?",
            [(n, s) for s, n in new.items()],
        )
        postings, chunk_tokens = fuzzy.keys_for(new)
        db.conn.executemany(
            "UPDATE fuzzy_tokens SET popularity = ? "
            "WHERE token = ? AND length = ? AND normalized = ?",
            [(new[posting[2]], *posting) for posting in postings],
        )
        tokens |= chunk_tokens
    _refresh_token_popularity(db, tokens)
    return len(changed)


def _refresh_token_popularity(db: Database, tokens: Iterable[str]) -> None:
    """Each token's popularity: that of its most popular string (0 once it has none)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO fuzzy_token_popularity (token, popularity) SELECT ?1, "
        "coalesce((SELECT max(popularity) FROM fuzzy_tokens WHERE token = ?1), 0)",
        [(token,) for token in tokens],
    )


# --------------------------------------------------------------------------- ingest speed (issue 6)
# sqlite-utils' FTS sync triggers fire on *any* update of a row, so every mention-count bump of an
# entity or an alias during ingest deleted and re-inserted its name in the full-text index. The
# index only depends on the indexed column (and the row id): narrowing the triggers to those
# columns leaves the index identical and cuts the writer's time by a quarter. Older databases work
# as before with the wider triggers, so the schema version does not change.

_FTS_COLUMNS = {"sentences": "text", "documents": "title", "entities": "name", "aliases": "alias"}


@migrations()
def m005_narrow_fts_update_triggers(db: Database) -> None:
    for table, column in _FTS_COLUMNS.items():
        if not db[f"{table}_fts"].exists():
            continue
        db.execute(f"DROP TRIGGER IF EXISTS [{table}_au]")
        db.execute(
            f"CREATE TRIGGER [{table}_au] AFTER UPDATE OF [id], [{column}] ON [{table}] BEGIN\n"
            f"  INSERT INTO [{table}_fts] ([{table}_fts], rowid, [{column}]) "
            f"VALUES('delete', old.rowid, old.[{column}]);\n"
            f"  INSERT INTO [{table}_fts] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]);\n"
            "END"
        )
