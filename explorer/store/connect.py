"""Finding, checking and opening databases, and the write transaction every writer uses.

Readers (the explorer, the one-liners) open read-only connections that never change the file;
writers (ingest, resolution, curation) open a sqlite-utils ``Database``, migrated to the latest
schema. Every problem a user can act on is a :class:`DatabaseProblem` with a one-line message.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

DEFAULT_DB = Path("db") / "libya.db"


class DatabaseProblem(Exception):
    """A database that cannot be used, with a message meant for the user (one line)."""


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


def open_for_reading(path: str | os.PathLike[str]) -> ReadConnection:
    """Open an existing database read-only, after checking that it is one of ours and current.

    The returned connection never writes (``mode=ro``); it is safe to use while an ingest writes
    (WAL). ``check_same_thread`` is off so a worker thread may own it.
    """
    path = Path(path)
    check_database_file(path, require_schema=True)
    return _connect_readonly(path)


def open_any_version_for_reading(path: str | os.PathLike[str]) -> ReadConnection:
    """:func:`open_for_reading` for a libya-explore database of any schema version (to look
    before an ingest upgrades it)."""
    path = Path(path)
    check_database_file(path, require_schema=False)
    return _connect_readonly(path)


class ReadConnection(sqlite3.Connection):
    """A read-only connection. ``notice`` (one line, or None) says when it sees a fixed snapshot."""

    notice: str | None = None


def _connect_readonly(path: Path) -> ReadConnection:
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
    if not os.access(path, os.R_OK):
        raise DatabaseProblem(f"{path}: cannot read (Permission denied)")
    wal = path.with_name(path.name + "-wal")
    if path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        if require_schema:
            raise DatabaseProblem(
                f"{path}: empty file, not a database; build one with `libya-explore ingest`"
            )
        return
    # Ask SQLite, and never open the file ourselves while it may be open: closing any descriptor
    # of a file drops every POSIX lock this process holds on it, including the shared locks of
    # SQLite's own connections (the explorer's readers, while curation opens its writer). Another
    # process closing its connection then believes it is the last one, checkpoints and deletes
    # the -wal and -shm files under our readers: stale panes, then "disk I/O error" (SQLite's
    # "How To Corrupt An SQLite Database File", 2.2). The header is read only once SQLite has
    # refused the file, to say why. In WAL mode the header on disk lags behind anyway.
    try:
        conn = _connect_readonly(path)
    except DatabaseProblem:
        _refuse_if_not_sqlite(path)
        raise
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table'").fetchone()
    except sqlite3.DatabaseError as exc:
        _refuse_if_not_sqlite(path)
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


def _refuse_if_not_sqlite(path: Path) -> None:
    """A :class:`DatabaseProblem` when the file does not start with SQLite's header.

    Called only after SQLite refused the file (see :func:`check_database_file`)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseProblem(f"{path}: cannot read ({exc.strerror})") from exc
    if header and not header.startswith(b"SQLite format 3\x00"):
        raise DatabaseProblem(f"{path}: not a SQLite database")


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


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an ``INSERT`` just gave its row."""
    row_id = cursor.lastrowid
    if row_id is None:  # pragma: no cover - SQLite sets it after every INSERT
        raise sqlite3.InterfaceError("the INSERT gave no row id")
    return row_id


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: all or nothing, and writers queue instead of failing.

    Inside a transaction already open on the connection it joins that one (the outer one
    commits), so a caller can hold the write lock across several writers' steps: resolution
    reads the curation decisions and writes its result under one lock, and a merge or an undo
    committed meanwhile is never overwritten by a result computed without it. Connections are
    opened in autocommit mode (``isolation_level=None``), so a transaction is open only between
    an explicit ``BEGIN`` and its end.
    """
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
