"""Which mentions the sentence-lead cut (explorer.spans.without_sentence_lead) changes.

    python benchmarks/lead_cut_diff.py CORPUS.jsonl[.gz]

Parses the corpus twice in one run, with the cut and without it, and prints each document
whose mentions differ (the spans lost -> the spans gained), a count, and the CPU time of
each pass (the model is loaded in both; NER dominates, so the ratio bounds the cut's cost).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable

import explorer.nlp as nlp_module
from explorer.spans import RawSpan


def _mentions(texts: list[str]) -> list[list[str]]:
    nlp = nlp_module.load_pipeline()
    parsed = nlp_module.parse_texts(nlp, texts, statements=False)
    return [
        [text[e.start : e.end] for e in p.entities] for text, p in zip(texts, parsed, strict=True)
    ]


def main() -> None:
    path = sys.argv[1]
    opener: Callable = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    _mentions(texts[:50])  # load the model and warm the caches before timing
    began = time.process_time()
    with_cut = _mentions(texts)
    cut_seconds = time.process_time() - began

    def unchanged(_text: str, span: RawSpan, _named: object) -> RawSpan:
        return span

    nlp_module.without_sentence_lead = unchanged  # type: ignore[assignment]
    began = time.process_time()
    without = _mentions(texts)
    kept_seconds = time.process_time() - began
    changed = 0
    for i, (cut, kept) in enumerate(zip(with_cut, without, strict=True)):
        if cut != kept:
            changed += 1
            print(i, sorted(set(kept) - set(cut)), "->", sorted(set(cut) - set(kept)))
    print(f"documents changed: {changed} of {len(texts)}")
    print(f"CPU s with the cut {cut_seconds:.1f}, without {kept_seconds:.1f}")


if __name__ == "__main__":
    main()
