"""Ingest against raw ``nlp.pipe``, and ``--workers 2`` against one process, side by side.

Each round runs the three whole processes back to back on the same BBC slice (model load
included): raw ``nlp.pipe`` with the ingest's own pipeline (``ingest._load_pipeline``: the same
components, EntityRuler included), ``libya-explore ingest``, and ``libya-explore ingest
--workers 2``, each into a fresh database. The order rotates from round to round so that no
command always runs first (or last) in a burst of load from other jobs. Ratios are computed
within each round, and the median over rounds is reported with the one-minute load average
before each round: on a shared machine the ratios are the figures to read, not the seconds.

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

RAW_PIPE = """
import json, sys
from explorer.ingest import IngestOptions, _load_pipeline
nlp = _load_pipeline(IngestOptions())
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for doc in nlp.pipe(texts, batch_size=32):
    pass
"""


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
    raw: Timing
    one: Timing
    many: Timing

    @property
    def ratio(self) -> float:
        return self.raw.wall / self.one.wall

    @property
    def speedup(self) -> float:
        return self.one.wall / self.many.wall


def run_round(corpus: Path, tmp: Path, index: int, workers: int, only: set[str]) -> Round:
    commands = {
        "raw": [sys.executable, "-c", RAW_PIPE, str(corpus)],
        "one": [EXPLORE, "ingest", str(corpus), "--db", str(tmp / f"one{index}.db"), "-q"],
        "many": [
            EXPLORE,
            "ingest",
            str(corpus),
            "--db",
            str(tmp / f"many{index}.db"),
            "-q",
            "--workers",
            str(workers),
        ],
    }
    order = [name for name in commands if not only or name in only]
    order = order[index % 3 :] + order[: index % 3]
    load = os.getloadavg()[0]
    timings = {name: timed(commands[name]) for name in order}
    for name in ("one", "many"):
        (tmp / f"{name}{index}.db").unlink(missing_ok=True)
    skipped = Timing(float("nan"), float("nan"))
    return Round(load, *(timings.get(name, skipped) for name in ("raw", "one", "many")))


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
            f"{rounds} rounds, order rotated):"
        )
        say(
            f"  {'round':>5} {'load':>5} {'raw pipe':>9} {'ingest':>9} "
            f"{f'--workers {workers}':>12} {'ratio':>6} {'speed-up':>9}"
        )
        for index in range(rounds):
            r = run_round(corpus, tmp, index, workers, only or set())
            results.append(r)
            say(
                f"  {index + 1:>5} {r.load:5.1f} {r.raw.wall:7.1f} s {r.one.wall:7.1f} s "
                f"{r.many.wall:10.1f} s {r.ratio:6.2f} {r.speedup:8.2f}x"
            )
    raw = statistics.median(r.raw.wall for r in results)
    one = statistics.median(r.one.wall for r in results)
    many = statistics.median(r.many.wall for r in results)
    ratio = statistics.median(r.ratio for r in results)
    speedup = statistics.median(r.speedup for r in results)

    def cpu(attr: str) -> float:
        return statistics.median(getattr(r, attr).cpu for r in results)

    say("  medians (CPU-s of all processes in brackets):")
    say(
        f"  raw nlp.pipe, same components   {raw:6.1f} s  {n_words / raw:8,.0f} words/s  "
        f"[{cpu('raw'):5.1f}]"
    )
    say(
        f"  libya-explore ingest            {one:6.1f} s  {n_words / one:8,.0f} words/s  "
        f"[{cpu('one'):5.1f}]  ratio {ratio:.2f} (target >= 0.90: {_verdict(ratio >= 0.90)})"
    )
    say(
        f"  libya-explore ingest --workers {workers} {many:5.1f} s  {n_words / many:8,.0f} "
        f"words/s  [{cpu('many'):5.1f}]  speed-up {speedup:.2f}x "
        f"(target >= 1.8x: {_verdict(speedup >= 1.8)})"
    )
    return lines


def _verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated subset of raw,one,many")
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
