"""What reading costs per input format: the BBC corpus read plain, compressed and as CSV,
side by side.

The same articles are written as ``.jsonl``, ``.jsonl.gz``, ``.jsonl.bz2``, ``.jsonl.xz``,
``.jsonl.zst`` (when zstandard is installed) and ``.csv``, then read with
:func:`explorer.readers.read_articles` (decoding, hashing, everything but NLP and storage) in
rotating order, several rounds. Printed: each form's median time per round and its ratio to the
plain JSONL read in the same round, and the words/s of the plain read, to compare with the
parser's rate (about 10k words/s per core): reading is a small share of an ingest in any form.

Usage: ``python benchmarks/bench_readers.py [--rounds 5]``. The corpus is read from
``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) into a temporary folder, never into the repo.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import gzip
import io
import json
import lzma
import os
import statistics
import tempfile
import time
from pathlib import Path

from explorer.readers import Article, read_articles, word_count

BBC = Path(os.environ.get("BBC_CORPUS", "/work/shared/corpora/bbc/bbc_news.jsonl.gz"))


def write_forms(folder: Path) -> dict[str, Path]:
    """The corpus in every form, each in its own file."""
    plain = gzip.decompress(BBC.read_bytes())
    forms = {
        ".jsonl": plain,
        ".jsonl.gz": gzip.compress(plain),
        ".jsonl.bz2": bz2.compress(plain),
        ".jsonl.xz": lzma.compress(plain),
    }
    try:
        import zstandard

        forms[".jsonl.zst"] = zstandard.ZstdCompressor().compress(plain)
    except ImportError:
        pass
    forms[".csv"] = _as_csv(plain)
    paths = {}
    for suffix, data in forms.items():
        path = folder / f"bbc{suffix}"
        path.write_bytes(data)
        paths[suffix] = path
    return paths


def _as_csv(jsonl: bytes) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "category", "text"])
    for line in jsonl.splitlines():
        record = json.loads(line)
        writer.writerow([record["id"], record["title"], record["category"], record["text"]])
    return out.getvalue().encode()


def read_all(path: Path) -> tuple[float, int, int]:
    """Seconds to read every article of the file, the articles and their words."""
    started = time.perf_counter()
    articles = words = 0
    for item in read_articles([path]):
        if isinstance(item, Article):
            articles += 1
            words += word_count(item.text)
    return time.perf_counter() - started, articles, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_forms(Path(tmp))
        names = list(paths)
        seconds: dict[str, list[float]] = {name: [] for name in names}
        ratios: dict[str, list[float]] = {name: [] for name in names}
        counts = {}
        for round_no in range(args.rounds):
            order = names[round_no % len(names) :] + names[: round_no % len(names)]
            this_round = {}
            for name in order:
                elapsed, articles, words = read_all(paths[name])
                this_round[name] = elapsed
                counts[name] = (articles, words)
            for name in names:
                seconds[name].append(this_round[name])
                ratios[name].append(this_round[name] / this_round[".jsonl"])
        plain_articles, plain_words = counts[".jsonl"]
        rate = plain_words / statistics.median(seconds[".jsonl"])
        print(
            f"{plain_articles} articles, {plain_words:,} words; plain JSONL read at {rate:,.0f} words/s"
        )
        print(f"{'form':<12} {'MB':>6} {'s (median)':>11} {'x plain':>8}  articles")
        for name in names:
            size = paths[name].stat().st_size / 1e6
            print(
                f"{name:<12} {size:>6.1f} {statistics.median(seconds[name]):>11.3f} "
                f"{statistics.median(ratios[name]):>8.2f}  {counts[name][0]}"
            )


if __name__ == "__main__":
    main()
