"""The resolution state (schema m014): what incremental resolution reads instead of the corpus.

Resolution clusters *surface groups* (every (document, surface, label, honorific gender) with its mention count and
titles) using the contextual type evidence of their mentions. Computing the evidence means
reading every mention's surrounding text, which grows with the corpus; so the writer computes it
once, when it stores a document (:func:`add_document_groups`), and keeps one row per surface
group in ``resolution_groups``, which the document's deletion removes (``ON DELETE CASCADE``).
Resolution then loads the groups and their evidence in one query (:func:`load_resolution_state`).

The rows hold exactly what :func:`explorer.store.resolution.load_surface_groups` and
:func:`explorer.resolution.evidence.gather_evidence` compute from the mentions, so loading them
is the same as computing them afresh. :func:`rebuild_resolution_state` does compute them afresh
(``libya-explore resolve --full``, and the first resolution of a database made before m014): after
upgrading the evidence rules or their cue words, a full pass brings the stored evidence up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.evidence import GroupEvidence, GroupKey, gather_evidence
from explorer.resolution.form_totals import FormTotals
from explorer.resolution.people import mention_gender
from explorer.store import stored_totals
from explorer.store.evidence_codec import FIELDS, encode_evidence, evidence_of, evidence_values
from explorer.store.genders import refresh_mention_genders
from explorer.store.resolution import (
    load_mention_contexts,
    load_surface_groups,
    mention_context,
)

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

_COLUMNS = "document_id, text, label, gender, count, titles, evidence"
_INSERT = f"INSERT INTO resolution_groups ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"

#: A mention as the writer has it: (text, label, start, end, title).
MentionSpan = tuple[str, str, int, int, "str | None"]


def state_ready(db: Database | sqlite3.Connection) -> bool:
    """Whether ``resolution_groups`` holds every stored document's groups (a full pass built it,
    or the database was created with it)."""
    rows = dict(
        db.execute(
            "SELECT key, value FROM meta WHERE key IN ('resolution_state', 'resolution_evidence')"
        ).fetchall()
    )
    return rows.get("resolution_state") == "1" and rows.get("resolution_evidence") == ",".join(
        FIELDS
    )


def mark_state_ready(db: Database) -> None:
    db.conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [("resolution_state", "1"), ("resolution_evidence", ",".join(FIELDS))],
    )


def clear_state_ready(db: Database) -> None:
    """The stored groups (and so their form totals) no longer match the mentions: the next
    resolution is a full pass, which rebuilds them. Committed before that pass, a crash between
    the two must not leave stale groups marked ready."""
    db.conn.execute("DELETE FROM meta WHERE key = 'resolution_state'")
    stored_totals.clear_totals_ready(db)


def add_document_groups(
    db: Database, document_id: int, doc_text: str, mentions: Iterable[MentionSpan]
) -> None:
    """File one stored document's surface groups and their evidence (inside the writer's
    transaction)."""
    mentions = list(mentions)
    counts: dict[GroupKey, int] = {}
    titles: dict[GroupKey, set[str]] = {}
    for text, label, _start, _end, title in mentions:
        key = (document_id, text, label, mention_gender(title))
        counts[key] = counts.get(key, 0) + 1
        found = titles.setdefault(key, set())
        if title is not None:
            found.add(title)
    evidence = gather_evidence(
        mention_context(document_id, doc_text, text, label, start, end, title)
        for text, label, start, end, title in mentions
    )
    groups = [_group(key, n, titles[key]) for key, n in counts.items()]
    db.conn.executemany(_INSERT, (_row(g, evidence.get(g.key)) for g in groups))
    stored_totals.add_groups(db, groups, evidence)


def forget_document_groups(db: Database, document_ids: Sequence[int]) -> None:
    """Count documents' groups out of the stored form totals, before their groups are deleted
    (with the documents, or to be filed again). Their stored evidence is not read while the
    totals are not exact: after an upgrade that changed its fields it cannot be."""
    if not stored_totals.totals_ready(db):
        return
    for document_id in document_ids:
        groups, evidence = _load_groups(db, "WHERE document_id = ?", (document_id,))
        stored_totals.subtract_groups(db, groups, evidence)


def refile_document_groups(db: Database, document_id: int) -> None:
    """File one document's surface groups and their evidence again from its stored mentions
    (after its mentions changed in place: a coordination split by the corpus)."""
    conn = db.conn
    (text,) = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    spans = conn.execute(
        'SELECT text, label, start, "end", title FROM mentions WHERE document_id = ? '
        "ORDER BY start, id",
        (document_id,),
    ).fetchall()
    forget_document_groups(db, [document_id])
    conn.execute("DELETE FROM resolution_groups WHERE document_id = ?", (document_id,))
    add_document_groups(db, document_id, text, spans)


def _group(key: GroupKey, count: int, titles: Iterable[str]) -> SurfaceGroup:
    document_id, text, label, gender = key
    return SurfaceGroup(document_id, text, label, count, tuple(sorted(titles)), gender)


def rebuild_resolution_state(db: Database) -> FormTotals:
    """Recompute every group and its evidence from the mentions and the documents' text, and
    their form totals, and mark the state ready (one transaction: call it inside one); returns
    the totals. The mentions' honorific genders are refreshed first (the gendered honorifics may
    have changed since they were stored)."""
    refresh_mention_genders(db)
    evidence = gather_evidence(load_mention_contexts(db))
    groups = load_surface_groups(db)
    db.execute("DELETE FROM resolution_groups")
    db.conn.executemany(_INSERT, (_row(g, evidence.get(g.key)) for g in groups))
    totals = stored_totals.rebuild_form_totals(db, groups, evidence)
    mark_state_ready(db)
    return totals


def load_resolution_state(
    db: Database | sqlite3.Connection,
) -> tuple[list[SurfaceGroup], dict[GroupKey, GroupEvidence]]:
    """Every surface group, and the evidence of those that have any (as
    :func:`~explorer.resolution.evidence.gather_evidence` leaves out the others).

    SQLite hands every row new string and integer objects; a surface, label, titles or
    document id repeated over the rows is kept once (about 100 MB at 100,000 articles)."""
    return _load_groups(db, "", ())


def _load_groups(
    db: Database | sqlite3.Connection, where: str, params: Sequence[object]
) -> tuple[list[SurfaceGroup], dict[GroupKey, GroupEvidence]]:
    """The stored groups ``where`` says, and their evidence (see :func:`load_resolution_state`)."""
    groups: list[SurfaceGroup] = []
    evidence: dict[GroupKey, GroupEvidence] = {}
    parsed: dict[str, dict[str, object]] = {}  # few distinct values (852 of 15,651 on BBC)
    strings: dict[str, str] = {}
    titles_of: dict[str, tuple[str, ...]] = {}
    document = -1
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM resolution_groups {where} "
        "ORDER BY document_id, text, label, gender",
        params,
    )
    for document_id, text, label, gender, count, titles, cues in rows:
        if document_id == document:
            document_id = document  # rows come by document: one int object for its groups
        document = document_id
        text = strings.setdefault(text, text)
        label = strings.setdefault(label, label)
        gender = strings.setdefault(gender, gender)
        if titles:
            titles = titles_of.get(titles) or titles_of.setdefault(
                titles, tuple(sorted(titles.split(",")))
            )
        group = SurfaceGroup(document_id, text, label, count, titles or (), gender)
        groups.append(group)
        if cues:
            values = parsed.get(cues)
            if values is None:
                values = parsed[cues] = evidence_values(cues)
            evidence[group.key] = evidence_of(values)
    return groups, evidence


def _row(group: SurfaceGroup, evidence: GroupEvidence | None) -> Sequence[object]:
    """``resolution_groups`` values; titles joined by commas as SQLite's ``group_concat`` does
    (:func:`~explorer.store.resolution.load_surface_groups` splits them the same way); the
    evidence as :func:`~explorer.store.evidence_codec.encode_evidence` writes it."""
    cues = None if evidence is None else encode_evidence(evidence)
    titles = ",".join(group.titles) or None
    return (*group.key, group.count, titles, cues)
