"""Plain text and Markdown (``.txt``, ``.md``, compressed or not): one article per file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from explorer.readers.articles import (
    Article,
    FileDone,
    NotText,
    Problem,
    decode_bytes,
    decode_character_references,
    headline_title,
    identity,
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
    if not text.strip():
        yield Problem(str(path), "empty file; skipped", failed=False)
        yield FileDone(key, rest_bytes=size)
        return
    title = headline_title(text, kind.format == ".md") or plain_stem(Path(key))
    yield Article(
        key=key, file=key, text=text, title=title, warnings=tuple(warnings), input_bytes=size
    )
    yield FileDone(key, keys={key})
