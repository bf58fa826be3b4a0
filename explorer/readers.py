"""Readers: turn files on disk into articles, or into one-line problems.

This layer knows nothing of spaCy or SQLite. It yields, in a stable order, either an
:class:`Article` (text kept exactly as decoded, because every stored offset points into it) or a
:class:`Problem` (a file or line that was skipped or failed, with a message a user can act on).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES

#: Articles larger than this are skipped with a reason rather than parsed (memory stays bounded).
DEFAULT_MAX_BYTES = 5_000_000

_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30
_SENTENCE_END = (".", "!", "?", ";", ":", ",")


@dataclass(frozen=True)
class Article:
    """One document to ingest. ``key`` identifies it across runs (path, or path#id for JSONL)."""

    key: str
    file: str
    text: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    line: int | None = None
    warnings: tuple[str, ...] = ()
    #: The text's SHA-256, computed once when the article is made (and pickled with it).
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))


@dataclass(frozen=True)
class Problem:
    """A file (or JSONL line) that could not be read. ``failed`` is False for deliberate skips."""

    file: str
    message: str
    line: int | None = None
    failed: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


@dataclass
class FileDone:
    """Marks the end of one input file, with the keys of every article it yielded.

    The ingest uses it to drop documents that a changed JSONL file no longer contains.
    """

    file: str
    keys: set[str] = field(default_factory=set)
    complete: bool = True


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def discover_files(
    paths: Iterable[str | os.PathLike[str]], exclude: frozenset[Path] = frozenset()
) -> Iterator[Path | Problem]:
    """Expand the given paths into files, walking directories recursively in sorted order.

    Hidden files and folders are passed over, and so are the ``exclude`` files (the database
    being written and its companions, when a user ingests the folder that holds it).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if exclude and file.resolve() in exclude:
                        continue
                    yield file
        elif path.is_file():
            yield path
        elif path.exists():
            yield Problem(str(path), "not a regular file; skipped")
        else:
            yield Problem(str(path), "no such file or directory")


def read_articles(
    paths: Iterable[str | os.PathLike[str]],
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: frozenset[Path] = frozenset(),
) -> Iterator[Article | Problem | FileDone]:
    """Yield articles and problems for every file under ``paths``, then a FileDone per file."""
    for item in discover_files(paths, exclude):
        if isinstance(item, Problem):
            yield item
            continue
        suffix = item.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            yield Problem(
                str(item), f"unsupported file type {suffix or '(none)'!r}; skipped", failed=False
            )
            continue
        if suffix in TEXT_SUFFIXES:
            yield from _read_text_file(item, max_bytes)
        else:
            yield from _read_jsonl_file(item, max_bytes)


def _identity(path: Path) -> str:
    """The file's absolute path as stored text. Undecodable bytes in file names (which Python
    keeps as lone surrogates, and SQLite refuses) become ``\\xNN`` escapes."""
    return os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")


def _read_text_file(path: Path, max_bytes: int) -> Iterator[Article | Problem | FileDone]:
    done = FileDone(_identity(path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(
                str(path),
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one article; "
                "skipped (raise it with --max-bytes)",
            )
            done.complete = False
            yield done
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        done.complete = False
        yield done
        return
    try:
        text, warnings = decode_bytes(data)
    except NotText as exc:
        yield Problem(str(path), f"{exc}; skipped")
        done.complete = False
        yield done
        return
    text = decode_character_references(text)
    if not text.strip():
        yield Problem(str(path), "empty file; skipped", failed=False)
        yield done
        return
    key = _identity(path)
    title = headline_title(text, path.suffix.lower() == ".md") or Path(key).stem
    done.keys.add(key)
    yield Article(key=key, file=key, text=text, title=title, warnings=tuple(warnings))
    yield done


#: An HTML character reference with its closing semicolon: named (``&amp;``), decimal
#: (``&#191;``) or hexadecimal (``&#xE9;``). Without the semicolon ("AT&T", "&notes") nothing is
#: decoded: HTML's legacy references without one would turn "&notes" into "¬es".
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def decode_character_references(text: str) -> str:
    """``text`` with HTML character references decoded ("Blair&#191;s", "&eacute;" → "é").

    News exports often carry them; decoded once when a document is read, so the stored text,
    its hash and every offset refer to the characters a reader sees. Unknown names stay as they
    are; references to characters that cannot be stored (NUL, surrogates) become U+FFFD
    (``html.unescape`` follows HTML5 there).
    """
    if "&" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group()), text)


class NotText(ValueError):
    """The bytes are binary content, not an article."""


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode file bytes as UTF-8 and return ``(text, warnings)``.

    Invalid UTF-8 in otherwise textual data is decoded with U+FFFD replacement characters and
    reported as a warning: the article is still useful, and the user is told how many bytes were
    replaced. Binary content raises :class:`NotText`.
    """
    if looks_binary(data):
        raise NotText("binary file (NULs or control bytes in the first 8 KB)")
    try:
        text = data.decode("utf-8-sig")
        return text, ()
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd")
        return text, (
            f"not valid UTF-8 (first bad byte at offset {exc.start}); "
            f"{bad} undecodable byte sequence(s) replaced with U+FFFD",
        )


def looks_binary(data: bytes) -> bool:
    """Heuristic: many NULs or C0 control bytes near the start mean this is not an article."""
    head = data[:8192]
    if not head:
        return False
    if head.count(0) > max(1, len(head) // 100):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.1


def headline_title(text: str, markdown: bool = False) -> str | None:
    """The first line when it reads like a headline, else None.

    A headline is the first non-blank line when it is short (at most 200 characters and 30
    words) and does not end like a sentence or a clause (., !, ?, ;, :, ,). A Markdown heading
    (``# Title``) always counts, without its hashes.
    """
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if markdown and line.startswith("#"):
            heading = line.lstrip("#").strip()
            return heading or None
        if len(line) > _HEADLINE_MAX_CHARS or len(line.split()) > _HEADLINE_MAX_WORDS:
            return None
        if line.endswith(_SENTENCE_END):
            return None
        return line
    return None


_JSONL_FIELDS = ("title", "date", "url", "source")


def _read_jsonl_file(path: Path, max_bytes: int) -> Iterator[Article | Problem | FileDone]:
    identity = _identity(path)
    done = FileDone(identity)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Problem(str(path), f"cannot read: {exc.strerror or exc}")
        done.complete = False
        yield done
        return
    with handle:
        line_no = 0
        while True:
            try:
                raw = handle.readline(max_bytes + 1)
            except OSError as exc:
                yield Problem(str(path), f"read error: {exc.strerror or exc}", line=line_no + 1)
                done.complete = False
                break
            if not raw:
                break
            line_no += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                # Skip the rest of an over-long line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(1 << 20)
                yield Problem(
                    str(path), f"line is over the {max_bytes:,}-byte limit; skipped", line=line_no
                )
                done.complete = False
                continue
            item = parse_jsonl_line(raw, str(path), line_no, identity)
            if item is None:
                continue
            if isinstance(item, Article):
                if item.key in done.keys:
                    yield Problem(
                        str(path),
                        f"duplicate id {item.key.split('#', 1)[1]!r}; skipped",
                        line=line_no,
                    )
                    continue
                done.keys.add(item.key)
            else:
                done.complete = False
            yield item
    yield done


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
    text, n_surrogates = _replace_surrogates(decode_character_references(text))
    if not text.strip():
        return Problem(file, 'empty "text"; skipped', line=line_no, failed=False)
    warnings = (
        (f"line {line_no}: {n_surrogates} lone surrogate escape(s) replaced with U+FFFD",)
        if n_surrogates
        else ()
    )
    meta = {name: _as_optional_str(obj.get(name)) for name in _JSONL_FIELDS}
    ext_id = _as_optional_str(obj.get("id"))
    key = f"{identity}#{ext_id}" if ext_id else f"{identity}#line{line_no}"
    if meta["title"]:
        meta["title"] = decode_character_references(meta["title"])
    title = meta["title"] or headline_title(text) or (ext_id or f"{Path(file).stem} line {line_no}")
    return Article(
        key=key,
        file=identity,
        text=text,
        title=_single_line(title),
        date=meta["date"],
        source=meta["source"],
        url=meta["url"],
        line=line_no,
        warnings=warnings,
    )


#: JSON may escape lone UTF-16 surrogates ("\\ud800"); they cannot be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(value: str) -> tuple[str, int]:
    """``value`` with each lone surrogate replaced by U+FFFD (one for one: offsets hold)."""
    return _SURROGATE.subn("\ufffd", value)


def _as_optional_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _replace_surrogates(value)[0].strip() or None
    if isinstance(value, (int, float)):
        return str(value)
    return None


_WS = re.compile(r"\s+")


def _single_line(value: str) -> str:
    return _WS.sub(" ", value).strip()[: _HEADLINE_MAX_CHARS * 2]


def word_count(text: str) -> int:
    return len(text.split())
