"""Readers: turn files on disk into articles, or into one-line problems.

This layer knows nothing of spaCy or SQLite. :func:`read_articles` yields, in a stable order, an
:class:`Article` (text kept exactly as decoded, because every stored offset points into it) or a
:class:`Problem` (a file, line or row that was skipped or failed, with a message a user can act
on) for each input, and a :class:`FileDone` at the end of each file.

Formats, chosen by suffix (:data:`SUPPORTED_SUFFIXES`), each also compressed (``.gz``, ``.bz2``,
``.xz``, ``.zst``) and then decompressed as it is read: ``.txt``/``.md``
(:mod:`~explorer.readers.text`), ``.jsonl`` (:mod:`~explorer.readers.jsonl`), ``.csv``/``.tsv``
(:mod:`~explorer.readers.tables`), ``.html``/``.htm`` (:mod:`~explorer.readers.html`,
trafilatura) and ``.pdf`` (:mod:`~explorer.readers.pdf`, the optional pypdf).

Each reader hands on the date its source gives as written; :func:`read_articles` normalises it to
``YYYY-MM-DD`` (:mod:`explorer.dates`), or warns and leaves the article undated (or dated by the
run's ``--date``) when it is not a full date.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from explorer.dates import date_or_problem
from explorer.readers.articles import (
    DEFAULT_MAX_BYTES,
    Article,
    FileDone,
    NotText,
    Problem,
    decode_bytes,
    decode_character_references,
    headline_title,
    looks_binary,
    text_sha256,
    word_count,
)
from explorer.readers.html import HTML_FORMATS, read_html_file
from explorer.readers.jsonl import JSONL_FORMATS, parse_jsonl_line, read_jsonl_file
from explorer.readers.pdf import PDF_FORMATS, read_pdf_file
from explorer.readers.streams import COMPRESSIONS, InputKind, input_kind
from explorer.readers.tables import TABLE_FORMATS, TableColumns, read_table_file
from explorer.readers.text import TEXT_FORMATS, read_text_file

__all__ = [
    "COMPRESSIONS",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Article",
    "DateRules",
    "FileDone",
    "NotText",
    "Problem",
    "TableColumns",
    "decode_bytes",
    "decode_character_references",
    "discover_files",
    "headline_title",
    "is_supported",
    "looks_binary",
    "parse_jsonl_line",
    "read_articles",
    "supported_list",
    "text_sha256",
    "word_count",
]

#: Every format suffix read, without compression (each may also end in one of COMPRESSIONS).
SUPPORTED_SUFFIXES = TEXT_FORMATS | JSONL_FORMATS | TABLE_FORMATS | HTML_FORMATS | PDF_FORMATS

_Reader = Callable[[Path, InputKind, int, int], Iterator[Article | Problem | FileDone]]
_READERS: dict[frozenset[str], _Reader] = {
    TEXT_FORMATS: read_text_file,
    JSONL_FORMATS: read_jsonl_file,
    HTML_FORMATS: read_html_file,
    PDF_FORMATS: read_pdf_file,
}


def is_supported(path: Path) -> bool:
    """Whether a file's name says it is a format read here (compressed or not)."""
    return input_kind(path).format in SUPPORTED_SUFFIXES


def supported_list() -> str:
    """The supported suffixes, for messages."""
    formats = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"{formats}, each also compressed as {', '.join(COMPRESSIONS)}"


#: File names that describe a corpus rather than belong to it: ``LICENSE.md``, ``README.txt``,
#: ``COPYING``, ``LICENSE-sample.md``… (not ``licensed-exports.txt``).
CORPUS_NOTICE = re.compile(r"(?:license|licence|copying|notice|readme)(?![a-z])", re.IGNORECASE)


def is_corpus_notice(name: str) -> bool:
    """Whether a file in a corpus folder is its licence or readme, not an article."""
    return CORPUS_NOTICE.match(name) is not None


def discover_files(
    paths: Iterable[str | os.PathLike[str]], exclude: frozenset[Path] = frozenset()
) -> Iterator[Path | Problem]:
    """Expand the given paths into files, walking directories recursively in sorted order.

    Hidden files and folders are passed over, and so are the ``exclude`` files (the database
    being written and its companions, when a user ingests the folder that holds it) and, inside
    folders, the licence and readme files that come with a corpus (:func:`is_corpus_notice`).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or is_corpus_notice(name):
                        continue
                    file = Path(root) / name
                    if exclude and file.resolve() in exclude:
                        continue
                    yield file
        elif path.is_file():
            if exclude and path.resolve() in exclude:
                continue
            yield path
        elif path.exists():
            yield Problem(str(path), "not a regular file; skipped")
        else:
            yield Problem(str(path), "no such file or directory")


@dataclass(frozen=True)
class DateRules:
    """How a run dates its documents: ``run_date`` (``--date``, already ``YYYY-MM-DD``) for every
    document without a readable date of its own; ``month_first`` reads ``03/04/2020`` as 4 March
    (the US order) instead of 3 April."""

    run_date: str | None = None
    month_first: bool = False


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: frozenset[Path] = frozenset(),
    columns: TableColumns | None = None,
    dates: DateRules | None = None,
) -> Iterator[Article | Problem | FileDone]:
    """Yield articles and problems for every file under ``paths``, then a FileDone per file.

    ``max_bytes`` bounds each article (and what is read or decompressed for it); ``columns``
    says which CSV/TSV columns hold the text and the metadata; ``dates`` how dates are read.
    """
    dates = dates or DateRules()
    for item in _read_all(paths, max_bytes, exclude, columns or TableColumns()):
        yield dated(item, dates) if isinstance(item, Article) else item


def dated(article: Article, rules: DateRules) -> Article:
    """The article with its date as ``YYYY-MM-DD``: its own, else the run's, else None. A date of
    its own that cannot be read is a warning naming it (and the line, for JSONL and CSV), and is
    kept as written in ``extra`` (:data:`DATE_AS_WRITTEN`): nothing the source said is lost."""
    date, problem = date_or_problem(article.date, rules.month_first)
    warnings, extra = article.warnings, article.extra
    if problem is not None:
        where = f"line {article.line}: " if article.line is not None else ""
        outcome = f"dated {rules.run_date} by --date" if rules.run_date else "kept undated"
        warnings = (*warnings, f"{where}date: {problem}; the document is {outcome}")
        extra = {**extra, DATE_AS_WRITTEN: article.date}
    date = date or rules.run_date
    if date == article.date and warnings == article.warnings:
        return article
    return dataclasses.replace(article, date=date, warnings=warnings, extra=extra)


#: The ``extra`` field keeping a document's date as written when it is not a date.
DATE_AS_WRITTEN = "date_as_written"


def _read_all(
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int,
    exclude: frozenset[Path],
    columns: TableColumns,
) -> Iterator[Article | Problem | FileDone]:
    for item in discover_files(paths, exclude):
        if isinstance(item, Problem):
            yield item
            continue
        kind = input_kind(item)
        if kind.format not in SUPPORTED_SUFFIXES:
            yield Problem(
                str(item), f"unsupported file type {_shown(item, kind)}; skipped", failed=False
            )
            continue
        size = _size(item)
        if kind.format in TABLE_FORMATS:
            yield from read_table_file(item, kind, max_bytes, size, columns)
            continue
        reader = next(read for formats, read in _READERS.items() if kind.format in formats)
        yield from reader(item, kind, max_bytes, size)


def _shown(path: Path, kind: InputKind) -> str:
    if kind.compression and not kind.format:
        return f"{kind.compression!r} (name the format before it: .jsonl{kind.compression}, .txt{kind.compression}, …)"
    return repr(kind.label or "(none)")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
