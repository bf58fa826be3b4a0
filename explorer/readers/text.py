"""Plain text and Markdown (``.txt``, ``.md``, compressed or not): one article per file.

A file may open with YAML-style front matter: a ``---`` line, ``key: value`` lines, and a closing
``---`` (or ``...``) line. Its ``title``, ``date``, ``source`` and ``url`` are the article's, every
other key goes to ``extra``, and the front matter is not part of the stored text (offsets count
from the first character after it): it is not prose for NER to read. A block that is not made of
``key: value`` lines is left in the text as it is. Without a date there, a ``YYYY-MM-DD`` day in
the file's name dates it (``2020-06-09_talks.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from explorer.dates import date_in_file_name
from explorer.readers.articles import (
    Article,
    FileDone,
    NotText,
    Problem,
    decode_bytes,
    decode_character_references,
    headline_title,
    identity,
    optional_str,
    single_line,
)
from explorer.readers.streams import InputError, InputKind, plain_stem, read_limited

TEXT_FORMATS = frozenset({".txt", ".md"})


def read_text_file(
    path: Path, kind: InputKind, max_bytes: int, size: int
) -> Iterator[Article | Problem | FileDone]:
    """The file as one article; its title is a headline first line, else the file's name."""
    key = identity(path)
    try:
        text, warnings = decode_bytes(read_limited(path, kind, max_bytes))
        text = decode_character_references(text)
    except (InputError, NotText) as exc:
        yield Problem(str(path), f"{exc}; skipped" if isinstance(exc, NotText) else str(exc))
        yield FileDone(key, complete=False, rest_bytes=size)
        return
    front = front_matter(text)
    text = text[front.length :]
    if not text.strip():
        yield Problem(str(path), "empty file; skipped", failed=False)
        yield FileDone(key, rest_bytes=size)
        return
    stem = plain_stem(Path(key))
    date = front.fields.get("date")
    if date is None:
        date, problem = date_in_file_name(stem)
        if problem:
            warnings = (*warnings, f"{problem}; the document is kept undated")
    title = front.fields.get("title") or headline_title(text, kind.format == ".md") or stem
    yield Article(
        key=key,
        file=key,
        text=text,
        title=single_line(title),
        date=date,
        source=front.fields.get("source"),
        url=front.fields.get("url"),
        warnings=tuple(warnings),
        extra=front.extra,
        input_bytes=size,
    )
    yield FileDone(key, keys={key})


@dataclass(frozen=True)
class FrontMatter:
    """A file's front matter: how many characters it takes at the start of the text, the
    article's own fields in it, and the other keys."""

    length: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


#: Keys of the front matter that have a column of their own.
_OWN_KEYS = ("title", "date", "source", "url")
_FENCE = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r?\n|$)")
_KEY_VALUE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*\r?")
#: Front matter longer than this many lines is no front matter (a fenced block of prose).
_MAX_LINES = 100


def front_matter(text: str) -> FrontMatter:
    """The front matter at the start of ``text`` (an empty one when there is none)."""
    if _FENCE.match(text) is None:
        return FrontMatter()
    position = text.index("\n") + 1
    pairs: dict[str, str] = {}
    for _ in range(_MAX_LINES):
        closing = _CLOSING.match(text, position)
        if closing is not None:
            return _fields(position=closing.end(), pairs=pairs)
        end = text.find("\n", position)
        if end < 0:
            return FrontMatter()
        line = text[position:end]
        if not _read_line(line, pairs):
            return FrontMatter()
        position = end + 1
    return FrontMatter()


def _read_line(line: str, pairs: dict[str, str]) -> bool:
    """Adds a ``key: value`` line to ``pairs``; False for a line front matter cannot hold."""
    if not line.strip() or line.lstrip().startswith("#") or line[:1] in (" ", "\t", "-"):
        return True  # blank, a comment, or the items of a list (not kept)
    match = _KEY_VALUE.fullmatch(line)
    if match is None:
        return False
    key, value = match.group(1), _unquoted(match.group(2) or "")
    if value:
        pairs.setdefault(key.lower(), value)
    return True


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value.strip()


def _fields(position: int, pairs: dict[str, str]) -> FrontMatter:
    own = {key: v for key in _OWN_KEYS if (v := optional_str(pairs.get(key))) is not None}
    extra: dict[str, object] = {k: v for k, v in pairs.items() if k not in _OWN_KEYS}
    return FrontMatter(position, own, extra)
