"""Search quality on labelled queries: does the actor a query means come first?

    python benchmarks/eval_search.py --db DB --queries benchmarks/gold/search_queries.tsv
        [--source bbc|libya] [--json] [--in-process] [--limit 20] [--no-fzf]

Each line of the query file (``benchmarks/make_search_queries.py`` writes it) names the actor the
query means (``expected``, plus ``accept``: other full names of the same actor). A result is
correct when its entity's name or one of its aliases has the same matching key (:func:`matching_key`)
as one of those names, so an actor split over several entities, or one whose canonical name the
database spells differently, still counts. Queries whose actor is not in the database are left out
and counted (a query set is built per database: ``--source``).

Three rankings over the same database and queries, side by side:

- **libya-explore**: ``libya-explore search QUERY --json`` (the stable interface; ``--in-process``
  calls the query layer directly, through :func:`search_in_process`, the only place that knows the
  explorer's module layout);
- **WRatio**: brute-force rapidfuzz ``WRatio`` over every alias and entity name, each entity's best
  string, ties broken by mention count;
- **fzf**: ``fzf --filter`` over the same strings (most-mentioned entities first, so fzf's own
  tie-break by input order favours them), when fzf is installed.

Reported per kind and overall: top-1, top-3, mean reciprocal rank (0 when the actor is not among
the first ``--limit`` results), the number of queries where a result ranked above the intended
actor has a name under half the query's length, and every failure of libya-explore (what came
first, where the intended actor came). ``--json`` prints all of it, failures of every ranking
included.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("full", "surname", "drop", "swap", "typo", "romanisation", "prefix")
SOURCES = ("bbc", "libya", "heldout")
COLUMNS = ("query", "expected", "accept", "kind", "source")


#: Words dropped from the front of a name before comparing: determiners and honorifics always,
#: offices and ranks only when a name of two words or more follows ("General Motors" stays).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


HONORIFICS = _words("the mr mrs ms miss dr sir dame lord lady prof professor")
OFFICES = _words(
    """
    president king queen prince princess sheikh general gen colonel col marshal field chancellor
    minister prime secretary
    """
)
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b|(?<=s)['\u2019](?=\s|$)")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")
#: Letters NFKD does not decompose.
_LATIN_EXTRA = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}
)


def matching_key(name: str) -> str:
    """Lower case, accents folded, possessive and apostrophes dropped, punctuation as spaces,
    leading "the" and titles aside: ``"Mr Brian O'Driscoll's"`` → ``"brian odriscoll"``,
    ``"Field Marshal Khalifa Haftar"`` → ``"khalifa haftar"``.

    Deliberately independent of the explorer's own keys, so the labels do not inherit its choices.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text.translate(_LATIN_EXTRA)))
    words = [word for word in _NON_WORD.split(text) if word]
    while (len(words) > 1 and words[0] in HONORIFICS) or (len(words) > 2 and words[0] in OFFICES):
        words = words[1:]
    return " ".join(words)


# --------------------------------------------------------------------------- gold queries


@dataclass(frozen=True)
class GoldQuery:
    query: str
    expected: str
    accept: tuple[str, ...]
    kind: str
    source: str

    def names(self) -> tuple[str, ...]:
        return (self.expected, *self.accept)


class GoldFileError(Exception):
    """A query file that cannot be used at all (missing, no header)."""


def read_queries(path: Path) -> list[GoldQuery]:
    """The labelled queries; a bad line gets a one-line warning naming the file and line."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(header[: len(COLUMNS)]) != COLUMNS:
            raise GoldFileError(f"{path}: the first line must be {chr(9).join(COLUMNS)!r}")
        out = []
        for line_no, row in enumerate(reader, start=2):
            problem = _row_problem(row)
            if problem:
                print(f"warning: {path}:{line_no}: {problem}; line skipped", file=sys.stderr)
                continue
            query, expected, accept, kind, source = row[:5]
            names = tuple(name.strip() for name in accept.split(";") if name.strip())
            out.append(GoldQuery(query, expected, names, kind, source))
    return out


def _row_problem(row: list[str]) -> str | None:
    if len(row) < len(COLUMNS):
        return f"{len(row)} columns, expected {len(COLUMNS)}"
    if not row[0].strip() or not matching_key(row[1]):
        return "empty query or expected name"
    if row[3] not in KINDS:
        return f"unknown kind {row[3]!r}"
    if row[4] not in SOURCES:
        return f"unknown source {row[4]!r}"
    return None


# --------------------------------------------------------------------------- the database


@dataclass
class Catalogue:
    """What the labels and baselines need from a database: names, mentions, every alias."""

    names: dict[int, str]
    mentions: dict[int, int]
    strings: list[tuple[int, str]]  # (entity id, alias or name), most-mentioned entities first
    by_key: dict[str, set[int]] = field(default_factory=dict)

    def entities_named(self, names: Iterable[str]) -> set[int]:
        """Entities with a name or alias whose key is one of ``names``' keys."""
        found: set[int] = set()
        for name in names:
            found |= self.by_key.get(matching_key(name), set())
        return found


class DatabaseUnusable(Exception):
    """Not SQLite, or without the ``entities`` and ``aliases`` tables."""


def read_catalogue(db: Path) -> Catalogue:
    """Read the schema's contract tables (``entities``, ``aliases``) read-only."""
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            entities = conn.execute("SELECT id, name, mention_count FROM entities").fetchall()
            aliases = conn.execute("SELECT entity_id, alias FROM aliases").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseUnusable(f"{db}: not a libya-explore database ({exc})") from exc
    names = {eid: name for eid, name, _m in entities}
    mentions = {eid: count for eid, _n, count in entities}
    pairs = {(eid, alias) for eid, alias in aliases if eid in names}
    pairs |= {(eid, name) for eid, name in names.items()}
    strings = sorted(pairs, key=lambda p: (-mentions[p[0]], p[0], p[1]))
    catalogue = Catalogue(names, mentions, strings)
    for eid, text in strings:
        catalogue.by_key.setdefault(matching_key(text), set()).add(eid)
    return catalogue


# --------------------------------------------------------------------------- rankings

#: A ranking: the query, the result limit → ``(entity id, matched string)``, best first.
Ranker = Callable[[str, int], list[tuple[int, str]]]


class SearchUnavailable(Exception):
    """libya-explore could not be run (not installed, unusable database, crash)."""


def search_cli(db: Path, executable: str) -> Ranker:
    """``libya-explore search QUERY --json --db DB``: the explorer's ranking as users get it."""

    def rank(query: str, limit: int) -> list[tuple[int, str]]:
        try:
            done = subprocess.run(
                [executable, "search", query, "--json", "--limit", str(limit), "--db", str(db)],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as exc:
            raise SearchUnavailable(f"cannot run {executable} ({exc.strerror})") from exc
        if done.returncode not in (0, 1):  # 1: nothing matched, with "[]" on stdout
            message = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
            raise SearchUnavailable(f"libya-explore search {query!r}: {message[0]}")
        try:
            hits = json.loads(done.stdout)
        except json.JSONDecodeError as exc:
            raise SearchUnavailable(f"libya-explore search {query!r}: not JSON ({exc})") from exc
        return [(hit["id"], hit.get("matched_alias") or hit["name"]) for hit in hits]

    return rank


def search_in_process(db: Path) -> Ranker:
    """The same ranking through the query layer, without a process per query.

    The only function here that imports explorer internals: when module paths move, this is the
    one place to update (the CLI adapter keeps working).
    """
    try:
        from explorer.store.connect import open_for_reading
        from explorer.store.queries import search_entities
    except ImportError as exc:
        raise SearchUnavailable(f"--in-process: cannot import the query layer ({exc})") from exc
    conn = open_for_reading(db)

    def rank(query: str, limit: int) -> list[tuple[int, str]]:
        return [
            (hit.id, hit.matched_alias or hit.name)
            for hit in search_entities(conn, query, limit=limit)
        ]

    return rank


def wratio_ranker(catalogue: Catalogue) -> Ranker:
    """Brute-force WRatio over every string; each entity's best, ties by mention count."""
    from rapidfuzz import fuzz, process

    keys = [matching_key(text) for _eid, text in catalogue.strings]

    def rank(query: str, limit: int) -> list[tuple[int, str]]:
        scored = process.extract(
            matching_key(query),
            keys,
            scorer=fuzz.WRatio,
            processor=None,
            limit=None,
            score_cutoff=1,
        )
        best: dict[int, tuple[float, str]] = {}
        for _key, score, index in scored:
            eid, text = catalogue.strings[index]
            if eid not in best or score > best[eid][0]:
                best[eid] = (score, text)
        ordered = sorted(best, key=lambda eid: (-best[eid][0], -catalogue.mentions[eid], eid))
        return [(eid, best[eid][1]) for eid in ordered[:limit]]

    return rank


def fzf_ranker(catalogue: Catalogue, fzf: str, lines_file: Path) -> Ranker:
    """``fzf --filter``: its own scoring over the same strings, most-mentioned entities first."""
    with lines_file.open("w", encoding="utf-8") as handle:
        for eid, text in catalogue.strings:
            handle.write(f"{' '.join(text.split())}\t{eid}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FZF_")}

    def rank(query: str, limit: int) -> list[tuple[int, str]]:
        with lines_file.open("rb") as stdin:
            done = subprocess.run(
                [fzf, "--filter", query.lower(), "--delimiter", "\t", "--nth", "1"],
                stdin=stdin,
                capture_output=True,
                env=env,
                check=False,
            )
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            text, _tab, eid_text = line.rpartition("\t")
            eid = int(eid_text)
            if eid not in seen:
                seen.add(eid)
                out.append((eid, text))
                if len(out) == limit:
                    break
        return out

    return rank


# --------------------------------------------------------------------------- scoring


@dataclass
class Outcome:
    gold: GoldQuery
    rank: int | None  # 1-based rank of the first correct result, None when not in the results
    first: tuple[int, str] | None  # (entity id, matched string) of the first result
    short_above: bool  # a result above the intended actor has a name under half the query's length


def judge(
    gold: GoldQuery, results: list[tuple[int, str]], correct: set[int], catalogue: Catalogue
) -> Outcome:
    rank = next((i for i, (eid, _t) in enumerate(results, start=1) if eid in correct), None)
    above = results if rank is None else results[: rank - 1]
    half = len(gold.query.strip()) / 2
    short = any(len(catalogue.names.get(eid, text)) < half for eid, text in above)
    return Outcome(gold, rank, results[0] if results else None, short)


@dataclass
class Summary:
    n: int
    top1: float
    top3: float
    mrr: float


def summarise(outcomes: list[Outcome]) -> Summary:
    n = len(outcomes)
    if not n:
        return Summary(0, 0.0, 0.0, 0.0)
    return Summary(
        n,
        sum(o.rank == 1 for o in outcomes) / n,
        sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
        sum(1 / o.rank for o in outcomes if o.rank) / n,
    )


def run_ranker(
    ranker: Ranker,
    golds: list[GoldQuery],
    correct: list[set[int]],
    catalogue: Catalogue,
    limit: int,
    workers: int,
) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda g: ranker(g.query, limit), golds))
    return [judge(g, r, c, catalogue) for g, r, c in zip(golds, results, correct, strict=True)]


# --------------------------------------------------------------------------- report


def describe_failure(outcome: Outcome, catalogue: Catalogue) -> dict:
    first = None
    if outcome.first is not None:
        eid, text = outcome.first
        first = {"id": eid, "name": catalogue.names.get(eid, text), "matched": text}
    return {
        "query": outcome.gold.query,
        "kind": outcome.gold.kind,
        "expected": outcome.gold.expected,
        "first": first,
        "rank": outcome.rank,
        "short_above": outcome.short_above,
    }


def report_json(name_outcomes: dict[str, list[Outcome]], meta: dict, catalogue: Catalogue) -> dict:
    rankers = {}
    for name, outcomes in name_outcomes.items():
        by_kind = {k: vars(summarise([o for o in outcomes if o.gold.kind == k])) for k in KINDS}
        rankers[name] = {
            "overall": vars(summarise(outcomes)),
            "by_kind": {k: v for k, v in by_kind.items() if v["n"]},
            "short_above": sum(o.short_above for o in outcomes),
            "failures": [describe_failure(o, catalogue) for o in outcomes if o.rank != 1],
        }
    return {**meta, "rankers": rankers}


def report_text(
    name_outcomes: dict[str, list[Outcome]], meta: dict, catalogue: Catalogue, failures: int
) -> str:
    names = list(name_outcomes)
    lines = [
        f"search quality: {meta['counted']} queries ({meta['source']}) on {meta['db']} "
        f"({meta['aliases']:,} alias strings); {len(meta['not_in_db'])} left out "
        "(intended actor not in this database)",
        f"top-1 / top-3 / MRR (results: first {meta['limit']})",
        f"{'kind':<13}{'n':>5}  " + "".join(f"{n:>22}" for n in names),
    ]
    for kind in ("all", *KINDS):
        cells = []
        count = 0
        for name in names:
            chosen = [o for o in name_outcomes[name] if kind == "all" or o.gold.kind == kind]
            s = summarise(chosen)
            count = s.n
            cells.append(f"{s.top1:>8.1%}{s.top3:>7.1%}{s.mrr:>7.3f}")
        if count:
            lines.append(f"{kind:<13}{count:>5}  " + "".join(f"{c:>22}" for c in cells))
    shorts = "".join(f"{sum(o.short_above for o in name_outcomes[n]):>22}" for n in names)
    lines.append(f"{'short above':<13}{'':>5}  {shorts}")
    lines.append(
        "  (queries where a result above the intended actor has a name under half the query's length)"
    )
    if meta["not_in_db"]:
        lines.append("left out: " + ", ".join(repr(q) for q in meta["not_in_db"][:20]))
    first = names[0]
    missed = [o for o in name_outcomes[first] if o.rank != 1]
    lines.append(
        f"\n{first} failures ({len(missed)}; query [kind] -> first result | where the intended actor came):"
    )
    for outcome in missed[:failures]:
        item = describe_failure(outcome, catalogue)
        got = item["first"]
        shown = "nothing" if got is None else repr(got["name"])
        if got is not None and matching_key(got["matched"]) != matching_key(got["name"]):
            shown += f" (as {got['matched']!r})"
        where = f"#{outcome.rank}" if outcome.rank else f"not in the first {meta['limit']}"
        lines.append(
            f"  {outcome.gold.query!r} [{outcome.gold.kind}] -> {shown} | {outcome.gold.expected!r} {where}"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def default_cli() -> str:
    beside = Path(sys.executable).parent / "libya-explore"
    return str(beside) if beside.exists() else (shutil.which("libya-explore") or "libya-explore")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="database to search")
    parser.add_argument("--queries", type=Path, required=True, help="labelled queries (TSV)")
    parser.add_argument(
        "--source", choices=SOURCES, help="only the queries built for this database"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (all failures included)")
    parser.add_argument(
        "--in-process", action="store_true", help="call the query layer, not the CLI"
    )
    parser.add_argument(
        "--cli", default=None, help="libya-explore executable (default: beside python)"
    )
    parser.add_argument("--limit", type=int, default=20, help="results looked at per query")
    parser.add_argument("--failures", type=int, default=1000, help="failures listed (text output)")
    parser.add_argument("--no-fzf", action="store_true", help="leave the fzf baseline out")
    parser.add_argument("--workers", type=int, default=2, help="queries run at once (CLI, fzf)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.db.is_file():
        print(f"error: {args.db}: no such database file", file=sys.stderr)
        return 2
    try:
        golds = [g for g in read_queries(args.queries) if args.source in (None, g.source)]
        catalogue = read_catalogue(args.db)
    except (GoldFileError, DatabaseUnusable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    correct = [catalogue.entities_named(g.names()) for g in golds]
    counted = [(g, c) for g, c in zip(golds, correct, strict=True) if c]
    meta = {
        "db": str(args.db),
        "queries": str(args.queries),
        "source": args.source or "all sources",
        "limit": args.limit,
        "aliases": len(catalogue.strings),
        "counted": len(counted),
        "not_in_db": [g.query for g, c in zip(golds, correct, strict=True) if not c],
    }
    rankers: dict[str, tuple[Ranker, int]] = {}
    try:
        explorer = (
            search_in_process(args.db)
            if args.in_process
            else search_cli(args.db, args.cli or default_cli())
        )
    except SearchUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rankers["libya-explore"] = (explorer, 1 if args.in_process else args.workers)
    rankers["WRatio brute force"] = (wratio_ranker(catalogue), 1)
    fzf = None if args.no_fzf else shutil.which("fzf")
    with tempfile.TemporaryDirectory() as tmp:
        if fzf:
            rankers["fzf --filter"] = (
                fzf_ranker(catalogue, fzf, Path(tmp) / "names.txt"),
                args.workers,
            )
        else:
            meta["fzf"] = "left out (--no-fzf)" if args.no_fzf else "fzf not installed: left out"
            print(f"note: {meta['fzf']}", file=sys.stderr)
        outcomes = {}
        try:
            for name, (ranker, workers) in rankers.items():
                outcomes[name] = run_ranker(
                    ranker,
                    [g for g, _c in counted],
                    [c for _g, c in counted],
                    catalogue,
                    args.limit,
                    workers,
                )
        except SearchUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.json:
        print(json.dumps(report_json(outcomes, meta, catalogue), ensure_ascii=False, indent=2))
    else:
        print(report_text(outcomes, meta, catalogue, args.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
