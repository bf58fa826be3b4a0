"""Undo and history of curation: every decision reverts in place and stops being re-applied."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_support import check_invariants

from explorer.cli import main
from explorer.pipeline import curation
from explorer.pipeline.resolution import resolve_database
from explorer.store.connect import open_for_reading, open_for_writing


@pytest.fixture
def db_path(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session's test database."""
    copy = tmp_path / "undo.db"
    source = open_for_reading(built_db)
    try:
        source.execute("VACUUM INTO ?", [str(copy)])
    finally:
        source.close()
    return copy


def query(db_path: Path, sql: str, params: list | tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def state(db_path: Path) -> dict:
    """Everything curation touches: entities, aliases, which entity holds each mention."""
    return {
        "entities": query(db_path, "SELECT * FROM entities ORDER BY id"),
        "aliases": query(
            db_path, "SELECT entity_id, alias, normalized, count FROM aliases ORDER BY 1, 2"
        ),
        "mentions": query(db_path, "SELECT id, entity_id FROM mentions ORDER BY id"),
        "popularity": query(db_path, "SELECT * FROM fuzzy_indexed ORDER BY 1"),
    }


def entity_of(db_path: Path, surface: str) -> int:
    rows = query(db_path, "SELECT DISTINCT entity_id FROM mentions WHERE text = ?", [surface])
    assert len(rows) == 1, (surface, rows)
    return rows[0][0]


def reresolve(db_path: Path) -> None:
    db = open_for_writing(db_path)
    try:
        resolve_database(db)
    finally:
        db.close()


def test_undo_reverts_each_kind_of_decision_exactly(db_path: Path) -> None:
    before = state(db_path)
    russia, turkey = entity_of(db_path, "Russia"), entity_of(db_path, "Turkey")
    merkel = entity_of(db_path, "Angela Merkel")
    curation.merge(db_path, russia, turkey)
    curation.split(db_path, merkel, "Merkel")
    curation.rename(db_path, merkel, "Chancellor Merkel")
    curation.set_type(db_path, turkey, "ORG")
    assert state(db_path) != before
    undone = curation.undo(db_path, 4)
    assert [o.summary.split(":")[0] for o in undone] == ["undid"] * 4
    assert all(o.exact for o in undone)
    assert [o.entity_id for o in undone] == [turkey, merkel, merkel, russia]
    assert state(db_path) == before  # the same ids, names, types, aliases and counts
    check_invariants(db_path)
    assert curation.undo(db_path) == []  # nothing left in force


def test_an_undone_decision_is_no_longer_reapplied(db_path: Path) -> None:
    russia, turkey = entity_of(db_path, "Russia"), entity_of(db_path, "Turkey")
    curation.merge(db_path, russia, turkey)
    reresolve(db_path)
    assert entity_of(db_path, "Russia") == entity_of(db_path, "Turkey")  # in force: re-applied
    (outcome,) = curation.undo(db_path)
    assert outcome.exact and outcome.entity_id == russia
    assert entity_of(db_path, "Russia") == russia != entity_of(db_path, "Turkey")
    reresolve(db_path)
    assert entity_of(db_path, "Russia") != entity_of(db_path, "Turkey")  # undone: not re-applied
    check_invariants(db_path)


def test_merging_several_actors_is_one_step(db_path: Path) -> None:
    before = state(db_path)
    russia, turkey, egypt = (entity_of(db_path, n) for n in ("Russia", "Turkey", "Egypt"))
    outcome = curation.merge_many(db_path, [russia, egypt], turkey)
    assert outcome.entity_id == turkey and len(outcome.decision_ids) == 2
    assert entity_of(db_path, "Russia") == entity_of(db_path, "Egypt") == turkey
    reresolve(db_path)
    assert entity_of(db_path, "Russia") == entity_of(db_path, "Egypt") == turkey
    (undone,) = curation.undo(db_path)  # one step undoes both
    assert undone.decision_ids == tuple(reversed(outcome.decision_ids))
    assert state(db_path) == before
    with pytest.raises(curation.CurationError, match="into itself"):
        curation.merge_many(db_path, [russia, turkey], turkey)


def test_a_decision_without_an_undo_record_is_finished_by_resolution(db_path: Path) -> None:
    """Decisions stored before undo existed: undone in the history, completed by `resolve`."""
    russia, turkey = entity_of(db_path, "Russia"), entity_of(db_path, "Turkey")
    curation.merge(db_path, russia, turkey)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE curation SET undo = NULL, summary = NULL")
    conn.commit()
    conn.close()
    (outcome,) = curation.undo(db_path)
    assert not outcome.exact
    assert "the actor of “russia” into the actor of “turkey”" in outcome.summary
    pending = query(db_path, "SELECT value FROM meta WHERE key = 'resolution_pending'")
    assert pending == [("1",)]
    reresolve(db_path)
    assert entity_of(db_path, "Russia") != entity_of(db_path, "Turkey")


def test_history_and_undo_commands(db_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(db_path)]
    result = runner.invoke(main, ["history", *db])
    assert result.exit_code == 1 and "no curation decisions yet" in result.output
    russia, turkey = entity_of(db_path, "Russia"), entity_of(db_path, "Turkey")
    assert runner.invoke(main, ["merge", str(russia), str(turkey), *db]).exit_code == 0
    assert runner.invoke(main, ["rename", str(turkey), "Türkiye", *db]).exit_code == 0

    result = runner.invoke(main, ["history", *db])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["id", "time", "action", "status", "effect"]
    merge_row = lines[1].split("\t")
    assert merge_row[2:4] == ["merge", "in force"]
    assert merge_row[4].startswith("merged “Russia” (GPE, ") and "into “Turkey”" in merge_row[4]
    assert lines[2].split("\t")[4].startswith("renamed “Turkey” (GPE, ")

    result = runner.invoke(main, ["undo", *db])
    assert result.exit_code == 0 and result.output.startswith("#2: undid: renamed “Turkey”")
    history = json.loads(runner.invoke(main, ["history", "--json", *db]).output)
    assert [(h["id"], h["action"], h["undone_at"] is not None) for h in history] == [
        (1, "merge", False),
        (2, "rename", True),
    ]
    assert set(history[0]) >= {"id", "action", "created_at", "effect", "undone_at", "payload"}
    result = runner.invoke(main, ["undo", "5", *db])
    assert result.exit_code == 0 and result.output.startswith("#1: undid: merged “Russia”")
    result = runner.invoke(main, ["undo", *db])
    assert result.exit_code == 1 and "nothing to undo" in result.output
    result = runner.invoke(main, ["undo", "0", *db])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert entity_of(db_path, "Russia") == russia
