"""Hostile documents at ingest: markup, escapes, controls, scripts, huge lines and files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_support import check_consistency

from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.pipeline.parsing import parse_in_pieces, piece_starts
from explorer.readers import Article, read_articles

HOSTILE = {
    "markup.txt": "Markup [bold]test[/bold]\n\n[bold]Ali Mansour[/bold] met "
    "[@click=app.quit]Sarah Clarke[/] in [link=http://x.example]Paris[/link].",
    "ansi.txt": "Escapes\n\n\x1b[31mOmar Haddad\x1b[0m flew to Cairo.\x1b]52;c;aGVsbG8=\x07 "
    "See \x1b]8;;http://evil.example\x1b\\this link\x1b]8;;\x1b\\ from Maria Lopez in Madrid.",
    "controls.txt": "Controls\n\nPeter Brown\x00 spoke in Berlin.\x01\x02\x08\x7f\x85\x9b "
    + "Sarah Clarke answered from Tunis. " * 10,
    "scripts.txt": "Scripts\n\nالتقى علي منصور مع سارة في طرابلس. Ali Mansour met Sarah "
    "Clarke in Tripoli. \u202eelbat\u202c שלום עולם Omar Haddad.",
    "invisible.txt": "Invisible\n\nAli\u200bMansour and Sarah\u200d Clarke met \ufeffin "
    "Par\u2060is with Zoe\u0301 Martin and Ma\u0308ri\u0301a Lo\u0301pez. "
    "Z\u0351\u0352\u0353\u0354\u0355a\u0356\u0357lgo text from Omar Haddad.",
}


def _jsonl_line(**fields: str) -> str:
    return json.dumps(fields) + "\n"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        _jsonl_line(id="nul", text="Peter Brown\u0000 met Maria Lopez in Rome.\u0000")
        + _jsonl_line(id="esc", title="\x1b]52;c;aGk=\x07[bold]", text="\x1b[2J Omar in Cairo.")
        + '{"id": "sur", "text": "Half \\ud800 of Ali Mansour in Paris."}\n',
        encoding="utf-8",
    )
    # A 1 MB line without a newline: names at both ends, long tokens in between.
    long_line = "Ali Mansour met Sarah Clarke in Paris. " + ("x" * 99 + " ") * 10_000
    (folder / "long_line.txt").write_text("Long\n\n" + long_line + "Omar Haddad flew to Cairo.")
    db = tmp_path_factory.mktemp("db") / "hostile.db"
    summary = ingest([folder], db, IngestOptions())
    assert summary.failed == 0, summary.problems
    return folder, db


def _documents(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    try:
        return {Path(p).name: t for p, t in conn.execute("SELECT path, text FROM documents")}
    finally:
        conn.close()


def test_hostile_documents_are_stored_exactly_and_consistently(hostile_db):
    folder, db = hostile_db
    check_consistency(db)
    stored = _documents(db)
    for name, text in HOSTILE.items():
        assert stored[name] == text  # NULs, escapes and markup round-trip through SQLite
    assert stored["feed.jsonl#nul"] == "Peter Brown\u0000 met Maria Lopez in Rome.\u0000"
    assert stored["feed.jsonl#sur"] == "Half \ufffd of Ali Mansour in Paris."
    assert len(stored["long_line.txt"]) > 1_000_000


def test_names_are_found_in_hostile_documents(hostile_db):
    _folder, db = hostile_db
    conn = sqlite3.connect(db)
    try:
        by_doc = {}
        for path, text in conn.execute(
            "SELECT d.path, m.text FROM mentions m JOIN documents d ON d.id = m.document_id"
        ):
            by_doc.setdefault(Path(path).name, set()).add(text)
    finally:
        conn.close()
    assert "Maria Lopez" in by_doc["ansi.txt"]
    assert {"Ali Mansour", "Omar Haddad"} <= by_doc["long_line.txt"]  # both ends of 1 MB


def test_long_texts_are_cut_on_whitespace_and_reassembled():
    text = "First part. " * 2000 + "y" * 25_000
    starts = piece_starts(text, 10_000)
    assert starts[0] == 0 and all(b - a <= 10_000 for a, b in zip(starts, starts[1:], strict=False))
    assert all(text[s - 1] == " " for s in starts[1:2])  # a cut after a space, not mid-word
    pieces_seen = []

    def fake_parser(items):
        from explorer.parsed import ParsedText, Span

        for piece, ticket in items:
            pieces_seen.append(piece)
            yield ParsedText((Span(0, len(piece)),), (Span(0, 1, "X"),)), ticket

    [(parsed, ticket)] = list(parse_in_pieces(fake_parser, 10_000)(iter([(text, 7)])))
    assert ticket == 7 and "".join(pieces_seen) == text
    assert [s.start for s in parsed.sentences] == starts
    assert [e.start for e in parsed.entities] == starts


def _peak_rss_kb(args: list[str]) -> tuple[int, subprocess.CompletedProcess]:
    code = (
        "import resource, sys\nfrom explorer.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "finally:\n    print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
        "file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    rss = [line for line in result.stderr.splitlines() if line.startswith("RSS ")]
    return int(rss[-1].split()[1]), result


@pytest.mark.slow
def test_fifty_megabyte_files_are_skipped_with_bounded_memory(tmp_path: Path):
    small = tmp_path / "small"
    small.mkdir()
    (small / "ok.txt").write_text("Fine\n\nAli Mansour spoke in Paris.")
    huge = tmp_path / "huge"
    huge.mkdir()
    (huge / "ok.txt").write_text("Fine\n\nAli Mansour spoke in Paris.")
    chunk = b"Sarah Clarke met Omar Haddad in Cairo. " * 26_000  # about 1 MB
    with (huge / "big.txt").open("wb") as handle:
        for _ in range(50):
            handle.write(chunk)
    with (huge / "big.jsonl").open("wb") as handle:
        handle.write(b'{"id": "a", "text": "Maria Lopez in Rome."}\n{"id": "big", "text": "')
        for _ in range(50):
            handle.write(chunk)
        handle.write(b'"}\n{"id": "c", "text": "Peter Brown in Berlin."}\n')
    assert (huge / "big.txt").stat().st_size > 50_000_000

    baseline, _ = _peak_rss_kb(["ingest", str(small), "--db", str(tmp_path / "a.db"), "-q"])
    peak, result = _peak_rss_kb(["ingest", str(huge), "--db", str(tmp_path / "b.db"), "-q"])
    assert result.returncode == 1, result.stderr  # two oversized inputs failed; the rest is in
    assert (
        "big.txt: file is 5" in result.stderr and "over the 5,000,000-byte limit" in result.stderr
    )
    assert "big.jsonl:2: line is over the 5,000,000-byte limit; skipped" in result.stderr
    assert "3 added" in result.stderr
    print(f"peak RSS: baseline {baseline} KB, with 50 MB files {peak} KB")
    # Reading either file whole would add at least 50 MB (plus its decoded copy).
    assert peak - baseline < 25_000, (baseline, peak)
    stored = _documents(tmp_path / "b.db")
    assert set(stored) == {"ok.txt", "big.jsonl#a", "big.jsonl#c"}


def test_readers_keep_text_exactly(tmp_path: Path):
    for name, text in HOSTILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    articles = [e for e in read_articles([tmp_path]) if isinstance(e, Article)]
    assert {Path(a.key).name: a.text for a in articles} == HOSTILE


def test_undecodable_file_name_is_stored_with_escapes(tmp_path: Path):
    folder = tmp_path / "names"
    folder.mkdir()
    name = b"bad\xffname.txt".decode("utf-8", "surrogateescape")  # as Python sees such a name
    (folder / name).write_text("Title\n\nOmar Haddad went to Cairo.")
    db = tmp_path / "names.db"
    summary = ingest([folder], db, IngestOptions())
    assert summary.added == 1 and summary.failed == 0
    assert list(_documents(db)) == ["bad\\xffname.txt"]


def test_one_liners_show_hostile_text_literally(hostile_db):
    from click.testing import CliRunner

    from explorer.cli import main

    _folder, db = hostile_db
    for args in (["mentions", "Maria Lopez"], ["context", "1"], ["search", "Clarke"], ["stats"]):
        for extra in ([], ["--json"]):
            result = CliRunner().invoke(main, [*args, *extra, "--db", str(db)])
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
            assert "\x1b" not in result.output and "\x07" not in result.output
            assert "\x00" not in result.output
