"""A deterministic synthetic corpus of PARSED articles, at any size, for the scale benchmark.

    python benchmarks/scale_corpus.py --articles 1000 --out /tmp/scale_1k.db

Running spaCy over 100,000 articles would take a day on a 2-core machine, so the articles are
generated together with what NER would have found in them: sentence spans and entity spans with
labels (:class:`explorer.parsed.ParsedText`), fed straight to the writer
(:func:`explorer.store.documents.store_document`). The actors come from ``synth.py``'s name
generator (people of many origins with their spellings, organisations with acronyms, places);
one pool of 60,000 actors serves every size, and who is named follows a Zipf law
(exponent 1), so the distinct actors grow with the corpus as in a newsroom's (Heaps' law) and
the top actor has about 7% of the mentions (56,479 at 100k articles: a worst case). Each
article has 6–16 sentences of 12–28 words; half name nobody, a third one actor, the rest two or
three (about 235 words and 8 mentions an article). The same ``--seed`` and size give the same articles; article ``i`` is the same in
every corpus at least ``i + 1`` long, so a 1k corpus is the start of the 10k one.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import NameGenerator  # noqa: E402

from explorer.parsed import ParsedText, Span  # noqa: E402
from explorer.readers.articles import Article  # noqa: E402

_SENTENCE = (
    "the government said on Monday that talks would resume after officials from both sides "
    "met in the capital to discuss the ceasefire and oil exports while protesters gathered "
    "outside the parliament building demanding elections before the end of the year and a "
    "spokesman declined to comment on reports that forces had moved towards the coast where "
    "fighting continued overnight according to residents and aid agencies warned of shortages"
)
WORDS = _SENTENCE.split()
LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE"}


#: Actors in the pool (every corpus size draws from the same pool).
POOL = 60_000


class Actors:
    """The pool: ``(label, spellings)`` per actor, most-named first."""

    def __init__(self, n: int, seed: int) -> None:
        names = NameGenerator(seed)
        self.actors: list[tuple[str, list[str]]] = []
        for _ in range(n):
            label, _name, spellings = names.entity()
            self.actors.append((LABELS[label], spellings))
        total, self.cum = 0.0, []
        for i in range(n):
            total += 1 / (i + 1)
            self.cum.append(total)

    def pick(self, rng: random.Random) -> tuple[str, str]:
        """A (spelling, label) of a Zipf-chosen actor, its full name most often."""
        label, spellings = rng.choices(self.actors, cum_weights=self.cum)[0]
        if len(spellings) > 1 and rng.random() < 0.35:
            return rng.choice(spellings[1:]), label
        return spellings[0], label


def article(index: int, actors: Actors, seed: int) -> tuple[Article, ParsedText]:
    """Article ``index``: its text and the spans NER would report."""
    rng = random.Random(f"{seed}:{index}")
    text, sentences, entities = "", [], []
    for _ in range(rng.randint(6, 16)):
        start = len(text)
        roll = rng.random()
        n_names = 0 if roll < 0.5 else 1 if roll < 0.83 else rng.randint(2, 3)
        words = rng.choices(WORDS, k=rng.randint(12, 28))
        slots = sorted(rng.sample(range(len(words)), n_names))
        pieces: list[str] = []
        for i, word in enumerate(words):
            if i in slots:
                name, label = actors.pick(rng)
                offset = len(text) + sum(len(p) + 1 for p in pieces)
                entities.append(Span(offset, offset + len(name), label))
                pieces.append(name)
            pieces.append(word)
        sentence = " ".join(pieces)
        sentence = sentence[0].upper() + sentence[1:] + "."
        text += sentence
        sentences.append(Span(start, len(text)))
        text += " "
    text = text[:-1]
    key = f"scale/{index:07d}"
    title = f"Report {index}: " + " ".join(rng.choices(WORDS, k=5))
    date = f"20{10 + index % 15:02d}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    return (
        Article(key=key, file="scale.jsonl", text=text, title=title, date=date),
        ParsedText(tuple(sentences), tuple(entities)),
    )


def articles(count: int, seed: int = 17, start: int = 0) -> Iterator:
    """Articles ``start`` .. ``start + count - 1`` of the corpus, with their parses."""
    actors = Actors(POOL, seed)
    for index in range(start, start + count):
        yield article(index, actors, seed)


#: Documents per transaction while building, as a bulk ingest writes them.
BATCH = 64


def build(out: Path, count: int, seed: int = 17) -> dict:
    """Store ``count`` articles into a new database (no resolution), :data:`BATCH` documents
    per transaction; returns timings."""
    from explorer.normalize import matching_key
    from explorer.readers.articles import word_count
    from explorer.store.connect import open_for_writing
    from explorer.store.documents import mark_resolution_pending, store_documents

    if out.exists():
        raise SystemExit(f"{out}: exists already")
    db = open_for_writing(out)
    started, words = time.perf_counter(), 0
    try:
        mark_resolution_pending(db)
        batch: list[tuple] = []
        for item, parsed in articles(count, seed):
            batch.append((item, parsed, word_count(item.text)))
            words += batch[-1][2]
            if len(batch) == BATCH:
                store_documents(db, batch, matching_key)
                batch = []
        store_documents(db, batch, matching_key)
    finally:
        db.close()
    elapsed = time.perf_counter() - started
    return {"articles": count, "words": words, "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    result = build(args.out, args.articles, args.seed)
    print(
        f"{result['articles']:,} articles, {result['words']:,} words stored in "
        f"{result['seconds']:.1f} s ({result['articles'] / result['seconds']:.0f} docs/s)"
    )


if __name__ == "__main__":
    main()
