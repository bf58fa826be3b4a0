"""What mention cleaning costs beside spaCy: CPU time of NER and of turning its Docs into offsets,
with and without the cleaning of ``explorer/spans/``, side by side in one process.

CPU seconds of this process (``time.process_time``), so other jobs on a shared machine do not
move the figures much; each part runs ``--rounds`` times, alternating, and the medians are
reported. The target of issue 12: ingest stays >= 0.9x raw spaCy; this isolates the share that
cleaning adds (the whole ingest is measured by ``bench_ingest.py``).

Usage: ``python benchmarks/bench_spans.py [--words 100000] [--rounds 3]``. The BBC corpus is read
from ``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``), never into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))


def bbc_texts(words: int) -> list[str]:
    texts: list[str] = []
    total = 0
    with gzip.open(BBC, "rt", encoding="utf-8") as src:
        for line in src:
            text = json.loads(line)["text"]
            texts.append(text)
            total += len(text.split())
            if total >= words:
                break
    return texts


def uncleaned(doc, labels: frozenset[str]):  # the conversion before cleaning, for comparison
    from explorer.nlp import _inside_sentences, _trimmed
    from explorer.parsed import ParsedText, Span

    sentences = [s for s in (_trimmed(sent) for sent in doc.sents) if s is not None]
    entities = []
    for ent in doc.ents:
        if ent.label_ in labels and ent.text.strip():
            start = ent.start_char + len(ent.text) - len(ent.text.lstrip())
            entities.append(Span(start, start + len(ent.text.strip()), ent.label_))
    return ParsedText(tuple(sentences), _inside_sentences(entities, sentences))


def cpu(func) -> float:
    started = time.process_time()
    func()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from explorer.labels import ENTITY_LABELS
    from explorer.nlp import doc_to_parsed
    from explorer.pipeline.parsing import cached_pipeline
    from explorer.spans import vocabulary

    labels = frozenset(ENTITY_LABELS)
    nlp = cached_pipeline(None, ())
    vocabulary()  # loaded once per process, like the pipeline
    texts = bbc_texts(args.words)
    n_words = sum(len(t.split()) for t in texts)
    docs: list = []
    ner, clean, plain = [], [], []
    for _ in range(args.rounds):
        docs.clear()
        ner.append(cpu(lambda: docs.extend(nlp.pipe(texts, batch_size=32))))
        clean.append(cpu(lambda: [doc_to_parsed(d, labels) for d in docs]))
        plain.append(cpu(lambda: [uncleaned(d, labels) for d in docs]))
    n, c, p = (statistics.median(x) for x in (ner, clean, plain))
    print(f"{len(texts)} BBC articles, {n_words:,} words; CPU seconds, median of {args.rounds}:")
    print(f"  spaCy nlp.pipe (NER, sentences, gazetteer)   {n:7.2f} s")
    print(f"  Docs to offsets, without cleaning            {p:7.2f} s")
    print(f"  Docs to offsets, with cleaning (doc_to_parsed){c:7.2f} s")
    print(f"  cleaning adds {c - p:.2f} s = {(c - p) / n:.1%} of spaCy's time")
    print(
        f"  NLP with cleaning / spaCy alone: {n / (n + c):.3f}x (before cleaning {n / (n + p):.3f}x)"
    )


if __name__ == "__main__":
    main()
