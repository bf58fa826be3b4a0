"""CSV and TSV (``.csv``, ``.tsv``, compressed or not): one article per row, streamed.

The first row names the columns. The text is in the column ``--text-column`` names (default
``text``); ``--title-column``, ``--date-column``, ``--url-column`` and ``--id-column`` name the
others, each defaulting to the column of that name when there is one (``source`` too). Every other
non-empty cell is kept in the article's ``extra``. A file without the text column is one
problem naming the columns it has.

A ``.csv`` file is comma-separated, or semicolon-separated when its header line has semicolons
and no commas (spreadsheets in many locales write those); a ``.tsv`` file is tab-separated.
Quoting follows the csv module's ``excel`` dialects, which read what spreadsheets and pandas write.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.readers.articles import (
    Article,
    FileDone,
    Problem,
    decode_character_references,
    headline_title,
    identity,
    looks_binary,
    optional_str,
    single_line,
    utf8_size,
)
from explorer.readers.streams import READ_ERRORS, Input, InputError, InputKind, describe, plain_stem

TABLE_FORMATS = frozenset({".csv", ".tsv"})
_CSV_DEFAULT_FIELD_LIMIT = 131_072

#: Bytes that were not valid UTF-8, as the ``surrogateescape`` error handler keeps them.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class TableColumns:
    """Which CSV/TSV columns hold what (``None``: the column of that name, if any)."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None

    def wanted(self) -> dict[str, tuple[str, bool]]:
        """Each field → (the column to look for, whether the user named it)."""
        named = {
            "text": self.text,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "id": self.id,
            "source": None,
        }
        return {name: (column or name, column is not None) for name, column in named.items()}


class _NoSuchColumn(Exception):
    pass


def _column_indexes(header: Sequence[str], columns: TableColumns) -> dict[str, int]:
    """Field → index in the header; exact names first, else the one name that matches ignoring
    case and spaces. A missing column the user named (or the text column) raises."""
    found: dict[str, int] = {}
    folded = [name.strip().casefold() for name in header]
    for field, (column, named) in columns.wanted().items():
        if column in header:
            found[field] = header.index(column)
        elif folded.count(column.strip().casefold()) == 1:
            found[field] = folded.index(column.strip().casefold())
        elif named or field == "text":
            option = f"--{field}-column"
            raise _NoSuchColumn(
                f"no column {column!r} (choose one with {option}); its columns: "
                + ", ".join(repr(name) for name in header)
            )
    return found


def read_table_file(
    path: Path, kind: InputKind, max_bytes: int, size: int, columns: TableColumns
) -> Iterator[Article | Problem | FileDone]:
    """Every row of the file: an article, a problem, or nothing (blank rows)."""
    done = FileDone(identity(path))
    try:
        source = Input(path, kind.compression)
    except InputError as exc:
        yield Problem(str(path), str(exc))
        done.complete, done.rest_bytes = False, size
        yield done
        return
    accounted = 0
    with source:
        for item in _rows(source, path, kind, max_bytes, columns, done):
            if isinstance(item, Article):
                position = source.consumed()
                item = dataclasses.replace(item, input_bytes=max(0, position - accounted))
                accounted = position
            yield item
    done.rest_bytes = max(0, size - accounted)
    yield done


def _rows(
    source: Input,
    path: Path,
    kind: InputKind,
    max_bytes: int,
    columns: TableColumns,
    done: FileDone,
) -> Iterator[Article | Problem]:
    file = str(path)
    try:
        if looks_binary(source.stream.peek(8192)[:8192]):
            yield Problem(file, "binary file (NULs or control bytes in the first 8 KB); skipped")
            done.complete = False
            return
        lines = io.TextIOWrapper(source.stream, "utf-8-sig", "surrogateescape", newline="")
        first = lines.readline()
    except READ_ERRORS as exc:
        yield Problem(file, describe(exc))
        done.complete = False
        return
    if not first.strip():
        yield Problem(file, "empty file; skipped", failed=False)
        return
    # A field may hold a whole article: allow fields up to the article limit (characters; the
    # csv module's limit is process-wide, and set here for each file, so it is this run's).
    csv.field_size_limit(max(max_bytes, _CSV_DEFAULT_FIELD_LIMIT))
    reader = csv.reader(itertools.chain([first], lines), dialect=_dialect(kind, first))
    try:
        header = [_decoded(name)[0] for name in next(reader)]
        indexes = _column_indexes(header, columns)
    except _NoSuchColumn as exc:
        yield Problem(file, str(exc))
        done.complete = False
        return
    except csv.Error as exc:
        yield Problem(file, f"unreadable header line ({exc}); skipped", line=1)
        done.complete = False
        return
    yield from _records(reader, header, indexes, file, done, max_bytes, plain_stem(path))


def _dialect(kind: InputKind, header_line: str) -> type[csv.Dialect]:
    if kind.format == ".tsv":
        return csv.excel_tab
    if "," not in header_line and ";" in header_line:
        return _Semicolons
    return csv.excel


class _Semicolons(csv.excel):
    delimiter = ";"


def _records(
    reader: Iterator[list[str]],
    header: list[str],
    indexes: dict[str, int],
    file: str,
    done: FileDone,
    max_bytes: int,
    stem: str,
) -> Iterator[Article | Problem]:
    start = 2  # the line where the next record starts (the header is line 1)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(file, _csv_error(exc, max_bytes), line=start)
            done.complete = False
            return
        except READ_ERRORS as exc:
            yield Problem(file, f"{describe(exc)}; the rest of the file is skipped", line=start)
            done.complete = False
            return
        line, start = start, reader.line_num + 1  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells):
            continue
        item = _record(cells, header, indexes, file, done.file, line, max_bytes, stem)
        if isinstance(item, Article):
            if item.key in done.keys:
                item = Problem(
                    file, f"duplicate id {item.key.split('#', 1)[1]!r}; skipped", line=line
                )
            else:
                done.keys.add(item.key)
        if isinstance(item, Problem) and item.failed:
            done.complete = False
        yield item


def _csv_error(exc: csv.Error, max_bytes: int) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"a field is over the {max_bytes:,}-character limit for one article; the rest of "
            "the file is skipped (raise it with --max-bytes)"
        )
    return f"unreadable CSV ({exc}); the rest of the file is skipped"


def _decoded(cell: str) -> tuple[str, int]:
    """A cell with undecodable bytes as U+FFFD (one for one), and how many there were."""
    return _UNDECODABLE.subn("\ufffd", cell)


def _record(
    cells: list[str],
    header: list[str],
    indexes: dict[str, int],
    file: str,
    key_file: str,
    line: int,
    max_bytes: int,
    stem: str,
) -> Article | Problem:
    if len(cells) != len(header):
        return Problem(
            file,
            f"row has {len(cells)} field(s) where the header has {len(header)} "
            "(a stray quote or delimiter?); skipped",
            line=line,
        )
    bad = 0
    values = []
    for cell in cells:
        value, n = _decoded(cell)
        values.append(value)
        bad += n
    text = decode_character_references(values[indexes["text"]])
    if not text.strip():
        return Problem(file, "empty text; skipped", line=line, failed=False)
    if utf8_size(text) > max_bytes:
        return Problem(
            file, f"text is over the {max_bytes:,}-byte limit; skipped (raise --max-bytes)", line
        )
    meta = {
        field: optional_str(values[index]) for field, index in indexes.items() if field != "text"
    }
    ext_id = meta.get("id")
    key = f"{key_file}#{ext_id}" if ext_id else f"{key_file}#line{line}"
    title = meta.get("title")
    title = decode_character_references(title) if title else None
    title = title or headline_title(text) or ext_id or f"{stem} line {line}"
    own = set(indexes.values())
    extra: dict[str, object] = {
        name: value
        for i, (name, value) in enumerate(zip(header, values, strict=True))
        if i not in own and value.strip()
    }
    warnings = (
        (f"line {line}: not valid UTF-8; {bad} undecodable byte(s) replaced with U+FFFD",)
        if bad
        else ()
    )
    return Article(
        key=key,
        file=key_file,
        text=text,
        title=single_line(title),
        date=meta.get("date"),
        source=meta.get("source"),
        url=meta.get("url"),
        line=line,
        warnings=warnings,
        extra=extra,
    )
