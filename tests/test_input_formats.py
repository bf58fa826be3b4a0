"""Every input format, compressed or not, and broken: what the readers make of it (issue 16).

Reader-level tests: no spaCy, so they are quick. The ingest and the command line over these
formats are tested in ``test_cli_inputs.py``.
"""

from __future__ import annotations

import functools
import gzip
import random
import sys
import tracemalloc
from pathlib import Path

import pytest
from formats_support import PAGE, STORIES, jsonl_bytes, pdf_bytes, table_bytes, write

from explorer.readers import Article, FileDone, Problem, TableColumns, read_articles

COMPRESSIONS = ["", ".gz", ".bz2", ".xz", ".zst"]


def events(*paths: Path, **kwargs):  # type: ignore[no-untyped-def]
    return list(read_articles(paths, **kwargs))


def articles(*paths: Path, **kwargs) -> list[Article]:  # type: ignore[no-untyped-def]
    return [e for e in events(*paths, **kwargs) if isinstance(e, Article)]


def problems(*paths: Path, **kwargs) -> list[Problem]:  # type: ignore[no-untyped-def]
    return [e for e in events(*paths, **kwargs) if isinstance(e, Problem)]


def one_file(tmp_path: Path, fmt: str, compression: str) -> Path:
    """The stories in format ``fmt`` (a suffix), compressed as ``compression``."""
    data = {
        ".txt": b"Ceasefire talks resume in Geneva\n\n" + STORIES[0]["text"].encode(),
        ".md": b"# Ceasefire talks resume in Geneva\n\n" + STORIES[0]["text"].encode(),
        ".jsonl": jsonl_bytes(),
        ".csv": table_bytes(),
        ".tsv": table_bytes(delimiter="\t"),
        ".html": PAGE.encode(),
        ".pdf": pdf_bytes(
            [["Ceasefire talks resume in Geneva"], STORIES[0]["text"].split("\n\n")],
            title="Ceasefire talks resume in Geneva",
            author="Jane Reporter",
        ),
    }[fmt]
    return write(tmp_path / f"story{fmt}", data, compression)


@functools.lru_cache(maxsize=4)
def varied_text(n_bytes: int, seed: int = 0) -> bytes:
    """Words in a seeded random order: text that compresses like prose, not like a repeat."""
    words = [
        "the",
        "army",
        "said",
        "talks",
        "in",
        "Tripoli",
        "Sirte",
        "Misrata",
        "would",
        "resume",
        "on",
        "Monday",
        "after",
    ]
    rng = random.Random(seed)
    out = []
    size = 0
    while size < n_bytes:
        word = rng.choice(words) + ("." if rng.random() < 0.1 else "")
        out.append(word)
        size += len(word) + 1
    return " ".join(out).encode()


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def comparable(article: Article) -> tuple:
    return (article.text, article.title, article.date, article.url, article.source, article.extra)


@pytest.mark.parametrize("compression", COMPRESSIONS)
@pytest.mark.parametrize("fmt", [".txt", ".md", ".jsonl", ".csv", ".tsv", ".html", ".pdf"])
def test_each_format_reads_the_same_compressed_or_not(tmp_path: Path, fmt: str, compression: str):
    plain = articles(one_file(tmp_path / "plain", fmt, ""))
    path = one_file(tmp_path / "packed", fmt, compression)
    found = events(path)
    read = [e for e in found if isinstance(e, Article)]
    assert not [e for e in found if isinstance(e, Problem)]
    assert read and [comparable(a) for a in read] == [comparable(a) for a in plain]
    assert {a.title for a in read} >= {"Ceasefire talks resume in Geneva"}
    assert all(a.key.startswith(str(path.resolve())) for a in read)
    # the progress bar's bytes: the articles and the file's rest add up to the file on disk
    [done] = [e for e in found if isinstance(e, FileDone)]
    assert done.complete
    assert sum(a.input_bytes for a in read) + done.rest_bytes == path.stat().st_size


@pytest.mark.parametrize("fmt", [".jsonl", ".csv", ".tsv"])
def test_records_keep_their_fields_and_ids_with_categories(tmp_path: Path, fmt: str):
    path = one_file(tmp_path, fmt, ".gz")
    world, sport = articles(path)
    assert (world.title, world.date, world.url) == (
        "Ceasefire talks resume in Geneva",
        "2020-10-23",
        "https://news.example.org/world/001",
    )
    assert world.text == STORIES[0]["text"]
    assert world.extra == {"category": "world"} and sport.extra == {"category": "sport"}
    assert world.key.endswith("#world/001") and sport.key.endswith("#sport/001")


def test_a_page_keeps_its_article_without_navigation_or_footer(tmp_path: Path):
    [page] = articles(one_file(tmp_path, ".html", ""))
    assert page.title == "Ceasefire talks resume in Geneva"
    assert (page.date, page.url, page.source) == (
        "2020-10-23",
        "https://news.example.org/world/ceasefire-talks-geneva",
        "Example News",
    )
    assert page.extra["author"] == "Jane Reporter"
    assert "Stephanie Williams, the acting UN envoy" in page.text
    for boilerplate in ("Subscribe", "newsletter", "Privacy policy", "All rights reserved"):
        assert boilerplate not in page.text
    # one block per paragraph: blank lines between them, so no sentence runs across two
    assert "Geneva\n\nDelegates from the Government" in page.text


def test_a_page_in_another_encoding_and_an_htm_suffix(tmp_path: Path):
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Caf\xe9 reopens</title></head><body>'
        "<article><p>"
        + "Le caf\xe9 de Tripoli a rouvert ses portes apr\xe8s la guerre, dit son patron. " * 4
        + "</p></article></body></html>"
    )
    (tmp_path / "cafe.htm").write_bytes(page.encode("latin-1"))
    [article] = articles(tmp_path / "cafe.htm")
    assert article.title == "Caf\xe9 reopens" and "apr\xe8s la guerre" in article.text


def test_a_page_saved_as_utf16(tmp_path: Path):
    (tmp_path / "page.html").write_bytes(PAGE.encode("utf-16"))
    [article] = articles(tmp_path / "page.html")
    assert article.title == "Ceasefire talks resume in Geneva"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "signin.html",
            b"<html><head><title>Sign in</title></head><body></body></html>",
            "no article",
        ),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary file"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a PDF\n", "not a readable PDF"),
        ("scan.pdf", pdf_bytes([[]]), "no text layer"),
        ("short.txt.gz", half(gzip.compress(varied_text(20_000))), "cut short"),
        ("fake.jsonl.gz", jsonl_bytes(), "not a gzip file"),
        ("fake.txt.bz2", b"plain text, not bzip2", "damaged compressed data"),
        ("fake.csv.xz", b"text\nplain", "damaged compressed data"),
        ("fake.md.zst", b"# plain markdown", "damaged compressed data"),
    ],
)
def test_broken_files_are_one_problem_naming_the_file(
    tmp_path: Path, name: str, data: bytes, expected: str
):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "zz-good.txt").write_text("Good news\n\nThe mayor of Tripoli spoke.")
    found = events(tmp_path)
    [problem] = [e for e in found if isinstance(e, Problem)]
    assert problem.failed and expected in problem.message, problem
    assert str(tmp_path / name) in str(problem) and "\n" not in str(problem)
    assert [a.title for a in found if isinstance(a, Article)] == ["Good news"]  # the run goes on
    assert not next(e for e in found if isinstance(e, FileDone)).complete


@pytest.mark.parametrize("compression", [".gz", ".bz2", ".xz", ".zst"])
def test_a_cut_compressed_jsonl_keeps_the_lines_before_the_cut(tmp_path: Path, compression: str):
    # 2 MB of varied text: more than one bzip2 block (900 KB), several zstd blocks
    many = [
        dict(STORIES[0], id=f"world/{i:03}", text=varied_text(10_000, i).decode())
        for i in range(200)
    ]
    path = write(tmp_path / "feed.jsonl", jsonl_bytes(many), compression)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    found = events(path)
    read = [e for e in found if isinstance(e, Article)]
    broken = [e for e in found if isinstance(e, Problem)]
    assert 0 < len(read) < 200
    assert broken and all(p.file == str(path) and p.line for p in broken)
    assert any("cut short" in p.message or "not valid JSON" in p.message for p in broken)
    [done] = [e for e in found if isinstance(e, FileDone)]
    assert not done.complete  # so the ingest never deletes the documents of the lost lines


def test_zst_without_zstandard_says_how_to_install_it(tmp_path: Path, monkeypatch):
    path = one_file(tmp_path, ".txt", ".zst")
    monkeypatch.setitem(sys.modules, "zstandard", None)  # `import zstandard` now fails
    [problem] = problems(path)
    assert "pip install 'libya-explore[zstd]'" in problem.message and problem.failed


def test_pdf_without_pypdf_says_how_to_install_it(tmp_path: Path, monkeypatch):
    path = one_file(tmp_path, ".pdf", "")
    monkeypatch.setitem(sys.modules, "pypdf", None)
    [problem] = problems(path)
    assert "pip install 'libya-explore[pdf]'" in problem.message and problem.failed


def test_a_compressed_article_over_the_limit_is_not_decompressed_whole(tmp_path: Path):
    """--max-bytes holds for each article of a compressed file: a 20 MB line between two good
    ones is skipped while streaming, and memory stays far below its size."""
    big = b'{"text": "' + b"a" * 20_000_000 + b'"}\n'
    data = jsonl_bytes(STORIES[:1]) + big + jsonl_bytes(STORIES[1:])
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(data, compresslevel=1))
    tracemalloc.start()
    try:
        found = events(path, max_bytes=1_000_000)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [a.key.rsplit("#", 1)[1] for a in found if isinstance(a, Article)] == [
        "world/001",
        "sport/001",
    ]
    [problem] = [e for e in found if isinstance(e, Problem)]
    assert problem.line == 2 and "over the 1,000,000-byte limit" in problem.message
    assert peak < 8_000_000, peak


def test_a_compressed_text_over_the_limit_is_refused(tmp_path: Path):
    path = tmp_path / "long.txt.xz"
    path.write_bytes(
        write(tmp_path / "x", b"Headline\n\n" + b"word " * 400_000, ".xz").read_bytes()
    )
    [problem] = problems(path, max_bytes=1_000_000)
    assert "over the 1,000,000-byte limit" in problem.message and "decompressed" in problem.message


def test_unsupported_and_bare_compressed_names_are_skipped(tmp_path: Path):
    (tmp_path / "photo.png.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "archive.gz").write_bytes(gzip.compress(b"x"))
    found = problems(tmp_path)
    assert {p.failed for p in found} == {False}
    messages = " ".join(p.message for p in found)
    assert "'.png.gz'" in messages and "name the format before it" in messages


# --------------------------------------------------------------------------- CSV and TSV


def test_csv_columns_named_by_options(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_bytes(table_bytes(text="body", title="headline", id="guid", date="published"))
    columns = TableColumns(text="body", title="headline", id="guid", date="published")
    world, _sport = articles(path, columns=columns)
    assert world.text == STORIES[0]["text"] and world.title == STORIES[0]["title"]
    assert world.key.endswith("#world/001") and world.date == "2020-10-23"
    assert world.extra == {"category": "world"}  # the url column is found by its name


def test_csv_without_the_text_column_names_the_file_and_its_columns(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_bytes(table_bytes(text="body"))
    [problem] = problems(path)
    assert problem.failed and problem.file == str(path)
    assert "no column 'text'" in problem.message and "--text-column" in problem.message
    assert "'body'" in problem.message and "'category'" in problem.message
    [problem] = problems(path, columns=TableColumns(text="body", title="heading"))
    assert "no column 'heading'" in problem.message and "--title-column" in problem.message


def test_csv_rows_that_cannot_be_read_are_one_line_each(tmp_path: Path):
    path = tmp_path / "rows.csv"
    path.write_bytes(
        b"id,title,text\n"
        b"1,Good,The council met in Misrata.\n"
        b'2,Multi,"A quoted text\nover two lines, with ""quotes""."\n'
        b"3,Short\n"
        b"4,Empty,\n"
        b"1,Again,A second row with id 1.\n"
        b"5,Latin,Le caf\xe9 ferme.\n"
        b"\n"
        b"6,Last,The port of Tobruk reopened.\n"
    )
    found = events(path)
    read = {a.title: a for a in found if isinstance(a, Article)}
    assert list(read) == ["Good", "Multi", "Latin", "Last"]
    assert read["Multi"].text == 'A quoted text\nover two lines, with "quotes".'
    assert read["Latin"].text == "Le caf\ufffd ferme." and "line 8" in read["Latin"].warnings[0]
    assert read["Last"].line == 10  # lines as an editor counts them, quoted line breaks included
    reported = {p.line: p for p in found if isinstance(p, Problem)}
    assert set(reported) == {5, 6, 7}
    assert "2 field(s) where the header has 3" in reported[5].message and reported[5].failed
    assert "empty text" in reported[6].message and not reported[6].failed
    assert "duplicate id '1'" in reported[7].message


def test_semicolon_csv_and_tsv(tmp_path: Path):
    (tmp_path / "a.csv").write_text("titre;text\nRencontre;Les délégués se sont réunis à Tunis.\n")
    (tmp_path / "b.tsv").write_text('title\ttext\nQuote\t"He said ""no"" in Tripoli."\n')
    a, b = articles(tmp_path)
    assert a.text == "Les délégués se sont réunis à Tunis." and a.extra == {"titre": "Rencontre"}
    assert b.title == "Quote" and b.text == 'He said "no" in Tripoli.'


def test_csv_field_over_the_limit_stops_that_file_only(tmp_path: Path):
    (tmp_path / "a.csv").write_bytes(b'text\n"' + b"x" * 3_000_000 + b'"\nShort one.\n')
    (tmp_path / "b.txt").write_text("Good news\n\nThe mayor of Tripoli spoke.")
    found = events(tmp_path, max_bytes=1_000_000)
    [problem] = [e for e in found if isinstance(e, Problem)]
    assert problem.file.endswith("a.csv") and problem.line == 2
    assert "over the" in problem.message and "--max-bytes" in problem.message
    assert [a.title for a in found if isinstance(a, Article)] == ["Good news"]


def test_an_empty_csv_is_skipped(tmp_path: Path):
    (tmp_path / "empty.csv").write_bytes(b"")
    [problem] = problems(tmp_path)
    assert not problem.failed and "empty" in problem.message
