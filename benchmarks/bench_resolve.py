"""Time ``libya-explore resolve`` of two builds side by side on copies of one database.

    python benchmarks/bench_resolve.py --db DB --before OLD/libya-explore --after NEW/libya-explore

Each build resolves its own copy of DB (so both start from the same content), alternating
before/after ``--runs`` times; the first run of each is a warm-up and is not counted. Prints
each build's median wall time, the time per document and the ratio after/before, then the same
for the CPU time (user + system) of the resolve process, which other processes on a shared
machine disturb far less than the wall time. Only ratios of runs made side by side mean anything.
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


def timed_resolve(exe: str, db: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``resolve``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([exe, "resolve", "--db", str(db)], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--before", required=True, help="the old build's libya-explore")
    parser.add_argument("--after", required=True, help="the new build's libya-explore")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--before-db",
        type=Path,
        help="the old build's own copy of the corpus (default: --db); for a database that the "
        "old build cannot open (a newer schema), built from the same documents",
    )
    parser.add_argument(
        "--cpu", action="store_true", help="kept for older commands: CPU time is always printed"
    )
    args = parser.parse_args(argv)
    for db in (args.db, args.before_db):
        if db is not None and not db.is_file():
            print(f"error: {db}: no such database", file=sys.stderr)
            return 2
    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as connection:
        (documents,) = connection.execute("SELECT count(*) FROM documents").fetchone()
    with tempfile.TemporaryDirectory() as folder:
        copies = {}
        sources = {"before": args.before_db or args.db, "after": args.db}
        for name in ("before", "after"):
            copies[name] = Path(folder) / f"{name}.db"
            shutil.copyfile(sources[name], copies[name])
        times: dict[str, list[float]] = {"before": [], "after": []}
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        for run in range(args.runs + 1):
            for name in ("before", "after"):
                elapsed, used = timed_resolve(getattr(args, name), copies[name])
                if run:
                    times[name].append(elapsed)
                    cpu[name].append(used)
    for label, values in (("wall", times), ("CPU", cpu)):
        medians = {name: statistics.median(v) for name, v in values.items()}
        for name in ("before", "after"):
            runs = ", ".join(f"{t:.2f}" for t in values[name])
            per_document = medians[name] / documents * 1000
            print(
                f"{label:4} {name:6} median {medians[name]:.2f} s "
                f"({per_document:.2f} ms/document); runs {runs}"
            )
        ratio = medians["after"] / medians["before"]
        print(f"{label:4} ratio after/before {ratio:.2f} ({documents} documents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
