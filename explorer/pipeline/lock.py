"""One writer per database: ingest and ``resolve`` hold a lock file beside it while they write."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from explorer.errors import IngestLocked
from explorer.store.connect import DatabaseProblem


class Notes(Protocol):
    def note(self, message: str) -> None: ...


@contextlib.contextmanager
def ingest_lock(db_path: Path, wait: bool, reporter: Notes) -> Iterator[None]:
    """One ingest at a time per database: a lock file beside it, released even on kill -9."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise DatabaseProblem(
            f"{db_path}: cannot create the lock file {lock_path.name} beside it "
            f"({exc.strerror}); is its folder read-only?"
        ) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IngestLocked(
                    f"{db_path}: another ingest is writing to it; try again later"
                ) from None
            reporter.note(f"{db_path}: another ingest is writing to it; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
