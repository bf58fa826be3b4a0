"""What every reader makes: an :class:`Article` (text kept exactly as decoded, because every
stored offset points into it), a :class:`Problem` (a file, line or row skipped or failed, with a
message a user can act on) and a :class:`FileDone` per file; and the helpers they share
(decoding bytes, headline titles, the text's hash).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

#: Articles larger than this are skipped with a reason rather than parsed (memory stays bounded).
DEFAULT_MAX_BYTES = 5_000_000

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
    #: Fields of the source record beyond the columns above (JSONL fields, CSV columns, a page's
    #: author), kept as ``documents.extra`` (a JSON object). JSON values only.
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    #: Bytes of the file on disk this article accounts for (compressed bytes for a compressed
    #: file; 0 when an earlier article of the file took them all in): what the progress bar
    #: counts. Defaults (-1) to the text's UTF-8 size.
    input_bytes: int = -1

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))
        if self.input_bytes < 0:
            object.__setattr__(self, "input_bytes", utf8_size(self.text))


@dataclass(frozen=True)
class Problem:
    """A file (or line) that could not be read. ``failed`` is False for deliberate skips."""

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

    The ingest uses it to drop documents that a changed JSONL or CSV file no longer contains
    (only when ``complete``: the whole file was read), and ``rest_bytes`` (bytes of the file no
    article accounted for: skipped lines, a failed file) to finish the file on the progress bar.
    """

    file: str
    keys: set[str] = field(default_factory=set)
    complete: bool = True
    rest_bytes: int = 0


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def word_count(text: str) -> int:
    return len(text.split())


def identity(path: Path) -> str:
    """The file's absolute path as stored text. Undecodable bytes in file names (which Python
    keeps as lone surrogates, and SQLite refuses) become ``\\xNN`` escapes."""
    return os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")


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


#: JSON may escape lone UTF-16 surrogates ("\\ud800"); they cannot be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(value: str) -> tuple[str, int]:
    """``value`` with each lone surrogate replaced by U+FFFD (one for one: offsets hold)."""
    return _SURROGATE.subn("\ufffd", value)


def optional_str(value: object) -> str | None:
    """A metadata value as stored text: strings stripped (None when blank), numbers as text."""
    if value is None:
        return None
    if isinstance(value, str):
        return replace_surrogates(value)[0].strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def clean_json(value: object) -> object:
    """A JSON value with every lone surrogate (in keys and strings) replaced by U+FFFD, so it
    can be stored as UTF-8."""
    if isinstance(value, str):
        return replace_surrogates(value)[0]
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    if isinstance(value, dict):
        return clean_fields(value)
    return value


def clean_fields(fields: dict) -> dict[str, object]:
    """Fields of a record (JSON values) ready to be stored as a JSON object: lone surrogates in
    keys and strings replaced by U+FFFD."""
    return {replace_surrogates(str(k))[0]: clean_json(v) for k, v in fields.items()}


_WS = re.compile(r"\s+")


def single_line(value: str) -> str:
    """A title on one line, of a sensible length."""
    return _WS.sub(" ", value).strip()[: _HEADLINE_MAX_CHARS * 2]
