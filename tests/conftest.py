"""Shared fixtures: small articles written for the tests, and databases built from them.

The articles and helper functions live in support modules (``corpus_support``, ``tui_support``,
``reliability_support``), which test modules import; nothing imports this file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from corpus_support import TUI_ARTICLES, write_corpus
from hypothesis import settings

from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.store.connect import open_for_writing

if TYPE_CHECKING:
    from sqlite_utils import Database

# Property tests run the same examples on every run, so CI cannot turn red on a draw nobody
# has seen; `make fuzz` (the "explore" profile) draws new examples to find new failures, which
# then become explicit examples or fixes.
settings.register_profile("default", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=1000, print_blob=True)
settings.load_profile("default")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database ingested once per session from the test articles (read-only use only)."""
    folder = write_corpus(tmp_path_factory.mktemp("corpus"))
    db_path = tmp_path_factory.mktemp("db") / "test.db"
    summary = ingest([folder], db_path, IngestOptions())
    assert summary.failed == 0
    return db_path


@pytest.fixture
def fresh_db_path(tmp_path: Path) -> Path:
    """Where a test may create a database (nothing there yet)."""
    return tmp_path / "db" / "fresh.db"


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """An empty database at the latest schema, opened for writing (sqlite-utils' ``Database``).

    On disk in ``tmp_path``, not in memory: the schema needs WAL journal mode.
    """
    db = open_for_writing(tmp_path / "fresh.db")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture(scope="session")
def tui_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small database ingested with spaCy from :data:`TUI_ARTICLES` (read-only use)."""
    folder = write_corpus(tmp_path_factory.mktemp("tui-corpus"), TUI_ARTICLES)
    db_path = tmp_path_factory.mktemp("tui-db") / "tui.db"
    assert ingest([folder], db_path, IngestOptions()).failed == 0
    return db_path
