"""Input files of every supported format, written for the tests (texts invented here), and the
compressed forms of any file."""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
from pathlib import Path

#: Two short articles, used by every format.
STORIES = [
    {
        "id": "world/001",
        "title": "Ceasefire talks resume in Geneva",
        "date": "2020-10-23",
        "url": "https://news.example.org/world/001",
        "category": "world",
        "text": "Delegates from Tripoli and Benghazi met in Geneva on Friday.\n\n"
        "Stephanie Williams said both sides had agreed to a ceasefire.",
    },
    {
        "id": "sport/001",
        "title": "Misrata club wins the cup",
        "date": "2020-11-02",
        "url": "https://news.example.org/sport/001",
        "category": "sport",
        "text": "Al-Ittihad lost the final to a club from Misrata.\n\n"
        "Fans celebrated in Martyrs' Square until late.",
    },
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ceasefire talks resume in Geneva | Example News</title>
<meta property="og:title" content="Ceasefire talks resume in Geneva">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2020-10-23T09:00:00Z">
<link rel="canonical" href="https://news.example.org/world/ceasefire-talks-geneva">
<meta property="og:site_name" content="Example News">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li>Subscribe to our newsletter</li></ul></nav>
<article>
<h1>Ceasefire talks resume in Geneva</h1>
<p>Delegates from the Government of National Accord and the Libyan National Army met in Geneva
on Friday under the auspices of the United Nations.</p>
<p>Stephanie Williams, the acting UN envoy, said both sides had agreed to a permanent ceasefire
across the country, effective immediately.</p>
<p>The agreement follows months of fighting around Sirte and Jufra, and talks in Bouznika,
Morocco, earlier this month.</p>
</article>
<footer><p>Copyright 2020 Example News. All rights reserved. Privacy policy | Cookie settings
| Contact us</p></footer>
</body></html>
"""


def jsonl_bytes(stories: list[dict] = STORIES) -> bytes:
    return "".join(json.dumps(story) + "\n" for story in stories).encode()


def table_bytes(stories: list[dict] = STORIES, delimiter: str = ",", **rename: str) -> bytes:
    """The stories as CSV (or TSV) with a header; ``rename`` renames columns (text="body")."""
    out = io.StringIO()
    columns = [rename.get(name, name) for name in stories[0]]
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for story in stories:
        writer.writerow(story.values())
    return out.getvalue().encode()


def pdf_bytes(pages: list[list[str]], title: str | None = None, author: str | None = None) -> bytes:
    """A small text PDF (Helvetica): each page a list of lines."""
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        shown = b" T* ".join(b"(" + _pdf_string(line) + b") Tj" for line in lines)
        stream = b"BT /F1 12 Tf 14 TL 72 720 Td " + shown + b" ET" if lines else b""
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_ids[i] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = []
    if title:
        info.append(b"/Title (" + _pdf_string(title) + b")")
    if author:
        info.append(b"/Author (" + _pdf_string(author) + b")")
    info.append(b"/CreationDate (D:20201023090000Z)")
    objects.append(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _pdf_string(value: str) -> bytes:
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def compress(data: bytes, suffix: str) -> bytes:
    """``data`` compressed as a file ending in ``suffix`` would be ("" leaves it as it is)."""
    if suffix == ".gz":
        return gzip.compress(data, compresslevel=1)  # quick; the format is the same
    if suffix == ".bz2":
        return bz2.compress(data, compresslevel=1)  # 100 KB blocks: a cut file keeps some
    if suffix == ".xz":
        return lzma.compress(data, preset=1)  # quick; the format is the same
    if suffix == ".zst":
        import zstandard

        return zstandard.ZstdCompressor().compress(data)
    assert suffix == "", suffix
    return data


def write(path: Path, data: bytes, compression: str = "") -> Path:
    """Write ``data`` to ``path`` + ``compression``, compressed accordingly."""
    target = path.with_name(path.name + compression)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(compress(data, compression))
    return target
