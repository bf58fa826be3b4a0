"""The stored form totals (issue 17.1, branch ``incremental9``): what resolution pays to read
them against counting them over every group, and what the writer pays to keep them.

    python benchmarks/bench_stored_totals.py DB [--runs 3]

DB: a database whose totals are exact (``libya-explore resolve --full`` by this build; it is
only read: the writer's share is timed inside a transaction rolled back). Prints CPU seconds
(medians of ``--runs``, one process): loading the groups (both paths pay it), counting the forms
and votes over them (``_form_totals``), loading the stored totals and folding them
(``forms_and_votes``), and refiling every document's totals (subtract + add, what replacing it
costs the writer), per document; and whether the stored totals equal a recount and give the
same forms and votes.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from explorer.resolution import resolve
from explorer.resolution.corpus_forms import codes_written_as_words, form_key
from explorer.resolution.form_totals import FormTotals
from explorer.store import resolution_state, stored_totals


def cpu(work: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median CPU seconds of ``work`` over ``runs`` calls, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.process_time()
        result = work()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"error: {args.db}: no such database", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(args.db, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        if not stored_totals.totals_ready(conn):
            print(f"error: {args.db}: totals not exact; run resolve --full", file=sys.stderr)
            return 2
        load, (groups, evidence) = cpu(lambda: resolution_state.load_resolution_state(conn), 1)
        form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
        ordered = sorted(groups, key=lambda g: g.key)
        count, counted = cpu(lambda: resolve._form_totals(ordered, form_of, evidence), args.runs)
        read, stored = cpu(lambda: stored_totals.load_form_totals(conn), args.runs)
        fold, folded = cpu(lambda: stored.forms_and_votes(form_of), args.runs)  # type: ignore[attr-defined]
        recount = FormTotals()
        recount.add(groups, evidence)
        same_totals = stored.surfaces == recount.surfaces  # type: ignore[attr-defined]
        same_forms = _comparable(counted) == _comparable(folded)
        documents = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
        refile = _refile_cost(Database(conn), documents)
        conn.close()
    print(f"{len(documents)} documents, {len(groups)} groups, {len(recount.surfaces)} surfaces")
    print(f"load the groups (both paths)           {load:.3f} s")
    print(f"count forms and votes over the groups  {count:.3f} s")
    print(f"load the stored totals                 {read:.3f} s")
    print(f"fold the stored totals                 {fold:.3f} s")
    print(f"read instead of count: ratio           {(read + fold) / count:.2f}")
    print(f"refile one document's totals (writer)  {refile * 1000:.2f} ms")
    print(f"stored totals equal a recount: {same_totals}; same forms and votes: {same_forms}")
    return 0


def _refile_cost(db: Database, documents: list[int]) -> float:
    """CPU seconds per document to subtract and add back its groups' totals (rolled back)."""
    conn = db.conn
    conn.execute("BEGIN")
    start = time.process_time()
    for document_id in documents:
        resolution_state.forget_document_groups(db, [document_id])
        groups, evidence = resolution_state._load_groups(
            db, "WHERE document_id = ?", (document_id,)
        )
        stored_totals.add_groups(db, groups, evidence)
    elapsed = time.process_time() - start
    conn.execute("ROLLBACK")
    return elapsed / max(len(documents), 1)


def _comparable(result: object) -> object:
    """Forms and votes as comparable values (in their order)."""
    forms, votes = result  # type: ignore[misc]
    return (
        [(k, f.labels, f.documents, f.genders, f.acronym, f.arabic_article) for k, f in forms.items()],
        {k: (v.labels, v.shouted, v.capitals, v.capital_first, v.forms, v.mentions, v.cues)
         for k, v in votes.items()},
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
