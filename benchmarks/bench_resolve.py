"""Time ``libya-explore resolve`` of two builds side by side on copies of one database.

    python benchmarks/bench_resolve.py --db DB --before OLD/libya-explore --after NEW/libya-explore

Each build resolves its own copy of DB (so both start from the same content), alternating
before/after ``--runs`` times; the first run of each is a warm-up and is not counted. Prints
each build's median wall time, the time per document and the ratio after/before. On a shared
machine only the ratio of runs made side by side means anything; ``--cpu`` measures the
processes' CPU time (user + system) instead of wall time, which other load disturbs less.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed_resolve(exe: str, db: Path, cpu: bool = False) -> float:
    """Wall time of one ``resolve``, or with ``cpu`` its CPU time (user + system)."""
    start, used = time.perf_counter(), _children_cpu()
    subprocess.run([exe, "resolve", "--db", str(db)], check=True, capture_output=True)
    return _children_cpu() - used if cpu else time.perf_counter() - start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--before", required=True, help="the old build's libya-explore")
    parser.add_argument("--after", required=True, help="the new build's libya-explore")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"error: {args.db}: no such database", file=sys.stderr)
        return 2
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as connection:
        (documents,) = connection.execute("SELECT count(*) FROM documents").fetchone()
    with tempfile.TemporaryDirectory() as folder:
        copies = {}
        for name in ("before", "after"):
            copies[name] = Path(folder) / f"{name}.db"
            shutil.copyfile(args.db, copies[name])
        times: dict[str, list[float]] = {"before": [], "after": []}
        for run in range(args.runs + 1):
            for name in ("before", "after"):
                shutil.copyfile(args.db, copies[name])  # each run resolves the same content
                elapsed = timed_resolve(getattr(args, name), copies[name], args.cpu)
                if run:
                    times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name in ("before", "after"):
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        per_document = medians[name] / documents * 1000
        print(
            f"{name:6} median {medians[name]:.2f} s ({per_document:.2f} ms/document); runs {runs}"
        )
    kind = "CPU" if args.cpu else "wall"
    ratio = medians["after"] / medians["before"]
    print(f"ratio after/before {ratio:.2f} ({kind} time, {documents} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
