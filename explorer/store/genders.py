"""``mentions.gender``: the gender of the honorific trimmed from each mention, part of its
surface group's key (:attr:`explorer.resolution.clusters.SurfaceGroup.gender`)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from explorer.resolution.people import mention_gender

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def refresh_mention_genders(db: Database | sqlite3.Connection) -> int:
    """Set every mention's ``gender`` from its ``title`` (the honorific words may have changed
    since it was stored); returns how many mentions changed. One update per distinct title."""
    titles = [row[0] for row in db.execute("SELECT DISTINCT title FROM mentions")]
    changed = 0
    for title in titles:
        cursor = db.execute(
            "UPDATE mentions SET gender = ? WHERE title IS ? AND gender IS NOT ?",
            [mention_gender(title), title, mention_gender(title)],
        )
        changed += max(cursor.rowcount, 0)
    return changed
