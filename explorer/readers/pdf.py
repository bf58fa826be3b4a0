"""Text-based PDF (``.pdf``, compressed or not), through the optional ``pypdf``
(``pip install 'libya-explore[pdf]'``).

The text is each page's text layer, pages separated by a blank line (which ends a sentence). The
title and author come from the document's metadata (the title else a headline first line, else
the file name), the date from its creation date. A scanned PDF has no text layer: it is refused
with a reason (OCR it first). pypdf is imported when the first PDF is read.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from explorer.readers.articles import (
    Article,
    FileDone,
    Problem,
    headline_title,
    identity,
    optional_str,
    single_line,
    utf8_size,
)
from explorer.readers.streams import InputError, InputKind, plain_stem, seekable

PDF_FORMATS = frozenset({".pdf"})
PDF_HINT = "pip install 'libya-explore[pdf]'"


def read_pdf_file(
    path: Path, kind: InputKind, max_bytes: int, size: int
) -> Iterator[Article | Problem | FileDone]:
    key = identity(path)
    item = _pdf_article(path, kind, max_bytes, size, key)
    yield item
    if isinstance(item, Article):
        yield FileDone(key, keys={key})
    else:
        yield FileDone(key, complete=False, rest_bytes=size)


def _pdf_article(
    path: Path, kind: InputKind, max_bytes: int, size: int, key: str
) -> Article | Problem:
    file = str(path)
    try:
        import pypdf
    except ImportError:
        return Problem(file, f"reading PDF needs pypdf: {PDF_HINT}; skipped")
    try:
        with seekable(path, kind) as handle, _quiet_pypdf():
            reader = pypdf.PdfReader(handle)
            if reader.is_encrypted and not reader.decrypt(""):
                return Problem(file, "encrypted PDF (needs a password); skipped")
            text = _pages_text(reader, max_bytes)
            metadata = reader.metadata
    except InputError as exc:
        return Problem(file, str(exc))
    except _TooLong:
        return Problem(
            file, f"its text is over the {max_bytes:,}-byte limit; skipped (raise --max-bytes)"
        )
    except Exception as exc:  # noqa: BLE001 (pypdf raises many kinds on damaged files)
        return Problem(file, f"not a readable PDF ({type(exc).__name__}: {exc}); skipped")
    if not text.strip():
        return Problem(file, "no text layer (a scanned PDF? OCR it first); skipped")
    title = _meta(metadata, "title") or headline_title(text) or plain_stem(Path(key))
    author = _meta(metadata, "author")
    return Article(
        key=key,
        file=key,
        text=text,
        title=single_line(title),
        date=_creation_date(metadata),
        extra={"author": author} if author else {},
        input_bytes=size,
    )


class _TooLong(Exception):
    pass


def _pages_text(reader: Any, max_bytes: int) -> str:
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        text = (page.extract_text() or "").strip()
        total += utf8_size(text) + 2
        if total > max_bytes:
            raise _TooLong
        if text:
            pages.append(text)
    return "\n\n".join(pages)


def _meta(metadata: Any, name: str) -> str | None:
    try:
        return optional_str(getattr(metadata, name, None)) if metadata else None
    except Exception:  # noqa: BLE001 (a damaged metadata dictionary is no reason to refuse)
        return None


def _creation_date(metadata: Any) -> str | None:
    try:
        created = metadata.creation_date if metadata else None
    except Exception:  # noqa: BLE001 (an unparsable date string)
        return None
    return created.date().isoformat() if created else None


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports recoverable damage through logging and warnings: keep them off the
    terminal (the progress bar and the one-line problems are the user's output)."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
