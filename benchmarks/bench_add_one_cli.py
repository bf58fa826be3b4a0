"""Adding one article as a user does (``libya-explore ingest`` in a new process), two versions of
the code alternated, CPU time measured: what a loaded shared machine distorts least.

    python benchmarks/bench_add_one_cli.py ARTICLE \\
        --code before=/tmp/old_checkout:/tmp/bench_before \\
        --code after=/path/to/worktree:/tmp/bench_after [--sizes 200,1990] [--rounds 5]

Each ``--code NAME=SOURCE:BASES`` is a checkout (put first on ``PYTHONPATH``; the command runs
from it) and a folder of its base databases ``baseN.db`` (as ``bench_incremental.py --work``
builds them; each version needs its own: a newer schema is refused by older code, and the
form cache is only read by the code that made it, so resolve them with ``resolve --full`` by
that version first). Each run ingests ARTICLE into a fresh copy. Prints every run, then the
medians of wall and CPU seconds (the child's user + system time, ``wait4``) per version and
size, and the ratio of the largest size to the smallest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(source: Path, base: Path, article: Path, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``libya-explore ingest`` of ``article`` into a copy of
    ``base``, with ``source`` first on the path."""
    copy = folder / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, copy)
    env = dict(os.environ, PYTHONPATH=str(source))
    command = [sys.executable, "-m", "explorer", "ingest", "-q", "--db", str(copy), str(article)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"error: {' '.join(command)} failed (from {source})")
    return wall, usage.ru_utime + usage.ru_stime


def parse_code(value: str) -> tuple[str, Path, Path]:
    name, _, paths = value.partition("=")
    source, _, bases = paths.partition(":")
    if not name or not source or not bases:
        raise argparse.ArgumentTypeError(f"{value}: expected NAME=SOURCE:BASES")
    return name, Path(source), Path(bases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path)
    parser.add_argument("--code", type=parse_code, action="append", required=True)
    parser.add_argument("--sizes", default="200,1990")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    for _name, _source, bases in args.code:
        for size in sizes:
            if not (bases / f"base{size}.db").is_file():
                print(f"error: {bases / f'base{size}.db'}: no such database", file=sys.stderr)
                return 2
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _round in range(args.rounds):
            for name, source, bases in args.code:
                for size in sizes:
                    wall, cpu = run_once(source, bases / f"base{size}.db", args.article, Path(tmp))
                    results.setdefault((name, size), []).append((wall, cpu))
                    load = os.getloadavg()[0]
                    print(f"{name} {size}: wall {wall:.2f} s, CPU {cpu:.2f} s (load {load:.1f})")
    print()
    small, large = min(sizes), max(sizes)
    for name, _source, _bases in args.code:
        wall = {s: statistics.median(r[0] for r in results[(name, s)]) for s in sizes}
        cpu = {s: statistics.median(r[1] for r in results[(name, s)]) for s in sizes}
        columns = ", ".join(f"{s:,}: wall {wall[s]:.2f} CPU {cpu[s]:.2f}" for s in sizes)
        print(
            f"{name}: {columns}; at {large:,} / at {small:,}: wall x{wall[large] / wall[small]:.2f},"
            f" CPU x{cpu[large] / cpu[small]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
