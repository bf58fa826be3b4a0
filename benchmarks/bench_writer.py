"""The single writer's throughput, one document per transaction beside several (issue 17 point 3).

    nice python benchmarks/bench_writer.py --documents 600 --rounds 3
    nice python benchmarks/bench_writer.py --bbc 100000 --rounds 3   # real articles, spaCy first

Feeds pre-parsed documents (``benchmarks/scale_corpus.py``: no spaCy; each packed and unpacked
as the writer process receives them) to :func:`explorer.store.documents.store_documents` in
batches of 1, 8 and 64 documents (and 64 with the full-text triggers dropped, as a bulk load
could do before rebuilding the indexes once), each configuration on a fresh database, interleaved round
by round so that load on the shared machine hits them alike. Reports CPU time (what the
writer's ceiling is made of) and wall time, in documents and words per second, the ratio to
batch 1, the share of the co-occurrence index's upkeep (the same run with it switched off), and
where the time of the batched writer goes (cProfile, by function): the next limit. The number
of NER cores one writer keeps busy is its words per CPU-s over NER's (with ``--bbc``, measured
on the same articles in the same run; else 9,442 words per CPU-s, BENCHMARKS.md "Scale-out").
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_corpus  # noqa: E402

from explorer.normalize import matching_key  # noqa: E402
from explorer.parsed import pack, unpack  # noqa: E402
from explorer.readers.articles import word_count  # noqa: E402
from explorer.store import documents  # noqa: E402
from explorer.store.connect import open_for_writing  # noqa: E402

NER_WORDS_PER_CPU_SECOND = 9_442


def corpus(n: int) -> list[tuple]:
    return [
        (article, unpack(pack(parsed)), word_count(article.text))
        for article, parsed in scale_corpus.articles(n)
    ]


def bbc_corpus(words: int, folder: Path) -> tuple[list[tuple], float]:
    """The first BBC articles totalling ``words`` words, parsed by spaCy here (real text, real
    mentions), and NER's words per CPU-s measured on them (one core, pipeline loaded)."""
    from bench_dask import CORPUS, measure_ner, read_articles_timed, write_slice

    slice_path = folder / "slice.jsonl"
    write_slice(CORPUS, words, slice_path)
    _rate, articles = read_articles_timed(slice_path)
    ner_rate, parsed = measure_ner([a.text for a in articles])
    items = [
        (a, unpack(pack(p)), word_count(a.text)) for a, p in zip(articles, parsed, strict=True)
    ]
    return items, ner_rate


#: The full-text triggers that fire on every insert (sqlite-utils' ``*_ai``).
FTS_INSERT_TRIGGERS = ("sentences_ai", "documents_ai", "entities_ai", "aliases_ai")


def write_all(
    folder: Path, items: list[tuple], batch: int, fts: bool = True
) -> tuple[float, float]:
    """CPU and wall seconds to store ``items`` in batches of ``batch`` into a new database
    (``fts`` false: with the full-text triggers dropped, what a bulk load could do)."""
    db = open_for_writing(folder / f"w{batch}_{time.monotonic_ns()}.db")
    if not fts:
        for trigger in FTS_INSERT_TRIGGERS:
            db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        for first in range(0, len(items), batch):
            documents.store_documents(db, items[first : first + batch], matching_key)
        return time.process_time() - cpu, time.perf_counter() - wall
    finally:
        db.close()


def no_index_upkeep() -> mock._patch:
    return mock.patch.object(documents, "add_document_pairs", lambda db, ids: None)


def profile_batched(folder: Path, items: list[tuple], batch: int) -> list[str]:
    """Where the batched writer's CPU goes: the functions with the largest own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    write_all(folder, items, batch)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    lines = []
    for (file, line, name), (_cc, _nc, own, _cum, _callers) in rows[:8]:
        where = f"{Path(file).name}:{line}" if line else file
        lines.append(f"    {own / total:5.1%}  {name} ({where})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--bbc", type=int, default=0, help="WORDS: BBC articles parsed by spaCy instead"
    )
    args = parser.parse_args(argv)
    ner_rate = NER_WORDS_PER_CPU_SECOND
    if args.bbc:
        with tempfile.TemporaryDirectory() as tmp:
            items, ner_rate = bbc_corpus(args.bbc, Path(tmp))
        args.documents = len(items)
        print(f"NER on these articles (one core): {ner_rate:,.0f} words per CPU-s")
    else:
        items = corpus(args.documents)
    words = sum(n for _a, _p, n in items)
    configs: dict[str, tuple[int, Callable[[], object] | None, bool]] = {
        "batch 1": (1, None, True),
        "batch 8": (8, None, True),
        "batch 64": (64, None, True),
        "batch 1, no co-occurrence upkeep": (1, no_index_upkeep, True),
        "batch 64, no co-occurrence upkeep": (64, no_index_upkeep, True),
        "batch 64, FTS insert triggers off": (64, None, False),
    }
    cpu: dict[str, list[float]] = {k: [] for k in configs}
    wall: dict[str, list[float]] = {k: [] for k in configs}
    print(
        f"writer: {args.documents} pre-parsed documents, {words:,} words, fresh database each; "
        f"{args.rounds} rounds interleaved; load average {os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(args.rounds):
            for label, (batch, patch, fts) in configs.items():
                if patch is None:
                    c, w = write_all(folder, items, batch, fts)
                else:
                    with patch():  # type: ignore[attr-defined]
                        c, w = write_all(folder, items, batch, fts)
                cpu[label].append(c)
                wall[label].append(w)
        profile = profile_batched(folder, items, 64)
    base = statistics.median(cpu["batch 1"])
    print(
        f"  {'':36} {'CPU-s':>7} {'wall':>7} {'docs/CPU-s':>11} {'words/CPU-s':>12} {'x batch 1':>9}"
    )
    for label in configs:
        c, w = statistics.median(cpu[label]), statistics.median(wall[label])
        print(
            f"  {label:36} {c:7.2f} {w:7.2f} {args.documents / c:11,.0f} {words / c:12,.0f} "
            f"{base / c:9.2f}  NER cores kept busy: {words / c / ner_rate:.0f}"
        )
    print("  batch 64, where the CPU goes (own time, top functions):")
    for line in profile:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
