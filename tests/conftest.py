"""Shared fixtures: small articles written for the tests, and databases built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.ingest import IngestOptions, ingest

ARTICLES = {
    "summit.txt": (
        "Leaders meet in Paris\n\n"
        "President Emmanuel Macron welcomed Chancellor Angela Merkel to Paris on Tuesday. "
        "Merkel said Germany would support the plan.\n\n"
        "The European Union and the United Nations backed the talks in Brussels."
    ),
    "markets.md": (
        "# Oil prices climb\n\n"
        "Shares of Shell rose in London after OPEC cut output. "
        "Analysts at Goldman Sachs expect further gains.\n"
    ),
    "feed.jsonl": (
        '{"id": "a1", "title": "Talks in Geneva", "date": "2020-06-09", "source": "Wire", '
        '"url": "https://example.org/a1", "text": "Diplomats from Russia and Turkey met in '
        'Geneva. Sergei Lavrov led the Russian delegation."}\n'
        '{"id": "a2", "text": "Egypt hosted talks in Cairo. President Abdel Fattah el-Sisi spoke."}\n'
    ),
}


def write_corpus(folder: Path, articles: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (articles or ARTICLES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


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
    return tmp_path / "db" / "fresh.db"
