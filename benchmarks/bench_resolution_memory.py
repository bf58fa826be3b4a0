"""Where resolution's memory and time go, step by step, on an existing database (issue 17).

    nice python benchmarks/bench_resolution_memory.py benchmarks/data/scale_10000.db
    nice python benchmarks/bench_resolution_memory.py benchmarks/data/scale_100000.db --trace

Loads the resolution state, then runs ``cluster_groups`` and ``build_entities`` with each
top-level step of the clustering wrapped: its CPU time and, with ``--trace`` (``tracemalloc``:
five to ten times slower), the Python memory it kept and the transient peak above that. The
rest of ``cluster_groups`` is its own per-group pass. ``--snapshot STEP`` prints the biggest
allocation sites when STEP starts (e.g. ``places_standing_for_clubs``, right after the
per-group pass). Read-only: the database is not written.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import explorer.resolution.resolve as rules  # noqa: E402
from explorer.resolution import gazetteer  # noqa: E402
from explorer.store import resolution_state  # noqa: E402
from explorer.store.connect import open_for_reading  # noqa: E402

#: The top-level steps of ``cluster_groups`` (the module's functions it calls directly).
STEPS = (
    "_form_totals",
    "_type_forms",
    "join_full_name_variants",
    "join_glued_names",
    "coordinated_forms",
    "epithet_free_forms",
    "join_middle_name_variants",
    "join_contained_full_names",
    "join_nicknames",
    "join_forms_of_one_actor",
    "long_forms_by_document",
    "People",
    "acronym_index",
    "_work_titles",
    "places_standing_for_clubs",
    "short_organisation_names",
    "first_names_of_people_in_their_document",
    "join_short_variants",
    "_collect",
    "_merge_same_names",
)


def measured(name: str, func: Callable, trace: bool, snapshot: str | None, depth: list[int]):
    """``func`` printing its CPU time (and memory) when called from ``cluster_groups``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if depth[0]:  # called by another step: counted there
            return func(*args, **kwargs)
        if name == snapshot:
            print_snapshot(name)
        depth[0] += 1
        before = tracemalloc.get_traced_memory()[0] if trace else 0
        if trace:
            tracemalloc.reset_peak()
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            cpu = time.process_time() - started
            depth[0] -= 1
            line = f"  {name:42} CPU {cpu:6.2f} s"
            if trace:
                current, peak = tracemalloc.get_traced_memory()
                line += (
                    f"  kept {(current - before) / 1e6:+7.1f} MB  transient "
                    f"{(peak - current) / 1e6:6.1f} MB  traced {current / 1e6:6.1f} MB"
                )
            print(line, flush=True)

    return wrapper


def print_snapshot(name: str, top: int = 20) -> None:
    current, _peak = tracemalloc.get_traced_memory()
    print(f"  -- at {name}: {current / 1e6:.1f} MB traced; biggest allocation sites:")
    for stat in tracemalloc.take_snapshot().statistics("lineno")[:top]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"     {stat.size / 1e6:7.1f} MB {stat.count:10,} blocks  {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--trace", action="store_true", help="memory by step (tracemalloc)")
    parser.add_argument("--snapshot", metavar="STEP", help="allocation sites when STEP starts")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no such database")
    trace = args.trace or args.snapshot is not None
    depth = [0]
    for name in STEPS:
        setattr(rules, name, measured(name, getattr(rules, name), trace, args.snapshot, depth))
    conn = open_for_reading(args.db)
    gc.disable()  # as resolution runs (explorer.pipeline.resolution._without_cyclic_gc)
    if trace:
        tracemalloc.start()
    actors = gazetteer.load_actors(())
    started = time.process_time()
    groups, evidence = resolution_state.load_resolution_state(conn)
    print(f"{args.db}: {len(groups):,} surface groups, {len(evidence):,} with evidence")
    print(f"  load state{'':32} CPU {time.process_time() - started:6.2f} s")
    started = time.process_time()
    clustering = rules.cluster_groups(groups, actors, evidence)
    print(f"  cluster_groups, total{'':21} CPU {time.process_time() - started:6.2f} s")
    started = time.process_time()
    rules.build_entities(clustering)
    print(f"  build_entities{'':28} CPU {time.process_time() - started:6.2f} s")
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        print(f"  traced Python memory: {current / 1e6:.1f} MB now, {peak / 1e6:.1f} MB peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
