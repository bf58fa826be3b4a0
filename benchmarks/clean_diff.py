"""Which mentions a change to mention cleaning changes: spaCy once, the cleaning of two checkouts.

    python benchmarks/clean_diff.py CORPUS.jsonl[.gz] --before DIR [--gold GOLD.tsv] [--limit N]

``CORPUS`` lines hold ``text`` and ``id`` (the gold file's document key: ``business/001`` for
the BBC corpus). This checkout's pipeline (gazetteer included, statements off) parses the corpus
once and keeps what spaCy found uncleaned, as the ingest hands it to its writer process
(:attr:`explorer.parsed.ParsedText.deferred`); then the cleaning of ``DIR`` (a directory that
holds an ``explorer`` package: ``git archive main explorer | tar -x -C DIR``) and this
checkout's each finish it in a process of their own. Printed: each document whose mentions
differ (the mentions lost -> those gained, with labels), how many documents changed, how many
of the gold file's junk spans (actor ``-``) each side still produces as a mention in its
document, and each side's CPU time for the cleaning (a second pass, so without what a process
loads once: word lists, the tz database, the lemma tables; NER is not in it).

Both sides see the same NER output, so the difference is the cleaning's alone: changes to the
spaCy pipeline itself need a re-ingest (``eval_actors.py``) instead.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold" / "bbc_actors.tsv"


def read_corpus(path: Path, limit: int | None) -> list[tuple[str, str]]:
    """(id, text) of each line, the first ``limit`` ones."""
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[tuple[str, str]] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                out.append((str(record.get("id", number)), record["text"]))
            except (ValueError, KeyError) as error:
                sys.exit(f"{path}:{number}: not a JSON object with a text ({error})")
            if limit is not None and len(out) >= limit:
                break
    return out


def parse(items: list[tuple[str, str]], target: Path) -> None:
    """spaCy's uncleaned findings for each text, pickled to ``target``."""
    from explorer.nlp import load_pipeline, parse_texts
    from explorer.pipeline.parsing import gazetteer_patterns

    nlp = load_pipeline(None, gazetteer_patterns(()), statements=False)
    texts = [text for _, text in items]
    parsed = list(parse_texts(nlp, texts, defer=True, statements=False))
    with target.open("wb") as handle:
        pickle.dump([(key, text, p) for (key, text), p in zip(items, parsed, strict=True)], handle)


def clean(source: Path, target: Path) -> None:
    """The mentions of each pickled text as the importable ``explorer`` cleans them."""
    from explorer.nlp import finish_deferred

    with source.open("rb") as handle:
        items = pickle.load(handle)
    texts = [(text, p) for _, text, p in items]
    finish_deferred(texts)  # a first pass loads the word lists and tables each side reads once
    began = time.process_time()
    done = finish_deferred(texts)
    seconds = time.process_time() - began
    mentions = {
        key: [[e.start, e.end, e.label, text[e.start : e.end]] for e in p.entities]
        for (key, text, _), p in zip(items, done, strict=True)
    }
    target.write_text(json.dumps({"seconds": seconds, "mentions": mentions}), encoding="utf-8")


def run_clean(checkout: Path | None, source: Path, target: Path) -> dict:
    """:func:`clean` in a process that imports ``explorer`` from ``checkout`` (None: this one)."""
    env = dict(os.environ)
    if checkout is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout), env.get("PYTHONPATH")]))
    command = [sys.executable, __file__, "--clean", str(source), str(target)]
    subprocess.run(command, env=env, check=True, cwd=tempfile.gettempdir())
    return json.loads(target.read_text(encoding="utf-8"))


def gold_junk(path: Path) -> dict[str, set[str]]:
    """The gold file's junk spans, by document."""
    junk: dict[str, set[str]] = defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) >= 4 and fields[2] == "-":
            junk[fields[0]].add(fields[1])
    return junk


def junk_still_produced(mentions: dict[str, list], junk: dict[str, set[str]]) -> tuple[int, int]:
    """(gold junk spans still a mention in their document, gold junk spans of these documents)."""
    produced = total = 0
    for key, spans in junk.items():
        if key not in mentions:
            continue
        surfaces = {" ".join(m[3].split()) for m in mentions[key]}
        produced += len(spans & surfaces)
        total += len(spans)
    return produced, total


def compare(before: dict, after: dict, junk: dict[str, set[str]]) -> None:
    changed = 0
    for key, old in before["mentions"].items():
        lost = Counter((m[3], m[2]) for m in old)
        gained = Counter((m[3], m[2]) for m in after["mentions"][key])
        if lost != gained:
            changed += 1
            print(key, sorted((lost - gained).elements()), "->", sorted((gained - lost).elements()))
    print(f"documents changed: {changed} of {len(before['mentions'])}")
    for name, side in (("before", before), ("after", after)):
        produced, total = junk_still_produced(side["mentions"], junk)
        print(
            f"{name}: gold junk spans still mentions {produced} of {total}; "
            f"cleaning CPU {side['seconds']:.2f} s"
        )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--clean":
        clean(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="holds the other explorer")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (args.before / "explorer" / "__init__.py").is_file():
        sys.exit(f"{args.before}: holds no explorer package")
    items = read_corpus(args.corpus, args.limit)
    with tempfile.TemporaryDirectory() as scratch:
        found = Path(scratch) / "ner.pickle"
        parse(items, found)
        before = run_clean(args.before.resolve(), found, Path(scratch) / "before.json")
        after = run_clean(None, found, Path(scratch) / "after.json")
    compare(before, after, gold_junk(args.gold))


if __name__ == "__main__":
    main()
