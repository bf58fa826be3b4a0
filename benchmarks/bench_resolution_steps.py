"""Where the time of adding one article goes, step by step, in the incremental resolution.

    python benchmarks/bench_resolution_steps.py ARTICLE.txt DB [DB ...] [--runs 3]

For each database, ``libya-explore ingest -q --db COPY ARTICLE.txt`` runs in a new process each
run (on a fresh copy; as a user runs it, so no cache is warm), with a timer around each step of
the resolution it ends with:
loading the resolution state, clustering, curation, building the entities, writing the changes.
With ``-`` for the article, the command is ``libya-explore resolve --db COPY`` (an incremental
resolution with nothing new). It prints the median of ``--runs`` runs (wall seconds, or with ``--cpu`` the CPU seconds of
the process, the writer process's left out; ``total``: the command past its imports) as a
Markdown row per database.

To compare two versions of the code side by side, run it alternately with each on the
``PYTHONPATH`` (``PYTHONPATH=/path/to/old/checkout python .../bench_resolution_steps.py``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import explorer.pipeline.resolution as pipeline_resolution
from explorer.cli import main as cli_main

#: (module, function) pairs timed, in the order of the resolution.
STEPS: list[tuple[ModuleType, str]] = [
    (pipeline_resolution.resolution_state, "load_resolution_state"),
    (pipeline_resolution, "cluster_groups"),
    (pipeline_resolution, "apply_decisions"),
    (pipeline_resolution, "build_entities"),
    (pipeline_resolution.resolution, "write_resolution_changes"),
]


#: The clock: wall time, or this process's CPU time with ``--cpu`` (steadier on a loaded machine).
CLOCK = time.process_time if "--cpu" in sys.argv else time.perf_counter


def timed(function: Callable, name: str, seconds: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = CLOCK()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += CLOCK() - start

    return wrapper


def add_one(db: Path, article: Path, folder: Path) -> dict[str, float]:
    """Ingest ``article`` into a copy of ``db``: seconds per step, and ``total``."""
    copy = folder / "copy.db"
    shutil.copyfile(db, copy)
    seconds: dict[str, float] = defaultdict(float)
    originals = [(module, name, getattr(module, name)) for module, name in STEPS]
    for module, name, function in originals:
        setattr(module, name, timed(function, name, seconds))
    start = CLOCK()
    try:
        if str(article) == "-":  # nothing added: `libya-explore resolve` (incremental)
            cli_main(["resolve", "--db", str(copy)])
        else:
            cli_main(["ingest", "-q", "--db", str(copy), str(article)])
    except SystemExit as done:
        if done.code:
            raise
    finally:
        seconds["total"] = CLOCK() - start
        for module, name, function in originals:
            setattr(module, name, function)
        copy.unlink()
    return seconds


def in_new_process(db: Path, article: Path, cpu: bool = False) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", str(article), str(db)] + ["--cpu"] * cpu
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "article", type=Path, help="the article added (a .txt file); - for `resolve` alone"
    )
    parser.add_argument("dbs", nargs="+", type=Path, help="resolved databases (not modified)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cpu", action="store_true", help="CPU time of the process (not the writer's) for wall"
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # one run, in the process the parent started
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(add_one(args.dbs[0], args.article, Path(tmp))))
        return 0
    names = [name for _module, name in STEPS] + ["total"]
    print("| database | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for db in args.dbs:
        runs = [in_new_process(db, args.article, args.cpu) for _ in range(args.runs)]
        medians = [statistics.median(run[name] for run in runs) for name in names]
        print(f"| {db.name} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
