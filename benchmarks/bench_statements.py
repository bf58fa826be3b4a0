"""What finding statements costs an ingest: raw spaCy NER, ingest without and with statements.

Each round runs three whole processes back to back on the same BBC slice (model load included;
order rotated from round to round):

- ``spaCy``: plain ``nlp.pipe`` with the ingest's NER components and no statements
  (``load_pipeline(statements=False)``): the issue's reference;
- ``ingest -stmt``: ``libya-explore ingest`` with ``LIBYA_EXPLORE_STATEMENTS=0`` (the parse of
  speech sentences left out);
- ``ingest``: ``libya-explore ingest`` as it ships, statements included
  (target: >= 0.85x the speed of ``spaCy``).

Ratios are computed within each round and the median is reported, for wall time and for CPU
time (user + system of the processes): on a shared machine the ratios are the figures to read,
and the CPU ratios are the ones the other jobs disturb least. Also printed: how many sentences had a cue (and were parsed).

Usage: ``python benchmarks/bench_statements.py [--articles 200] [--rounds 3]``. The BBC corpus is
read from ``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) into a temporary file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXPLORE = str(Path(sys.executable).parent / "libya-explore")
BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))
TARGET = 0.85
NAMES = (("spaCy", 7), ("ingest -stmt", 11), ("ingest", 7))

RAW_NER = """
import json, sys
from explorer.pipeline.parsing import gazetteer_patterns
from explorer.nlp import load_pipeline
nlp = load_pipeline(None, gazetteer_patterns(()), statements=False)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


def bbc_slice(articles: int, out: Path) -> int:
    """The first ``articles`` distinct BBC articles as JSONL; returns their word count."""
    words = 0
    seen: set[str] = set()
    with gzip.open(BBC, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if record["text"] in seen:
                continue
            seen.add(record["text"])
            dst.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
            words += len(record["text"].split())
            if len(seen) >= articles:
                break
    return words


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run_round(corpus: Path, tmp: Path, index: int) -> dict[str, tuple[float, float]]:
    off = {**os.environ, "LIBYA_EXPLORE_STATEMENTS": "0"}
    commands = {
        "spaCy": ([sys.executable, "-c", RAW_NER, str(corpus)], None),
        "ingest -stmt": (
            [EXPLORE, "ingest", str(corpus), "--db", str(tmp / f"off{index}.db"), "-q"],
            off,
        ),
        "ingest": (
            [EXPLORE, "ingest", str(corpus), "--db", str(tmp / f"on{index}.db"), "-q"],
            None,
        ),
    }
    names = list(commands)
    names = names[index % 3 :] + names[: index % 3]
    return {name: timed(*commands[name]) for name in names}


def in_process(corpus: Path, rounds: int) -> tuple[float, float]:
    """CPU seconds of ``parse_texts`` (NER, offsets, and statements or not) in this process,
    both pipelines loaded, alternating: medians without and with statements."""
    from explorer.nlp import load_pipeline, parse_texts
    from explorer.pipeline.parsing import gazetteer_patterns

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    patterns = gazetteer_patterns(())
    pipelines = {flag: load_pipeline(None, patterns, statements=flag) for flag in (False, True)}
    seconds: dict[bool, list[float]] = {False: [], True: []}
    for index in range(rounds):
        for flag in (False, True) if index % 2 == 0 else (True, False):
            started = time.process_time()
            for _ in parse_texts(pipelines[flag], texts):
                pass
            seconds[flag].append(time.process_time() - started)
    return statistics.median(seconds[False]), statistics.median(seconds[True])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not BBC.exists():
        print(f"skipped: {BBC} not found")
        return
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = tmp / "bbc.jsonl"
        words = bbc_slice(args.articles, corpus)
        print(f"{args.articles} BBC articles, {words:,} words; {os.cpu_count()} cores")
        print(
            f"  {'round':>5} {'load':>5}   wall:{'spaCy':>7} {'ingest -stmt':>13} {'ingest':>8}"
            f"    CPU:{'spaCy':>7} {'ingest -stmt':>13} {'ingest':>8}"
        )
        rounds = []
        for index in range(args.rounds):
            load = os.getloadavg()[0]
            r = run_round(corpus, tmp, index)
            rounds.append(r)
            print(
                f"  {index + 1:>5} {load:5.1f}        "
                + " ".join(f"{r[k][0]:{w}.1f} s" for k, w in NAMES)
                + "        "
                + " ".join(f"{r[k][1]:{w}.1f} s" for k, w in NAMES),
                flush=True,
            )
        corpus_copy = Path(tempfile.mkdtemp()) / "bbc.jsonl"
        corpus_copy.write_bytes(corpus.read_bytes())
        conn = sqlite3.connect(tmp / "on0.db")
        sentences = conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
        statements = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
        conn.close()

    def ratio(top: str, bottom: str, which: int) -> float:
        return statistics.median(r[top][which] / r[bottom][which] for r in rounds)

    print("  medians of per-round ratios (speed relative to raw spaCy NER), wall and CPU time:")
    for which, unit in ((0, "wall"), (1, "CPU")):
        with_statements = ratio("spaCy", "ingest", which)
        without = ratio("spaCy", "ingest -stmt", which)
        cost = ratio("ingest", "ingest -stmt", which) - 1
        print(
            f"    {unit:>4}: ingest without statements {without:.2f}x, with statements "
            f"{with_statements:.2f}x (target >= {TARGET}: "
            f"{'MET' if with_statements >= TARGET else 'MISSED'}); statements cost {cost:+.0%}"
        )
    print(f"  {statements:,} statements found in {sentences:,} sentences")
    without, with_statements = in_process(corpus_copy, args.rounds)
    print(
        f"  in one process, NER to offsets (parse_texts), CPU: {without:.1f} s without "
        f"statements, {with_statements:.1f} s with: {without / with_statements:.2f}x "
        f"(statements cost {with_statements / without - 1:+.0%})"
    )


if __name__ == "__main__":
    main()
