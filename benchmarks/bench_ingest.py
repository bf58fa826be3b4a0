"""Ingest against raw ``nlp.pipe``, and ``--workers 2`` against one process, side by side.

Each round runs six whole processes back to back on the same BBC slice (model load included),
the ingests each into a fresh database:

- ``spaCy``: plain ``nlp.pipe`` with the ingest's own NER components (``nlp.load_pipeline`` with
  the gazetteer's EntityRuler, without the statements' parse), spaCy as it ships: the target's reference (ingest >= 0.90);
- ``spaCy x2``: the same with spaCy's own ``n_process=2``: what two processes gain on this
  machine before anything is stored;
- ``tuned`` and ``tuned x2``: the same two with the allocator settings every ingest process that
  parses uses (``nlp.tune_allocator``): the stricter reference for the ingest ratio (the same
  spaCy, set up alike) and the fair ceiling for ``--workers 2`` against one process;
- ``ingest``: ``libya-explore ingest``, and ``--workers 2``: the same with two parsing processes
  (target >= 1.8x the one-process ingest).

The order rotates from round to round so that no command always runs first (or last) in a
burst of load from other jobs. Ratios are computed within each round, and the median over rounds
is reported with the one-minute load average before each round: on a shared machine the ratios
are the figures to read, not the seconds.

Usage: ``python benchmarks/bench_ingest.py [--words 200000] [--rounds 3] [--workers 2]``
(also called by ``benchmarks/run_all.py``). The BBC corpus is read from
``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) into a temporary file, never into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
EXPLORE = str(BIN / "libya-explore")
BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))

#: argv: corpus, n_process, tuned (0 or 1). The pipeline is the ingest's (same components and
#: EntityRuler patterns); only the allocator settings differ between plain and tuned.
RAW_PIPE = """
import json, sys
from explorer.pipeline.parsing import gazetteer_patterns
from explorer.nlp import load_pipeline
if __name__ == "__main__":
    corpus, n_process, tuned = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    nlp = load_pipeline(None, gazetteer_patterns(()), tune_memory=tuned, statements=False)
    texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
    for doc in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
"""

#: Column name → label in the medians.
COLUMNS = {
    "raw": "spaCy",
    "raw2": "spaCy x2",
    "tuned": "tuned",
    "tuned2": "tuned x2",
    "one": "ingest",
    "many": "--workers",
}


def bbc_corpus(words: int, out: Path) -> int:
    """The first articles of the BBC corpus up to ``words`` words, as JSONL in ``out``."""
    from explorer.readers import word_count

    total = 0
    seen: set[str] = set()
    with gzip.open(BBC, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if record["text"] in seen:  # the corpus repeats a few articles; ingest skips them
                continue
            seen.add(record["text"])
            dst.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
            total += word_count(record["text"])
            if total >= words:
                break
    return total


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system seconds of the process and its children


def timed(cmd: list[str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu)


@dataclass
class Round:
    load: float
    timings: dict[str, Timing]

    def wall(self, name: str) -> float:
        return self.timings[name].wall if name in self.timings else float("nan")

    def ratio(self, top: str, bottom: str) -> float:
        return self.wall(top) / self.wall(bottom)


def commands(corpus: Path, tmp: Path, index: int, workers: int) -> dict[str, list[str]]:
    def raw(n_process: int, tuned: bool) -> list[str]:
        return [sys.executable, "-c", RAW_PIPE, str(corpus), str(n_process), str(int(tuned))]

    def ingest(name: str, *extra: str) -> list[str]:
        return [
            EXPLORE,
            "ingest",
            str(corpus),
            "--db",
            str(tmp / f"{name}{index}.db"),
            "-q",
            *extra,
        ]

    return {
        "raw": raw(1, False),
        "raw2": raw(workers, False),
        "tuned": raw(1, True),
        "tuned2": raw(workers, True),
        "one": ingest("one"),
        "many": ingest("many", "--workers", str(workers)),
    }


def run_round(corpus: Path, tmp: Path, index: int, workers: int, only: set[str]) -> Round:
    todo = {k: v for k, v in commands(corpus, tmp, index, workers).items() if not only or k in only}
    order = list(todo)
    shift = index % len(order)
    order = order[shift:] + order[:shift]
    load = os.getloadavg()[0]
    timings = {name: timed(todo[name]) for name in order}
    for name in ("one", "many"):
        (tmp / f"{name}{index}.db").unlink(missing_ok=True)
    return Round(load, timings)


def run(
    words: int, rounds: int, workers: int = 2, echo: bool = False, only: set[str] | None = None
) -> list[str]:
    if not BBC.exists():
        return [f"ingest: skipped ({BBC} not found)"]
    results: list[Round] = []
    lines: list[str] = []

    def say(line: str) -> None:
        lines.append(line)
        if echo:
            print(line, flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "bbc.jsonl"
        n_words = bbc_corpus(words, corpus)
        say(
            f"ingest of {n_words:,} BBC words (whole processes, model load included; "
            f"{rounds} rounds, order rotated; x{workers} = {workers} processes):"
        )
        say(f"  {'round':>5} {'load':>5}" + "".join(f" {COLUMNS[k]:>10}" for k in COLUMNS))
        for index in range(rounds):
            r = run_round(corpus, tmp, index, workers, only or set())
            results.append(r)
            say(
                f"  {index + 1:>5} {r.load:5.1f}" + "".join(f" {r.wall(k):8.1f} s" for k in COLUMNS)
            )

    def wall(name: str) -> float:
        return statistics.median(r.wall(name) for r in results)

    def cpu(name: str) -> float:
        return statistics.median(
            r.timings[name].cpu if name in r.timings else float("nan") for r in results
        )

    def ratio(top: str, bottom: str) -> float:
        return statistics.median(r.ratio(top, bottom) for r in results)

    def row(label: str, name: str, note: str = "") -> None:
        seconds = wall(name)
        say(
            f"  {label:<38} {seconds:6.1f} s  {n_words / seconds:8,.0f} words/s  "
            f"[{cpu(name):5.1f}]  {note}".rstrip()
        )

    ingest_ratio = ratio("raw", "one")  # the target's reference: spaCy as it ships
    strict_ratio = ratio("tuned", "one")  # the same spaCy set up as the ingest sets it up
    speedup = ratio("one", "many")
    ceiling = ratio("tuned", "tuned2")
    say("  medians (CPU-s of all processes in brackets; ratios are medians of per-round ratios):")
    row("spaCy nlp.pipe, same components", "raw")
    row(f"spaCy nlp.pipe n_process={workers}", "raw2", f"{ratio('raw', 'raw2'):.2f}x")
    row("same, allocator tuned (tune_allocator)", "tuned")
    row(f"same, tuned, n_process={workers}", "tuned2", f"{ceiling:.2f}x (ceiling)")
    row(
        "libya-explore ingest",
        "one",
        f"ratio {ingest_ratio:.2f} to spaCy (target >= 0.90: {_verdict(ingest_ratio >= 0.90)}); "
        f"{strict_ratio:.2f} to tuned spaCy ({_verdict(strict_ratio >= 0.90)} there)",
    )
    row(
        f"libya-explore ingest --workers {workers}",
        "many",
        f"{speedup:.2f}x (target >= 1.8x: {_verdict(speedup >= 1.8)}; "
        f"{speedup / ceiling:.0%} of the ceiling)",
    )
    return lines


def _verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated subset of " + ",".join(COLUMNS))
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    run(
        args.words,
        args.rounds,
        args.workers,
        echo=True,
        only=set(filter(None, args.only.split(","))),
    )


if __name__ == "__main__":
    main()
