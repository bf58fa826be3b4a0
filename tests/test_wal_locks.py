"""Readers keep their hold on a WAL database while this process opens and checks it again.

The explorer holds read-only connections while curation opens a writer on the same file, and
one-liners or an ingest open and close their own connections alongside. Closing any descriptor
of a file drops every POSIX lock the process holds on it, SQLite's included: if opening a
database read its header with a plain ``open()``, another process closing its connection would
find no other reader, checkpoint, and delete the ``-wal``/``-shm`` files under ours (stale reads,
then "disk I/O error"). The explorer-level stress test is in ``test_tui_curation.py``. Also:
the write transaction every writer uses, nested.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from explorer.store.connect import open_for_reading, open_for_writing, write_transaction

WRITE_ELSEWHERE = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute(\"INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', ?)\", [sys.argv[2]])\n"
    "conn.close()\n"
)


def write_from_another_process(db: Path, value: str) -> None:
    subprocess.run([sys.executable, "-c", WRITE_ELSEWHERE, str(db), value], check=True)


def probe(conn) -> str | None:  # type: ignore[no-untyped-def]
    row = conn.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone()
    return row[0] if row else None


def test_opening_the_database_again_keeps_the_readers_locks(fresh_db_path: Path) -> None:
    open_for_writing(fresh_db_path).close()
    reader = open_for_reading(fresh_db_path)
    try:
        write_from_another_process(fresh_db_path, "1")
        assert probe(reader) == "1"
        # what the explorer does while its readers stay open: a curation writer, another reader
        writer = open_for_writing(fresh_db_path)
        writer.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', '2')")
        writer.close()
        open_for_reading(fresh_db_path).close()
        # another process closing its connection must still see our reader, and leave the WAL be
        for value in ("3", "4"):
            write_from_another_process(fresh_db_path, value)
            assert Path(f"{fresh_db_path}-wal").exists() and Path(f"{fresh_db_path}-shm").exists()
            assert probe(reader) == value  # not a stale snapshot of an orphaned WAL
        # and a new connection of this process agrees with everyone else (no disk I/O error)
        again = open_for_reading(fresh_db_path)
        try:
            assert probe(again) == "4"
        finally:
            again.close()
    finally:
        reader.close()


def _meta(db, key: str) -> str | None:  # type: ignore[no-untyped-def]
    row = db.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def test_a_nested_write_transaction_joins_the_outer_one(fresh_db_path: Path) -> None:
    """One lock across several writers' steps (resolution reads the curation and writes its
    result under one): the inner transaction commits nothing, the outer one all or nothing."""
    db = open_for_writing(fresh_db_path)
    insert = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
    try:
        with write_transaction(db):
            with write_transaction(db):
                db.conn.execute(insert, ["inner", "1"])
            assert db.conn.in_transaction  # the inner one did not commit
            db.conn.execute(insert, ["outer", "1"])
        assert not db.conn.in_transaction
        assert (_meta(db, "inner"), _meta(db, "outer")) == ("1", "1")
        with pytest.raises(RuntimeError), write_transaction(db):
            db.conn.execute(insert, ["inner", "2"])
            with write_transaction(db):
                raise RuntimeError("a writer's step fails")
        assert _meta(db, "inner") == "1"  # the whole outer transaction rolled back
    finally:
        db.close()
