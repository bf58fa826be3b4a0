"""One-process ingest of this checkout beside another (a commit of main), side by side.

    git worktree add --detach /tmp/base MAIN_COMMIT
    nice python benchmarks/bench_ingest_ab.py --base /tmp/base --words 100000 --rounds 3
    nice python benchmarks/bench_ingest_ab.py --base /tmp/base --workers 2

Both run with this virtual environment (same spaCy, same model); the other checkout's package is
imported instead of this one's (a ``sitecustomize`` drops the editable install's finder, in
the writer process too). Each
round ingests the same BBC slice into a fresh database with each checkout, alternating which
goes first; reports wall and CPU seconds (the ingest's process and its writer process) and the
ratio of medians. CPU time is the figure to read on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

#: Imported at start-up by every Python process of a run (the ingest and the writer process it
#: spawns): the editable install's finder dropped, the chosen checkout first on the path.
SITECUSTOMIZE = """
import os, sys
checkout = os.environ.get("BENCH_CHECKOUT")
if checkout:
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, checkout)
"""


def run(
    checkout: Path, slice_path: Path, db: Path, site: Path, extra: list[str]
) -> tuple[float, float]:
    """Wall and CPU seconds of one ingest (``wait4``: the process and its waited children)."""
    cmd = [sys.executable, "-m", "explorer", "ingest", str(slice_path), "--db", str(db), "-q"]
    cmd += extra
    env = dict(os.environ, PYTHONPATH=str(site), BENCH_CHECKOUT=str(checkout))
    started = time.perf_counter()
    process = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=site
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{checkout}: ingest failed: {process.stderr.read().decode()[-400:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    from bench_dask import CORPUS, write_slice

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout")
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="ingest --workers N")
    args = parser.parse_args(argv)
    extra = ["--workers", str(args.workers)] if args.workers > 1 else []
    checkouts = {"base": args.base.resolve(), "this": ROOT}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
        slice_path = Path(tmp) / "bbc.jsonl"
        n_docs, n_words = write_slice(CORPUS, args.words, slice_path)
        print(
            f"ingest {' '.join(extra)}{' ' if extra else ''}of {n_docs} BBC articles ({n_words:,} words), {args.rounds} rounds; "
            f"load average {os.getloadavg()[0]:.1f} at start"
        )
        for round_no in range(args.rounds):
            order = list(checkouts) if round_no % 2 == 0 else list(reversed(checkouts))
            for name in order:
                db = Path(tmp) / f"{name}{round_no}.db"
                results[name].append(run(checkouts[name], slice_path, db, site, extra))
                wall, cpu = results[name][-1]
                print(
                    f"  round {round_no + 1} {name:5} wall {wall:6.1f} s  CPU {cpu:6.1f} s",
                    flush=True,
                )
    medians = {
        name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        for name, runs in results.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"  {name:5} median wall {wall:6.1f} s  CPU {cpu:6.1f} s")
    ratio = medians["this"][1] / medians["base"][1]
    print(f"  CPU this/base: {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
