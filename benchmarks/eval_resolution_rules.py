"""Precision of each short-form rule of actor resolution on a labelled corpus.

    python benchmarks/eval_resolution_rules.py --db DB [--gold benchmarks/gold/bbc_actors.tsv]
        [--detail REASON]

Resolves the database's stored mentions in memory (nothing is written) and reads, for every
surface group that joined an entity by a rule rather than by its own spelling, why it joined
(``ResolvedEntity.reasons``: "part of a name: same document", "acronym", "surname: the only
person", "surname: shared co-actors", "surname: corpus majority", "name cut short"). A join is
right when the gold actor of that surface in that document is the gold actor most of the
entity's other (own-spelling) members have. Joins whose surface or entity has no gold actor
are counted apart; in an entity every member of which joined by a rule (a gazetteer actor's),
the entity's actor is the one most of all its members have. The gold is keyed by surface, not position, so a surface that names two
actors in one document (a name the model cut short: "BBC" of "BBC One") is judged by its
first row: for "name cut short" use ``eval_actors.py``, which maps occurrences by position.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

from explorer.resolution import gazetteer
from explorer.resolution.evidence import gather_evidence
from explorer.resolution.resolve import build_entities, cluster_groups
from explorer.store import documents, resolution
from explorer.store.connect import open_for_writing

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "bbc_actors.tsv"
NOT_JUDGED = ("", "-", "?")


def load_gold(path: Path) -> dict[tuple[str, str], str]:
    """(document key, surface) → actor, first row wins."""
    gold: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 3 or row[0].startswith("#") or row[0] == "doc":
                continue
            gold.setdefault((row[0], row[1]), row[2])
    return gold


def judge(db_path: Path, gold: dict[tuple[str, str], str], detail: str = "") -> dict[str, Counter]:
    """Per rule: right, wrong and unjudged joins, plus up to 8 wrong examples; with ``detail``,
    prints every judged join of the rules whose reason starts with it, counted."""
    with sqlite3.connect(db_path) as connection:
        key_of = {
            i: path.rsplit("#", 1)[-1]
            for i, path in connection.execute("SELECT id, path FROM documents")
        }
    db = open_for_writing(db_path)
    try:
        evidence = gather_evidence(resolution.load_mention_contexts(db))
        clustering = cluster_groups(
            resolution.load_surface_groups(db),
            gazetteer.load_actors(()),
            evidence,
            documents.headlines(db),
        )
    finally:
        db.close()
    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    tally: Counter[str] = Counter()  # --detail: every join of the rules it names
    for entity in build_entities(clustering):
        own = Counter(
            gold.get((key_of[d], text), "")
            for d, text, *_label_gender in entity.members
            if (d, text, *_label_gender) not in entity.reasons
        )
        if not +own or set(own) <= set(NOT_JUDGED):  # every member joined by a rule
            own = Counter(gold.get((key_of[d], text), "") for d, text, *_ in entity.members)
        for bad in NOT_JUDGED:
            own.pop(bad, None)
        target = own.most_common(1)[0][0] if own else None
        for (d, text, *_label_gender), reason in entity.reasons.items():
            rule = reason.split(" 0.")[0].split(" 1.")[0]
            actor = gold.get((key_of[d], text), "")
            if actor in NOT_JUDGED or target is None:
                counts[rule]["unjudged"] += 1
            elif actor == target:
                counts[rule]["right"] += 1
                if detail and rule.startswith(detail):
                    tally[f"right: {text} ({actor}) → {entity.name}"] += 1
            else:
                if detail and rule.startswith(detail):
                    tally[f"WRONG: {text} ({actor}) → {entity.name}"] += 1
                counts[rule]["wrong"] += 1
                if len(examples[rule]) < 8:
                    examples[rule].append(f"{text} ({actor}) → {entity.name}")
    for rule, found in examples.items():
        counts[rule]["examples"] = found  # type: ignore[assignment]
    for line, n in sorted(tally.items(), key=lambda item: (-item[1], item[0])):
        print(f"{n:5}  {line}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument(
        "--detail", default="", metavar="REASON", help="list every judged join of these rules"
    )
    args = parser.parse_args(argv)
    if not args.db.is_file() or not args.gold.is_file():
        print(f"error: {args.db if not args.db.is_file() else args.gold}: no such file")
        return 2
    counts = judge(args.db, load_gold(args.gold), args.detail)
    print(f"{'rule':32} {'judged':>6} {'right':>6} {'wrong':>6} {'precision':>9} {'no gold':>8}")
    for rule in sorted(counts):
        c = counts[rule]
        judged = c["right"] + c["wrong"]
        precision = f"{c['right'] / judged:.3f}" if judged else "-"
        print(
            f"{rule:32} {judged:6} {c['right']:6} {c['wrong']:6} {precision:>9} {c['unjudged']:8}"
        )
        if c.get("examples"):
            print("    wrong: " + "; ".join(c["examples"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
