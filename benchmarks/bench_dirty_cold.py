"""What clustering only a change's dirty set would cost in a new process (issue 17.1's "dirty"
design), against clustering everything, both cold as ``libya-explore ingest`` runs them.

    python benchmarks/bench_dirty_cold.py DB [DB ...] [--articles 5] [--runs 3]

For each resolved database (read only), each of its last ``--articles`` documents is taken as
the one just added: its dirty set is the declared keys' reach (:func:`reach.dirty_groups`, the
families :func:`reach.plan` gives, closed over the stored entities and forms, *without* the
closure over documents, which is the whole corpus: see BENCHMARKS.md, "Reach of adding one
article"). Then new processes load the resolution state and cluster and build the entities of
(a) every group, (b) the dirty set's groups alone, cold, alternated; medians of CPU seconds.

(b) is a floor, not a design: the same code run on the dirty set alone computes the corpus-wide
inputs over the dirty set only and decides hundreds of its groups otherwise at 1,990 articles
(``bench_reach.py``); an exact version reads those inputs from stored aggregates and re-checks
the co-actor decisions, which (b) leaves out.
"""

from __future__ import annotations

import argparse
import pickle
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from child_json import run_json_child

from explorer.resolution import reach, resolve
from explorer.resolution.resolve import build_entities, cluster_groups, form_key
from explorer.store.resolution_state import load_resolution_state

CHILD = r"""
import gc, json, pickle, sqlite3, sys, time
from explorer.resolution.resolve import build_entities, cluster_groups
from explorer.store.resolution_state import load_resolution_state

gc.disable()  # as the pipeline runs it
keep = pickle.load(open(sys.argv[2], "rb")) if sys.argv[2] != "-" else None
connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
start = time.process_time()
groups, evidence = load_resolution_state(connection)
if keep is not None:
    groups = [g for g in groups if g.key in keep]
build_entities(cluster_groups(groups, (), evidence))
print(json.dumps({"groups": len(groups), "cpu": time.process_time() - start}))
"""


def dirty_sets(db: Path, articles: int) -> list[set[tuple[int, str, str, str]]]:
    """The dirty set of each of the last ``articles`` documents, as if just added."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    groups, evidence = load_resolution_state(connection)
    documents = sorted({g.document_id for g in groups})
    plan = reach.plan(resolve, "cluster_groups")
    if plan is None:
        raise SystemExit("error: a rule declares no reach: no dirty set (reach.undeclared)")
    sets = []
    for document_id in documents[-articles:]:
        base = [g for g in groups if g.document_id != document_id]
        entity_of = {
            key: index
            for index, members in enumerate(build_entities(cluster_groups(base, (), evidence)))
            for key in members.members
        }
        forms_of = {g.key: form_key(g.text) for g in groups}
        documents_of = {key: key[0] for key in forms_of}
        new = [g.key for g in groups if g.document_id == document_id]
        sets.append(
            reach.dirty_groups(
                forms_of, documents_of, entity_of, new, plan.families, resolve.acronym_of
            )
        )
    return sets


def cold(db: Path, keep: Path | None) -> dict[str, float]:
    """A new process's load + cluster + build CPU on every group or on ``keep``'s."""
    result: dict[str, float] = run_json_child(CHILD, [str(db), str(keep) if keep else "-"], db)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print("| database | groups | dirty set (median) | CPU: every group | dirty set alone |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for db in args.databases:
            if not db.is_file():
                print(f"error: {db}: no such database", file=sys.stderr)
                return 2
            every: list[float] = []
            alone: list[float] = []
            sizes = []
            total = 0
            for index, dirty in enumerate(dirty_sets(db, args.articles)):
                path = Path(folder) / f"{db.stem}-{index}.pickle"
                path.write_bytes(pickle.dumps(dirty))
                sizes.append(len(dirty))
                for _ in range(args.runs):
                    row = cold(db, None)
                    total = int(row["groups"])
                    every.append(row["cpu"])
                    alone.append(cold(db, path)["cpu"])
            print(
                f"| {db.name} | {total:,} | {statistics.median(sizes):,.0f} "
                f"({statistics.median(sizes) / total:.1%}) | {statistics.median(every):.2f} s | "
                f"{statistics.median(alone):.2f} s |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
