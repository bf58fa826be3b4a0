"""The ingest command over every input format, and its output (issues 16 and 14): what a user
sees, through the command line."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from formats_support import PAGE, STORIES, jsonl_bytes, pdf_bytes, table_bytes, write

from explorer.cli import main
from explorer.pipeline.ingest import IngestOptions, SilentReporter, ingest
from explorer.readers import TableColumns
from explorer.store import queries
from explorer.store.connect import open_for_reading


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def shown(path: str) -> str:
    """A stored path without its folders: ``feed.jsonl.gz#sport/001``."""
    file, _hash, record = path.partition("#")
    return Path(file).name + _hash + record


def mixed_folder(folder: Path) -> Path:
    """One file of each format, most of them compressed."""
    write(folder / "feed.jsonl", jsonl_bytes(), ".gz")
    wire = [dict(story, text=story["text"] + " A wire report.") for story in STORIES]
    write(folder / "export.csv", table_bytes(wire, text="body", title="headline"), ".bz2")
    write(folder / "page.html", PAGE.encode(), ".xz")
    write(
        folder / "report.pdf",
        pdf_bytes(
            [["Oil output rises", "The National Oil Corporation reported output in Tripoli."]]
        ),
    )
    write(folder / "note.txt", b"Port reopens\n\nThe port of Benghazi reopened on Sunday.", ".zst")
    return folder


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = mixed_folder(tmp_path_factory.mktemp("mixed"))
    db = tmp_path_factory.mktemp("db") / "mixed.db"
    result = run(
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--text-column",
        "body",
        "--title-column",
        "headline",
    )
    return db, result.output + f"\nexit {result.exit_code}"


def test_every_format_compressed_or_not_is_ingested(mixed_db: tuple[Path, str]):
    db, output = mixed_db
    assert output.endswith("exit 0") and "7 added" in output and "0 failed" in output, output
    with sqlite3.connect(db) as conn:
        titles = {title for (title,) in conn.execute("SELECT title FROM documents")}
        extras = dict(conn.execute("SELECT path, extra FROM documents WHERE extra IS NOT NULL"))
    assert titles == {
        "Ceasefire talks resume in Geneva",  # JSONL, CSV (the page has the same title)
        "Misrata club wins the cup",
        "Oil output rises",
        "Port reopens",
    }
    by_name = {shown(path): json.loads(extra) for path, extra in extras.items()}
    assert by_name["feed.jsonl.gz#sport/001"] == {"category": "sport"}
    assert by_name["export.csv.bz2#world/001"] == {"category": "world"}
    assert by_name["page.html.xz"]["author"] == "Jane Reporter"


def test_context_shows_the_extra_fields_and_the_id_with_its_category(mixed_db: tuple[Path, str]):
    db, _output = mixed_db
    with sqlite3.connect(db) as conn:
        (mention_id,) = conn.execute(
            "SELECT m.id FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE d.path LIKE '%feed.jsonl.gz#sport/001' LIMIT 1"
        ).fetchone()
    as_json = run("context", str(mention_id), "--db", str(db), "--json")
    document = json.loads(as_json.stdout)["document"]
    assert document["extra"] == {"category": "sport"}
    assert document["path"].endswith("feed.jsonl.gz#sport/001")
    plain = run("context", str(mention_id), "--db", str(db)).stdout.splitlines()
    assert plain[1] == "category: sport"  # right under the document line
    assert "feed.jsonl.gz#sport/001" in plain[0]


def test_the_explorer_names_a_record_with_its_category(mixed_db: tuple[Path, str]):
    from explorer.tui.render import context_meta

    db, _output = mixed_db
    conn = open_for_reading(db)
    try:
        (mention_id,) = conn.execute(
            "SELECT m.id FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE d.path LIKE '%feed.jsonl.gz#sport/001' LIMIT 1"
        ).fetchone()
        context = queries.mention_context(conn, mention_id)
    finally:
        conn.close()
    assert context is not None and context.document.name == "feed.jsonl.gz#sport/001"
    assert "feed.jsonl.gz#sport/001" in context_meta(context).plain


def test_a_csv_without_its_text_column_fails_alone(tmp_path: Path):
    folder = tmp_path / "in"
    write(folder / "export.csv", table_bytes(text="body"))
    write(folder / "note.txt", b"Port reopens\n\nThe port of Benghazi reopened on Sunday.")
    db = tmp_path / "x.db"
    result = run("ingest", str(folder), "--db", str(db))
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "export.csv" in line]
    assert "no column 'text'" in line and "'body'" in line and "--text-column" in line
    assert "1 added" in result.output and "Traceback" not in result.output


def test_nothing_to_ingest_creates_no_database_and_no_lock(tmp_path: Path):
    db = tmp_path / "db" / "new.db"
    missing = run("ingest", str(tmp_path / "nowhere"), "--db", str(db))
    assert missing.exit_code == 2
    assert missing.output.count("\n") == 1 and "no such file or directory" in missing.output
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "a.png").write_bytes(b"\x89PNG")
    (photos / "b.docx").write_bytes(b"PK")
    empty = run("ingest", str(photos), "--db", str(db))
    assert empty.exit_code == 1 and empty.output.count("\n") == 1
    assert "nothing to ingest" in empty.output and ".docx" in empty.output
    assert ".jsonl" in empty.output  # says what is supported
    assert not (tmp_path / "db").exists()  # no database, no lock file, not even the folder


def test_nothing_to_ingest_leaves_an_existing_database_alone(corpus: Path, tmp_path: Path):
    db = tmp_path / "kept.db"
    assert run("ingest", str(corpus), "--db", str(db)).exit_code == 0
    before = db.read_bytes()
    (tmp_path / "empty").mkdir()
    result = run("ingest", str(tmp_path / "empty"), "--db", str(db))
    assert result.exit_code == 1 and "nothing to ingest" in result.output
    assert db.read_bytes() == before


def test_duplicates_are_one_line_unless_verbose(tmp_path: Path):
    folder = tmp_path / "in"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(folder / name, b"Same story\n\nNATO met in Brussels.")
    db = tmp_path / "d.db"
    quiet = run("ingest", str(folder), "--db", str(db))
    assert quiet.exit_code == 0
    assert "2 documents had the same text as stored ones; --verbose lists them" in quiet.output
    assert "same text as /" not in quiet.output
    verbose = run("ingest", str(folder), "--db", str(db), "--verbose")
    assert verbose.output.count("same text as") == 2
    assert "b.txt: same text as" in verbose.output and "c.txt: same text as" in verbose.output


def test_changed_metadata_and_old_databases_get_the_extra_fields(tmp_path: Path):
    """A re-ingest parses nothing for unchanged texts but refreshes their metadata: so a
    database made before ``documents.extra`` gets its fields on the next ingest."""
    feed = write(tmp_path / "in" / "feed.jsonl", jsonl_bytes())
    db = tmp_path / "old.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:  # as a schema-4 database would be after `upgrade`
        conn.execute("UPDATE documents SET extra = NULL")
    again = run("ingest", str(feed), "--db", str(db))
    assert "2 unchanged, 2 with new metadata" in again.output and "0 added" in again.output
    with sqlite3.connect(db) as conn:
        assert {
            json.loads(e)["category"] for (e,) in conn.execute("SELECT extra FROM documents")
        } == {
            "world",
            "sport",
        }
    assert "with new metadata" not in run("ingest", str(feed), "--db", str(db)).output


def test_upgrade_adds_the_extra_column_to_a_schema_4_database(corpus: Path, tmp_path: Path):
    db = tmp_path / "four.db"
    assert run("ingest", str(corpus), "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE documents DROP COLUMN extra")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_document_extra'")
        conn.execute("PRAGMA user_version = 4")
    stale = run("stats", "--db", str(db))
    assert stale.exit_code == 2 and "libya-explore upgrade" in stale.output
    assert run("upgrade", "--db", str(db)).exit_code == 0
    assert run("context", "1", "--db", str(db), "--json").exit_code == 0


class Tally(SilentReporter):
    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def set_total(self, total_bytes: int) -> None:
        self.total = total_bytes

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        self.done += n_bytes


def test_the_progress_bar_ends_at_its_total_with_compressed_and_broken_files(tmp_path: Path):
    folder = mixed_folder(tmp_path / "in")
    (folder / "broken.jsonl.gz").write_bytes(b"not gzip")
    tally = Tally()
    options = IngestOptions(columns=TableColumns(text="body", title="headline"))
    summary = ingest([folder], tmp_path / "p.db", options, tally)
    assert summary.failed == 1 and summary.added == 7
    assert tally.total == sum(p.stat().st_size for p in folder.iterdir()) == tally.done
    again = Tally()
    ingest([folder], tmp_path / "p.db", options, again)  # unchanged: counted as read too
    assert again.done == again.total


def test_progress_shows_total_percent_and_a_labelled_eta():
    from rich.console import Console

    from explorer.cli.progress import PlainReporter
    from explorer.cli.rich_progress import RichReporter

    console = Console(file=io.StringIO(), force_terminal=True, width=160, color_system=None)
    rich = RichReporter(console)
    rich.set_total(2_000_000)
    rich.advance(500_000, 1_000, 3)
    console.print(rich.progress.make_tasks_table(rich.progress.tasks))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "25%" in shown and "0.5/2.0 MB" in shown and "3 docs" in shown and "ETA" in shown
    plain = PlainReporter(io.StringIO())
    plain.set_total(2_000_000)
    plain.advance(500_000, 1_000, 3)
    assert plain.line(10.0) == "ingest: 25% of 2.0 MB, 3 docs, 100 words/s, ETA 0:00:30"


def test_entities_piped_has_a_header_and_searchs_columns(built_db: Path):
    plain = run("entities", "--db", str(built_db), "--limit", "3")
    header, *rows = plain.stdout.splitlines()
    search_header = run("search", "", "--db", str(built_db)).stdout.splitlines()[0].split("\t")
    assert header.split("\t") == [c for c in search_header if c != "score"]
    assert len(rows) == 3
    as_json = json.loads(run("entities", "--db", str(built_db), "--json", "--limit", "3").stdout)
    assert len(as_json) == 3 and as_json[0]["aliases"][0].keys() == {"alias", "count"}
    none = run("entities", "--db", str(built_db), "--json", "--type", "gpe", "--limit", "1")
    assert none.exit_code == 0 and len(json.loads(none.stdout)) == 1


def test_the_example_bbc_layout_keeps_categories(tmp_path: Path):
    """Ids like the BBC corpus's (``business/001``, ``sport/001``) stay distinct everywhere."""
    stories = [dict(STORIES[0], id="business/001"), dict(STORIES[1], id="sport/001")]
    feed = write(tmp_path / "bbc.jsonl", jsonl_bytes(stories), ".gz")
    db = tmp_path / "bbc.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    conn = open_for_reading(db)
    try:
        names = {queries.get_document(conn, i).name for i in (1, 2)}  # type: ignore[union-attr]
    finally:
        conn.close()
    assert names == {"bbc.jsonl.gz#business/001", "bbc.jsonl.gz#sport/001"}


def test_extra_fields_are_shown_as_visible_text(tmp_path: Path):
    """Extra fields are document text too: never acted on by the terminal, intact in JSON."""
    story = dict(STORIES[0], author="Ann \x1b]52;c;aGk=\x07 \u202eLee", tags=["a", "b"])
    feed = write(tmp_path / "feed.jsonl", jsonl_bytes([story]))
    db = tmp_path / "e.db"
    assert run("ingest", str(feed), "--db", str(db)).exit_code == 0
    plain = run("context", "1", "--db", str(db)).stdout
    assert "author: Ann \\x1b]52;c;aGk=\\x07 \\u202eLee" in plain and "\x1b" not in plain
    assert 'tags: ["a", "b"]' in plain
    as_json = run("context", "1", "--db", str(db), "--json").stdout
    assert "\x1b" not in as_json and "\u202e" not in as_json
    assert json.loads(as_json)["document"]["extra"]["author"] == story["author"]
