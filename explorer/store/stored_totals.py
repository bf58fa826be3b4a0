"""The form totals stored and kept by the writer (schema m016, issue 17.1 step 1 of the dirty
path): :class:`~explorer.resolution.form_totals.FormTotals` in two tables, so that resolution
reads each surface's sums instead of counting them over every stored group.

``form_totals`` holds one row per surface (its mentions, labels, honorifics' genders and summed
type evidence), ``form_total_documents`` the documents the surface is in (with its groups in
each). The writer adds a document's groups when it files them
(:func:`explorer.store.resolution_state.add_document_groups`) and subtracts them before they are
deleted (a document replaced or removed, its groups refiled), inside the same transaction as
the document, so the totals always equal the sums over ``resolution_groups``.

``meta.form_totals = '1'`` says they do: a new database starts with it, ``resolve --full``
rebuilds the totals and sets it, and what cannot keep them exact clears it (a database made
before m016, mentions split without refiling their groups); resolution counts over the groups
while it is not set, and the writer neither reads nor keeps the totals (nor while the stored
evidence has other fields than this libya-explore's: it could not be read).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from explorer.resolution.clusters import SurfaceGroup
from explorer.resolution.evidence import GroupEvidence, GroupKey
from explorer.resolution.form_totals import FormTotals, SurfaceTotals
from explorer.store.evidence_codec import (
    FIELDS,
    decode_counts,
    encode_counts,
    encode_evidence,
    evidence_of,
    evidence_values,
)

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

READY_KEY = "form_totals"
_UPSERT_DOCUMENT = (
    "INSERT INTO form_total_documents (text, document_id, groups) VALUES (?, ?, ?) "
    "ON CONFLICT(text, document_id) DO UPDATE SET groups = groups + excluded.groups"
)
_REPLACE_SURFACE = (
    "INSERT OR REPLACE INTO form_totals (text, mentions, labels, genders, evidence) "
    "VALUES (?, ?, ?, ?, ?)"
)


def totals_ready(db: Database | sqlite3.Connection) -> bool:
    """Whether the stored totals equal the sums over every stored group, and their evidence has
    this libya-explore's fields (``meta.resolution_evidence``: after an upgrade that changes
    them, the stored evidence cannot be read until a full pass rebuilds it)."""
    rows = dict(
        db.execute(
            "SELECT key, value FROM meta WHERE key IN (?, 'resolution_evidence')", (READY_KEY,)
        ).fetchall()
    )
    return rows.get(READY_KEY) == "1" and rows.get("resolution_evidence") == ",".join(FIELDS)


def clear_totals_ready(db: Database) -> None:
    """The totals may no longer be exact: resolution counts until a full pass rebuilds them."""
    db.conn.execute("DELETE FROM meta WHERE key = ?", (READY_KEY,))


def add_groups(
    db: Database, groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
) -> None:
    """Count a written document's groups into the stored totals (nothing while they are not
    exact: the full pass that makes them exact again sums every group)."""
    if not totals_ready(db):
        return
    share = FormTotals()
    share.add(groups, evidence)
    _apply(db, share)


def subtract_groups(
    db: Database, groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
) -> None:
    """Count groups about to be deleted out of the stored totals (nothing while they are not
    exact)."""
    if not totals_ready(db):
        return
    share = FormTotals()
    share.remove(groups, evidence)
    _apply(db, share)


def _apply(db: Database, share: FormTotals) -> None:
    """Add each surface's share (of one sign) to its stored row; a surface left in no document
    is deleted."""
    conn = db.conn
    for text, delta in share.surfaces.items():
        conn.executemany(_UPSERT_DOCUMENT, ((text, d, n) for d, n in delta.documents.items()))
        conn.execute("DELETE FROM form_total_documents WHERE text = ? AND groups = 0", (text,))
        if (
            conn.execute(
                "SELECT 1 FROM form_total_documents WHERE text = ? LIMIT 1", (text,)
            ).fetchone()
            is None
        ):
            conn.execute("DELETE FROM form_totals WHERE text = ?", (text,))
            continue
        stored = _stored_surface(conn, text)
        delta.documents = {}  # kept in form_total_documents, above
        stored.merge(delta)
        conn.execute(_REPLACE_SURFACE, _row(text, stored))


def _stored_surface(conn: sqlite3.Connection, text: str) -> SurfaceTotals:
    """A surface's stored sums, without its documents (empty sums if it has no row yet)."""
    row = conn.execute(
        "SELECT mentions, labels, genders, evidence FROM form_totals WHERE text = ?", (text,)
    ).fetchone()
    if row is None:
        return SurfaceTotals()
    return _surface(*row)


def _surface(mentions: int, labels: str, genders: str, evidence: str) -> SurfaceTotals:
    return SurfaceTotals(
        labels=decode_counts(labels),
        genders=decode_counts(genders),
        cues=evidence_of(evidence_values(evidence)),
        mentions=mentions,
    )


def _row(text: str, totals: SurfaceTotals) -> tuple[str, int, str, str, str]:
    return (
        text,
        totals.mentions,
        encode_counts(totals.labels),
        encode_counts(totals.genders),
        encode_evidence(totals.cues),
    )


def rebuild_form_totals(
    db: Database, groups: Iterable[SurfaceGroup], evidence: Mapping[GroupKey, GroupEvidence]
) -> FormTotals:
    """Sum every stored group afresh and mark the totals exact (``resolve --full``, inside its
    transaction); returns them (what :func:`load_form_totals` would read back)."""
    totals = FormTotals()
    totals.add(groups, evidence)
    conn = db.conn
    conn.execute("DELETE FROM form_totals")
    conn.execute("DELETE FROM form_total_documents")
    conn.executemany(_REPLACE_SURFACE, (_row(t, s) for t, s in totals.surfaces.items()))
    conn.executemany(
        "INSERT INTO form_total_documents (text, document_id, groups) VALUES (?, ?, ?)",
        ((t, d, n) for t, s in totals.surfaces.items() for d, n in s.documents.items()),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (READY_KEY,),
    )
    return totals


def load_form_totals(db: Database | sqlite3.Connection) -> FormTotals:
    """The stored totals (exact when :func:`totals_ready`)."""
    totals = FormTotals()
    surfaces = totals.surfaces
    parsed: dict[str, dict[str, object]] = {}  # few distinct evidence values
    rows = db.execute("SELECT text, mentions, labels, genders, evidence FROM form_totals")
    for text, mentions, labels, genders, cues in rows:
        values = parsed.get(cues)
        if values is None:
            values = parsed[cues] = evidence_values(cues)
        surfaces[text] = SurfaceTotals(
            labels=decode_counts(labels),
            genders=decode_counts(genders),
            cues=evidence_of(values),
            mentions=mentions,
        )
    for text, document_id, groups in db.execute(
        "SELECT text, document_id, groups FROM form_total_documents"
    ):
        surfaces[text].documents[document_id] = groups
    return totals
