"""Fuzzy scoring of a query against entity aliases.

Baseline: a brute-force rapidfuzz scan over every alias's matching key. Correct, and fast enough
for small databases; the performance work replaces the candidate step with an index.
"""

from __future__ import annotations

import sqlite3

from rapidfuzz import fuzz, process

MIN_SCORE = 55.0


def score_aliases(
    conn: sqlite3.Connection, key: str, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    """``(entity_id, score, alias)`` for the best-matching aliases, at most one per entity."""
    where, params = ("WHERE e.type = ?", [entity_type]) if entity_type else ("", [])
    rows = conn.execute(
        f"SELECT a.entity_id, a.alias, a.normalized FROM aliases a JOIN entities e "
        f"ON e.id = a.entity_id {where}",
        params,
    ).fetchall()
    if not rows:
        return []
    keys = [row[2] for row in rows]
    matches = process.extract(
        key, keys, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=limit * 5
    )
    best: dict[int, tuple[float, str]] = {}
    for _key, score, index in matches:
        entity_id, alias = rows[index][0], rows[index][1]
        if entity_id not in best or score > best[entity_id][0]:
            best[entity_id] = (score, alias)
    return [(entity_id, score, alias) for entity_id, (score, alias) in best.items()]
