"""Curation: decisions apply at once, survive re-resolution and re-ingest, and export."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_support import check_invariants, write_corpus

from explorer.cli import main
from explorer.pipeline import curation
from explorer.pipeline import resolution as pipeline_resolution
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.pipeline.resolution import resolve_database
from explorer.resolution.gazetteer import load_actors
from explorer.store.connect import open_for_writing


def entity_id(db_path: Path, alias: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(
            "SELECT entity_id FROM mentions WHERE text = ? LIMIT 1", [alias]
        ).fetchone()
    finally:
        conn.close()
    assert row is not None, alias
    return row[0]


def entity_row(db_path: Path, ident: int) -> tuple[str, str, int] | None:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT name, type, mention_count FROM entities WHERE id = ?", [ident]
        ).fetchone()
    finally:
        conn.close()


def reresolve(db_path: Path) -> None:
    db = open_for_writing(db_path)
    try:
        resolve_database(db)
    finally:
        db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "cur.db"
    assert ingest([write_corpus(tmp_path / "corpus")], path, IngestOptions()).failed == 0
    return path


def test_merge_applies_at_once_and_survives_reresolution_and_reingest(db_path: Path, tmp_path):
    russia, turkey = entity_id(db_path, "Russia"), entity_id(db_path, "Turkey")
    assert curation.merge(db_path, russia, turkey) == turkey
    assert entity_row(db_path, russia) is None
    assert entity_id(db_path, "Russia") == turkey
    check_invariants(db_path)
    reresolve(db_path)
    assert entity_id(db_path, "Russia") == entity_id(db_path, "Turkey") == turkey
    # A changed article triggers a full re-resolution inside ingest: the merge holds.
    (tmp_path / "corpus" / "extra.txt").write_text("Turkey and Russia signed a deal in Moscow.")
    ingest([tmp_path / "corpus"], db_path, IngestOptions())
    assert entity_id(db_path, "Russia") == entity_id(db_path, "Turkey")
    check_invariants(db_path)


def test_a_merge_committed_while_resolution_runs_is_never_lost(db_path: Path, monkeypatch):
    """The explorer merges while an ingest's resolution is between reading the curation and
    writing its result: the merge waits for the resolution's write lock, then holds (before,
    the resolution wrote a result computed without it, and the merge was undone silently)."""
    russia, turkey = entity_id(db_path, "Russia"), entity_id(db_path, "Turkey")
    build_entities = pipeline_resolution.build_entities
    merging: list[threading.Thread] = []

    def merge_meanwhile(clustering):
        thread = threading.Thread(target=curation.merge, args=(db_path, russia, turkey))
        thread.start()
        merging.append(thread)
        thread.join(timeout=1)  # with the lock held it waits; without, it commits now
        return build_entities(clustering)

    monkeypatch.setattr(pipeline_resolution, "build_entities", merge_meanwhile)
    reresolve(db_path)
    merging[0].join()
    assert entity_row(db_path, russia) is None
    assert entity_id(db_path, "Russia") == entity_id(db_path, "Turkey") == turkey
    check_invariants(db_path)


def test_split_rename_and_set_type_survive_reresolution(db_path: Path):
    merkel = entity_id(db_path, "Angela Merkel")
    assert entity_id(db_path, "Merkel") == merkel  # the automatic rule joined them
    new_id = curation.split(db_path, merkel, "Merkel")
    assert new_id != merkel and entity_id(db_path, "Merkel") == new_id
    curation.rename(db_path, merkel, "Chancellor Angela Merkel")
    curation.set_type(db_path, new_id, "org")
    check_invariants(db_path)
    reresolve(db_path)
    whole, part = entity_id(db_path, "Angela Merkel"), entity_id(db_path, "Merkel")
    assert whole != part
    assert entity_row(db_path, whole)[:2] == ("Chancellor Angela Merkel", "PERSON")
    assert entity_row(db_path, part)[1] == "ORG"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, e: curation.merge(p, e, e), "into itself"),
        (lambda p, e: curation.merge(p, 99999, e), "no entity with id 99999"),
        (lambda p, e: curation.split(p, e, "Nobody Here"), "has no alias 'Nobody Here'"),
        (lambda p, e: curation.rename(p, e, "   "), "empty"),
        (lambda p, e: curation.set_type(p, e, "ANIMAL"), "unknown type"),
    ],
)
def test_bad_requests_are_one_line_errors_and_change_nothing(db_path: Path, call, message):
    ident = entity_id(db_path, "Russia")
    with pytest.raises(curation.CurationError, match=message) as info:
        call(db_path, ident)
    assert "\n" not in str(info.value)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM curation").fetchone()[0] == 0
    conn.close()


def test_splitting_an_entitys_only_alias_is_refused(db_path: Path):
    with pytest.raises(curation.CurationError, match="nothing to split"):
        curation.split(db_path, entity_id(db_path, "Shell"), "Shell")


def test_export_is_an_actors_file_that_reproduces_the_decisions(db_path: Path, tmp_path: Path):
    curation.merge(db_path, entity_id(db_path, "Russia"), entity_id(db_path, "Turkey"))
    curation.rename(db_path, entity_id(db_path, "Turkey"), 'Black Sea "powers"')
    text = curation.export_actors(db_path)
    actors_file = tmp_path / "mine.toml"
    actors_file.write_text(text, encoding="utf-8")
    actors = {a.name: a for a in load_actors([actors_file], builtin=False)}
    assert set(actors['Black Sea "powers"'].aliases) >= {"Russia", "Turkey"}
    fresh = tmp_path / "fresh.db"
    ingest([tmp_path / "corpus"], fresh, IngestOptions(actors_files=(str(actors_file),)))
    assert entity_id(fresh, "Russia") == entity_id(fresh, "Turkey")
    assert entity_row(fresh, entity_id(fresh, "Russia"))[0] == 'Black Sea "powers"'


def test_cli_entities_report_and_commands(db_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["entities", "--json", "--db", str(db_path)])
    assert result.exit_code == 0
    records = json.loads(result.output)  # one JSON document, like every other command
    assert list(records[0]) == ["id", "name", "type", "mentions", "documents", "aliases"]
    merkel = next(r for r in records if r["name"] == "Angela Merkel")
    assert {"alias": "Merkel", "count": 1} in merkel["aliases"]
    assert merkel["mentions"] == sum(a["count"] for a in merkel["aliases"])
    plain = runner.invoke(main, ["entities", "--db", str(db_path), "--type", "person"])
    assert plain.exit_code == 0 and "Angela Merkel" in plain.output

    russia, turkey = entity_id(db_path, "Russia"), entity_id(db_path, "Turkey")
    ok = runner.invoke(main, ["merge", str(russia), str(turkey), "--db", str(db_path)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(main, ["split", "99999", "X", "--db", str(db_path)])
    assert bad.exit_code == 2 and "no entity with id 99999" in bad.output
    assert (
        runner.invoke(main, ["set-type", str(turkey), "gpe", "--db", str(db_path)]).exit_code == 0
    )
    assert runner.invoke(main, ["rename", str(turkey), "Pair", "--db", str(db_path)]).exit_code == 0
    exported = runner.invoke(main, ["export-actors", "--db", str(db_path)])
    assert exported.exit_code == 0 and 'name = "Pair"' in exported.output
    missing = runner.invoke(main, ["entities", "--db", str(db_path.parent / "none.db")])
    assert missing.exit_code == 2


def test_curation_commands_share_the_query_commands_conventions(db_path: Path, monkeypatch):
    """Safe text, `--type` checked, SQLite errors as one line: as for search and friends."""
    runner = CliRunner()
    turkey = entity_id(db_path, "Turkey")
    hostile = "Ankara \x1b]52;c;aGk=\x07 \u202egnp.exe"
    assert (
        runner.invoke(main, ["rename", str(turkey), hostile, "--db", str(db_path)]).exit_code == 0
    )

    plain = runner.invoke(main, ["entities", "--db", str(db_path)])
    assert plain.exit_code == 0
    row = next(line for line in plain.output.splitlines() if line.startswith(f"{turkey}\t"))
    assert "Ankara \\x1b]52;c;aGk=\\x07 \\u202egnp.exe" in row  # visible, never acted on
    as_json = runner.invoke(main, ["entities", "--json", "--db", str(db_path)])
    assert "\x1b" not in as_json.output and "\u202e" not in as_json.output
    names = {record["name"] for record in json.loads(as_json.output)}
    assert hostile in names  # the data itself is intact

    unknown = runner.invoke(main, ["entities", "--type", "animal", "--db", str(db_path)])
    assert unknown.exit_code == 2
    assert unknown.output.count("\n") == 1 and "this database has: GPE" in unknown.output
    typed = runner.invoke(main, ["entities", "--type", " gpe ", "--db", str(db_path)])
    header, *rows = typed.output.splitlines()
    assert header.split("\t") == ["id", "name", "type", "mentions", "documents", "aliases"]
    assert typed.exit_code == 0 and rows and all(line.split("\t")[2] == "GPE" for line in rows)
    bad_type = runner.invoke(main, ["set-type", str(turkey), "animal", "--db", str(db_path)])
    assert bad_type.exit_code == 2 and "unknown type 'ANIMAL'" in bad_type.output

    def disk_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("explorer.store.curation.update_entity", disk_full)
    failed = runner.invoke(main, ["rename", str(turkey), "Türkiye", "--db", str(db_path)])
    assert failed.exit_code == 2 and "Traceback" not in failed.output
    assert failed.output.startswith("error: ") and failed.output.count("\n") == 1
    assert "disk is full" in failed.output and str(db_path) in failed.output
    assert entity_row(db_path, turkey)[0] == hostile  # the failed rename changed nothing
