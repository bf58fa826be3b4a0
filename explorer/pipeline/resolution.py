"""Actor resolution over a whole database: load the surface groups, cluster them, re-apply the
user's curation decisions, and write the result back (one transaction).

Incremental resolution (the default): the surface groups and their type evidence come from the
resolution state that the writer keeps with each document (:mod:`explorer.store.resolution_state`:
one query, no mention's text read again), every group is clustered afresh in memory, and only what
differs from the stored result is written (:func:`explorer.store.resolution.write_resolution_changes`:
the surface groups that change entity, the entities whose members, name, type or counts changed,
their aliases and search-index rows). Clustering everything keeps every corpus-wide rule (surname
majority, acronym expansions, type context) exact: the result equals the full pass's by
construction, only new entities' ids may differ. The forms' counts and type votes are read from
the totals the writer keeps per surface (:mod:`explorer.store.stored_totals`) when they are
exact, instead of counted over every group. The full pass (``libya-explore resolve --full``,
and the first resolution of a database made before the resolution state existed) recomputes the
state from the mentions and rewrites every entity.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.pipeline.lock import Notes, ingest_lock
from explorer.resolution import gazetteer
from explorer.resolution.coordinations import corpus_coordination_split
from explorer.resolution.decisions import SPLIT_DOCUMENTS, CurationDecision, apply_decisions
from explorer.resolution.resolve import build_entities, cluster_groups
from explorer.spans import coordination_parts
from explorer.store import (
    coordinations,
    documents,
    resolution,
    resolution_state,
    statements,
    stored_totals,
)
from explorer.store import curation as curation_store
from explorer.store.connect import check_database_file, open_for_writing, write_transaction

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def resolve_database(
    db: Database, actors_files: Sequence[str | os.PathLike[str]] = (), *, full: bool = False
) -> int:
    """Re-cluster every stored surface group, re-apply curation, write entities and aliases:
    what changed (incremental), or everything (``full``, or when the resolution state is not
    built yet). Returns the entity count."""
    actors = gazetteer.load_actors(actors_files)
    full = full or not resolution_state.state_ready(db)
    with _without_cyclic_gc():
        with write_transaction(db):
            split_corpus_coordinations(db, regroup=not full)
        totals = None
        if full:
            with write_transaction(db):
                totals = resolution_state.rebuild_resolution_state(db)  # as stored: not read back
        elif stored_totals.totals_ready(db):
            totals = stored_totals.load_form_totals(db)
        groups, evidence = resolution_state.load_resolution_state(db)
        starts = resolution.load_person_starts(db)
        clustering = cluster_groups(
            groups, actors, evidence, documents.headlines(db), totals, starts=starts
        )
        # The curation is read under the write lock it is written with: a merge, split or undo
        # that the explorer commits while the groups are clustered is applied, never lost.
        with write_transaction(db):
            decisions = curation_store.load_curation(db)
            clustering = apply_decisions(clustering, decisions, _document_ids(db, decisions))
            entities = build_entities(clustering)
            changed: Collection[int] | None = None  # every entity
            if full:
                count = resolution.rewrite_resolution(db, entities)  # co-occurrence rebuilt inside
            else:
                count, changed = resolution.write_resolution_changes(db, entities)  # and refreshed
            statements.refresh_statement_entities(db, changed)  # speakers follow their mentions
    return count


def split_corpus_coordinations(db: Database, regroup: bool = True) -> int:
    """Split the mentions "A and B" whose parts the corpus names alone
    (:func:`explorer.resolution.coordinations.corpus_coordination_split`), until none is left to
    split (a split adds documents naming its parts, which may decide another); returns how many
    were split.

    The corpus as a whole decides, whatever order its documents came in, so an incremental
    resolution ends where a full one does. ``regroup``: refile the changed documents'
    resolution state (a full resolution rebuilds it after)."""
    total = 0
    while True:
        mentions = [
            m for m in coordinations.coordination_mentions(db) if coordination_parts(m.text)
        ]
        if not mentions:
            return total
        parts = {m.text[a:b] for m in mentions for a, b in coordination_parts(m.text)}
        naming = coordinations.documents_naming(db, parts)
        splits = [
            (mention, found)
            for mention in mentions
            if (found := corpus_coordination_split(mention.text, _alone(naming, mention)))
        ]
        if not splits:
            return total
        total += coordinations.split_mentions(db, splits, regroup)


def _alone(
    naming: dict[str, set[int]], mention: coordinations.StoredMention
) -> Callable[[str], int]:
    """How many documents other than the mention's name a text alone."""
    return lambda text: len(naming.get(text, set()) - {mention.document_id})


def _document_ids(db: Database, decisions: Sequence[CurationDecision]) -> dict[str, int] | None:
    """Where the documents of splits by documents are now (read only when there is one)."""
    if not any(decision.action == SPLIT_DOCUMENTS for decision in decisions):
        return None
    return curation_store.document_ids_by_key(db)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Clustering allocates a few objects per surface group and frees nearly none until it
    ends, so every collection the cyclic garbage collector triggers finds nothing to free
    while its full passes walk the whole heap (every group, and the spaCy model in an
    ingest): a cost that grows faster than the corpus (a fifth of clustering at 2,000
    articles). Reference counting still frees what it can; the collector runs again after.

    The objects made meanwhile are handed to the oldest generation before the collector is
    enabled again (:func:`gc.freeze` then :func:`gc.unfreeze`): left in the youngest, the first
    allocation after would trigger a collection walking every one of them (half a million
    objects on 2,000 articles, a tenth of ``resolve``'s CPU) to find next to no cycle (25).
    They are still collected by the full collections, which run when the heap has grown."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()  # every tracked object to the permanent generation ...
            gc.unfreeze()  # ... and from there to the oldest, unwalked
            gc.enable()


def run_resolution(
    db: Database, actors_files: Sequence[str | os.PathLike[str]] = (), *, full: bool = False
) -> int:
    """:func:`resolve_database`, then clear the database's resolution-pending flag."""
    count = resolve_database(db, actors_files, full=full)
    documents.mark_resolved(db)
    return count


def resolve_file(
    db_path: Path, actors_files: Sequence[str], reporter: Notes, *, full: bool = False
) -> int:
    """``libya-explore resolve``: resolve an existing database (never creates one) under the
    writers' lock. Returns the entity count."""
    check_database_file(db_path, require_schema=True)
    with ingest_lock(db_path, wait=True, reporter=reporter):
        db = open_for_writing(db_path)
        try:
            return run_resolution(db, actors_files, full=full)
        finally:
            db.close()
