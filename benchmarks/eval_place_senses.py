"""How a one-word name with several gold actors (a city and its clubs) could be told apart.

    python benchmarks/eval_place_senses.py --db DB [--gold benchmarks/gold/bbc_actors.tsv]
        [--threshold 0.1] [WORD ...]

Without words it takes every one-word gold surface that denotes two or more gold actors in at
least :data:`MIN_DOCUMENTS` documents ("Newcastle": the city, the football club, the rugby
club). For each word and each gold actor behind it, it counts:

- ``docs``: the documents whose bare mentions of the word denote that actor;
- ``longer``: of those, the documents that also write a longer name beginning with the word
  ("Newcastle Falcons"): the anchor a per-story rule "the one longer name of the story that
  starts with this word" would need;
- ``nn_same``: of those, the documents whose nearest neighbour among the word's other documents
  (Jaccard of the entities each document names, the word's own entity left out) denotes the
  same actor: whether the story's co-actors tell the senses apart;
- the components of the word's documents linked when that Jaccard is at least ``--threshold``
  (single linkage): how many, and how many documents sit in a component that mixes actors;
- each component's anchors: the word followed by a capitalised word anywhere in its documents'
  text ("Newcastle Falcons", "Edinburgh Airport"), and which gold actors a component with
  exactly one anchor holds (what "a component joins its one anchor" would do), with the labels
  and cues of the component's bare mentions (:mod:`explorer.resolution.evidence`: place cues,
  organisation cues), which a rule would have to read to tell "Glasgow Green" (a park in a
  story about the city) from "Glasgow Rugby" (the club the story's "Glasgow" is).

It reads the database through SQL on the documented schema only, as ``eval_actors.py`` does.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

from explorer.resolution.evidence import CONTEXT_CHARS, MentionContext, mention_evidence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_actors import DEFAULT_GOLD, GoldError, document_key, load_gold, open_database  # noqa: E402

#: A word needs gold rows in at least this many documents to be listed by default.
MIN_DOCUMENTS = 10


def ambiguous_words(gold: dict[tuple[str, str], str]) -> list[str]:
    """One-word gold surfaces with two or more gold actors over enough documents."""
    actors: dict[str, set[str]] = defaultdict(set)
    documents: Counter[str] = Counter()
    for (_doc, surface), actor in gold.items():
        if " " not in surface and actor not in ("-", "?"):
            actors[surface].add(actor)
            documents[surface] += 1
    return sorted(w for w, a in actors.items() if len(a) > 1 and documents[w] >= MIN_DOCUMENTS)


def entities_by_document(connection: sqlite3.Connection) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for document_id, entity_id in connection.execute("SELECT document_id, entity_id FROM mentions"):
        found[document_id].add(entity_id)
    return found


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def components(
    documents: list[int], context: dict[int, set[int]], threshold: float
) -> list[list[int]]:
    """Single-linkage components of documents whose contexts overlap at least ``threshold``."""
    parent = {d: d for d in documents}

    def find(d: int) -> int:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for i, a in enumerate(documents):
        for b in documents[i + 1 :]:
            if jaccard(context[a], context[b]) >= threshold:
                parent[find(a)] = find(b)
    grouped: dict[int, list[int]] = defaultdict(list)
    for d in documents:
        grouped[find(d)].append(d)
    return list(grouped.values())


def usage(connection: sqlite3.Connection, word: str, documents: list[int]) -> Counter[str]:
    """Labels and cues of the bare mentions of ``word`` in ``documents``."""
    found: Counter[str] = Counter()
    for document_id in documents:
        (text,) = connection.execute(
            "SELECT text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        for label, start, end in connection.execute(
            'SELECT label, start, "end" FROM mentions WHERE document_id = ? AND text = ?',
            (document_id, word),
        ):
            found[label] += 1
            context = MentionContext(
                text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
            )
            cues = mention_evidence(word, context)
            found["place cue"] += bool(cues and cues.place_cues)
            found["org cue"] += bool(cues and cues.org_cues)
    return +found


def measure_word(
    connection: sqlite3.Connection,
    word: str,
    gold: dict[tuple[str, str], str],
    entities: dict[int, set[int]],
    threshold: float,
) -> dict:
    """The counts of the module docstring for one word."""
    rows = connection.execute(
        "SELECT DISTINCT m.document_id, d.path, m.entity_id FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE m.text = ?",
        (word,),
    ).fetchall()
    own = {entity_id for _d, _p, entity_id in rows}
    actor_of = {
        document_id: gold[(document_key(path), word)]
        for document_id, path, _e in rows
        if (document_key(path), word) in gold
    }
    documents = sorted(actor_of)
    context = {d: entities[d] - own for d in documents}
    per_actor: dict[str, Counter[str]] = defaultdict(Counter)
    for d in documents:
        counts = per_actor[actor_of[d]]
        counts["docs"] += 1
        longer = connection.execute(
            "SELECT 1 FROM mentions WHERE document_id = ? AND text LIKE ? LIMIT 1",
            (d, f"{word} %"),
        ).fetchone()
        counts["longer"] += longer is not None
        others = [o for o in documents if o != d]
        if others:
            nearest = max(others, key=lambda o: (jaccard(context[d], context[o]), -o))
            counts["nn_same"] += actor_of[nearest] == actor_of[d]
    parts = components(documents, context, threshold)
    anchored = []
    for part in parts:
        names = set()
        for d in part:
            (text,) = connection.execute("SELECT text FROM documents WHERE id = ?", (d,)).fetchone()
            names |= set(re.findall(rf"\b{re.escape(word)} [A-Z][\w-]+", text))
        if len(names) == 1:
            held = dict(Counter(actor_of[d] for d in part))
            anchored.append((names.pop(), held, dict(usage(connection, word, part))))
    mixed = [p for p in parts if len({actor_of[d] for d in p}) > 1]
    return {
        "word": word,
        "actors": {a: dict(c) for a, c in sorted(per_actor.items())},
        "components": len(parts),
        "mixed_components": len(mixed),
        "documents_in_mixed": sum(len(p) for p in mixed),
        "largest_components": sorted(
            (dict(Counter(actor_of[d] for d in p)) for p in parts),
            key=lambda c: -sum(c.values()),
        )[:4],
        "one_anchor": anchored,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--threshold", type=float, default=0.1)
    parser.add_argument("words", nargs="*")
    args = parser.parse_args(argv)
    try:
        rows, _junk = load_gold(args.gold)
        connection = open_database(args.db)
    except GoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    gold = {(r.doc, r.surface): r.actor for r in rows}
    entities = entities_by_document(connection)
    totals: Counter[str] = Counter()
    for word in args.words or ambiguous_words(gold):
        result = measure_word(connection, word, gold, entities, args.threshold)
        print(
            f"{word}: {result['components']} components at Jaccard >= {args.threshold}, "
            f"{result['mixed_components']} mixing actors ({result['documents_in_mixed']} docs)"
        )
        for actor, counts in result["actors"].items():
            print(
                f"  {actor:<28} docs {counts.get('docs', 0):3}  "
                f"longer name in story {counts.get('longer', 0):3}  "
                f"nearest neighbour same actor {counts.get('nn_same', 0):3}"
            )
            totals.update(counts)
        print(f"  largest components: {result['largest_components']}")
        for anchor, held, used in result["one_anchor"]:
            print(f"  component with one anchor {anchor!r}: {held}; bare mentions {used}")
        totals["mixed"] += result["documents_in_mixed"]
    print(
        f"total: {totals['docs']} docs; longer name in story {totals['longer']}; nearest "
        f"neighbour same actor {totals['nn_same']}; docs in mixed components {totals['mixed']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
