"""What timelines cost: reading dates at ingest, and counting an actor's mentions per period.

1. Dates: the BBC articles written as JSONL without a ``date`` field, and with one in the forms
   feeds use (ISO 8601 with a time, RFC 2822, "9 June 2005", "09/06/2005", in turn), each read
   with :func:`explorer.readers.read_articles` (which normalises the dates) in rotating order;
   medians, and the ratio of the dated read to the undated one in the same round.
2. The timeline query: a database made here with one actor named ``--mentions`` times in
   ``--documents`` documents dated over five years (a tenth undated); per actor open, the
   explorer already counts the actor's mentions per document (``filtered_mention_counts``): the
   chart's ``fitting_timeline`` and the command's ``entity_timelines`` by month are timed beside
   it, as ratios to it.

3. ``--check DB``: on any database, every actor's timeline by day, week, month and year must
   count all its mentions: the periods its dated ones, ``undated`` the rest (no timing).

Usage: ``python benchmarks/bench_timeline.py [--rounds 5] [--documents 20000] [--mentions 200000]``
or ``python benchmarks/bench_timeline.py --check db/libya.db``.
The corpus is read from ``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) into a temporary
folder, never into the repo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from explorer.readers import Article, read_articles
from explorer.store import queries
from explorer.store.connect import open_for_reading, open_for_writing

BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))


def written_date(n: int) -> str:
    """The ``n``-th article's date, in one of four forms in turn."""
    day = dt.datetime(2004, 1, 1, 10, 30) + dt.timedelta(days=n % 700)
    forms = (
        day.isoformat() + "Z",
        email.utils.format_datetime(day.replace(tzinfo=dt.UTC)),
        f"{day.day} {day:%B %Y}",
        f"{day:%d/%m/%Y}",
    )
    return forms[n % len(forms)]


def write_corpora(folder: Path) -> dict[str, Path]:
    records = [json.loads(line) for line in gzip.decompress(BBC.read_bytes()).splitlines()]
    undated, dated = folder / "undated.jsonl", folder / "dated.jsonl"
    undated.write_text("".join(json.dumps(r) + "\n" for r in records))
    dated.write_text(
        "".join(json.dumps(r | {"date": written_date(n)}) + "\n" for n, r in enumerate(records))
    )
    return {"undated": undated, "dated": dated}


def read_seconds(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    articles = [a for a in read_articles([path]) if isinstance(a, Article)]
    seconds = time.perf_counter() - started
    return seconds, sum(1 for a in articles if a.date)


def bench_dates(folder: Path, rounds: int) -> None:
    paths = write_corpora(folder)
    times: dict[str, list[float]] = {name: [] for name in paths}
    ratios = []
    dated_count = 0
    for r in range(rounds):
        order = list(paths) if r % 2 == 0 else list(reversed(paths))
        this_round = {}
        for name in order:
            seconds, n_dated = read_seconds(paths[name])
            this_round[name] = seconds
            times[name].append(seconds)
            if name == "dated":
                dated_count = n_dated
        ratios.append(this_round["dated"] / this_round["undated"])
    print("| read | s (median) | x undated |")
    print("| --- | --- | --- |")
    for name in paths:
        ratio = statistics.median(ratios) if name == "dated" else 1.0
        print(f"| {name} | {statistics.median(times[name]):.3f} | {ratio:.2f} |")
    extra = statistics.median(times["dated"]) - statistics.median(times["undated"])
    print(f"\n{dated_count:,} articles dated; {extra / max(dated_count, 1) * 1e6:.0f} µs per date")


def build_db(path: Path, documents: int, mentions: int) -> int:
    """One actor named ``mentions`` times over ``documents`` documents; returns its id."""
    db = open_for_writing(path)
    conn = db.conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO entities (id, name, type) VALUES (1, 'Khalifa Haftar', 'PERSON')")
    start = dt.date(2016, 1, 1)
    docs = []
    for n in range(1, documents + 1):
        date = None if n % 10 == 0 else (start + dt.timedelta(days=n * 1825 // documents))
        docs.append((n, f"d{n}", f"Document {n}", date and date.isoformat(), f"s{n}"))
    conn.executemany(
        "INSERT INTO documents (id, path, file, title, date, sha256, text, ingested_at) "
        "VALUES (?, ?, 'f', ?, ?, ?, 'Khalifa Haftar', '2020-01-01')",
        docs,
    )
    conn.executemany(
        'INSERT INTO sentences (id, document_id, idx, start, "end", text) '
        "VALUES (?, ?, 0, 0, 14, 'Khalifa Haftar')",
        [(n, n) for n in range(1, documents + 1)],
    )
    conn.executemany(
        'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, label) '
        "VALUES (1, ?, ?, 0, 14, 'Khalifa Haftar', 'PERSON')",
        [(1 + i % documents, 1 + i % documents) for i in range(mentions)],
    )
    conn.execute(
        "UPDATE entities SET mention_count = ?, document_count = ? WHERE id = 1",
        [mentions, documents],
    )
    conn.execute("COMMIT")
    db.close()
    return 1


def timed(func: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_query(folder: Path, rounds: int, documents: int, mentions: int) -> None:
    path = folder / "timeline.db"
    entity_id = build_db(path, documents, mentions)
    conn = open_for_reading(path)
    entity = queries.get_entity(conn, entity_id)
    assert entity is not None
    baseline = timed(lambda: queries.filtered_mention_counts(conn, entity_id, None), rounds)
    chart = timed(lambda: queries.fitting_timeline(conn, entity), rounds)
    by_month = timed(lambda: queries.entity_timelines(conn, [entity], "month"), rounds)
    (timeline,) = queries.entity_timelines(conn, [entity], "month")
    conn.close()
    assert timeline.dated_mentions + timeline.undated_mentions == mentions
    print(f"\none actor, {mentions:,} mentions in {documents:,} documents over 5 years:")
    print("| query | ms (median) | x per-document counts |")
    print("| --- | --- | --- |")
    for name, seconds in (
        ("per-document counts (opening an actor)", baseline),
        ("chart (`fitting_timeline`)", chart),
        ("`timeline --by month` (`entity_timelines`)", by_month),
    ):
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / baseline:.2f} |")


def check_database(path: Path) -> int:
    """Every actor × period: the timeline's counts against the mentions themselves."""
    conn = open_for_reading(path)
    actors = [
        e for (i,) in conn.execute("SELECT id FROM entities") if (e := queries.get_entity(conn, i))
    ]
    wrong = 0
    for by in ("day", "week", "month", "year"):
        for actor in actors:
            (timeline,) = queries.entity_timelines(conn, [actor], by)
            dated, documents = conn.execute(
                "SELECT count(*), count(DISTINCT m.document_id) FROM mentions m JOIN documents d "
                "ON d.id = m.document_id WHERE m.entity_id = ? AND d.date IS NOT NULL",
                [actor.id],
            ).fetchone()
            counted = (timeline.dated_mentions, sum(p.documents for p in timeline.periods))
            if counted != (dated, documents) or (
                timeline.dated_mentions + timeline.undated_mentions != actor.mentions
            ):
                wrong += 1
                print(f"{actor.id} {actor.name!r} by {by}: {counted} != {(dated, documents)}")
    conn.close()
    print(f"{path}: {len(actors):,} actors x 4 periods, {wrong} timeline(s) that do not add up")
    return 1 if wrong else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--mentions", type=int, default=200_000)
    parser.add_argument("--check", type=Path, metavar="DB", help="Only check a database.")
    args = parser.parse_args()
    if args.check:
        raise SystemExit(check_database(args.check))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_dates(folder, args.rounds)
        bench_query(folder, args.rounds, args.documents, args.mentions)


if __name__ == "__main__":
    main()
