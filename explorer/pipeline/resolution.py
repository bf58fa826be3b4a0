"""Actor resolution over a whole database: load the surface groups, cluster them, re-apply the
user's curation decisions, and write the result back (one transaction)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explorer.pipeline.lock import Notes, ingest_lock
from explorer.resolution import gazetteer
from explorer.resolution.decisions import apply_decisions
from explorer.resolution.evidence import gather_evidence
from explorer.resolution.resolve import build_entities, cluster_groups
from explorer.store import curation as curation_store
from explorer.store import documents, resolution, statements
from explorer.store.connect import check_database_file, open_for_writing

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def resolve_database(db: Database, actors_files: Sequence[str | os.PathLike[str]] = ()) -> int:
    """Re-cluster every stored mention, re-apply curation, rewrite entities and aliases.

    Returns the entity count.
    """
    actors = gazetteer.load_actors(actors_files)
    evidence = gather_evidence(resolution.load_mention_contexts(db))
    clustering = cluster_groups(resolution.load_surface_groups(db), actors, evidence)
    clustering = apply_decisions(clustering, curation_store.load_curation(db))
    count = resolution.rewrite_resolution(db, build_entities(clustering))
    statements.refresh_statement_entities(db)  # speakers follow their mentions' new entities
    return count


def run_resolution(db: Database, actors_files: Sequence[str | os.PathLike[str]] = ()) -> int:
    """:func:`resolve_database`, then clear the database's resolution-pending flag."""
    count = resolve_database(db, actors_files)
    documents.mark_resolved(db)
    return count


def resolve_file(db_path: Path, actors_files: Sequence[str], reporter: Notes) -> int:
    """``libya-explore resolve``: resolve an existing database (never creates one) under the
    writers' lock. Returns the entity count."""
    check_database_file(db_path, require_schema=True)
    with ingest_lock(db_path, wait=True, reporter=reporter):
        db = open_for_writing(db_path)
        try:
            return run_resolution(db, actors_files)
        finally:
            db.close()
