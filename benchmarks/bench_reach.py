"""How far adding one article reaches in the clustering, against what the rules declare
(issue 17.1, design (b)): is every change a full re-cluster makes inside the dirty set of the
declared blocking keys, and how large is that set?

    python benchmarks/bench_reach.py --db BBC.db [--base 1990] [--articles 10]

Reads the resolution state of a resolved database (read-only), takes its first ``--base``
documents (by id) as the corpus, then, for each of the next ``--articles`` documents, clusters
the corpus with and without it in memory (the full re-cluster) and compares: a surface group
of the corpus *changed* when its entity's name, type or members (among the corpus's groups)
differ. It prints, per article, the new groups, the dirty set (:func:`dirty_groups` with the
families every rule declares, :func:`explorer.resolution.reach.plan`) as a share of the
corpus's groups, the read ring (groups sharing a declared key with a dirty group: what
re-deciding the dirty set reads), the changed groups, and those outside the dirty set (what
the corpus-wide inputs moved, which a partial re-cluster would miss), with examples, and the
documents holding changed groups (whose co-actors moved); then the
CPU of the full re-cluster and of clustering the dirty set alone (the same code on fewer
groups: what design (b) could cost), and how many dirty groups that alone decides otherwise
than the full re-cluster (what the corpus-wide inputs, computed over the dirty set only, get
wrong: what stored aggregates must supply). With ``--served``, the dirty set alone is clustered
with the type context of the whole corpus (what
:class:`~explorer.resolution.entity_types.ContextTotals` keeps) instead of its own: what is
still decided otherwise then is what the other inputs (the co-actor ones) move, with examples.
With ``--with-ring``, the dirty set is clustered together with its read ring (the groups it
reads; only the dirty groups' results compared): whether what the dirty groups read is all
their decisions need.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from explorer.resolution import reach, resolve
from explorer.resolution.corpus_forms import codes_written_as_words
from explorer.resolution.entity_types import TypeContext, build_context
from explorer.resolution.resolve import build_entities, cluster_groups, form_key
from explorer.store.resolution_state import load_resolution_state

Key = tuple[int, str, str, str]  # SurfaceGroup.key


def signatures(groups, evidence) -> dict[Key, tuple[str, str, frozenset[Key]]]:
    """Each group's entity as (name, type, members) after a full clustering."""
    result: dict[Key, tuple[str, str, frozenset[Key]]] = {}
    for entity in build_entities(cluster_groups(groups, (), evidence)):
        members = frozenset(tuple(m) for m in entity.members)
        for member in members:
            result[member] = (entity.name, entity.type, members)
    return result


def corpus_context(groups, evidence) -> TypeContext:  # type: ignore[no-untyped-def]
    """The type context of every group's form votes (no gazetteer)."""
    groups = sorted(groups, key=lambda g: g.key)
    form_of = codes_written_as_words({g.text: form_key(g.text) for g in groups})
    return build_context(resolve._form_totals(groups, form_of, evidence)[1], {})


@contextlib.contextmanager
def served_context(context: TypeContext | None):  # type: ignore[no-untyped-def]
    """The clustering's type context replaced by ``context`` (``None``: left alone)."""
    if context is None:
        yield
        return
    original = resolve.build_context
    resolve.build_context = lambda votes, gazetteer_types: context  # type: ignore[assignment]
    try:
        yield
    finally:
        resolve.build_context = original


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--base", type=int, default=1990)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument(
        "--no-documents",
        action="store_true",
        help="leave out the closure over documents that the co-actor inputs call for",
    )
    parser.add_argument(
        "--remove",
        action="store_true",
        help="remove each of the base's last --articles documents instead of adding new ones",
    )
    parser.add_argument(
        "--served",
        action="store_true",
        help="cluster the dirty set alone with the whole corpus's type context",
    )
    parser.add_argument(
        "--with-ring",
        action="store_true",
        help="cluster the dirty set with its read ring (the dirty groups' results compared)",
    )
    parser.add_argument(
        "--by-family",
        action="store_true",
        help="also the median dirty share of each key family alone (which declarations to narrow)",
    )
    args = parser.parse_args(argv)
    if not args.db.is_file():
        raise SystemExit(f"error: {args.db}: no such database")
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    groups, evidence = load_resolution_state(connection)
    documents = sorted({g.document_id for g in groups})
    base_ids = set(documents[: args.base])
    added = documents[args.base : args.base + args.articles]
    base = [g for g in groups if g.document_id in base_ids]
    plan = reach.plan(resolve, "cluster_groups")
    families = plan.families if plan else frozenset(reach.FAMILIES)
    print(
        f"{len(base_ids)} documents, {len(base)} surface groups; declared families: "
        f"{sorted(families) if plan else 'incomplete: ' + ', '.join(reach.undeclared(resolve, 'cluster_groups'))}"
        f"; corpus-wide inputs read: {sorted(plan.corpus) if plan else '?'}"
    )
    started = time.process_time()
    before = signatures(base, evidence)
    print(f"full clustering of the base: {time.process_time() - started:.2f} s CPU")
    entity_of = {key: id(sig[2]) for key, sig in before.items()}
    if args.remove:
        through = bool(plan and plan.through_documents) and not args.no_documents
        removed = documents[max(0, args.base - args.articles) : args.base]
        return _removals(base, evidence, removed, before, entity_of, families, through)
    shares, outside_counts = [], []
    family_shares: dict[str, list[float]] = defaultdict(list)
    print(
        "document | new groups | dirty groups (share) | read ring (share) | changed (documents) | "
        "changed outside dirty | "
        "CPU: full, dirty set alone | dirty groups the set alone decides differently"
    )
    full_cpu, subset_cpu, disagreements, ring_shares = [], [], [], []
    propagated_shares: list[float] = []
    for document_id in added:
        new = [g for g in groups if g.document_id == document_id]
        started = time.process_time()
        after = signatures(base + new, evidence)
        full_cpu.append(time.process_time() - started)
        changed = {
            key
            for key, sig in before.items()
            if (sig[0], sig[1], sig[2]) != _restricted(after[key], before)
        }
        every = base + new
        forms_of = {g.key: form_key(g.text) for g in every}
        documents_of = {key: key[0] for key in forms_of}
        new_keys = [g.key for g in new]
        through = bool(plan and plan.through_documents) and not args.no_documents
        dirty = reach.dirty_groups(
            forms_of, documents_of, entity_of, new_keys, families, resolve.acronym_of, through
        )
        for family in sorted(families) if args.by_family else ():
            alone_family = reach.dirty_groups(
                forms_of, documents_of, entity_of, new_keys, {family}, resolve.acronym_of
            )
            family_shares[family].append(len(alone_family - set(new_keys)) / len(base))
        moved_documents = {key[0] for key in changed}
        propagated = reach.dirty_groups(
            forms_of,
            documents_of,
            entity_of,
            new_keys + [key for key in forms_of if key[0] in moved_documents],
            families,
            resolve.acronym_of,
        )
        propagated_shares.append(len(propagated - set(new_keys)) / len(base))
        outside = changed - dirty
        share = len(dirty - set(new_keys)) / len(base)
        ring = _ring(dirty, forms_of, documents_of, families) - dirty
        ring_shares.append(len(ring) / len(base))
        shares.append(share)
        outside_counts.append(len(outside))
        examples = _examples(outside, before, after)
        clustered = dirty | ring if args.with_ring else dirty
        subset = [g for g in every if g.key in clustered]
        context = corpus_context(every, evidence) if args.served else None
        started = time.process_time()
        with served_context(context):
            alone = signatures(subset, evidence)
        subset_cpu.append(time.process_time() - started)
        if args.with_ring:  # the dirty groups' entities, restricted to the dirty groups
            alone = {key: _within(alone[key], dirty) for key in dirty}
            compared = {key: _within(after[key], dirty) for key in dirty}
        else:
            compared = after
        differing = {key for key in alone if alone[key] != compared[key]}
        disagree = len(differing)
        disagreements.append(disagree)
        if (args.served or args.with_ring) and differing:
            print(f"  decided otherwise alone: {_examples(differing, alone, compared, 6)}")
        print(
            f"{document_id} | {len(new)} | {len(dirty) - len(new)} ({share:.1%}) | "
            f"{len(ring)} ({ring_shares[-1]:.1%}) | {len(changed)} ({len({k[0] for k in changed})}) | "
            f"{len(outside)} | {full_cpu[-1]:.2f} s, {subset_cpu[-1]:.2f} s | {disagree}"
            f"{'  outside e.g. ' + examples if examples else ''}"
        )
    print(
        f"median dirty share {statistics.median(shares):.1%}, read ring "
        f"{statistics.median(ring_shares):.1%}; articles whose changes all fall "
        f"inside the dirty set: {sum(n == 0 for n in outside_counts)} of {len(added)}; "
        f"median CPU of the full re-cluster {statistics.median(full_cpu):.2f} s, of the dirty set "
        f"alone {statistics.median(subset_cpu):.2f} s; articles whose dirty set alone decides as "
        f"the full re-cluster: {sum(n == 0 for n in disagreements)} of {len(added)}"
    )
    print(
        "median dirty share when the changes' documents are propagated once (what tracking "
        f"the co-actor inputs would add to the keys' reach): {statistics.median(propagated_shares):.1%}"
    )
    for family, values in family_shares.items():
        print(f"  {family} alone: median dirty share {statistics.median(values):.1%}")
    return 0


def _removals(base, evidence, removed, before, entity_of, families, through) -> int:  # type: ignore[no-untyped-def]
    """Remove each document of ``removed`` from the base alone: are the changes of the full
    re-cluster in the dirty set of the removed groups (closed over the entities they had)?"""
    forms_of = {g.key: form_key(g.text) for g in base}
    documents_of = {key: key[0] for key in forms_of}
    print("removed document | its groups | dirty groups (share) | changed (documents) | outside")
    shares, sound = [], 0
    for document_id in removed:
        gone = [key for key in forms_of if key[0] == document_id]
        after = signatures([g for g in base if g.document_id != document_id], evidence)
        changed = {
            key
            for key, sig in after.items()
            if (sig[0], sig[1], sig[2]) != _restricted(before[key], after)
        }
        dirty = reach.dirty_groups(
            forms_of, documents_of, entity_of, gone, families, resolve.acronym_of, through
        )
        outside = changed - dirty
        shares.append(len(dirty - set(gone)) / len(base))
        sound += not outside
        print(
            f"{document_id} | {len(gone)} | {len(dirty) - len(gone)} ({shares[-1]:.1%}) | "
            f"{len(changed)} ({len({k[0] for k in changed})}) | {len(outside)}"
        )
    print(
        f"median dirty share {statistics.median(shares):.1%}; removals whose changes all fall "
        f"inside the dirty set: {sound} of {len(removed)}"
    )
    return 0


def _ring(dirty, forms_of, documents_of, families) -> set[Key]:
    """The groups sharing a declared key with a dirty group: what re-deciding the dirty set
    reads (their stored state) without re-deciding it."""
    index = reach.key_index(forms_of, documents_of, families, resolve.acronym_of)
    ring: set[Key] = set()
    for group in dirty:
        for key in reach.group_keys(group, forms_of, documents_of, families, resolve.acronym_of):
            ring |= index.get(key, set())
    return ring


def _within(sig, groups) -> tuple[str, str, frozenset[Key]]:
    """An entity with its members restricted to ``groups``."""
    name, entity_type, members = sig
    return name, entity_type, frozenset(m for m in members if m in groups)


def _restricted(sig, before) -> tuple[str, str, frozenset[Key]]:
    """An entity after the change, its members restricted to the base's groups."""
    name, entity_type, members = sig
    return name, entity_type, frozenset(m for m in members if m in before)


def _examples(outside: set[Key], before, after, limit: int = 3) -> str:
    by_entity: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(outside):
        name, entity_type, _ = before[key]
        new_name, new_type, _ = after[key]
        by_entity[(f"{name}/{entity_type}", f"{new_name}/{new_type}")].append(key[1])
    return "; ".join(
        f"{old} -> {new} ({', '.join(sorted(set(texts))[:3])})"
        for (old, new), texts in list(by_entity.items())[:limit]
    )


if __name__ == "__main__":
    sys.exit(main())
