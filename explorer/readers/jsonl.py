"""JSON Lines (``.jsonl``, compressed or not): one article per line, streamed.

Each line is an object with a string ``text`` and optional ``id``, ``title``, ``date``, ``url``,
``source``; any other field is kept in the article's ``extra``. The file is read a line at a time
(never whole), and a line over ``--max-bytes`` is skipped without being held in memory.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

from explorer.readers.articles import (
    Article,
    FileDone,
    Problem,
    clean_fields,
    decode_character_references,
    headline_title,
    identity,
    optional_str,
    replace_surrogates,
    single_line,
)
from explorer.readers.streams import READ_ERRORS, Input, InputError, InputKind, describe, plain_stem

JSONL_FORMATS = frozenset({".jsonl"})

#: Fields that have a column of their own; every other field goes to ``extra``.
_FIELDS = ("title", "date", "url", "source")
_OWN_FIELDS = frozenset({"text", "id", *_FIELDS})


def read_jsonl_file(
    path: Path, kind: InputKind, max_bytes: int, size: int
) -> Iterator[Article | Problem | FileDone]:
    """Every line of the file: an article, a problem, or nothing (blank lines)."""
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
        for item in _lines(source, str(path), done, max_bytes):
            if isinstance(item, Article):
                position = source.consumed()
                item = dataclasses.replace(item, input_bytes=max(0, position - accounted))
                accounted = position
            yield item
    done.rest_bytes = max(0, size - accounted)
    yield done


def _lines(source: Input, file: str, done: FileDone, max_bytes: int) -> Iterator[Article | Problem]:
    handle = source.stream
    line_no = 0
    while True:
        try:
            raw = handle.readline(max_bytes + 1)
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                line_no += 1
                # Skip the rest of an over-long line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(1 << 20)
                yield Problem(
                    file, f"line is over the {max_bytes:,}-byte limit; skipped", line=line_no
                )
                done.complete = False
                continue
        except READ_ERRORS as exc:
            yield Problem(file, f"{describe(exc)}; the rest of the file is skipped", line_no + 1)
            done.complete = False
            return
        if not raw:
            return
        line_no += 1
        item = parse_jsonl_line(raw, file, line_no, done.file)
        if item is None:
            continue
        if isinstance(item, Article):
            if item.key in done.keys:
                yield Problem(
                    file, f"duplicate id {item.key.split('#', 1)[1]!r}; skipped", line=line_no
                )
                continue
            done.keys.add(item.key)
        else:
            done.complete = False
        yield item


def parse_jsonl_line(
    raw: bytes, file: str, line_no: int, identity: str
) -> Article | Problem | None:
    """Parse one JSONL line into an Article, a Problem, or None for a blank line."""
    if not raw.strip():
        return None
    try:
        text_line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return Problem(
            file, f"not valid UTF-8 at byte {exc.start} of the line; skipped", line=line_no
        )
    try:
        obj = json.loads(text_line)
    except json.JSONDecodeError as exc:
        return Problem(
            file, f"not valid JSON ({exc.msg} at column {exc.colno}); skipped", line=line_no
        )
    except RecursionError:
        return Problem(file, "JSON nested too deeply; skipped", line=line_no)
    if not isinstance(obj, dict):
        return Problem(
            file, f"expected a JSON object, got {type(obj).__name__}; skipped", line=line_no
        )
    text = obj.get("text")
    if not isinstance(text, str):
        what = 'no "text" field' if text is None else '"text" is not a string'
        return Problem(file, f"{what}; skipped", line=line_no)
    if not text.strip():
        return Problem(file, 'empty "text"; skipped', line=line_no, failed=False)
    text, n_surrogates = replace_surrogates(decode_character_references(text))
    if not text.strip():
        return Problem(file, 'empty "text"; skipped', line=line_no, failed=False)
    warnings = (
        (f"line {line_no}: {n_surrogates} lone surrogate escape(s) replaced with U+FFFD",)
        if n_surrogates
        else ()
    )
    meta = {name: optional_str(obj.get(name)) for name in _FIELDS}
    if meta["title"]:
        meta["title"] = decode_character_references(meta["title"])
    ext_id = optional_str(obj.get("id"))
    key = f"{identity}#{ext_id}" if ext_id else f"{identity}#line{line_no}"
    title = (
        meta["title"]
        or headline_title(text)
        or ext_id
        or f"{plain_stem(Path(file))} line {line_no}"
    )
    extra = clean_fields({k: v for k, v in obj.items() if k not in _OWN_FIELDS and v is not None})
    return Article(
        key=key,
        file=identity,
        text=text,
        title=single_line(title),
        date=meta["date"],
        source=meta["source"],
        url=meta["url"],
        line=line_no,
        warnings=warnings,
        extra=extra,
    )
