"""How much of adding one article any per-name memo could save: the resolution run twice in one
process, cold (as a new ``libya-explore ingest`` runs it) and warm (every per-process cache of
per-name work filled: form keys, readings, type decisions' lookups, name tables).

    python benchmarks/bench_memo_bound.py DB [DB ...] [--runs 3]

For each database (already resolved, e.g. ``bench_incremental.py --work``'s ``baseN.db``, read
only), a new process loads the resolution state, clusters and builds the entities twice, and
reports the CPU seconds of each step; medians of ``--runs`` processes. With ``--steps``, the
steps of ``cluster_groups`` too, by kind (:data:`STEPS`). The warm pass is a lower
bound for any design that stores per-name or per-form results and still runs every rule over
every surface group (issue 17.1's "memo" design): what grows between two sizes in the warm
pass cannot be taken away by such a memo, only by not visiting every group (the "dirty" design).
With ``--free-memo pairs`` or ``--free-memo types``, the cold pass with one stage's results
given for free instead (the spelling rules' candidate pairs, every form's type decision),
alternated with the plain one: the ceiling of storing that stage. With ``--inputs``, each of the
corpus-wide inputs' computations timed alone (:data:`INPUTS`): warm, what is left of one is its
counting over the groups (per-name work cached), the cost of recomputing it from every stored
group instead of reading it from stored aggregates. ``--first N`` keeps the groups of the
database's first N documents only (one resolved database stands for smaller corpora).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from child_json import run_json_child

#: The steps of ``cluster_groups`` by what they are (``--steps``): the rules and helpers it calls
#: from :mod:`explorer.resolution.resolve`'s namespace, timed when called from there (a helper
#: a rule calls is counted in that rule); what is left of ``cluster_groups`` is its own loops.
STEPS = {
    "corpus-wide inputs": [
        "codes_written_as_words",
        "gazetteer_index",
        "add_gazetteer_forms",
        "_form_totals",
        "_type_forms",
        "long_forms_by_document",
        "People",
        "acronym_index",
        "expansions_written_beside",
        "_work_titles",
    ],
    "joins of whole forms": [
        "join_full_name_variants",
        "join_glued_names",
        "coordinated_forms",
        "join_middle_name_variants",
        "epithet_free_forms",
        "join_contained_full_names",
        "join_nicknames",
        "join_forms_of_one_actor",
        "join_dropped_prefixes",
    ],
    "per-group decisions": [
        "peer_named_after",
        "continued_name",
        "acronym_target",
        "part_target",
        "club_of_place",
        "surname_called_a_place",
        "initial_and_surname",
        "initial_target",
        "_another_listed_actor",
        "People.surname_target",
    ],
    "story and co-actor passes": [
        "places_standing_for_clubs",
        "short_organisation_names",
        "short_names_by_community",
        "first_names_of_people_in_their_document",
        "one_sense_per_story",
        "join_short_variants",
        "name_after_the_longer_names",
    ],
    "clusters": ["_collect", "_merge_same_names"],
}

#: The corpus-wide inputs ``cluster_groups`` computes from every group (``--inputs``), each its
#: own step: what a dirty path has to read from the whole corpus while deciding a subset.
INPUTS = {
    name: [name]
    for name in (
        "codes_written_as_words",
        "_form_totals",
        "_type_forms",
        "form_rules.office_words",
        "long_forms_by_document",
        "People",
        "acronym_index",
        "expansions_written_beside",
        "_work_titles",
        "_acronym_led_texts",
        "coordinated_forms",
        "epithet_free_forms",
    )
}

CHILD = r"""
import functools, gc, json, pickle, sys, time
from collections import defaultdict
from sqlite_utils import Database
import explorer.resolution.resolve as resolve
from explorer.store import resolution_state

clock = time.process_time
steps = json.loads(sys.argv[2])
spent = defaultdict(float)

def timed(function, step):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[step] += clock() - start
    return wrapper

named = [(name, step) for step, names in steps.items() for name in names]
for name, step in sorted(named, key=lambda pair: "." not in pair[0]):  # methods first
    owner_name, _, attribute = name.rpartition(".")
    owner = getattr(resolve, owner_name) if owner_name else resolve
    setattr(owner, attribute, timed(getattr(owner, attribute), step))

# A stage's results given for free (``--free-memo``): recorded by a first process ("record"),
# then handed to the stage by a later one ("memo"), without any load or validation cost.
memo_mode, memo_kind, memo_path = (sys.argv[3].split(":", 2) + ["", ""])[:3]
if memo_kind == "pairs":
    import explorer.resolution.spelling as spelling
    original_pairs = spelling._candidate_pairs
    if memo_mode == "record":
        recorded = set()
        def recording_pairs(keys):
            pairs = original_pairs(keys)
            recorded.update(pairs)
            return pairs
        spelling._candidate_pairs = recording_pairs
    elif memo_mode == "memo":
        stored = sorted(pickle.load(open(memo_path, "rb")))
        def stored_pairs(keys):
            keys = set(keys)
            return [pair for pair in stored if pair[0] in keys and pair[1] in keys]
        spelling._candidate_pairs = stored_pairs
elif memo_kind == "types":
    import explorer.resolution.entity_types as entity_types
    infer_type = entity_types.infer_type
    stored = pickle.load(open(memo_path, "rb")) if memo_mode == "memo" else {}
    recorded = {}
    def decide_form(self, form):
        decision = self._form_decisions.get(form)
        if decision is None:
            decision = stored.get(form) or infer_type(self.form_votes[form], self.context)
            self._form_decisions[form] = recorded[form] = decision
        return decision
    entity_types.EntityTyper.decide_form = decide_form

db = Database(sys.argv[1])
first = int(sys.argv[4])
gc.disable()  # as the pipeline runs it (_without_cyclic_gc)
start = clock()
groups, evidence = resolution_state.load_resolution_state(db)
if first:
    kept = set(sorted({g.document_id for g in groups})[:first])
    groups = [g for g in groups if g.document_id in kept]
    evidence = {k: v for k, v in evidence.items() if k[0] in kept}
out = {"groups": len(groups), "load": clock() - start}
for name in ("cold", "warm"):
    spent.clear()
    start = clock()
    clustering = resolve.cluster_groups(groups, (), evidence)
    middle = clock()
    resolve.build_entities(clustering)
    out[name + "_cluster"] = middle - start
    out[name + "_build"] = clock() - middle
    for step in steps:
        out[f"{name}: {step}"] = spent[step]
    out[f"{name}: own loops"] = out[name + "_cluster"] - sum(spent[s] for s in steps)
    if memo_mode == "record":
        pickle.dump(recorded, open(memo_path, "wb"))
        break
print(json.dumps(out))
"""


def measure(
    db: Path, steps: dict[str, list[str]] | bool, memo: str = "plain", first: int = 0
) -> dict[str, float]:
    """One new process's CPU seconds per step on ``db`` (``steps``: the steps to time, ``True``
    for :data:`STEPS`); ``memo``: ``plain``, or ``record:KIND:PATH`` / ``memo:KIND:PATH``
    (``--free-memo``); ``first``: keep the first N documents' groups only (0: all)."""
    chosen = STEPS if steps is True else steps or {}
    timed = json.dumps(chosen)
    result: dict[str, float] = run_json_child(CHILD, [str(db), timed, memo, str(first)], db)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", action="store_true", help="time cluster_groups' steps too")
    parser.add_argument(
        "--inputs", action="store_true", help="time each corpus-wide input alone (INPUTS)"
    )
    parser.add_argument(
        "--first",
        type=str,
        default="0",
        help="comma-separated sizes: each database's first N documents only (0: all)",
    )
    parser.add_argument(
        "--free-memo",
        choices=["pairs", "types"],
        help="the cold pass with the spelling rules' candidate pairs, or every form's type "
        "decision, given for free (recorded by a first process), alternated with the plain one",
    )
    args = parser.parse_args(argv)
    for db in args.databases:
        if not db.is_file():
            print(f"error: {db}: no such database", file=sys.stderr)
            return 2
    if args.free_memo:
        return free_memo(args.databases, args.free_memo, args.runs)
    steps = INPUTS if args.inputs else STEPS if args.steps else {}
    sizes = [int(n) for n in args.first.split(",")]
    runs: dict[tuple[Path, int], list[dict[str, float]]] = {
        (db, n): [] for db in args.databases for n in sizes
    }
    for _ in range(args.runs):
        for db, first in runs:  # alternated, so that the load of the machine is shared
            runs[db, first].append(measure(db, steps, first=first))
    columns = ["load", "cold_cluster", "cold_build", "warm_cluster", "warm_build"]
    print("| database | groups | " + " | ".join(columns) + " | cold total | warm total |")
    print("|---|---:|" + "---:|" * (len(columns) + 2))
    for (db, first), rows in runs.items():
        med = {c: statistics.median(r[c] for r in rows) for c in columns}
        cold = med["load"] + med["cold_cluster"] + med["cold_build"]
        warm = med["load"] + med["warm_cluster"] + med["warm_build"]
        cells = " | ".join(f"{med[c]:.2f}" for c in columns)
        print(
            f"| {_label(db, first)} | {rows[0]['groups']:,} | {cells} | {cold:.2f} | {warm:.2f} |"
        )
    if steps:
        print()
        print(
            "| step of cluster_groups | "
            + " | ".join(f"{_label(db, n)} cold | warm" for db, n in runs)
            + " |"
        )
        print("|---|" + "---:|---:|" * len(runs))
        for step in [*steps, "own loops"]:
            cells = " | ".join(
                f"{statistics.median(r[f'cold: {step}'] for r in rows):.2f} | "
                f"{statistics.median(r[f'warm: {step}'] for r in rows):.2f}"
                for rows in runs.values()
            )
            print(f"| {step} | {cells} |")
    return 0


def _label(db: Path, first: int) -> str:
    return f"{db.name} (first {first:,})" if first else db.name


def free_memo(databases: list[Path], kind: str, rounds: int) -> int:
    """The cold resolution (load, cluster, build) with and without one stage's results given
    for free: the most that storing that stage's results could save."""
    print(f"| database | plain (CPU s) | {kind} given (CPU s) | saved |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for db in databases:
            path = Path(folder) / f"{db.stem}.pickle"
            measure(db, False, f"record:{kind}:{path}")
            plain: list[float] = []
            given: list[float] = []
            for _ in range(rounds):
                for mode, times in (("plain", plain), (f"memo:{kind}:{path}", given)):
                    row = measure(db, False, mode)
                    times.append(row["load"] + row["cold_cluster"] + row["cold_build"])
            a, b = statistics.median(plain), statistics.median(given)
            print(f"| {db.name} | {a:.2f} | {b:.2f} | {a - b:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
