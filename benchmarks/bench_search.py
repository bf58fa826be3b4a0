"""Search benchmark: per-keystroke latency of ``queries.search_entities`` and its recall.

For each database: typed queries (every prefix of a name as it is typed, with typos and other
romanisations) are timed one keystroke at a time; full queries are checked against a brute-force
rapidfuzz WRatio scan over every alias (hit: the brute force's first actor is in the top 10);
``fzf --filter`` is timed on the same names with the same full queries.
"""

from __future__ import annotations

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.normalize import matching_key  # noqa: E402
from explorer.store import queries  # noqa: E402
from explorer.store.connect import open_for_reading  # noqa: E402
from explorer.store.search import brute_force

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


@dataclass
class SearchFigures:
    aliases: int
    median_ms: float
    p95_ms: float
    keystrokes: int
    recall: float
    recall_by_kind: dict[str, tuple[int, int]]
    brute_ms: float
    fzf_ms: float | None


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


def brute_top1(conn: sqlite3.Connection, query: str) -> int | None:
    key = matching_key(query[:200])
    if not key:
        return None
    ranked = brute_force(conn, key, None, 1)
    return ranked[0][0] if ranked else None


def fzf_time(names_file: Path, queries_: list[str]) -> float | None:
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    times = []
    for query in queries_:
        started = time.perf_counter()
        subprocess.run(
            [fzf, "--filter", query],
            stdin=names_file.open("rb"),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(db_path: Path, n_typed: int = 30, n_recall: int = 100, n_fzf: int = 10) -> SearchFigures:
    conn = open_for_reading(db_path)
    n_aliases = conn.execute("SELECT count(*) FROM aliases").fetchone()[0]
    typed = sample_queries(conn, n_typed, seed=2)
    queries.search_entities(conn, "warm up")
    latencies = [time_search(conn, prefix) for _k, q in typed for prefix in keystrokes(q)]
    latencies.sort()
    recall_set = sample_queries(conn, n_recall, seed=3)
    by_kind: dict[str, list[int]] = {}
    brute_times = []
    for kind, query in recall_set:
        started = time.perf_counter()
        expected = brute_top1(conn, query)
        brute_times.append((time.perf_counter() - started) * 1000)
        if expected is None:
            continue
        got = [hit.id for hit in queries.search_entities(conn, query, limit=10)]
        stats = by_kind.setdefault(kind, [0, 0])
        stats[0] += expected in got
        stats[1] += 1
    hits = sum(v[0] for v in by_kind.values())
    total = sum(v[1] for v in by_kind.values())
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        for (alias,) in conn.execute("SELECT alias FROM aliases"):
            handle.write(alias.replace("\n", " ") + "\n")
        names_file = Path(handle.name)
    try:
        fzf_ms = fzf_time(names_file, [q for _k, q in recall_set[:n_fzf]])
    finally:
        names_file.unlink(missing_ok=True)
    conn.close()
    return SearchFigures(
        aliases=n_aliases,
        median_ms=statistics.median(latencies),
        p95_ms=latencies[int(len(latencies) * 0.95) - 1],
        keystrokes=len(latencies),
        recall=hits / total if total else 0.0,
        recall_by_kind={k: (v[0], v[1]) for k, v in by_kind.items()},
        brute_ms=statistics.median(brute_times),
        fzf_ms=fzf_ms,
    )


def misses(db_path: Path, n: int = 100) -> None:
    """Print the recall misses (for tuning)."""
    conn = open_for_reading(db_path)
    for kind, query in sample_queries(conn, n, seed=3):
        expected = brute_top1(conn, query)
        if expected is None:
            continue
        hits = queries.search_entities(conn, query, limit=10)
        if expected not in [h.id for h in hits]:
            want = queries.get_entity(conn, expected)
            brute = brute_force(conn, matching_key(query), None, 3)
            print(
                f"{kind:18} {query!r}: want {want.name!r} {brute[:2]}; got {[h.matched_alias for h in hits[:3]]}"
            )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--misses":
        misses(Path(sys.argv[2]))
    else:
        for arg in sys.argv[1:]:
            print(run(Path(arg)))
