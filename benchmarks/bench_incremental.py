"""The cost of adding articles to a database: full re-resolution against incremental, side by side.

    python benchmarks/bench_incremental.py [--sizes 200,1990] [--runs 3] [--db-200 DB] [--db-2000 DB]

For each database size, the benchmark ingests 1 and then 100 more BBC articles into fresh copies
of the same database, alternating the two resolution modes run after run: ``full`` (every
ingest re-resolves the whole corpus: the resolution state recomputed from every mention, every
entity rewritten; what ``libya-explore resolve --full`` does, and what every ingest did before
issue 17) and ``incremental`` (the default now). It prints, per size and mode, the median cost of
the whole ingest (parse, write, resolve; the spaCy model is loaded once beforehand, so the
process start-up, the same for both, is left out) and of its resolution alone, then the ratios
the issue's targets are about: the cost at the largest size over the cost at the smallest.

The databases are built from ``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) in a temporary
folder (``--db-N`` reuses a database of N BBC articles built earlier; it is copied, never
changed). The articles added are never in the base databases. On a shared machine only ratios
measured in one run mean anything.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
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


def prepared_base(size: int, lines: list[str], given: Path | None, folder: Path) -> Path:
    """A database of ``size`` BBC articles, migrated and fully resolved (its state built)."""
    base = folder / f"base{size}.db"
    if given is not None:
        shutil.copyfile(given, base)
    else:
        corpus = write_jsonl(lines[:size], folder / f"base{size}.jsonl")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="200,1990",
        help="base sizes (the corpus has 2,092 distinct articles: 1,990 leaves 101 to add)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per mode of adding 1 article")
    parser.add_argument("--runs-100", type=int, default=1, help="runs per mode of adding 100")
    for size in (200, 1000, 1990):
        parser.add_argument(f"--db-{size}", type=Path, help=f"a database of {size} BBC articles")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not BBC.is_file():
        print(f"error: {BBC}: no such corpus (set $BBC_CORPUS)", file=sys.stderr)
        return 2
    lines = bbc_lines()
    if max(sizes) + ADDED + 1 > len(lines):
        print(f"error: the corpus has {len(lines)} articles", file=sys.stderr)
        return 2
    results: dict[tuple[int, int, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = write_jsonl(lines[-1:], folder / "one.jsonl")
        hundred = write_jsonl(lines[-1 - ADDED : -1], folder / "hundred.jsonl")
        ingest([one], folder / "warm.db", IngestOptions())  # loads the spaCy model once
        for size in sizes:
            base = prepared_base(size, lines, getattr(args, f"db_{size}", None), folder)
            for added, path, runs in ((1, one, args.runs), (ADDED, hundred, args.runs_100)):
                for _run in range(runs):
                    for mode in MODES:
                        measured = add_articles(base, path, folder, mode == "full")
                        results.setdefault((size, added, mode), []).append(measured)
    report(sizes, results)
    return 0


def report(
    sizes: list[int], results: dict[tuple[int, int, str], list[tuple[float, float]]]
) -> None:
    def median(size: int, added: int, mode: str, part: int) -> float:
        return statistics.median(r[part] for r in results[(size, added, mode)])

    print("| articles | added | mode | ingest (s) | of which resolution (s) |")
    print("|---:|---:|---|---:|---:|")
    for size in sizes:
        for added in (1, ADDED):
            for mode in MODES:
                print(
                    f"| {size:,} | {added} | {mode} | {median(size, added, mode, 0):.2f} | "
                    f"{median(size, added, mode, 1):.2f} |"
                )
    small, large = min(sizes), max(sizes)
    print()
    for added in (1, ADDED):
        for mode in MODES:
            total = median(large, added, mode, 0) / median(small, added, mode, 0)
            resolve = median(large, added, mode, 1) / median(small, added, mode, 1)
            print(
                f"adding {added:>3} at {large:,} / at {small:,}, {mode:11}: ingest x{total:.2f}, "
                f"resolution x{resolve:.2f}"
            )
        for size in sizes:
            speedup = median(size, added, "full", 0) / median(size, added, "incremental", 0)
            print(f"adding {added:>3} at {size:,}: full / incremental ingest x{speedup:.2f}")


if __name__ == "__main__":
    sys.exit(main())
