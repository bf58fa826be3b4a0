"""How much of adding one article any per-name memo could save: the resolution run twice in one
process, cold (as a new ``libya-explore ingest`` runs it) and warm (every per-process cache of
per-name work filled: form keys, readings, type decisions' lookups, name tables).

    python benchmarks/bench_memo_bound.py DB [DB ...] [--runs 3]

For each database (already resolved, e.g. ``bench_incremental.py --work``'s ``baseN.db``, read
only), a new process loads the resolution state, clusters and builds the entities twice, and
reports the CPU seconds of each step; medians of ``--runs`` processes. The warm pass is a lower
bound for any design that stores per-name or per-form results and still runs every rule over
every surface group (issue 17.1's "memo" design): what grows between two sizes in the warm
pass cannot be taken away by such a memo, only by not visiting every group (the "dirty" design).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import gc, json, sys, time
from sqlite_utils import Database
from explorer.resolution.resolve import build_entities, cluster_groups
from explorer.store import resolution_state

db = Database(sys.argv[1])
gc.disable()  # as the pipeline runs it (_without_cyclic_gc)
clock = time.process_time
start = clock()
groups, evidence = resolution_state.load_resolution_state(db)
out = {"groups": len(groups), "load": clock() - start}
for name in ("cold", "warm"):
    start = clock()
    clustering = cluster_groups(groups, (), evidence)
    middle = clock()
    build_entities(clustering)
    out[name + "_cluster"] = middle - start
    out[name + "_build"] = clock() - middle
print(json.dumps(out))
"""


def measure(db: Path) -> dict[str, float]:
    """One new process's CPU seconds per step on ``db``."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"error: {db}: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    for db in args.databases:
        if not db.is_file():
            print(f"error: {db}: no such database", file=sys.stderr)
            return 2
    runs: dict[Path, list[dict[str, float]]] = {db: [] for db in args.databases}
    for _ in range(args.runs):
        for db in args.databases:  # alternated, so that the load of the machine is shared
            runs[db].append(measure(db))
    columns = ["load", "cold_cluster", "cold_build", "warm_cluster", "warm_build"]
    print("| database | groups | " + " | ".join(columns) + " | cold total | warm total |")
    print("|---|---:|" + "---:|" * (len(columns) + 2))
    for db, rows in runs.items():
        med = {c: statistics.median(r[c] for r in rows) for c in columns}
        cold = med["load"] + med["cold_cluster"] + med["cold_build"]
        warm = med["load"] + med["warm_cluster"] + med["warm_build"]
        cells = " | ".join(f"{med[c]:.2f}" for c in columns)
        print(f"| {db.name} | {rows[0]['groups']:,} | {cells} | {cold:.2f} | {warm:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
