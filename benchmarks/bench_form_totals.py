"""The ``form_counts`` input counted over every group, or read from totals kept per surface
(:class:`explorer.resolution.form_totals.FormTotals`), on a resolved database's first N
documents; and whether the clustering is the same both ways.

    python benchmarks/bench_form_totals.py DB [--first 200,1990] [--runs 3] [--check]

Each run is a new process (CPU seconds): it loads the resolution state, keeps the first N
documents' groups, adds them to totals document by document (what a writer keeping the totals
would pay per document), then times, twice each (cold and warm: per-surface lookups cached),
counting the forms and votes over every group (``resolve._form_totals``, what the full pass
does) and folding the totals into forms (``FormTotals.forms_and_votes``); then keeps the type
context document by document (each document's votes added to its forms', those forms handed to
:class:`~explorer.resolution.entity_types.ContextTotals`: ``context_kept``, for all the
documents) against building it once from every form's votes (``context_built``, what the full
pass does). ``--check``: the entities clustered both ways compared (names, types, members),
and the kept context with the built one, once per size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from child_json import run_json_child

CHILD = r"""
import gc, json, sys, time
from collections import defaultdict
from sqlite_utils import Database
import explorer.resolution.resolve as resolve
from explorer.resolution.corpus_forms import codes_written_as_words, form_key
from explorer.resolution.entity_types import ContextTotals, TypeVotes, build_context
from explorer.resolution.entity_types import votes_by_form
from explorer.resolution.form_totals import FormTotals
from explorer.store import resolution_state

clock = time.process_time
db = Database(sys.argv[1])
first, check = int(sys.argv[2]), sys.argv[3] == "1"
gc.disable()
groups, evidence = resolution_state.load_resolution_state(db)
kept = set(sorted({g.document_id for g in groups})[:first])
groups = [g for g in groups if g.document_id in kept]
evidence = {k: v for k, v in evidence.items() if k[0] in kept}
by_document = defaultdict(list)
for g in groups:
    by_document[g.document_id].append(g)
out = {"groups": len(groups)}
totals = FormTotals()
start = clock()
for document_groups in by_document.values():
    totals.add(document_groups, evidence)
out["add_all"] = clock() - start
out["surfaces"] = len(totals.surfaces)
form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
for name in ("cold", "warm"):
    start = clock()
    resolve._form_totals(groups, form_of, evidence)
    out[name + "_count"] = clock() - start
    start = clock()
    totals.forms_and_votes(form_of)
    out[name + "_fold"] = clock() - start
context, votes = ContextTotals(), {}
start = clock()
for document_groups in by_document.values():  # a writer keeping the votes and the context
    changed = {}
    for key, added in votes_by_form(document_groups, form_of, evidence).items():
        total = votes.get(key)
        if total is None:
            total = votes[key] = TypeVotes()
        total.merge(added)
        changed[key] = total
    context.update(changed)
out["context_kept"] = clock() - start
start = clock()
built = build_context(votes, {})
out["context_built"] = clock() - start
if check:
    out["same_context"] = context.context({}) == built
    def entities(**options):
        built = resolve.build_entities(resolve.cluster_groups(groups, (), evidence, **options))
        return sorted((e.name, e.type, sorted(e.members)) for e in built)
    out["same"] = entities() == entities(totals=totals)
print(json.dumps(out))
"""

COLUMNS = [
    "add_all",
    "cold_count",
    "cold_fold",
    "warm_count",
    "warm_fold",
    "context_kept",
    "context_built",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--first", default="200,1990", help="comma-separated corpus sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare the clusterings too")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"error: {args.db}: no such database", file=sys.stderr)
        return 2
    sizes = [int(n) for n in args.first.split(",")]
    runs: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    for run in range(args.runs):
        for n in sizes:  # alternated, so that the load of the machine is shared
            check = "1" if args.check and run == 0 else "0"
            runs[n].append(run_json_child(CHILD, [str(args.db), str(n), check], args.db))
    print(
        "| documents | groups | surfaces | "
        + " | ".join(COLUMNS)
        + " | same clustering | same context |"
    )
    print("|---:|---:|---:|" + "---:|" * len(COLUMNS) + "---|---|")
    for n, rows in runs.items():
        cells = " | ".join(f"{statistics.median(r[c] for r in rows):.3f}" for c in COLUMNS)
        same = rows[0].get("same", "not checked")
        context = rows[0].get("same_context", "not checked")
        print(
            f"| {n:,} | {rows[0]['groups']:,} | {rows[0]['surfaces']:,} | {cells} | {same} "
            f"| {context} |"
        )
    print(json.dumps({str(n): rows for n, rows in runs.items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
