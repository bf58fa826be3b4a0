"""Bad databases: a clear one-line message and a non-zero exit; reads never modify the file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_support import file_state

from explorer.cli import main
from explorer.store import queries
from explorer.store.connect import open_for_reading

READ_COMMANDS = (
    ["explore"],
    ["search", "Merkel"],
    ["stats"],
    ["mentions", "Merkel"],
    ["cooccur", "Merkel"],
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _assert_one_line_error(result, *needles: str, status: int = 2) -> None:
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    if "is a directory" in needles:  # click's own usage error: three lines, exit 2
        assert "is a directory" in result.output
        return
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for needle in needles:
        assert needle in lines[0]


def _bad_databases(folder: Path) -> dict[str, tuple[Path, str]]:
    """name → (path, words the message must contain)."""
    empty = folder / "empty.db"
    empty.write_bytes(b"")
    junk = folder / "junk.db"
    junk.write_bytes(b"PK\x03\x04 a zip file, not a database" * 10)
    other = folder / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    other_id = folder / "other_id.db"
    conn = sqlite3.connect(other_id)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    truncated = folder / "truncated.db"
    truncated.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    return {
        "missing": (folder / "missing.db", "no such database"),
        "directory": (folder, "is a directory"),
        "empty": (empty, "empty file"),
        "junk": (junk, "not a SQLite database"),
        "other": (other, "another application"),
        "other_id": (other_id, "another application"),
        "truncated": (truncated, "not a usable SQLite database"),
    }


@pytest.mark.parametrize(
    "kind", ["missing", "directory", "empty", "junk", "other", "other_id", "truncated"]
)
def test_read_commands_and_resolve_refuse_bad_databases(tmp_path: Path, kind: str):
    path, words = _bad_databases(tmp_path)[kind]
    before = sorted(p.name for p in tmp_path.iterdir())
    for command in [*READ_COMMANDS, ["resolve"]]:
        _assert_one_line_error(run(*command, "--db", str(path)), str(path), words)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created


@pytest.mark.parametrize("kind", ["directory", "junk", "other", "other_id", "truncated"])
def test_ingest_refuses_bad_databases(tmp_path: Path, corpus: Path, kind: str):
    path, words = _bad_databases(tmp_path)[kind]
    _assert_one_line_error(run("ingest", str(corpus), "--db", str(path)), str(path), words)
    assert not path.with_name(path.name + ".lock").exists()


def _copy_db(built_db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "copy.db"
    shutil.copy(built_db, copy)
    return copy


def test_older_schema_is_refused_for_reading_and_upgraded_by_ingest(
    built_db: Path, tmp_path: Path, corpus: Path
):
    db = _copy_db(built_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    _assert_one_line_error(run("explore", "--db", str(db)), "older libya-explore", "upgrade")
    result = run("ingest", str(corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    open_for_reading(db).close()


def test_newer_schema_is_refused(built_db: Path, tmp_path: Path, corpus: Path):
    db = _copy_db(built_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    for args in (["explore"], ["resolve"], ["ingest", str(corpus)]):
        _assert_one_line_error(run(*args, "--db", str(db)), "newer libya-explore")


def test_read_commands_never_modify_the_database(built_db: Path, tmp_path: Path):
    db = _copy_db(built_db, tmp_path)
    before = file_state(db)
    for command in READ_COMMANDS:
        result = run(*command, "--db", str(db))
        # explore opens the full-screen app only in a terminal; captured, it says so (status 2)
        assert result.exit_code == (2 if command == ["explore"] else 0), result.output
    conn = open_for_reading(db)
    queries.stats(conn)
    queries.search_entities(conn, "Merkel")
    conn.close()
    assert file_state(db) == before
    assert not db.with_name(db.name + ".lock").exists()


# --------------------------------------------------------------------------- read-only files

_NOBODY = 65534


def _as_unprivileged(check: Callable[[], None]) -> None:
    """Run ``check`` where permissions apply: as is, or (when root) in a child dropped to nobody."""
    if os.geteuid() != 0:
        check()
        return
    import colorsys  # noqa: F401  (rich.progress imports it lazily; nobody cannot read /root)

    import explorer.cli.explore  # noqa: F401  (commands are imported when they run)
    import explorer.cli.ingest  # noqa: F401
    import explorer.cli.progress  # noqa: F401
    import explorer.cli.query  # noqa: F401
    import explorer.cli.rich_progress  # noqa: F401

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        status, message = 0, b""
        try:
            os.setgid(_NOBODY)
            os.setuid(_NOBODY)
            check()
        except BaseException as exc:  # report any failure to the parent
            import traceback

            status, message = 1, "".join(traceback.format_exception(exc)).encode()
        os.write(write_fd, message)
        os._exit(status)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        message = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, message.decode(errors="replace")


@pytest.fixture
def shared_dir():
    """A folder outside pytest's private tmp (which nobody cannot enter)."""
    folder = Path(tempfile.mkdtemp(prefix="libya-ro-"))
    folder.chmod(0o755)
    yield folder
    for root, dirs, _files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    shutil.rmtree(folder)


def _wal_db_in(built_db: Path, folder: Path, *, pending_wal: bool) -> Path:
    folder.mkdir(mode=0o755)
    db = folder / "ro.db"
    shutil.copy(built_db, db)
    if pending_wal:  # leave committed changes in the -wal file, as a killed writer would
        writer = sqlite3.connect(db)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE documents SET title = 'changed in wal' WHERE id = 1")
        writer.commit()
        shutil.copy(db.with_name("ro.db-wal"), folder / "saved-wal")
        writer.close()  # (closing checkpoints and deletes the -wal; put it back)
        shutil.copy(folder / "saved-wal", db.with_name("ro.db-wal"))
        (folder / "saved-wal").unlink()
    for leftover in (folder / "ro.db-shm",):
        leftover.unlink(missing_ok=True)
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)
    return db


@pytest.mark.parametrize("pending_wal", [False, True])
def test_wal_database_in_read_only_folder_opens_as_snapshot(
    built_db: Path, shared_dir: Path, pending_wal: bool
):
    db = _wal_db_in(built_db, shared_dir / "ro", pending_wal=pending_wal)
    before = file_state(db)
    article = shared_dir / "article.txt"
    article.write_text("Port talks\n\nOfficials from Malta met in Valletta.")
    article.chmod(0o644)

    def check() -> None:
        conn = open_for_reading(db)
        assert queries.stats(conn).documents == 4
        assert conn.notice and "read-only" in conn.notice
        assert ("-wal" in conn.notice) == pending_wal
        conn.close()
        result = run("explore", "--db", str(db))
        assert result.exit_code == 2, result.output  # the database is fine; there is no terminal
        assert "note: " in result.output and "read-only" in result.output
        result = run("stats", "--db", str(db))
        assert result.exit_code == 0, result.output
        for args in (["ingest", str(article)], ["resolve"]):
            result = run(*args, "--db", str(db))
            assert result.exit_code == 2 and "Traceback" not in result.output, result.output
            assert "read-only" in result.output

    _as_unprivileged(check)
    assert file_state(db) == before


def test_read_only_file_in_writable_folder(built_db: Path, shared_dir: Path, corpus: Path):
    folder = shared_dir / "rw"
    folder.mkdir(mode=0o777)
    db = folder / "ro.db"
    shutil.copy(built_db, db)
    db.chmod(0o444)
    before = file_state(db)
    corpus_copy = shutil.copytree(corpus, shared_dir / "corpus")
    for p in [corpus_copy, *corpus_copy.iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)

    def check() -> None:
        conn = open_for_reading(db)
        assert queries.stats(conn).documents == 4
        conn.close()
        result = run("ingest", str(corpus_copy), "--db", str(db))
        assert result.exit_code == 2 and "read-only" in result.output, result.output
        assert "Traceback" not in result.output

    _as_unprivileged(check)
    assert file_state(db) == before


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX permissions")
