"""``mentions.gender``: the gender of the honorific trimmed from each mention, part of its
surface group's key (:attr:`explorer.resolution.clusters.SurfaceGroup.gender`)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from explorer.resolution.people import mention_gender

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database


def refresh_mention_genders(db: Database | sqlite3.Connection) -> None:
    """Set every mention's ``gender`` from its ``title`` (the honorific words may have changed
    since it was stored): one pass over the mentions, each title's gender looked up in a
    scratch table of the distinct titles."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    titles = [row[0] for row in conn.execute("SELECT DISTINCT title FROM mentions")]
    conn.execute("DROP TABLE IF EXISTS temp.title_genders")
    conn.execute("CREATE TEMP TABLE title_genders (title TEXT PRIMARY KEY, gender TEXT NOT NULL)")
    genders = ((title, mention_gender(title)) for title in titles)
    conn.executemany(
        "INSERT INTO temp.title_genders VALUES (?, ?)", [(t, g) for t, g in genders if g]
    )
    conn.execute(
        "UPDATE mentions SET gender = coalesce((SELECT t.gender FROM temp.title_genders t "
        "WHERE t.title = mentions.title), '') WHERE gender IS NOT coalesce((SELECT t.gender "
        "FROM temp.title_genders t WHERE t.title = mentions.title), '')"
    )
    conn.execute("DROP TABLE temp.title_genders")
