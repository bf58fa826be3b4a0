"""The review queue's "one name, two story groups" items against the hand-labelled gold actors.

    python benchmarks/eval_story_groups.py --db DB [--gold benchmarks/gold/bbc_actors.tsv]
        [--top 20] [--show 30] [--json] [--timing 5]

For each ``story-groups`` item of ``libya-explore review`` (on a resolved database), the gold
occurrences (:mod:`eval_actors`'s mapping) of the item's entity are counted per story group.
An item is a **real two-actor entity** when the gold puts two or more actors in the entity
(``eval_actors.py``'s wrong merges list it); its **split is right** when two of its groups have
different majority gold actors (the split would separate them). Groups without gold occurrences
say nothing: such an item counts as unjudged for the split. Reports the number of items, both
precisions over the first ``--top`` items, and which of the gold's wrong merges whose actors
live in different documents (the kind this item is for) the queue finds. ``--timing N``: the
whole queue's CPU time (``time.process_time``, best of N, after a warm-up) with and without the
story-groups kind, measured side by side in this one run.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_actors as ea  # noqa: E402

from explorer.resolution.review import KINDS, STORY_GROUPS  # noqa: E402
from explorer.store.review import review_queue  # noqa: E402


def gold_by_entity_document(db: Path, gold: Path) -> dict[int, dict[int, Counter]]:
    """Per system entity, per document id, its gold actors by occurrences (the mapping of
    :func:`eval_actors.map_gold`, keeping the document)."""
    corpus = ea.load_corpus(db)
    rows, _junk = ea.load_gold(gold)
    found: dict[int, dict[int, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for row, doc_id, mention in ea.matched_gold(rows, corpus, Counter()):
        found[mention.entity_id][doc_id][row.actor] += 1
    return found


def judge(item, gold: dict[int, dict[int, Counter]]) -> dict:
    documents = gold.get(item.entities[0], {})
    actors = Counter()
    for counts in documents.values():
        actors.update(counts)
    majorities = []
    for group in item.groups:
        counts = Counter()
        for d in group.documents:
            counts.update(documents.get(d, Counter()))
        majorities.append(counts.most_common(1)[0][0] if counts else None)
    known = [m for m in majorities if m is not None]
    return {
        "id": item.id,
        "entity": item.entities[0],
        "certainty": round(item.certainty, 3),
        "weight": item.weight,
        "reason": item.reason,
        "gold_actors": actors.most_common(),
        "two_actor": len(actors) > 1,
        "group_actors": majorities,
        "split_right": None if len(known) < 2 else len(set(known)) > 1,
    }


def story_kind_wrong_merges(gold: dict[int, dict[int, Counter]]) -> dict[int, list]:
    """Entities whose gold actors live in different documents: two or more actors, each the
    majority of at least two documents."""
    found = {}
    for entity_id, documents in gold.items():
        owners = Counter(counts.most_common(1)[0][0] for counts in documents.values() if counts)
        if sum(1 for n in owners.values() if n >= 2) >= 2:
            found[entity_id] = owners.most_common()
    return found


def queue_cpu(db: Path, repeat: int) -> tuple[float, float]:
    """Best CPU seconds of the whole queue without and with the story-groups kind, alternated."""
    others = tuple(kind for kind in KINDS if kind != STORY_GROUPS)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        review_queue(conn)  # warm-up: word tables, page cache
        best = [float("inf"), float("inf")]
        for _ in range(repeat):
            for n, kinds in enumerate((others, KINDS)):
                start = time.process_time()
                review_queue(conn, kinds)
                best[n] = min(best[n], time.process_time() - start)
    finally:
        conn.close()
    return best[0], best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="libya-explore database (resolved)")
    parser.add_argument("--gold", type=Path, default=ea.DEFAULT_GOLD, help="gold actors TSV")
    parser.add_argument("--top", type=int, default=20, help="precision over the first N items")
    parser.add_argument("--show", type=int, default=30, help="items listed")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--timing", type=int, default=0, help="time the queue, best of N")
    args = parser.parse_args(argv)
    conn = sqlite3.connect(args.db)
    try:
        items = review_queue(conn, [STORY_GROUPS])
    finally:
        conn.close()
    gold = gold_by_entity_document(args.db, args.gold)
    judged = [judge(item, gold) for item in items]
    top = judged[: args.top]
    splits = [j for j in top if j["split_right"] is not None]
    wanted = story_kind_wrong_merges(gold)
    listed = {j["entity"] for j in judged}
    result = {
        "items": len(judged),
        "two_actor_items": sum(j["two_actor"] for j in judged),
        f"top{args.top}_two_actor": sum(j["two_actor"] for j in top),
        f"top{args.top}_split_right": sum(bool(j["split_right"]) for j in splits),
        f"top{args.top}_split_judged": len(splits),
        "gold_story_wrong_merges": len(wanted),
        "gold_story_wrong_merges_listed": sum(1 for e in wanted if e in listed),
        "items_shown": judged[: args.show],
    }
    if args.timing:
        without, with_kind = queue_cpu(args.db, args.timing)
        result["queue_cpu_without_story_groups"] = round(without, 3)
        result["queue_cpu_with_story_groups"] = round(with_kind, 3)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    n = len(top)
    print(
        f"story-groups items: {result['items']} ({result['two_actor_items']} on entities the "
        "gold says hold two or more actors)"
    )
    print(
        f"first {n}: {result[f'top{args.top}_two_actor']}/{n} real two-actor entities; "
        f"split right in {result[f'top{args.top}_split_right']} of the "
        f"{len(splits)} with gold in two groups"
    )
    print(
        f"gold wrong merges whose actors live in different documents: {len(wanted)}, "
        f"listed: {result['gold_story_wrong_merges_listed']}"
    )
    for j in judged[: args.show]:
        mark = "Y" if j["two_actor"] else "."
        split = {True: "split right", False: "split wrong", None: "unjudged"}[j["split_right"]]
        print(f"{mark} {j['certainty']:.2f} {split:11} {j['reason'][:110]}")
    if args.timing:
        print(
            f"whole queue CPU, best of {args.timing}: {result['queue_cpu_without_story_groups']} s "
            f"without story-groups, {result['queue_cpu_with_story_groups']} s with"
        )
    missed = [(e, owners) for e, owners in wanted.items() if e not in listed]
    if missed:
        print("not listed:", "; ".join(f"#{e} {owners[:2]}" for e, owners in missed[:15]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
