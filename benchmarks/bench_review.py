"""The review queue (issue 12 point 7): how many items of each kind, how long the queue takes,
and how many of the first items are real errors (hand judgments in ``benchmarks/gold``).

Times are measured in this one run, side by side: the first queue of the process (it loads the
given-name and country tables), the queue again (what the explorer pays on each refresh), and,
as a reference, listing every entity with ``entities``' query; CPU time of this process
(``time.process_time``) beside wall time, since other jobs on a shared machine disturb wall time
far more. The database is opened read-only.

Usage: ``python benchmarks/bench_review.py --db /work/data/bbc.db [--repeat 5]
[--judged benchmarks/gold/review_bbc_top30.tsv] [--top 30]``
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from explorer.store.connect import open_for_reading
from explorer.store.queries import top_entities
from explorer.store.review import item_evidence, review_queue

GOLD = Path(__file__).parent / "gold" / "review_bbc_top30.tsv"


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """``(cpu, wall)`` seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    call()
    return time.process_time() - cpu, time.perf_counter() - wall


def judgments(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["id"]: row["verdict"] for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--judged", type=Path, default=GOLD)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    conn = open_for_reading(args.db)
    first = timed(lambda: review_queue(conn))
    again = min(timed(lambda: review_queue(conn)) for _ in range(args.repeat))
    listing = min(timed(lambda: top_entities(conn, None, -1)) for _ in range(args.repeat))
    items = review_queue(conn)
    evidence = min(
        timed(lambda: [item_evidence(conn, item) for item in items[:20]])
        for _ in range(args.repeat)
    )  # (cpu, wall) of 20 items
    entities = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    print(f"{args.db}: {entities:,} entities, {len(items):,} review items")
    for kind, n in sorted(Counter(item.kind for item in items).items()):
        print(f"  {kind:<10} {n:>6,}")
    print(f"queue, first in the process: cpu {first[0]:.3f} s, wall {first[1]:.3f} s")
    print(f"queue again (best of {args.repeat}): cpu {again[0]:.3f} s, wall {again[1]:.3f} s")
    print(f"every entity listed (reference): cpu {listing[0]:.3f} s, wall {listing[1]:.3f} s")
    print(f"  queue / listing (cpu): {again[0] / max(listing[0], 1e-9):.1f}x")
    print(
        f"evidence per item (first 20): cpu {evidence[0] * 1000 / 20:.1f} ms, "
        f"wall {evidence[1] * 1000 / 20:.1f} ms"
    )
    if args.judged.exists():
        verdicts = judgments(args.judged)
        top = items[: args.top]
        judged = [verdicts[item.id] for item in top if item.id in verdicts]
        errors = judged.count("error")
        print(
            f"first {len(top)} items: {len(judged)} judged, {errors} real errors, "
            f"{judged.count('ok')} right, {judged.count('unclear')} unclear: "
            f"precision {errors / max(len(judged), 1):.2f}"
        )
        for kind in sorted({item.kind for item in items}):
            first = [verdicts.get(item.id) for item in items if item.kind == kind][:10]
            seen = [v for v in first if v is not None]
            if seen:
                print(
                    f"  first {len(first)} {kind} items: {len(seen)} judged, "
                    f"{seen.count('error')} real errors: precision "
                    f"{seen.count('error') / len(seen):.2f}"
                )
    conn.close()


if __name__ == "__main__":
    main()
