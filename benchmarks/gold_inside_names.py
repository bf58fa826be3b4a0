"""Gold occurrences that a longer system mention holds, outside their actor's largest entity.

The candidates for the gold's selection point 4 (``benchmarks/gold/README.md``): "US" of "US
Airways" scored as the country because the gold lists only the surface "US" in that story. Each
line is one (actor, gold surface, mention text, entity, document) with its count; a person
judges which are longer names of their own (a gold row for the longer name) and which are junk
spans (a nationality or title glued in front: the short actor stays). Nothing is written.

Usage: ``python benchmarks/gold_inside_names.py --db DB [--gold benchmarks/gold/bbc_actors.tsv]``
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from eval_actors import DEFAULT_GOLD, load_corpus, load_gold, matched_gold


def inside_names(db: Path, gold: Path) -> Counter[tuple[str, str, str, str, str]]:
    """(actor, surface, mention text, entity name, document) → occurrences, for every gold
    occurrence mapped to a longer mention that contains its surface, in an entity other than
    the actor's largest."""
    rows, _junk = load_gold(gold)
    corpus = load_corpus(db)
    items = list(matched_gold(rows, corpus, Counter()))
    by_actor: dict[str, Counter[int]] = defaultdict(Counter)
    for row, _doc_id, mention in items:
        by_actor[row.actor][mention.entity_id] += 1
    largest = {actor: entities.most_common(1)[0][0] for actor, entities in by_actor.items()}
    found: Counter[tuple[str, str, str, str, str]] = Counter()
    for row, _doc_id, mention in items:
        longer = len(mention.text) > len(row.surface) and row.surface in mention.text
        if longer and mention.entity_id != largest[row.actor]:
            entity = corpus.entity_name[mention.entity_id]
            found[(row.actor, row.surface, mention.text, entity, row.doc)] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args(argv)
    found = inside_names(args.db, args.gold)
    for key, n in sorted(found.items()):
        print(n, *key, sep="\t")
    print(f"{sum(found.values())} occurrences, {len(found)} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
