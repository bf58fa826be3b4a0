"""Search benchmark: per-keystroke latency of ``queries.search_entities``, and its ranking's quality.

    python benchmarks/bench_search.py latency DB...             # synthetic name databases
    python benchmarks/bench_search.py quality [--bbc-db DB] [--libya-db DB] [--queries FILE]
    python benchmarks/bench_search.py quality --heldout-db DB \
        --queries benchmarks/gold/search_queries_heldout.tsv
    python benchmarks/bench_search.py compare DB --before-root DIR --before-db DB [--rounds 3]

**Latency**: typed queries (every prefix of a name as it is typed, with typos and other
romanisations) timed one keystroke at a time, median and 95th percentile; beside them, one query
of the same ranking by brute force (:func:`explorer.store.search.brute_force`, every alias and
name scored) and ``fzf --filter`` over the aliases. On the smaller databases, how often the
index's first result scores as the brute force's (the candidate step's recall: both rank with
the same scorer, so a difference is a string the index did not fetch).

**Compare**: the same keystrokes timed with this checkout and with another one (``--before-root``,
e.g. ``git archive c6f1f9d explorer | tar -x -C DIR``) on its own copy of the database (an older
schema), each in a process of its own, rounds alternating: "latency kept" side by side.

**Quality**: the labelled queries of ``benchmarks/gold/search_queries.tsv`` (issue 13; built by
``make_search_queries.py``, scored by ``eval_search.py``) on a database of the BBC corpus and one
of ``seeds/`` plus the BBC corpus: top-1, top-3, mean reciprocal rank and the number of queries
where a name under half the query's length comes above the intended actor, for libya-explore,
brute-force rapidfuzz ``WRatio`` and ``fzf --filter`` on the same queries. Without ``--bbc-db`` /
``--libya-db`` the databases are built from the corpus (``$BBC_CORPUS``) and cached in
``benchmarks/data/`` (git-ignored; delete them after a change to resolution).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_search  # noqa: E402

from explorer.normalize import matching_key  # noqa: E402
from explorer.store import queries  # noqa: E402
from explorer.store.connect import open_for_reading  # noqa: E402
from explorer.store.ranking import leading_words_dropped  # noqa: E402
from explorer.store.search import brute_force  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
GOLD = ROOT / "benchmarks" / "gold" / "search_queries.tsv"
BIN = Path(sys.executable).parent
EXPLORE = str(BIN / "libya-explore")

ROMANISATION_SWAPS = [
    ("ou", "u"),
    ("u", "ou"),
    ("kh", "h"),
    ("q", "g"),
    ("g", "q"),
    ("dh", "d"),
    ("ee", "i"),
    ("mm", "m"),
    ("ff", "f"),
    ("dd", "d"),
    ("el-", "al-"),
    ("al-", ""),
    ("e", "a"),
    ("a", "e"),
    ("i", "e"),
]

# --------------------------------------------------------------------------- latency


@dataclass
class SearchFigures:
    aliases: int
    median_ms: float
    p95_ms: float
    keystrokes: int
    brute_ms: float
    fzf_ms: float | None
    agreement: tuple[int, int] | None  # (index first == brute force first, queries)


def typo(rng: random.Random, text: str) -> str:
    """One random edit: a deleted, doubled, swapped or replaced letter."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiourstnlkmh") + text[i + 1 :]


def romanise(rng: random.Random, text: str) -> str:
    """Another spelling, the way transliterations differ (ou/u, kh/h, q/g, doubled letters…)."""
    lower = text.lower()
    options = [(a, b) for a, b in ROMANISATION_SWAPS if a in lower]
    if not options:
        return typo(rng, text)
    a, b = rng.choice(options)
    return lower.replace(a, b, 1)


def sample_queries(conn: sqlite3.Connection, n: int, seed: int = 1) -> list[tuple[str, str]]:
    """``(kind, query)``: exact names, typos, other romanisations, surnames, typed prefixes."""
    rng = random.Random(seed)
    # Names users look for: weighted toward mentioned actors, but from the whole range.
    popular = [
        r[0]
        for r in conn.execute(
            "SELECT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "ORDER BY e.mention_count DESC LIMIT 2000"
        )
    ]
    total = conn.execute("SELECT max(id) FROM aliases").fetchone()[0]
    anywhere = []
    while len(anywhere) < n:
        row = conn.execute(
            "SELECT alias FROM aliases WHERE id >= ? LIMIT 1", [rng.randint(1, total)]
        ).fetchone()
        if row:
            anywhere.append(row[0])
    out = []
    kinds = ["exact", "typo", "romanisation", "typo+romanisation", "prefix"]
    for i in range(n):
        name = rng.choice(popular) if i % 2 else anywhere[i]
        kind = kinds[i % len(kinds)]
        if kind == "typo":
            query = typo(rng, name)
        elif kind == "romanisation":
            query = romanise(rng, name)
        elif kind == "typo+romanisation":
            query = typo(rng, romanise(rng, name))
        elif kind == "prefix":
            query = name[: max(4, int(len(name) * 0.6))]
        else:
            query = name
        out.append((kind, query))
    return out


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


def time_search(conn: sqlite3.Connection, query: str) -> float:
    started = time.perf_counter()
    queries.search_entities(conn, query, limit=50)
    return (time.perf_counter() - started) * 1000


def brute_first(conn: sqlite3.Connection, query: str) -> tuple[int, float] | None:
    """The brute force's first entity and its score."""
    key = matching_key(query[:200])
    if not key:
        return None
    ranked = brute_force(conn, key, None, 1, leading_words_dropped(query[:200]))
    return (ranked[0][0], ranked[0][1]) if ranked else None


def fzf_time(names_file: Path, queries_: list[str]) -> float | None:
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    times = []
    for query in queries_:
        started = time.perf_counter()
        with names_file.open("rb") as stdin:
            subprocess.run([fzf, "--filter", query], stdin=stdin, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(db_path: Path, n_typed: int = 30, n_brute: int = 60, n_fzf: int = 10) -> SearchFigures:
    """Latency per keystroke; the brute force's time (and, for ``n_brute`` queries, whether the
    index finds a first result scoring as its first)."""
    conn = open_for_reading(db_path)
    n_aliases = conn.execute("SELECT count(*) FROM aliases").fetchone()[0]
    typed = sample_queries(conn, n_typed, seed=2)
    queries.search_entities(conn, "warm up")
    latencies = sorted(time_search(conn, prefix) for _k, q in typed for prefix in keystrokes(q))
    full = [q for _k, q in sample_queries(conn, max(n_brute, n_fzf, 3), seed=3)]
    agree = total = 0
    brute_times = []
    for query in full[: max(n_brute, 3)]:
        started = time.perf_counter()
        expected = brute_first(conn, query)
        brute_times.append((time.perf_counter() - started) * 1000)
        if n_brute and expected is not None:
            hits = queries.search_entities(conn, query, limit=10)
            total += 1
            agree += bool(hits) and abs(hits[0].score - expected[1]) < 1e-6
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        for (alias,) in conn.execute("SELECT alias FROM aliases"):
            handle.write(alias.replace("\n", " ") + "\n")
        names_file = Path(handle.name)
    try:
        fzf_ms = fzf_time(names_file, full[:n_fzf])
    finally:
        names_file.unlink(missing_ok=True)
    conn.close()
    return SearchFigures(
        aliases=n_aliases,
        median_ms=statistics.median(latencies),
        p95_ms=latencies[int(len(latencies) * 0.95) - 1],
        keystrokes=len(latencies),
        brute_ms=statistics.median(brute_times),
        fzf_ms=fzf_ms,
        agreement=(agree, total) if n_brute else None,
    )


def latency_lines(figures: list[SearchFigures]) -> list[str]:
    lines = [
        "search latency (queries.search_entities, typed one keystroke at a time, 50 results):",
        f"  {'aliases':>9} {'median':>8} {'p95':>8} {'brute force':>12} {'fzf --filter':>13} "
        f"{'index first = brute first':>26}  targets at 1M: median <= 10 ms, p95 <= 25 ms",
    ]
    for f in figures:
        fzf = f"{f.fzf_ms:10.1f} ms" if f.fzf_ms is not None else "   (no fzf)  "
        agree = f"{f.agreement[0]}/{f.agreement[1]}" if f.agreement else "(not run)"
        line = (
            f"  {f.aliases:>9,} {f.median_ms:6.1f} ms {f.p95_ms:6.1f} ms {f.brute_ms:9.0f} ms "
            f"{fzf} {agree:>26}"
        )
        if f.aliases >= 1_000_000:
            ok = f.median_ms <= 10 and f.p95_ms <= 25
            line += f"  {'MET' if ok else 'MISSED'} ({f.keystrokes} keystrokes)"
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- before and after

#: Times ``search_entities`` on the keystrokes of a JSON file with the package found in argv[1].
TIMER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from explorer.store.connect import open_for_reading
from explorer.store import queries
conn = open_for_reading(sys.argv[2])
typed = json.load(open(sys.argv[3], encoding="utf-8"))
queries.search_entities(conn, "warm up")
out = []
for text in typed:
    started = time.perf_counter()
    queries.search_entities(conn, text, limit=50)
    out.append((time.perf_counter() - started) * 1000)
print(json.dumps(out))
"""


def timed_with(root: Path, db: Path, typed_file: Path) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", TIMER, str(root), str(db), str(typed_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def compare_lines(
    db: Path, before_root: Path, before_db: Path, typed: int, rounds: int
) -> list[str]:
    """Median and p95 per keystroke, this checkout against ``before_root``, same keystrokes."""
    conn = open_for_reading(db)
    keys = [prefix for _k, q in sample_queries(conn, typed, seed=2) for prefix in keystrokes(q)]
    n_aliases = conn.execute("SELECT count(*) FROM aliases").fetchone()[0]
    conn.close()
    lines = [
        f"search latency before/after ({n_aliases:,} aliases, {len(keys)} keystrokes, "
        f"{rounds} rounds alternating; median / p95 ms):"
    ]
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        typed_file = Path(tmp) / "typed.json"
        typed_file.write_text(json.dumps(keys), encoding="utf-8")
        for index in range(rounds):
            before = sorted(timed_with(before_root, before_db, typed_file))
            after = sorted(timed_with(ROOT, db, typed_file))
            b = (statistics.median(before), before[int(len(before) * 0.95) - 1])
            a = (statistics.median(after), after[int(len(after) * 0.95) - 1])
            ratios.append((a[0] / b[0], a[1] / b[1]))
            lines.append(
                f"  round {index + 1}: before {b[0]:5.1f} / {b[1]:5.1f}   after {a[0]:5.1f} / "
                f"{a[1]:5.1f}   ratio {a[0] / b[0]:.2f} / {a[1] / b[1]:.2f}"
            )
    median_ratio = statistics.median(r[0] for r in ratios)
    p95_ratio = statistics.median(r[1] for r in ratios)
    lines.append(f"  median of the ratios: {median_ratio:.2f} (median), {p95_ratio:.2f} (p95)")
    return lines


# --------------------------------------------------------------------------- quality


def quality_lines(
    databases: dict[str, Path], queries_file: Path = GOLD, use_fzf: bool = True
) -> list[str]:
    """Top-1 / top-3 / MRR / short names above, per source, for the three rankings."""
    golds = eval_search.read_queries(queries_file)
    fzf = shutil.which("fzf") if use_fzf else None
    lines = [
        f"search quality on labelled queries ({queries_file.name}; results looked at: 20):",
        f"  {'queries':<14}{'n':>5}  {'libya-explore':>30}{'WRatio brute force':>30}"
        f"{'fzf --filter':>30}",
        f"  {'':<19}  " + f"{'top-1   top-3     MRR  short':>30}" * 3,
    ]
    for source, db in databases.items():
        catalogue = eval_search.read_catalogue(db)
        chosen = [g for g in golds if g.source == source]
        correct = [catalogue.entities_named(g.names()) for g in chosen]
        counted = [(g, c) for g, c in zip(chosen, correct, strict=True) if c]
        rankers: dict[str, eval_search.Ranker] = {
            "libya-explore": eval_search.search_in_process(db),
            "WRatio": eval_search.wratio_ranker(catalogue),
        }
        with tempfile.TemporaryDirectory() as tmp:
            if fzf:
                rankers["fzf"] = eval_search.fzf_ranker(catalogue, fzf, Path(tmp) / "names.txt")
            outcomes = {
                name: eval_search.run_ranker(
                    ranker, [g for g, _ in counted], [c for _, c in counted], catalogue, 20, 2
                )
                for name, ranker in rankers.items()
            }
        for kind in ("all", *eval_search.KINDS):
            cells, n = [], 0
            for name in ("libya-explore", "WRatio", "fzf"):
                if name not in outcomes:
                    cells.append(f"{'(no fzf)':>30}")
                    continue
                picked = [o for o in outcomes[name] if kind == "all" or o.gold.kind == kind]
                s = eval_search.summarise(picked)
                n = s.n
                short = sum(o.short_above for o in picked)
                cells.append(f"{s.top1:>8.1%}{s.top3:>8.1%}{s.mrr:>8.3f}{short:>7}")
            if n:
                label = f"{source} {kind}" if kind == "all" else f"  {kind}"
                lines.append(f"  {label:<14}{n:>5}  " + "".join(f"{c:>30}" for c in cells))
    lines.append(
        "  (short: queries where a result above the intended actor has a name under half the "
        "query's length)"
    )
    return lines


def bbc_jsonl(out: Path) -> Path:
    """The whole BBC corpus as JSONL (read from ``$BBC_CORPUS``; never written into the repo)."""
    from bench_ingest import BBC

    with gzip.open(BBC, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            dst.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return out


def labelled_databases() -> dict[str, Path]:
    """The BBC database and the seeds + BBC database, built once and cached in DATA."""
    wanted = {"bbc": DATA / "search_bbc.db", "libya": DATA / "search_libya.db"}
    missing = {k: p for k, p in wanted.items() if not p.exists()}
    if missing:
        DATA.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            corpus = bbc_jsonl(Path(tmp) / "bbc.jsonl")
            for source, path in missing.items():
                inputs = [str(corpus)] if source == "bbc" else [str(ROOT / "seeds"), str(corpus)]
                print(f"  building {path} ({source})…", flush=True)
                subprocess.run(
                    [EXPLORE, "ingest", *inputs, "--db", str(path), "-q"],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
    else:
        for path in wanted.values():  # an older schema: upgrade, as `libya-explore upgrade` does
            subprocess.run(
                [EXPLORE, "upgrade", "--db", str(path)], check=False, capture_output=True
            )
    return wanted


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    latency = sub.add_parser("latency", help="per-keystroke latency on name databases")
    latency.add_argument("dbs", nargs="+", type=Path)
    latency.add_argument("--typed", type=int, default=30, help="names typed per database")
    latency.add_argument("--brute", type=int, default=60, help="queries checked by brute force")
    compare = sub.add_parser("compare", help="latency of this checkout against another one")
    compare.add_argument("db", type=Path)
    compare.add_argument("--before-root", type=Path, required=True)
    compare.add_argument("--before-db", type=Path, required=True)
    compare.add_argument("--typed", type=int, default=40)
    compare.add_argument("--rounds", type=int, default=3)
    quality = sub.add_parser("quality", help="top-1/top-3/MRR on the labelled queries")
    quality.add_argument("--bbc-db", type=Path)
    quality.add_argument("--libya-db", type=Path)
    quality.add_argument(
        "--heldout-db",
        type=Path,
        help="BBC + heldout_types.jsonl, for the held-out queries (search_queries_heldout.tsv)",
    )
    quality.add_argument("--queries", type=Path, default=GOLD)
    quality.add_argument("--no-fzf", action="store_true")
    args = parser.parse_args(argv)
    if args.what == "latency":
        figures = [run(db, args.typed, args.brute) for db in args.dbs]
        print("\n".join(latency_lines(figures)))
        return 0
    if args.what == "compare":
        lines = compare_lines(args.db, args.before_root, args.before_db, args.typed, args.rounds)
        print("\n".join(lines))
        return 0
    given = (("bbc", args.bbc_db), ("libya", args.libya_db), ("heldout", args.heldout_db))
    databases = {k: p for k, p in given if p} or labelled_databases()
    print("\n".join(quality_lines(databases, args.queries, not args.no_fzf)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
