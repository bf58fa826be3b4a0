"""How libya-explore grows with the corpus: 1k, 10k, 100k articles (issue 17, point 4).

    nice python benchmarks/bench_scale.py --sizes 1000,10000
    nice python benchmarks/bench_scale.py --sizes 100000

The corpus is synthetic and already parsed (``benchmarks/scale_corpus.py``: spaCy over 100k
articles would take a day on 2 cores), so "ingest" here is the writer's part of an ingest.
For each size, on a database built for it (cached in ``benchmarks/data/scale_N.db``, resolved
once; ``--rebuild`` to start again):

* writer throughput while building it (documents and words per second, one process);
* resolution (``libya-explore resolve``, a subprocess): wall and CPU time and peak RSS; with
  ``--full`` also ``resolve --full`` on a copy (the state rebuilt from every mention's context);
* adding 1 and then 100 new articles: store them, then the resolution an ingest runs (wall and
  CPU time; CPU is the steadier figure on a shared machine);
* search latency (``search_entities``, median and p95 over names of the pool, typos included);
* ``cooccur`` for the most-mentioned actor: the query from the index beside the former
  self-join of the mentions, side by side, and the whole ``libya-explore cooccur`` process;
* datasette pages in process (``Datasette.client``): the ``cooccurrence`` view filtered to the
  top actor (``_actor=``), the ``cooccurring_actors`` canned query and the unfiltered view;
* the explorer's first frame in a pseudo-terminal (as ``run_all.py`` measures it).

Targets (issue 17): resolution memory at 100k < 1 GB; ``cooccur`` and the datasette page for
the most-mentioned actor < 100 ms at 100k; adding one article at 100k at most 2x its cost at 1k.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_corpus  # noqa: E402

EXPLORE = str(Path(sys.executable).parent / "libya-explore")
DATA = ROOT / "benchmarks" / "data"

#: The co-occurrence query as it was before the index (a self-join of the mentions).
JOIN_SQL = (
    "SELECT e.id, e.name, count(DISTINCT o.sentence_id) AS n FROM mentions m "
    "JOIN mentions o ON o.sentence_id = m.sentence_id AND o.entity_id != m.entity_id "
    "JOIN entities e ON e.id = o.entity_id WHERE m.entity_id = ? "
    "GROUP BY e.id ORDER BY n DESC, e.mention_count DESC, e.name LIMIT 20"
)


def median_ms(
    func: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    func()  # warm-up: the page cache, the plan
    times = []
    for _ in range(runs):
        started = clock()
        func()
        times.append(clock() - started)
    return statistics.median(times) * 1000


def run_measured(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a subprocess (``wait4``:
    its own usage, not ours)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {process.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def database(size: int, rebuild: bool) -> tuple[Path, dict | None]:
    """The cached database of ``size`` articles, built and resolved when missing."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"scale_{size}.db"
    if path.exists() and not rebuild:
        return path, None
    for stale in DATA.glob(f"scale_{size}.db*"):
        stale.unlink()
    built = scale_corpus.build(path, size)
    built["resolve"] = run_measured([EXPLORE, "resolve", "--db", str(path)])
    return path, built


def adding(db_path: Path, size: int, count: int, offset: int) -> tuple[float, float]:
    """Wall and CPU seconds to store ``count`` new articles and resolve, as an ingest does (on
    a copy)."""
    from explorer.normalize import matching_key
    from explorer.pipeline.resolution import run_resolution
    from explorer.readers.articles import word_count
    from explorer.store.connect import open_for_writing
    from explorer.store.documents import mark_resolution_pending, store_document

    new = list(scale_corpus.articles(count, start=size + offset))
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(db_path, copy)
        db = open_for_writing(copy)
        try:
            started, cpu = time.perf_counter(), time.process_time()
            mark_resolution_pending(db)
            for item, parsed in new:
                store_document(db, item, parsed, matching_key, word_count(item.text))
            run_resolution(db)
            return time.perf_counter() - started, time.process_time() - cpu
        finally:
            db.close()


def search_queries(conn: sqlite3.Connection, n: int = 30) -> list[str]:
    """Names of the pool (popular and rare), a third with a typo; deterministic."""
    rng = random.Random(7)
    names = [row[0] for row in conn.execute("SELECT name FROM entities ORDER BY id")]
    queries = []
    for name in rng.sample(names, min(n, len(names))):
        if rng.random() < 0.33 and len(name) > 4:
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        queries.append(name.lower())
    return queries


def datasette_pages(db_path: Path, top: str, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds (all threads of this process) of each page."""
    from datasette.app import Datasette

    name = db_path.stem
    actor = urllib.parse.quote(top)
    pages = {
        "view, _actor=top": f"/{name}/cooccurrence?_actor={actor}",
        "canned cooccurring_actors": f"/{name}/cooccurring_actors?actor={actor}",
        "view, unfiltered": f"/{name}/cooccurrence",
    }

    async def measure() -> dict[str, tuple[float, float]]:
        ds = Datasette(files=[str(db_path)], immutables=[], settings={"num_sql_threads": 1})
        await ds.invoke_startup()
        results = {}
        for label, url in pages.items():
            walls, cpus = [], []
            for run in range(runs + 1):
                started, cpu = time.perf_counter(), time.process_time()
                response = await ds.client.get(url)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code}")
                if run:
                    walls.append(elapsed)
                    cpus.append(cpu)
            results[label] = (statistics.median(walls) * 1000, statistics.median(cpus) * 1000)
        return results

    return asyncio.run(measure())


def first_frame_ms(db_path: Path, runs: int) -> float:
    from run_all import byte_compile_package, first_frame

    byte_compile_package()
    times = [first_frame([EXPLORE, "explore", "--db", str(db_path)])[0] for _ in range(runs)]
    return statistics.median(t for t in times if t is not None) * 1000


def resolution_line(label: str, wall: float, cpu: float, rss: int) -> str:
    return f"  {label:32} {wall:7.1f} s  CPU {cpu:6.1f} s  peak RSS {rss:,} MB"


def bench_size(size: int, args: argparse.Namespace) -> list[str]:
    from explorer.store import queries
    from explorer.store.connect import open_for_reading

    db_path, built = database(size, args.rebuild)
    lines = [f"{size:,} articles ({db_path.stat().st_size / 1e6:,.0f} MB):"]
    if built:
        rate = built["articles"] / built["seconds"]
        lines.append(
            f"  writer (pre-parsed, 64 per commit) {built['seconds']:6.1f} s  {rate:7.0f} docs/s "
            f"{built['words'] / built['seconds']:9,.0f} words/s"
        )
        lines.append(resolution_line("first resolution (resolve)", *built["resolve"]))
    elif not args.skip_resolve:
        measured = run_measured([EXPLORE, "resolve", "--db", str(db_path)])
        lines.append(resolution_line("resolution (resolve, again)", *measured))
    if args.full:
        with tempfile.TemporaryDirectory(dir=DATA) as folder:  # --full rewrites: on a copy
            copy = Path(folder) / "copy.db"
            shutil.copyfile(db_path, copy)
            measured = run_measured([EXPLORE, "resolve", "--full", "--db", str(copy)])
        lines.append(resolution_line("full pass (resolve --full)", *measured))
    if args.add_runs:
        ones = [adding(db_path, size, 1, k) for k in range(args.add_runs)]
        one = statistics.median(wall for wall, _cpu in ones)
        one_cpu = statistics.median(cpu for _wall, cpu in ones)
        hundred, hundred_cpu = adding(db_path, size, 100, 10)
        lines.append(f"  add 1 article (store + resolve)   {one:7.2f} s  CPU {one_cpu:7.2f} s")
        lines.append(
            f"  add 100 articles                  {hundred:7.2f} s  CPU {hundred_cpu:7.2f} s"
        )

    conn = open_for_reading(db_path)
    try:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM entities), "
            "(SELECT count(*) FROM entity_pairs)"
        ).fetchone()
        top_id, top_name, top_mentions = conn.execute(
            "SELECT id, name, mention_count FROM entities ORDER BY mention_count DESC LIMIT 1"
        ).fetchone()
        lines.append(
            f"  {counts[0]:,} mentions, {counts[1]:,} actors, {counts[2]:,} pair rows; "
            f"top actor {top_name!r} ({top_mentions:,} mentions)"
        )
        latencies = []
        for query in search_queries(conn):
            started = time.perf_counter()
            queries.search_entities(conn, query, limit=20)
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        lines.append(
            f"  search (30 names, a third typo'd)  median {statistics.median(latencies) * 1000:.1f} "
            f"ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms"
        )
        index_ms = median_ms(lambda: queries.cooccurring(conn, top_id, 20), args.runs)
        join_ms = median_ms(lambda: conn.execute(JOIN_SQL, [top_id]).fetchall(), 3)
        lines.append(
            f"  cooccur top actor: index {index_ms:.1f} ms, self-join {join_ms:.0f} ms "
            f"(x{join_ms / index_ms:,.0f}); target < 100 ms: {'MET' if index_ms < 100 else 'MISSED'}"
        )
    finally:
        conn.close()
    process = median_ms(
        lambda: subprocess.run(
            [EXPLORE, "cooccur", top_name, "--db", str(db_path)], check=True, capture_output=True
        ),
        args.runs,
    )
    lines.append(f"  libya-explore cooccur (process)   {process:7.0f} ms")
    for label, (ms, cpu) in datasette_pages(db_path, top_name, args.runs).items():
        verdict = f"; target < 100 ms: {'MET' if ms < 100 else 'MISSED'}" if "top" in label else ""
        lines.append(f"  datasette {label:26} {ms:5.0f} ms  (CPU {cpu:.0f} ms){verdict}")
    if not args.no_explorer:
        lines.append(f"  explorer first frame              {first_frame_ms(db_path, 3):7.0f} ms")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--add-runs", type=int, default=3, help="0: skip adding articles (each costs a copy)"
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-resolve", action="store_true", help="on a cached database")
    parser.add_argument("--no-explorer", action="store_true")
    parser.add_argument(
        "--full", action="store_true", help="also time `resolve --full` (on a copy)"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"scale benchmark, synthetic parsed corpus (seed 17); load average {load:.1f} at start")
    for size in (int(s) for s in args.sizes.split(",")):
        for line in bench_size(size, args):
            print(line, flush=True)
        print(f"  (load average {os.getloadavg()[0]:.1f} after this size)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
