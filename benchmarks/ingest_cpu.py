"""CPU time of a whole ``libya-explore ingest`` with two checkouts' code, alternated.

    python benchmarks/ingest_cpu.py CORPUS --before DIR [--rounds 3]

Each round ingests ``CORPUS`` into a fresh database once with the ``explorer`` package in
``DIR`` (``git archive main explorer | tar -x -C DIR``) and once with this checkout's, in
alternating order, and prints the CPU seconds of the ingest and all its processes (user +
system, ``getrusage(RUSAGE_CHILDREN)``) with the one-minute load; then each side's median. CPU
time moves less than wall time on a shared machine, but heavy load still moves it: read the
rounds, not only the medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

INGEST = (
    "import sys; from explorer.cli import main; "
    "sys.argv = ['libya-explore', 'ingest', '-q', sys.argv[1], '--db', sys.argv[2]]; main()"
)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest_cpu(checkout: Path | None, corpus: Path, db: Path) -> float:
    """CPU seconds of one ingest with the ``explorer`` of ``checkout`` (None: this one)."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    before = children_cpu()
    command = [sys.executable, "-c", INGEST, str(corpus), str(db)]
    subprocess.run(command, env=env, check=True, cwd=db.parent, stdout=subprocess.DEVNULL)
    return children_cpu() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="holds the other explorer")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not (args.before / "explorer" / "__init__.py").is_file():
        sys.exit(f"{args.before}: holds no explorer package")
    sides: dict[str, Path | None] = {"before": args.before.resolve(), "after": None}
    seconds: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(args.rounds):
            order = list(sides) if index % 2 == 0 else list(reversed(sides))
            for name in order:
                db = Path(scratch) / f"{name}{index}.db"
                cpu = ingest_cpu(sides[name], args.corpus.resolve(), db)
                seconds[name].append(cpu)
                print(f"round {index + 1} {name}: {cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}")
    for name, values in seconds.items():
        print(f"{name}: median {statistics.median(values):.1f} s CPU")


if __name__ == "__main__":
    main()
