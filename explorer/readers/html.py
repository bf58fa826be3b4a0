"""Saved web pages (``.html``, ``.htm``, compressed or not): the article in the page, through
trafilatura, which drops navigation, footers and comments.

The text is trafilatura's, one block (paragraph, heading, list item) per paragraph: blocks are
separated by a blank line, which always ends a sentence. Title, date, url and site name
(``source``) come from the page's metadata; its author, description, categories, tags and
language go to ``extra``. trafilatura is imported when the first page is read (about 0.1 s):
the explorer and the one-liners never load it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from explorer.readers.articles import (
    Article,
    FileDone,
    Problem,
    headline_title,
    identity,
    looks_binary,
    optional_str,
    single_line,
)
from explorer.readers.streams import InputError, InputKind, plain_stem, read_limited

HTML_FORMATS = frozenset({".html", ".htm"})

#: Page metadata kept in ``extra`` when present.
_EXTRA_FIELDS = ("author", "description", "categories", "tags", "language")


def read_html_file(
    path: Path, kind: InputKind, max_bytes: int, size: int
) -> Iterator[Article | Problem | FileDone]:
    """The page's article, or one problem (no article in it, binary, too large, unreadable)."""
    key = identity(path)
    item = _page_article(path, kind, max_bytes, size, key)
    yield item
    if isinstance(item, Article):
        yield FileDone(key, keys={key})
    else:
        yield FileDone(key, complete=not item.failed, rest_bytes=size)


def _page_article(
    path: Path, kind: InputKind, max_bytes: int, size: int, key: str
) -> Article | Problem:
    file = str(path)
    try:
        page = read_limited(path, kind, max_bytes)
    except InputError as exc:
        return Problem(file, str(exc))
    if not page.strip():
        return Problem(file, "empty file; skipped", failed=False)
    markup: bytes | str = page
    if page.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # NULs, yet text
        markup = page.decode("utf-16", errors="replace")
    elif looks_binary(page):
        return Problem(file, "binary file (NULs or control bytes in the first 8 KB); skipped")
    try:
        document = _extract(markup)
    except Exception as exc:  # noqa: BLE001 (a library failing on one page must not stop a run)
        return Problem(file, f"cannot read the page ({type(exc).__name__}: {exc}); skipped")
    text = _paragraphs(getattr(document, "text", None) or "")
    if not text:
        return Problem(file, "no article text found in the page; skipped")
    title = optional_str(document.title) or headline_title(text) or plain_stem(Path(key))
    extra = {
        name: value
        for name in _EXTRA_FIELDS
        if (value := getattr(document, name, None)) not in (None, "", [])
    }
    return Article(
        key=key,
        file=key,
        text=text,
        title=single_line(title),
        date=optional_str(document.date),
        source=optional_str(document.sitename) or optional_str(document.hostname),
        url=optional_str(document.url),
        extra=extra,
        input_bytes=size,
    )


def _extract(page: bytes | str) -> Any:
    """trafilatura's main text and metadata of a page (it detects the page's encoding)."""
    import trafilatura

    return trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True
    )


def _paragraphs(text: str) -> str:
    """trafilatura puts one block per line; a blank line between them ends their sentences."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
