"""Ingest throughput: one process, ``--workers N``, and a Dask LocalCluster of N processes.

All three ingest the same slice of the BBC corpus (read from the shared corpus into a temporary
file; nothing is copied into the repository) in one run, so their ratios are comparable even on a
busy machine. Then the two rates the scaling projection needs are measured in isolation, in CPU
time of this process (``time.process_time``), which a machine shared with other jobs disturbs far
less than wall time:

- NER per core: ``parse_texts`` in this process, pipeline already loaded;
- the single writer: ``store_document`` with pre-parsed results (no NLP at all), plus the client's
  reading and hashing, which happen on the same thread; and the writer with the FTS triggers
  dropped during the load and the indexes rebuilt after (one way to lift the ceiling).

Usage: ``python benchmarks/bench_dask.py [--words 200000] [--workers 2] [--json FILE]``
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import resource
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

CORPUS = Path("/work/shared/corpora/bbc/bbc_news.jsonl.gz")
ARTICLE_WORDS = 500  # the projection's article size
PROJECTED_ARTICLES = (1_000_000, 10_000_000)
PROJECTED_CORES = (16, 64, 256)


@dataclass
class Run:
    name: str
    documents: int
    words: int
    seconds: float
    steady_seconds: float  # from a tenth of the words stored to the last document
    steady_words: int
    cpu_seconds: float  # this process and its children (worker processes), all cores together

    @property
    def words_per_cpu_second(self) -> float:
        return self.words / self.cpu_seconds

    @property
    def rate(self) -> float:
        return self.words / self.seconds

    @property
    def steady_rate(self) -> float:
        return self.steady_words / self.steady_seconds if self.steady_seconds else 0.0


class Clock:
    """An ingest reporter that notes when documents are stored.

    The steady window starts once a tenth of the words are stored: by then every back end is
    past its start-up (pipeline loads, cluster start, the first batches arriving together).
    """

    def __init__(self, expected_words: int) -> None:
        self.mark = expected_words // 10
        self.words = 0
        self.first: float | None = None
        self.words_at_first = 0
        self.last: float | None = None

    def problem(self, message: str) -> None:
        print(f"  warning: {message}", file=sys.stderr)

    def note(self, message: str) -> None:
        pass

    def set_total(self, total_bytes: int) -> None:
        pass

    def advance(self, n_bytes: int, words: int, documents: int) -> None:
        if not words:
            return
        self.words += words
        now = time.perf_counter()
        if self.first is None and self.words >= self.mark:
            self.first, self.words_at_first = now, self.words
        self.last = now


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_slice(corpus: Path, words: int, out: Path) -> tuple[int, int]:
    """The first articles of ``corpus`` totalling about ``words`` words, as JSONL in ``out``."""
    n_docs = n_words = 0
    seen: set[str] = set()
    with gzip.open(corpus, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if record["text"] in seen:  # the corpus repeats a few articles; ingest would skip them
                continue
            seen.add(record["text"])
            dst.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
            n_docs += 1
            n_words += len(record["text"].split())
            if n_words >= words:
                break
    return n_docs, n_words


def timed_ingest(name: str, slice_path: Path, db_path: Path, options, words: int) -> Run:  # type: ignore[no-untyped-def]
    from explorer.pipeline.ingest import ingest

    clock = Clock(words)
    cpu_before = cpu_seconds()
    summary = ingest([slice_path], db_path, options, clock)
    cpu = cpu_seconds() - cpu_before
    steady = (clock.last - clock.first) if clock.first and clock.last else 0.0
    run = Run(
        name,
        summary.added,
        summary.words,
        summary.seconds,
        steady,
        clock.words - clock.words_at_first,
        cpu,
    )
    print(
        f"  {name:<18} {run.seconds:6.1f}s  {run.rate:8,.0f} words/s end to end"
        f"  ({run.steady_rate:,.0f} steady, after the first tenth); "
        f"{run.cpu_seconds:5.1f} CPU-s, {run.words_per_cpu_second:,.0f} words per CPU-s",
        flush=True,
    )
    return run


def measure_ner(texts: list[str]) -> tuple[float, list]:  # type: ignore[type-arg]
    """Words/s of NER alone in this process (one core), and the parsed results for the writer."""
    from explorer.nlp import parse_texts
    from explorer.pipeline.ingest import IngestOptions
    from explorer.pipeline.parsing import cached_pipeline

    options = IngestOptions()
    nlp = cached_pipeline(options.model, options.actors_files)
    started = time.process_time()
    parsed = list(parse_texts(nlp, texts, options.labels, options.batch_size))
    seconds = time.process_time() - started
    return sum(len(t.split()) for t in texts) / seconds, parsed


def read_articles_timed(slice_path: Path) -> tuple[float, list]:  # type: ignore[type-arg]
    """Words/s of the client's reading, hashing and word counting (same thread as the writer)."""
    from explorer.readers import Article, read_articles, word_count

    started = time.process_time()
    articles = [a for a in read_articles([slice_path]) if isinstance(a, Article)]
    words = sum(word_count(a.text) for a in articles)
    _ = [a.sha256 for a in articles]
    return words / (time.process_time() - started), articles


def measure_writer(
    articles: list,  # type: ignore[type-arg]
    parsed: list,  # type: ignore[type-arg]
    db_path: Path,
    drop_fts: bool = False,
    docs_per_transaction: int = 1,
) -> dict:  # type: ignore[type-arg]
    """Words/s of ``store_document`` alone, then resolution's seconds.

    ``drop_fts``: the FTS triggers are dropped for the load and the indexes rebuilt after.
    ``docs_per_transaction`` > 1: one commit per that many documents (the real ingest commits
    each document; this measures what bigger transactions would buy).
    """
    from explorer.normalize import matching_key
    from explorer.pipeline.resolution import run_resolution
    from explorer.readers import word_count
    from explorer.store import documents
    from explorer.store.connect import open_for_writing

    db = open_for_writing(db_path)
    triggers = []
    if drop_fts:
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_a[idu]' "
            "AND tbl_name IN ('sentences', 'entities', 'aliases')"
        ).fetchall()
        for name, _sql in triggers:
            db.execute(f"DROP TRIGGER [{name}]")
    real_transaction = documents.write_transaction
    if docs_per_transaction > 1:
        documents.write_transaction = lambda db: contextlib.nullcontext()  # type: ignore[assignment]
    words = 0
    started = time.process_time()
    try:
        for i, (article, result) in enumerate(zip(articles, parsed, strict=True)):
            if docs_per_transaction > 1 and i % docs_per_transaction == 0:
                db.execute("COMMIT") if i else None
                db.execute("BEGIN IMMEDIATE")
            n = word_count(article.text)
            documents.store_document(db, article, result, matching_key, n)
            words += n
        if docs_per_transaction > 1:
            db.execute("COMMIT")
    finally:
        documents.write_transaction = real_transaction
    store_seconds = time.process_time() - started
    rebuild_seconds = 0.0
    if drop_fts:
        started = time.process_time()
        for table in ("sentences", "entities", "aliases"):
            db.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES('rebuild')")
        for _name, sql in triggers:
            db.execute(sql)
        rebuild_seconds = time.process_time() - started
    started = time.process_time()
    run_resolution(db)
    resolve_seconds = time.process_time() - started
    db.close()
    return {
        "store_rate": words / store_seconds,
        "store_seconds": store_seconds,
        "rebuild_seconds": rebuild_seconds,
        "load_rate": words / (store_seconds + rebuild_seconds),
        "resolve_seconds": resolve_seconds,
    }


def projection(ner_per_core: float, ceilings: dict[str, float]) -> list[str]:
    """Hours at each core count: NER scales with cores until the single writer's ceiling."""
    cores_header = " | ".join(f"{c} cores" for c in PROJECTED_CORES)
    lines = [f"| articles (~500 words) | writer | {cores_header} |"]
    lines.append("| --- | --- |" + " --- |" * len(PROJECTED_CORES))
    for articles in PROJECTED_ARTICLES:
        words = articles * ARTICLE_WORDS
        for writer, ceiling in ceilings.items():
            cells = []
            for cores in PROJECTED_CORES:
                rate = min(cores * ner_per_core, ceiling)
                bound = "writer" if ceiling < cores * ner_per_core else "NER"
                cells.append(f"{words / rate / 3600:.2f} h ({bound})")
            lines.append(f"| {articles:,} | {writer} | " + " | ".join(cells) + " |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"error: {args.corpus}: corpus not found", file=sys.stderr)
        return 2

    from explorer.pipeline.ingest import IngestOptions
    from explorer.pipeline.parsing import cached_pipeline

    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        tmp_dir = Path(tmp)
        slice_path = tmp_dir / "slice.jsonl"
        n_docs, n_words = write_slice(args.corpus, args.words, slice_path)
        n = args.workers
        cached_pipeline(None, ())  # loaded once per process: not part of any timing
        print(f"slice: {n_docs} BBC articles, {n_words:,} words; {n} workers", flush=True)
        runs = [
            timed_ingest("1 process", slice_path, tmp_dir / "one.db", IngestOptions(), n_words),
            timed_ingest(
                f"--workers {n}", slice_path, tmp_dir / "w.db", IngestOptions(workers=n), n_words
            ),
            timed_ingest(
                f"dask local:{n}",
                slice_path,
                tmp_dir / "dask.db",
                IngestOptions(scheduler=f"local:{n}"),
                n_words,
            ),
        ]
        base = runs[0]
        for run in runs[1:]:
            print(
                f"  {run.name} vs 1 process: x{run.rate / base.rate:.2f} end to end, "
                f"x{run.steady_rate / base.steady_rate:.2f} steady; "
                f"CPU per word x{base.words_per_cpu_second / run.words_per_cpu_second:.2f}"
            )

        read_rate, articles = read_articles_timed(slice_path)
        ner_rate, parsed = measure_ner([a.text for a in articles])
        writer = measure_writer(articles, parsed, tmp_dir / "writer.db")
        no_fts = measure_writer(articles, parsed, tmp_dir / "nofts.db", drop_fts=True)
        batched = measure_writer(articles, parsed, tmp_dir / "tx.db", docs_per_transaction=100)
        bulk = measure_writer(
            articles, parsed, tmp_dir / "bulk.db", drop_fts=True, docs_per_transaction=100
        )

    client_ceiling = 1 / (1 / read_rate + 1 / writer["store_rate"])
    bulk_ceiling = 1 / (1 / read_rate + 1 / bulk["load_rate"])
    print("rates in words per CPU-second of this process:")
    print(f"NER alone, one core:         {ner_rate:10,.0f} words/s")
    print(f"client read + hash:          {read_rate:10,.0f} words/s")
    print(f"writer (store_document):     {writer['store_rate']:10,.0f} words/s")
    print(
        f"writer, FTS triggers off:    {no_fts['store_rate']:10,.0f} words/s "
        f"({no_fts['load_rate']:,.0f} with the FTS rebuild, {no_fts['rebuild_seconds']:.1f}s)"
    )
    print(f"writer, 100 docs per commit: {batched['store_rate']:10,.0f} words/s")
    print(f"writer, both:                {bulk['load_rate']:10,.0f} words/s (with the rebuild)")
    print(f"client ceiling (read+write): {client_ceiling:10,.0f} words/s")
    print(f"resolution of this slice:    {writer['resolve_seconds']:10.1f} CPU-s")
    print(
        f"single writer becomes the limit at {client_ceiling / ner_rate:.0f} cores "
        f"({bulk_ceiling / ner_rate:.0f} with FTS off during the load and 100 documents per commit)"
    )
    print()
    ceilings = {
        "as is": client_ceiling,
        "FTS off + 100 docs/commit": bulk_ceiling,
        "unlimited": float("inf"),
    }
    print("\n".join(projection(ner_rate, ceilings)))
    if args.json:
        figures = {
            "slice": {"documents": n_docs, "words": n_words},
            "runs": [asdict(r) | {"rate": r.rate, "steady_rate": r.steady_rate} for r in runs],
            "ner_per_core": ner_rate,
            "read_rate": read_rate,
            "writer": writer,
            "writer_without_fts": no_fts,
            "writer_100_per_commit": batched,
            "writer_both": bulk,
            "client_ceiling": client_ceiling,
            "bulk_ceiling": bulk_ceiling,
        }
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":  # the guard matters: Dask's worker processes re-import this module
    sys.exit(main())
