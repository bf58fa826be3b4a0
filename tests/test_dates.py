"""Document dates: each accepted form normalised to YYYY-MM-DD, bad dates refused with a reason,
and the readers dating articles from their fields, front matter, file name or ``--date``."""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.dates import DateProblem, date_in_file_name, normalise_date
from explorer.readers import Article, DateRules, Problem, read_articles
from explorer.readers.text import front_matter


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-09", "2020-06-09"),
        ("20200609", "2020-06-09"),
        ("2020-06-09T10:00:00Z", "2020-06-09"),
        ("2020-06-09T23:30:00-05:00", "2020-06-09"),  # the day the source printed, not UTC's
        ("2020-06-09 10:00", "2020-06-09"),
        ("2020/06/09", "2020-06-09"),
        ("9 June 2020", "2020-06-09"),
        ("June 9, 2020", "2020-06-09"),
        ("Jun 9 2020", "2020-06-09"),
        ("Tue, 09 Jun 2020 10:00:00 +0000", "2020-06-09"),  # RFC 2822, as in feeds
        ("Tuesday, June 9, 2020 - 10:04", "2020-06-09"),
        ("09/06/2020", "2020-06-09"),  # day first unless told otherwise
        ("9.6.2020", "2020-06-09"),
        ("06/13/2020", "2020-06-13"),  # only one order makes a day of it
        ("29 Feb 2020", "2020-02-29"),
        ("  2020-06-09\n", "2020-06-09"),
    ],
)
def test_each_accepted_form_is_normalised(value: str, expected: str):
    assert normalise_date(value) == expected


_FORMS = {
    "iso": lambda d: d.isoformat(),
    "iso with time": lambda d: f"{d.isoformat()}T23:59:00+05:00",
    "rfc 2822": lambda d: email.utils.format_datetime(
        dt.datetime(d.year, d.month, d.day, 12, tzinfo=dt.UTC)
    ),
    "words, day first": lambda d: f"{d.day} {d:%B %Y}",
    "words, month first": lambda d: f"{d:%B} {d.day}, {d.year}",
    "numeric, day first": lambda d: f"{d:%d/%m/%Y}",
}


@given(
    day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), form=st.sampled_from(sorted(_FORMS))
)
def test_every_day_written_in_any_accepted_form_comes_back(day: dt.date, form: str):
    assert normalise_date(_FORMS[form](day)) == day.isoformat()


def test_month_first_reads_ambiguous_numeric_dates_the_us_way():
    assert normalise_date("09/06/2020", month_first=True) == "2020-09-06"
    assert normalise_date("06/13/2020", month_first=True) == "2020-06-13"
    assert normalise_date("2020-06-09", month_first=True) == "2020-06-09"  # ISO stays ISO


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("June 2020", "not a full date"),  # no day: never filled in
        ("2020", "is a number"),
        ("Monday", "not a full date"),
        ("yesterday", "is not a date"),
        ("31/02/2020", "is not a date"),
        ("2020-13-45", "is not a date"),
        ("1591696800", "is a number"),  # an epoch? a guess either way
        ("x" * 200, "over 64 characters"),
        ("   ", "empty date"),
    ],
)
def test_what_is_not_a_full_date_is_refused_with_a_reason(value: str, reason: str):
    with pytest.raises(DateProblem, match=reason):
        normalise_date(value)


def test_a_date_in_a_file_name():
    assert date_in_file_name("2020-06-09_talks") == ("2020-06-09", None)
    assert date_in_file_name("report-2020-06-09") == ("2020-06-09", None)
    assert date_in_file_name("talks") == (None, None)
    assert date_in_file_name("12020-06-091") == (None, None)  # inside a longer number
    date, problem = date_in_file_name("2020-13-45_x")
    assert date is None and "'2020-13-45' is not a real day" in (problem or "")


# --------------------------------------------------------------------------- readers


def _read(*paths: Path, **rules: object) -> tuple[list[Article], list[Problem]]:
    items = list(read_articles(paths, dates=DateRules(**rules)))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Problem)],
    )


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_dates_are_normalised_and_a_bad_one_is_a_warning_with_file_and_line(tmp_path):
    path = _jsonl(
        tmp_path / "news.jsonl",
        [
            {"id": "a", "text": "Talks resumed.", "date": "June 9, 2020"},
            {"id": "b", "text": "Talks stalled.", "date": "sometime in June"},
            {"id": "c", "text": "Talks ended.", "date": "Tue, 09 Jun 2020 10:00:00 +0000"},
            {"id": "d", "text": "No date here."},
        ],
    )
    articles, problems = _read(path)
    assert [a.date for a in articles] == ["2020-06-09", None, "2020-06-09", None]
    assert not problems  # the article is kept: a warning, not a skip
    (warning,) = articles[1].warnings
    assert warning.startswith("line 2: date: 'sometime in June' is not a date")
    assert warning.endswith("the document is kept undated")
    assert articles[1].text == "Talks stalled."


def test_csv_date_column_is_normalised(tmp_path: Path):
    path = tmp_path / "news.csv"
    path.write_text('text,date\n"Talks resumed.",9 June 2020\n"Talks ended.",June\n')
    articles, _ = _read(path)
    assert [a.date for a in articles] == ["2020-06-09", None]
    assert articles[1].warnings[0].startswith("line 3: date: 'June' is not a full date")


def test_run_date_dates_only_documents_without_a_readable_date(tmp_path: Path):
    path = _jsonl(
        tmp_path / "news.jsonl",
        [
            {"id": "a", "text": "Talks resumed.", "date": "2020-01-02"},
            {"id": "b", "text": "Talks stalled."},
            {"id": "c", "text": "Talks ended.", "date": "soon"},
        ],
    )
    articles, _ = _read(path, run_date="2021-05-05")
    assert [a.date for a in articles] == ["2020-01-02", "2021-05-05", "2021-05-05"]
    assert articles[2].warnings[0].endswith("the document is dated 2021-05-05 by --date")


def test_month_first_reaches_the_readers(tmp_path: Path):
    path = _jsonl(tmp_path / "us.jsonl", [{"text": "Talks resumed.", "date": "03/04/2020"}])
    assert _read(path)[0][0].date == "2020-04-03"
    assert _read(path, month_first=True)[0][0].date == "2020-03-04"


FRONT = """---
title: "Ceasefire talks resume"
date: 9 June 2020
source: Example Wire
tags:
  - libya
author: Jane Doe
---
Talks resumed in Geneva on Tuesday.
"""


def test_front_matter_dates_the_text_and_is_not_stored_with_it(tmp_path: Path):
    path = tmp_path / "talks.md"
    path.write_text(FRONT, encoding="utf-8")
    (article,), _ = _read(path)
    assert article.text == "Talks resumed in Geneva on Tuesday.\n"
    assert article.date == "2020-06-09"
    assert article.title == "Ceasefire talks resume"
    assert article.source == "Example Wire"
    assert article.extra == {"author": "Jane Doe"}


def test_text_that_only_looks_like_front_matter_is_left_whole(tmp_path: Path):
    text = "---\nA rule, then prose: not front matter at all.\n---\nMore prose.\n"
    assert front_matter(text).length == 0
    path = tmp_path / "prose.txt"
    path.write_text(text, encoding="utf-8")
    (article,), _ = _read(path)
    assert article.text == text and article.date is None


def test_file_name_dates_a_text_file_and_front_matter_wins(tmp_path: Path):
    named = tmp_path / "2020-06-09_talks.txt"
    named.write_text("Talks resumed.\n", encoding="utf-8")
    both = tmp_path / "2021-01-01_both.md"
    both.write_text(FRONT, encoding="utf-8")
    compressed = tmp_path / "2020-07-01_more.txt.gz"
    compressed.write_bytes(gzip.compress(b"More talks.\n"))
    articles, _ = _read(tmp_path)
    by_name = {Path(a.file).name: a.date for a in articles}
    assert by_name == {
        "2020-06-09_talks.txt": "2020-06-09",
        "2021-01-01_both.md": "2020-06-09",
        "2020-07-01_more.txt.gz": "2020-07-01",
    }


def test_a_bad_front_matter_date_is_a_warning(tmp_path: Path):
    path = tmp_path / "talks.md"
    path.write_text(FRONT.replace("9 June 2020", "the ninth"), encoding="utf-8")
    (article,), _ = _read(path)
    assert article.date is None
    assert article.warnings == ("date: 'the ninth' is not a date; the document is kept undated",)


def test_an_impossible_file_name_date_is_a_warning(tmp_path: Path):
    path = tmp_path / "2020-13-45_talks.txt"
    path.write_text("Talks resumed.\n", encoding="utf-8")
    (article,), _ = _read(path)
    assert article.date is None
    assert "'2020-13-45' is not a real day" in article.warnings[0]


def test_every_date_of_the_sample_corpus_parses():
    seeds = Path(__file__).resolve().parents[1] / "seeds" / "libya-2020.jsonl"
    articles, problems = _read(seeds)
    assert not problems and articles
    assert all(a.date and not a.warnings for a in articles)
    raw = [json.loads(line)["date"] for line in seeds.read_text().splitlines() if line.strip()]
    assert [a.date for a in articles] == raw


# --------------------------------------------------------------------------- stored dates


def test_the_migration_normalises_dates_stored_as_written(tmp_path: Path):
    from explorer.store.connect import open_for_writing

    path = tmp_path / "old.db"
    db = open_for_writing(path)
    written = ["June 9, 2020", "2020-06-10", "sometime", None]
    for n, date in enumerate(written):
        db.execute(
            "INSERT INTO documents (path, file, title, date, sha256, text, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [f"d{n}", "f", "t", date, f"sha{n}", "text", "2020-01-01"],
        )
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_normalised_dates'")
    db.conn.commit()
    db.close()
    db = open_for_writing(path)
    rows = db.execute("SELECT date, extra FROM documents ORDER BY id").fetchall()
    db.close()
    assert [r[0] for r in rows] == ["2020-06-09", "2020-06-10", None, None]
    assert json.loads(rows[2][1]) == {"date_as_written": "sometime"}  # nothing is lost


def test_ingest_date_option_dates_a_whole_run_and_refuses_a_bad_one(tmp_path: Path):
    from click.testing import CliRunner

    from explorer.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks resumed in Geneva.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    bad = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--date", "soon"])
    assert bad.exit_code == 2 and "'soon' is not a date" in bad.output and not db.exists()
    good = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--date", "9/6/2020"])
    assert good.exit_code == 0, good.output
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT date FROM documents").fetchall() == [("2020-06-09",)]


def test_front_matter_with_windows_line_ends(tmp_path: Path):
    path = tmp_path / "talks.md"
    path.write_bytes(FRONT.replace("\n", "\r\n").encode())
    (article,), _ = _read(path)
    assert article.date == "2020-06-09" and article.title == "Ceasefire talks resume"
    assert article.text == "Talks resumed in Geneva on Tuesday.\r\n"


def test_a_typed_date_range_becomes_the_iso_prefix_stored_dates_compare_with():
    from explorer.dates import date_prefix
    from explorer.tui.data import parse_mention_filter

    assert [date_prefix(v) for v in ("2020", "2020-03", "2020/3", "2020.03.05", "9/6/2020")] == [
        "2020",
        "2020-03",
        "2020-03",
        "2020-03-05",
        "2020-06-09",
    ]
    assert date_prefix("soon") == "soon"  # kept: it matches what it matches as text
    parsed = parse_mention_filter("berlin from:2020/1 to:19/1/2020")
    assert (parsed.words, parsed.date_from, parsed.date_to) == (
        ("berlin",),
        "2020-01",
        "2020-01-19",
    )
