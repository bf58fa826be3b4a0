"""The co-occurrence readers from the index beside the self-join they replaced, on one database.

    nice python benchmarks/bench_cooccurrence.py --db benchmarks/data/bbc_full.db

On a copy of DB, adds the former ``cooccurrence`` view (the self-join of every mention, as
migration m002 defined it) as ``cooccurrence_join`` and the former canned query, then times,
side by side in one run (median of ``--runs``, after a warm-up): the datasette pages (in
process, ``Datasette.client``; wall and CPU) of both views unfiltered and for the most-mentioned
actor, both canned queries, and ``queries.cooccurring`` against the former SQL.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.store import queries  # noqa: E402
from explorer.store.connect import open_for_reading, open_for_writing  # noqa: E402

FORMER_VIEW = """
CREATE VIEW cooccurrence_join AS
SELECT a.entity_id AS actor_id, ea.name AS actor, ea.type AS actor_type,
       b.entity_id AS other_id, eb.name AS other, eb.type AS other_type,
       count(DISTINCT a.sentence_id) AS sentences,
       count(DISTINCT a.document_id) AS documents
FROM mentions a
JOIN mentions b ON b.sentence_id = a.sentence_id AND b.entity_id != a.entity_id
JOIN entities ea ON ea.id = a.entity_id
JOIN entities eb ON eb.id = b.entity_id
GROUP BY a.entity_id, b.entity_id;
"""
FORMER_CANNED = """select e.id as other_id, e.name as other, e.type as other_type,
       count(distinct o.sentence_id) as sentences,
       count(distinct o.document_id) as documents
from mentions m
join mentions o on o.sentence_id = m.sentence_id and o.entity_id != m.entity_id
join entities e on e.id = o.entity_id
where m.entity_id = (select libya_actor(:actor))
group by e.id
order by sentences desc, e.mention_count desc, e.name"""
FORMER_QUERY = (
    "SELECT e.id, count(DISTINCT o.sentence_id) AS n FROM mentions m "
    "JOIN mentions o ON o.sentence_id = m.sentence_id AND o.entity_id != m.entity_id "
    "JOIN entities e ON e.id = o.entity_id WHERE m.entity_id = ? "
    "GROUP BY e.id ORDER BY n DESC, e.mention_count DESC, e.name LIMIT 20"
)


def pages(db_path: Path, top: str, runs: int) -> list[tuple[str, float, float]]:
    from datasette.app import Datasette

    name, actor = db_path.stem, urllib.parse.quote(top)
    urls = [
        ("view, unfiltered", f"/{name}/cooccurrence", f"/{name}/cooccurrence_join"),
        (
            "view, _actor=top",
            f"/{name}/cooccurrence?_actor={actor}",
            f"/{name}/cooccurrence_join?_actor={actor}",
        ),
        (
            "canned query, top",
            f"/{name}/cooccurring_actors?actor={actor}",
            f"/{name}/former_cooccurring_actors?actor={actor}",
        ),
    ]
    metadata = {"databases": {name: {"queries": {"former_cooccurring_actors": FORMER_CANNED}}}}

    async def measure() -> list[tuple[str, float, float]]:
        ds = Datasette(files=[str(db_path)], metadata=metadata)
        await ds.invoke_startup()
        out = []
        for label, *addresses in urls:
            for which, url in zip(("index", "self-join"), addresses, strict=True):
                walls, cpus = [], []
                for run in range(runs + 1):
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = await ds.client.get(url)
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    if response.status_code != 200:
                        raise SystemExit(f"{url}: HTTP {response.status_code}")
                    if run:
                        walls.append(wall)
                        cpus.append(cpu)
                out.append(
                    (f"{label} ({which})", statistics.median(walls), statistics.median(cpus))
                )
        return out

    return asyncio.run(measure())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / args.db.name
        shutil.copyfile(args.db, copy)
        db = open_for_writing(copy)  # migrates an older database (builds the index)
        db.executescript(FORMER_VIEW)
        db.close()
        conn = open_for_reading(copy)
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM mentions), "
            "(SELECT count(*) FROM entity_pairs)"
        ).fetchone()
        top_id, top = conn.execute(
            "SELECT id, name FROM entities ORDER BY mention_count DESC LIMIT 1"
        ).fetchone()
        print(
            f"{args.db.name}: {counts[0]:,} documents, {counts[1]:,} mentions, {counts[2]:,} "
            f"pair rows; top actor {top!r}; median of {args.runs}"
        )

        def timed(func) -> float:  # type: ignore[no-untyped-def]
            func()
            times = []
            for _ in range(args.runs):
                started = time.process_time()
                func()
                times.append(time.process_time() - started)
            return statistics.median(times) * 1000

        index = timed(lambda: queries.cooccurring(conn, top_id, 20))
        join = timed(lambda: conn.execute(FORMER_QUERY, [top_id]).fetchall())
        conn.close()
        print(f"  cooccurring(top) CPU: index {index:.2f} ms, self-join {join:.1f} ms")
        rows = pages(copy, top, args.runs)
    for i in range(0, len(rows), 2):
        (label, wall, cpu), (label2, wall2, cpu2) = rows[i], rows[i + 1]
        print(f"  {label:34} wall {wall * 1000:7.0f} ms  CPU {cpu * 1000:7.0f} ms")
        print(
            f"  {label2:34} wall {wall2 * 1000:7.0f} ms  CPU {cpu2 * 1000:7.0f} ms  "
            f"(CPU x{cpu2 / cpu:.1f} the index)"
        )
    return 0


if __name__ == "__main__":
    sqlite3.enable_callback_tracebacks(True)
    raise SystemExit(main())
