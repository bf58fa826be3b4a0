"""Timelines: periods (day, ISO week, month, year) with their gaps, counts that add up to an
actor's dated mentions, and ``libya-explore timeline`` (JSON shape, several actors, rows)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.cli import main
from explorer.dates import period_of, periods_between
from explorer.store import queries
from explorer.store.connect import open_for_writing

# --------------------------------------------------------------------------- periods


def test_periods_are_named_as_iso_8601():
    day = dt.date(2020, 6, 9)
    assert [period_of(day, by) for by in ("day", "week", "month", "year")] == [
        "2020-06-09",
        "2020-W24",
        "2020-06",
        "2020",
    ]
    assert period_of(dt.date(2021, 1, 1), "week") == "2020-W53"  # ISO: week of 4 January is W01
    assert period_of(dt.date(2019, 12, 30), "week") == "2020-W01"


def test_periods_between_include_the_gaps():
    first, last = dt.date(2020, 11, 30), dt.date(2021, 2, 1)
    assert periods_between(first, last, "month") == ["2020-11", "2020-12", "2021-01", "2021-02"]
    assert periods_between(first, last, "year") == ["2020", "2021"]
    weeks = periods_between(first, last, "week")
    assert weeks[0] == "2020-W49" and weeks[-1] == "2021-W05" and "2020-W53" in weeks
    assert len(weeks) == len(set(weeks)) == 10
    assert len(periods_between(first, last, "day")) == 64
    assert periods_between(dt.date(9999, 12, 30), dt.date(9999, 12, 31), "year") == ["9999"]


# --------------------------------------------------------------------------- a database made here

#: Documents: (date as stored, {entity id: mentions}).
Corpus = list[tuple[str | None, dict[int, int]]]


def fill(conn: sqlite3.Connection, corpus: Corpus, names: tuple[str, ...] = ("Haftar", "Sarraj")):
    """Documents, one sentence each, and mentions of the entities ``1..len(names)``."""
    for table in ("mentions", "sentences", "documents", "entities"):
        conn.execute(f"DELETE FROM {table}")
    for entity_id, name in enumerate(names, 1):
        conn.execute(
            "INSERT INTO entities (id, name, type) VALUES (?, ?, 'PERSON')", [entity_id, name]
        )
    for n, (date, mentions) in enumerate(corpus, 1):
        words = " ".join(name for e, k in mentions.items() for name in [names[e - 1]] * k)
        conn.execute(
            "INSERT INTO documents (id, path, file, title, date, sha256, text, ingested_at) "
            "VALUES (?, ?, 'f', ?, ?, ?, ?, '2020-01-01')",
            [n, f"doc{n}", f"Document {n}", date, f"sha{n}", words or "nothing"],
        )
        conn.execute(
            'INSERT INTO sentences (id, document_id, idx, start, "end", text) '
            "VALUES (?, ?, 0, 0, ?, ?)",
            [n, n, len(words), words],
        )
        position = 0
        for entity_id, k in mentions.items():
            name = names[entity_id - 1]
            for _ in range(k):
                conn.execute(
                    'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", '
                    "text, label) VALUES (?, ?, ?, ?, ?, ?, 'PERSON')",
                    [entity_id, n, n, position, position + len(name), name],
                )
                position += len(name) + 1
    conn.execute(
        "UPDATE entities SET mention_count = (SELECT count(*) FROM mentions m WHERE "
        "m.entity_id = entities.id), document_count = (SELECT count(DISTINCT document_id) FROM "
        "mentions m WHERE m.entity_id = entities.id)"
    )


@pytest.fixture
def timeline_db(tmp_path: Path) -> Path:
    path = tmp_path / "timeline.db"
    db = open_for_writing(path)
    fill(
        db.conn,
        [
            ("2020-01-19", {1: 2, 2: 1}),
            ("2020-01-20", {1: 1}),
            ("2020-03-02", {1: 3, 2: 2}),
            (None, {1: 4}),
            ("2020-04-30", {2: 1}),
        ],
    )
    db.close()
    return path


def _entities(conn: sqlite3.Connection, *ids: int) -> list[queries.Entity]:
    return [e for i in ids if (e := queries.get_entity(conn, i)) is not None]


def test_an_actors_timeline_by_month_with_its_gaps_and_undated_mentions(timeline_db: Path):
    conn = sqlite3.connect(timeline_db)
    (haftar,) = queries.entity_timelines(conn, _entities(conn, 1), "month")
    assert [(p.period, p.mentions, p.documents) for p in haftar.periods] == [
        ("2020-01", 3, 2),
        ("2020-02", 0, 0),
        ("2020-03", 3, 1),
    ]
    assert (haftar.undated_mentions, haftar.undated_documents) == (4, 1)


def test_several_actors_share_the_same_periods(timeline_db: Path):
    conn = sqlite3.connect(timeline_db)
    haftar, sarraj = queries.entity_timelines(conn, _entities(conn, 1, 2), "month")
    assert [p.period for p in haftar.periods] == [p.period for p in sarraj.periods]
    assert [p.mentions for p in haftar.periods] == [3, 0, 3, 0]
    assert [p.mentions for p in sarraj.periods] == [1, 0, 2, 1]


def test_the_filter_of_the_mentions_list_applies_to_the_timeline(timeline_db: Path):
    conn = sqlite3.connect(timeline_db)
    kept = queries.MentionFilter(date_from="2020-02", date_to="2020-03")
    (haftar,) = queries.entity_timelines(conn, _entities(conn, 1), "month", kept)
    assert [(p.period, p.mentions) for p in haftar.periods] == [("2020-03", 3)]
    assert haftar.undated_mentions == 0  # a date range leaves undated documents out
    listed = queries.filtered_mention_counts(conn, 1, kept)
    assert sum(d.count for d in listed) == haftar.dated_mentions


_DAYS = st.one_of(st.none(), st.dates(dt.date(2019, 12, 1), dt.date(2021, 2, 28)))
_CORPUS = st.lists(
    st.tuples(_DAYS, st.dictionaries(st.sampled_from([1, 2]), st.integers(1, 4), min_size=1)),
    min_size=1,
    max_size=12,
)


@given(corpus=_CORPUS, by=st.sampled_from(["day", "week", "month", "year"]))
@settings(max_examples=60, deadline=None)
def test_timeline_counts_add_up_to_the_dated_mentions(tmp_path_factory, corpus, by):
    path = tmp_path_factory.getbasetemp() / "property.db"
    db = open_for_writing(path)
    try:
        stored = [(day.isoformat() if day else None, mentions) for day, mentions in corpus]
        fill(db.conn, stored)
        timelines = queries.entity_timelines(db.conn, _entities(db.conn, 1, 2), by)
    finally:
        db.close()
    for entity_id, timeline in zip((1, 2), timelines, strict=True):
        dated = [(d, m[entity_id]) for d, m in corpus if d is not None and entity_id in m]
        undated = [m[entity_id] for d, m in corpus if d is None and entity_id in m]
        assert timeline.dated_mentions == sum(n for _, n in dated)
        assert sum(p.documents for p in timeline.periods) == len(dated)
        assert timeline.undated_mentions == sum(undated)
        assert timeline.undated_documents == len(undated)
        for day, n in dated:  # each mention is in its day's period
            assert next(p for p in timeline.periods if p.period == period_of(day, by)).mentions >= n
    periods = [p.period for p in timelines[0].periods]
    days = [d for d, _ in corpus if d is not None]
    assert periods == (periods_between(min(days), max(days), by) if days else [])
    assert periods == sorted(periods) and len(set(periods)) == len(periods)


# --------------------------------------------------------------------------- the command


def timeline(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["timeline", "--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_for_one_actor_has_the_documented_shape(timeline_db: Path):
    status, out, _ = timeline(timeline_db, "1", "--json")
    assert status == 0
    assert json.loads(out) == {
        "actor": {"id": 1, "name": "Haftar"},
        "by": "month",
        "periods": [
            {"period": "2020-01", "mentions": 3, "documents": 2},
            {"period": "2020-02", "mentions": 0, "documents": 0},
            {"period": "2020-03", "mentions": 3, "documents": 1},
        ],
        "undated": 4,
    }


def test_json_for_several_actors_is_a_list_over_the_same_periods(timeline_db: Path):
    status, out, _ = timeline(timeline_db, "1", "2", "--by", "year", "--json")
    assert status == 0
    haftar, sarraj = json.loads(out)
    assert (haftar["actor"]["name"], sarraj["actor"]["name"]) == ("Haftar", "Sarraj")
    assert haftar["periods"] == [{"period": "2020", "mentions": 6, "documents": 3}]
    assert sarraj["periods"] == [{"period": "2020", "mentions": 4, "documents": 3}]


def test_piped_rows_side_by_side_end_with_the_undated_row(timeline_db: Path):
    status, out, err = timeline(timeline_db, "1", "2", "--by", "week")
    assert status == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == [
        "week",
        "mentions (Haftar, id 1)",
        "documents (Haftar, id 1)",
        "mentions (Sarraj, id 2)",
        "documents (Sarraj, id 2)",
    ]
    assert lines[1] == ["2020-W03", "2", "1", "1", "1"]  # Sunday 19 January
    assert lines[2] == ["2020-W04", "1", "1", "0", "0"]  # Monday 20 January
    assert lines[-1] == ["undated", "4", "1", "0", "0"]
    assert len(lines) == 1 + 16 + 1  # W03..W18, every week shown
    assert "actor: Haftar" in err


def test_an_actor_that_matches_nothing(timeline_db: Path):
    status, out, err = timeline(timeline_db, "999", "--json")
    assert status == 1 and json.loads(out) is None and "no actor matches '999'" in err
    status, out, err = timeline(timeline_db, "999", "2")
    assert status == 0 and "no actor matches '999'" in err and "actor: Sarraj" in err
    assert out.splitlines()[1] == "2020-01\t1\t1"


def test_an_actor_without_dated_mentions(tmp_path: Path):
    path = tmp_path / "undated.db"
    db = open_for_writing(path)
    fill(db.conn, [(None, {1: 2})])
    db.close()
    status, out, err = timeline(path, "1", "--json")
    assert status == 0 and json.loads(out)["periods"] == [] and json.loads(out)["undated"] == 2


def test_timeline_by_name_on_an_ingested_database(built_db: Path):
    status, out, _ = timeline(built_db, "Sergei Lavrov", "--json", "--by", "day")
    assert status == 0
    answer = json.loads(out)
    assert answer["periods"] == [{"period": "2020-06-09", "mentions": 1, "documents": 1}]
    with sqlite3.connect(built_db) as conn:
        dated = conn.execute(
            "SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.entity_id = ? AND d.date IS NOT NULL",
            [answer["actor"]["id"]],
        ).fetchone()[0]
    assert sum(p["mentions"] for p in answer["periods"]) == dated


def test_the_charts_timeline_takes_the_finest_period_that_fits(timeline_db: Path):
    conn = sqlite3.connect(timeline_db)
    (haftar,) = _entities(conn, 1)
    assert queries.fitting_timeline(conn, haftar, max_periods=100).by == "day"  # 43 days
    assert queries.fitting_timeline(conn, haftar, max_periods=10).by == "week"  # 7 weeks
    assert queries.fitting_timeline(conn, haftar, max_periods=3).by == "month"
    assert queries.fitting_timeline(conn, haftar, max_periods=1).by == "year"
    chart = queries.fitting_timeline(conn, haftar, max_periods=10)
    assert chart.dated_mentions == 6 and chart.undated_mentions == 4


def test_names_are_shown_literally(tmp_path: Path):
    path = tmp_path / "hostile.db"
    db = open_for_writing(path)
    fill(db.conn, [("2020-01-01", {1: 1, 2: 1})], names=("[bold]Evil\x1b[31m", "Tab\tName"))
    db.close()
    status, out, _ = timeline(path, "1", "2")
    assert status == 0
    header = out.splitlines()[0].split("\t")
    assert header[1] == "mentions ([bold]Evil\\x1b[31m, id 1)"
    assert header[3] == "mentions (Tab Name, id 2)" and len(header) == 5  # no extra column
    status, out, _ = timeline(path, "1", "--json")
    assert json.loads(out)["actor"]["name"] == "[bold]Evil\x1b[31m"
