"""The cost of adding articles to a database: full re-resolution against incremental, side by side.

    python benchmarks/bench_incremental.py [--sizes 200,1990] [--runs 3] [--work DIR]

For each database size, the benchmark ingests 1 and then 100 more BBC articles into fresh copies
of the same database, alternating the two resolution modes run after run: ``full`` (every
ingest re-resolves the whole corpus: the resolution state recomputed from every mention, every
entity rewritten; what ``libya-explore resolve --full`` does, and what every ingest did before
issue 17) and ``incremental`` (the default now). It prints, per size and mode, the median cost of
the whole ingest (parse, write, resolve; the spaCy model is loaded once beforehand, so the
process start-up, the same for both, is left out) and of its resolution alone, then the ratios
the issue's targets are about: the cost at the largest size over the cost at the smallest.
Adding one article is also timed as a user runs it, ``libya-explore ingest`` in a new process
(Python start-up, imports and the spaCy model load included; the "cli" columns).

The base databases are built from ``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``): its first
N distinct articles, in ``--work DIR`` (kept and reused by the next run; default: a temporary
folder). Each measurement works on a copy. The articles added are the corpus's last ones, never
in a base database. On a shared machine only ratios measured in one run mean anything.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from explorer.pipeline import ingest as ingest_module
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.pipeline.resolution import run_resolution
from explorer.store.connect import open_for_writing

BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))
#: Articles of the corpus kept for adding: the last ones, never in a base database.
ADDED = 100
MODES = ("full", "incremental")


def bbc_lines() -> list[str]:
    """The corpus's JSONL lines, without the articles whose text came earlier (duplicates,
    which an ingest would skip)."""
    seen: set[str] = set()
    lines = []
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and (text := json.loads(line)["text"]) not in seen:
                seen.add(text)
                lines.append(line)
    return lines


def write_jsonl(lines: list[str], path: Path) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def prepared_base(size: int, lines: list[str], work: Path) -> Path:
    """A database of ``size`` BBC articles, migrated and fully resolved (its state built)."""
    base = work / f"base{size}.db"
    if not base.exists():
        corpus = write_jsonl(lines[:size], work / f"base{size}.jsonl")
        print(f"building a database of {size} articles ...", file=sys.stderr, flush=True)
        ingest([corpus], base, IngestOptions())
    db = open_for_writing(base)
    try:
        run_resolution(db, full=True)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return base


@contextmanager
def resolution_mode(full: bool, seconds: list[float]) -> Iterator[None]:
    """Make ingest resolve in this mode, timing its resolution into ``seconds``."""
    original: Callable = ingest_module.run_resolution

    def timed(db, actors_files=()):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return run_resolution(db, actors_files, full=full)
        finally:
            seconds.append(time.perf_counter() - start)

    ingest_module.run_resolution = timed  # type: ignore[assignment]
    try:
        yield
    finally:
        ingest_module.run_resolution = original  # type: ignore[assignment]


def add_articles(base: Path, added: Path, folder: Path, full: bool) -> tuple[float, float]:
    """Ingest ``added`` into a fresh copy of ``base``: (whole ingest, resolution) in seconds."""
    copy = folder / "copy.db"
    shutil.copyfile(base, copy)
    seconds: list[float] = []
    with resolution_mode(full, seconds):
        start = time.perf_counter()
        summary = ingest([added], copy, IngestOptions())
        total = time.perf_counter() - start
    if summary.added == 0 or summary.failed:
        raise SystemExit(f"error: {added}: nothing added ({summary.problems})")
    copy.unlink()
    return total, sum(seconds)


def add_in_new_process(base: Path, added: Path, folder: Path, full: bool) -> float:
    """``libya-explore ingest`` of ``added`` into a fresh copy of ``base``, in a new process
    (this script's ``--add``, which resolves in the given mode): its wall time in seconds."""
    copy = folder / "copy.db"
    shutil.copyfile(base, copy)
    mode = "full" if full else "incremental"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--add", str(copy), str(added), "--mode", mode], check=True
    )
    elapsed = time.perf_counter() - start
    copy.unlink()
    return elapsed


def add_command(db: Path, added: Path, mode: str) -> int:
    """What ``--add`` runs: ``libya-explore ingest -q --db DB FILE``, resolving in ``mode``."""
    from explorer.cli import main as cli_main

    with resolution_mode(mode == "full", []):
        try:
            cli_main(["ingest", "-q", "--db", str(db), str(added)])
        except SystemExit as done:
            return int(done.code or 0)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="200,1990",
        help="base sizes (the corpus has 2,092 distinct articles: 1,990 leaves 101 to add)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per mode of adding 1 article")
    parser.add_argument("--runs-100", type=int, default=1, help="runs per mode of adding 100")
    parser.add_argument("--work", type=Path, help="where the base databases are built and kept")
    parser.add_argument("--add", nargs=2, type=Path, metavar=("DB", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=MODES, default="incremental", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.add:
        return add_command(*args.add, args.mode)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not BBC.is_file():
        print(f"error: {BBC}: no such corpus (set $BBC_CORPUS)", file=sys.stderr)
        return 2
    lines = bbc_lines()
    if max(sizes) + ADDED + 1 > len(lines):
        print(f"error: the corpus has {len(lines)} articles", file=sys.stderr)
        return 2
    results: dict[tuple[int, int, str], list[tuple[float, ...]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        work = args.work or folder
        work.mkdir(parents=True, exist_ok=True)
        one = write_jsonl(lines[-1:], folder / "one.jsonl")
        hundred = write_jsonl(lines[-1 - ADDED : -1], folder / "hundred.jsonl")
        ingest([one], folder / "warm.db", IngestOptions())  # loads the spaCy model once
        for size in sizes:
            base = prepared_base(size, lines, work)
            for added, path, runs in ((1, one, args.runs), (ADDED, hundred, args.runs_100)):
                for _run in range(runs):
                    for mode in MODES:
                        measured = add_articles(base, path, folder, mode == "full")
                        if added == 1:
                            cli = add_in_new_process(base, path, folder, mode == "full")
                            measured = (*measured, cli)
                        results.setdefault((size, added, mode), []).append(measured)
    report(sizes, results)
    return 0


def report(
    sizes: list[int], results: dict[tuple[int, int, str], list[tuple[float, float]]]
) -> None:
    def median(size: int, added: int, mode: str, part: int) -> float:
        return statistics.median(r[part] for r in results[(size, added, mode)])

    print("| articles | added | mode | ingest (s) | of which resolution (s) | cli (s) |")
    print("|---:|---:|---|---:|---:|---:|")
    for size in sizes:
        for added in (1, ADDED):
            for mode in MODES:
                cli = f"{median(size, added, mode, 2):.2f}" if added == 1 else ""
                print(
                    f"| {size:,} | {added} | {mode} | {median(size, added, mode, 0):.2f} | "
                    f"{median(size, added, mode, 1):.2f} | {cli} |"
                )
    small, large = min(sizes), max(sizes)
    print()
    for added in (1, ADDED):
        for mode in MODES:
            total = median(large, added, mode, 0) / median(small, added, mode, 0)
            resolve = median(large, added, mode, 1) / median(small, added, mode, 1)
            cli = ""
            if added == 1:
                cli = f", cli x{median(large, 1, mode, 2) / median(small, 1, mode, 2):.2f}"
            print(
                f"adding {added:>3} at {large:,} / at {small:,}, {mode:11}: ingest x{total:.2f}, "
                f"resolution x{resolve:.2f}{cli}"
            )
        for size in sizes:
            speedup = median(size, added, "full", 0) / median(size, added, "incremental", 0)
            print(f"adding {added:>3} at {size:,}: full / incremental ingest x{speedup:.2f}")


if __name__ == "__main__":
    sys.exit(main())
