"""Every wrong and missed merge of two databases, entity by entity, side by side.

    python benchmarks/diff_merges.py --db NEW.db --compare OLD.db [--gold benchmarks/gold/bbc_actors.tsv]

``eval_actors.py`` prints the 15 largest wrong and missed merges of a database; this lists every
one that differs between two databases (an entity holding two or more gold actors, keyed by its
name and type; a gold actor spread over two or more entities), and the totals: how many there
are and how many occurrences sit outside their entity's (or actor's) largest share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_actors  # noqa: E402


def merges(db: Path, gold: Path) -> tuple[dict, dict]:
    """(entity name, type) → its wrong merge; gold actor → its missed merge."""
    eval_actors.TOP = 1_000_000  # every merge, not only the largest
    result = eval_actors.evaluate(db, gold)
    wrong = {(m["entity"], m["type"]): m for m in result["wrong_merges"]["top"]}
    missed = {m["actor"]: m for m in result["missed_merges"]["top"]}
    return wrong, missed


def _wrong(m: dict | None) -> str:
    if m is None:
        return "-"
    return f"{m['misplaced']} misplaced: " + ", ".join(f"{a} {n}" for a, n in m["actors"][:4])


def _missed(m: dict | None) -> str:
    if m is None:
        return "-"
    entities = ", ".join(f"{name} ({kind}) {n}" for name, _id, kind, n in m["entities"][:4])
    return f"{m['outside_largest']} outside: {entities}"


def report(new: tuple[dict, dict], old: tuple[dict, dict]) -> str:
    lines = []
    for title, index, size, show in (
        ("wrong merges", 0, "misplaced", _wrong),
        ("missed merges", 1, "outside_largest", _missed),
    ):
        a, b = old[index], new[index]
        lines.append(
            f"{title}: {len(a)} -> {len(b)}; occurrences {sum(m[size] for m in a.values())}"
            f" -> {sum(m[size] for m in b.values())}"
        )
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) == b.get(key):
                continue
            lines.append(f"  {key}\n    before: {show(a.get(key))}\n    after:  {show(b.get(key))}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="the new database")
    parser.add_argument("--compare", type=Path, required=True, help="the old database")
    parser.add_argument("--gold", type=Path, default=eval_actors.DEFAULT_GOLD)
    args = parser.parse_args(argv)
    try:
        print(report(merges(args.db, args.gold), merges(args.compare, args.gold)))
    except eval_actors.GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
