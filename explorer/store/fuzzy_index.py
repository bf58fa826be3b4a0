"""The fuzzy search index: its keys (pure), its writes and its reads. Tables (schema.m003, m004):

* ``fuzzy_tokens(token, length, normalized, popularity)``: which normalized strings contain
  which token (each word, and each pair of adjacent words written together, so "abdul rahman"
  and "abdulrahman" meet); read shortest strings first (near-exact names) and most popular
  first (``popularity``: the largest mention count among the entities that have the string).
* ``fuzzy_token_popularity(token, popularity)``: each token's most popular string, so a typed
  prefix also reaches the tokens it begins that hold the most-mentioned names.
* ``fuzzy_keys(key, token)``: keys of each distinct token: ``d:`` + the token and, for tokens of
  four letters or more, every deletion of one letter (SymSpell: two strings within one edit, or a
  transposition, share a key); ``s:`` + its transliteration skeleton (Haftar, Hifter, Hafter →
  ``hftr``).
* ``fuzzy_indexed(normalized, popularity)``: which normalized strings are indexed; a trigger on
  ``aliases`` queues any other in ``fuzzy_pending``, which writers flush and searches scan
  directly. Popularity is refreshed after each resolution and for the strings a curation edit
  touches; between two (a running ingest), a stale value only reorders candidates.
* ``fuzzy_names(normalized, name, alone)`` (schema.m012): the matching key of every entity name,
  indexed like an alias string, so names are searched too (a gazetteer name no article uses:
  "Aguila Saleh" where the articles say "Aqila Saleh"); ``alone`` marks the names some entity
  bears without an alias of the same key, the only ones a search must look up by name. Kept by
  :func:`sync_fuzzy_index` after each resolution and by :func:`index_names` after a curation
  edit names an entity.

The index is keyed by the *normalized* string (:func:`explorer.normalize.matching_key`) and the
names by their text, never by entity id, so re-resolving actors does not invalidate it. How
searches use it: :mod:`explorer.store.search`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from explorer.normalize import matching_key, word_skeleton

if TYPE_CHECKING:  # pragma: no cover
    from sqlite_utils import Database

#: Index tokens are cut to this many characters (keys stay short).
MAX_TOKEN_CHARS = 40
#: Tokens of at least this many letters get one-deletion keys (shorter ones: too many neighbours).
MIN_DELETE_LEN = 4

# --------------------------------------------------------------------------- keys (pure)


def index_tokens(normalized: str) -> list[str]:
    """The tokens a normalized string is filed under: its words and adjacent pairs joined."""
    words = [w[:MAX_TOKEN_CHARS] for w in normalized.split() if w]
    tokens = dict.fromkeys(words)
    for left, right in zip(words, words[1:], strict=False):
        tokens.setdefault((left + right)[:MAX_TOKEN_CHARS])
    return list(tokens)


def token_keys(token: str) -> set[str]:
    """The lookup keys of one token: itself, its one-letter deletions, its skeleton."""
    keys = {"d:" + token}
    if len(token) >= MIN_DELETE_LEN:
        keys.update("d:" + token[:i] + token[i + 1 :] for i in range(len(token)))
    skeleton = word_skeleton(token)
    if skeleton:
        keys.add("s:" + skeleton)
    return keys


def keys_for(normalized_strings: Iterable[str]) -> tuple[list[tuple[str, int, str]], set[str]]:
    """``(token, length, normalized)`` postings and the distinct tokens for a batch of strings."""
    postings = []
    tokens: set[str] = set()
    for normalized in normalized_strings:
        for token in index_tokens(normalized):
            postings.append((token, len(normalized), normalized))
            tokens.add(token)
    return postings, tokens


def key_rows(tokens: Iterable[str]) -> Iterator[tuple[str, str]]:
    for token in tokens:
        for key in token_keys(token):
            yield key, token


# --------------------------------------------------------------------------- writes


def sync_fuzzy_index(db: Database) -> None:
    """After a bulk rewrite of aliases (its triggers may have been suspended): index every new
    string and entity name, forget the stale ones, store the popularity of those whose mention
    counts changed."""
    db.execute(
        "INSERT OR IGNORE INTO fuzzy_pending (normalized) SELECT DISTINCT normalized FROM aliases "
        "WHERE normalized NOT IN (SELECT normalized FROM fuzzy_indexed)"
    )
    if _has_names(db):
        db.execute("DELETE FROM fuzzy_names WHERE name NOT IN (SELECT name FROM entities)")
        new = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT name FROM entities WHERE name NOT IN (SELECT name FROM fuzzy_names)"
            )
        ]
        _file_names(db, new)
        db.execute(f"UPDATE fuzzy_names SET alone = {_ALONE} WHERE alone IS NOT {_ALONE}")
    flush_fuzzy_pending(db)
    drop_stale_fuzzy_strings(db)
    refresh_fuzzy_popularity(db)


def sync_fuzzy_index_for(db: Database, strings: set[str], names: set[str]) -> None:
    """:func:`sync_fuzzy_index` for what an incremental resolution changed: ``strings``, the
    alias strings of the entities it rewrote or recounted (before and after), and ``names``,
    their names (before and after). The alias triggers queued the new strings already."""
    strings = set(strings)
    if _has_names(db):
        gone = [
            (name,)
            for name in names
            if db.execute("SELECT 1 FROM entities WHERE name = ? LIMIT 1", [name]).fetchone()
            is None
        ]
        db.conn.executemany("DELETE FROM fuzzy_names WHERE name = ?", gone)
        # Names a curation edit left behind (a rename files the new name, keeps the old one).
        strings.update(
            row[0]
            for row in db.execute(
                "DELETE FROM fuzzy_names WHERE name NOT IN (SELECT name FROM entities) "
                "RETURNING normalized"
            ).fetchall()
        )
        present = names - {name for (name,) in gone}
        _file_names(
            db,
            [
                name
                for name in present
                if db.execute("SELECT 1 FROM fuzzy_names WHERE name = ? LIMIT 1", [name]).fetchone()
                is None
            ],
        )
        db.conn.executemany(
            f"UPDATE fuzzy_names SET alone = {_ALONE} WHERE name = ? AND alone IS NOT {_ALONE}",
            [(name,) for name in present],
        )
        # Names a curation edit marked alone "to be sure" (index_names): the mark set right.
        db.execute(f"UPDATE fuzzy_names SET alone = 0 WHERE alone AND NOT {_ALONE}")
        strings.update(key for name in names if (key := matching_key(name)))
    flush_fuzzy_pending(db)
    drop_stale_fuzzy_strings(db, strings)
    refresh_fuzzy_popularity(db, strings)


#: Whether some entity bears the name ``fuzzy_names.name`` without an alias of its key.
_ALONE = (
    "EXISTS (SELECT 1 FROM entities e WHERE e.name = fuzzy_names.name AND NOT EXISTS "
    "(SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.normalized = fuzzy_names.normalized))"
)


def index_names(db: Database, names: Iterable[str]) -> None:
    """File entity names that a curation edit gave or changed (a rename, a split), searchable at
    once (marked ``alone``, to be sure; the next resolution sets the mark right)."""
    if not _has_names(db):
        return
    names = set(names)
    db.conn.executemany("UPDATE fuzzy_names SET alone = 1 WHERE name = ?", [(n,) for n in names])
    known = set()
    for name in names:
        if db.execute("SELECT 1 FROM fuzzy_names WHERE name = ? LIMIT 1", [name]).fetchone():
            known.add(name)
    _file_names(db, names - known)
    flush_fuzzy_pending(db)
    refresh_fuzzy_popularity(db, {matching_key(name) for name in names})


def _file_names(db: Database, names: Iterable[str]) -> None:
    """Store each name's key in ``fuzzy_names`` and queue the keys not indexed yet."""
    rows = [(key, name) for name in names if (key := matching_key(name))]
    db.conn.executemany("INSERT OR IGNORE INTO fuzzy_names (normalized, name) VALUES (?, ?)", rows)
    db.conn.executemany(
        "INSERT OR IGNORE INTO fuzzy_pending (normalized) SELECT ?1 WHERE NOT EXISTS "
        "(SELECT 1 FROM fuzzy_indexed WHERE normalized = ?1)",
        [(key,) for key, _name in rows],
    )


def _has_names(db: Database | sqlite3.Connection) -> bool:
    """Whether the schema has ``fuzzy_names`` (m012; earlier migrations call this module too)."""
    return (
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fuzzy_names'"
        ).fetchone()
        is not None
    )


def flush_fuzzy_pending(db: Database, chunk: int = 20_000) -> int:
    """Index every queued alias string (call inside a write transaction, or alone)."""
    total = 0
    popularity_sql = _popularity_of_string(_has_names(db))
    while True:
        popularity = dict(
            db.execute(
                f"SELECT normalized, {popularity_sql} FROM fuzzy_pending p LIMIT ?", [chunk]
            ).fetchall()
        )
        if not popularity:
            return total
        strings = list(popularity)
        postings, tokens = keys_for(strings)
        new_tokens = [
            token
            for token in tokens
            if db.execute("SELECT 1 FROM fuzzy_tokens WHERE token = ? LIMIT 1", [token]).fetchone()
            is None
        ]
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_keys (key, token) VALUES (?, ?)",
            key_rows(new_tokens),
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_tokens (token, length, normalized, popularity) "
            "VALUES (?, ?, ?, ?)",
            [(*posting, popularity[posting[2]]) for posting in postings],
        )
        db.conn.executemany(
            "INSERT INTO fuzzy_token_popularity (token, popularity) VALUES (?, ?) "
            "ON CONFLICT (token) DO UPDATE SET popularity = max(popularity, excluded.popularity)",
            [(token, popularity[normalized]) for token, _length, normalized in postings],
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO fuzzy_indexed (normalized, popularity) VALUES (?, ?)",
            popularity.items(),
        )
        db.conn.executemany(
            "DELETE FROM fuzzy_pending WHERE normalized = ?", [(s,) for s in strings]
        )
        total += len(strings)


def drop_stale_fuzzy_strings(db: Database, candidates: Iterable[str] | None = None) -> int:
    """Forget indexed strings no alias has any more (after a re-resolution or a deletion):
    any, or only among ``candidates``.

    Keys of tokens left without strings stay: they lead nowhere and cost nothing.
    """
    names = " AND normalized NOT IN (SELECT normalized FROM fuzzy_names)" if _has_names(db) else ""
    query = (
        "SELECT normalized FROM fuzzy_indexed WHERE normalized NOT IN "
        f"(SELECT normalized FROM aliases){names}"
    )
    if candidates is None:
        stale = [row[0] for row in db.execute(query)]
    else:
        stale = [s for s in candidates if db.execute(f"{query} AND normalized = ?", [s]).fetchone()]
    if stale:
        postings, _tokens = keys_for(stale)
        db.conn.executemany(
            "DELETE FROM fuzzy_tokens WHERE token = ? AND length = ? AND normalized = ?", postings
        )
        db.conn.executemany("DELETE FROM fuzzy_indexed WHERE normalized = ?", [(s,) for s in stale])
        _refresh_token_popularity(db, {token for token, _length, _s in postings})
    return len(stale)


def _popularity_of_string(names: bool) -> str:
    """SQL for the popularity of an indexed string ``p.normalized``: the largest mention count
    among the entities that have it as an alias (or, with ``names``, as their name's key)."""
    of_aliases = (
        "coalesce((SELECT max(e.mention_count) FROM aliases a JOIN entities e "
        "ON e.id = a.entity_id WHERE a.normalized = p.normalized), 0)"
    )
    if not names:
        return of_aliases
    of_names = (
        "coalesce((SELECT max(e.mention_count) FROM fuzzy_names f JOIN entities e "
        "ON e.name = f.name WHERE f.normalized = p.normalized), 0)"
    )
    return f"max({of_aliases}, {of_names})"


def refresh_fuzzy_popularity(db: Database, strings: Iterable[str] | None = None) -> int:
    """Store the popularity of indexed strings whose entities' mention counts changed.

    Every string by default (one pass over the aliases, after a resolution), else only
    ``strings`` (a curation edit). Returns how many strings changed.
    """
    names = _has_names(db)
    if strings is None:
        of_names = (
            " UNION ALL SELECT f.normalized, e.mention_count FROM fuzzy_names f "
            "JOIN entities e ON e.name = f.name"
            if names
            else ""
        )
        changed = db.execute(
            "SELECT p.normalized, p.popularity FROM (SELECT normalized, max(mentions) AS "
            "popularity FROM (SELECT a.normalized, e.mention_count AS mentions FROM aliases a "
            f"JOIN entities e ON e.id = a.entity_id{of_names}) GROUP BY normalized) p "
            "JOIN fuzzy_indexed i ON i.normalized = p.normalized WHERE i.popularity != p.popularity"
        ).fetchall()
    else:
        changed = []
        popularity_sql = _popularity_of_string(names)
        for normalized in set(strings):
            row = db.execute(
                f"SELECT popularity, {popularity_sql} FROM fuzzy_indexed p WHERE normalized = ?",
                [normalized],
            ).fetchone()
            if row is not None and row[0] != row[1]:
                changed.append((normalized, row[1]))
    tokens: set[str] = set()
    for start in range(0, len(changed), 20_000):
        new = dict(changed[start : start + 20_000])
        db.conn.executemany(
            "UPDATE fuzzy_indexed SET popularity = ? WHERE normalized = ?",
            [(n, s) for s, n in new.items()],
        )
        postings, chunk_tokens = keys_for(new)
        db.conn.executemany(
            "UPDATE fuzzy_tokens SET popularity = ? "
            "WHERE token = ? AND length = ? AND normalized = ?",
            [(new[posting[2]], *posting) for posting in postings],
        )
        tokens |= chunk_tokens
    _refresh_token_popularity(db, tokens)
    return len(changed)


def _refresh_token_popularity(db: Database, tokens: Iterable[str]) -> None:
    """Each token's popularity: that of its most popular string (0 once it has none)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO fuzzy_token_popularity (token, popularity) SELECT ?1, "
        "coalesce((SELECT max(popularity) FROM fuzzy_tokens WHERE token = ?1), 0)",
        [(token,) for token in tokens],
    )


# --------------------------------------------------------------------------- reads

#: Above every string that starts with a prefix: ``prefix <= s < prefix + RANGE_END``.
_RANGE_END = "\U0010ffff"


def pending_strings(conn: sqlite3.Connection, limit: int) -> list[str] | None:
    """Alias strings written but not indexed yet (normally none); None when the index is absent."""
    try:
        return [
            row[0] for row in conn.execute("SELECT normalized FROM fuzzy_pending LIMIT ?", [limit])
        ]
    except sqlite3.OperationalError:
        return None


def tokens_with_keys(conn: sqlite3.Connection, keys: list[str]) -> set[str]:
    """The index tokens filed under any of ``keys``."""
    return {
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT token FROM fuzzy_keys WHERE key IN ({','.join('?' * len(keys))})",
            keys,
        )
    }


def tokens_with_keys_starting(conn: sqlite3.Connection, prefix: str, limit: int) -> list[str]:
    """Index tokens filed under keys that start with ``prefix`` (at most ``limit`` keys scanned)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT token FROM fuzzy_keys WHERE key >= ? AND key < ? LIMIT ?",
            [prefix, prefix + _RANGE_END, limit],
        )
    ]


def popular_tokens_starting(
    conn: sqlite3.Connection, prefix: str, scan: int, limit: int
) -> list[str]:
    """Among the first ``scan`` index tokens that start with ``prefix``, the ``limit`` holding the
    most popular strings, most popular first."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT token FROM (SELECT token, popularity FROM fuzzy_token_popularity "
            "WHERE token >= ? AND token < ? LIMIT ?) ORDER BY popularity DESC LIMIT ?",
            [prefix, prefix + _RANGE_END, scan, limit],
        )
    ]


def shortest_strings(conn: sqlite3.Connection, token: str, limit: int) -> list[tuple[str, int]]:
    """``(normalized, popularity)`` of the shortest strings holding ``token``."""
    return conn.execute(
        "SELECT normalized, popularity FROM fuzzy_tokens WHERE token = ? ORDER BY length LIMIT ?",
        [token, limit],
    ).fetchall()


def most_popular_strings(conn: sqlite3.Connection, token: str, limit: int) -> list[tuple[str, int]]:
    """``(normalized, popularity)`` of the most popular strings holding ``token``."""
    return conn.execute(
        "SELECT normalized, popularity FROM fuzzy_tokens WHERE token = ? "
        "ORDER BY popularity DESC LIMIT ?",
        [token, limit],
    ).fetchall()


def indexed_among(conn: sqlite3.Connection, strings: list[str]) -> dict[str, int]:
    """Which of ``strings`` are indexed, with their popularity."""
    return dict(
        conn.execute(
            f"SELECT normalized, popularity FROM fuzzy_indexed WHERE normalized IN "
            f"({','.join('?' * len(strings))})",
            strings,
        ).fetchall()
    )


def aliases_of_strings(
    conn: sqlite3.Connection, strings: list[str], entity_type: str | None
) -> list[tuple[int, str, str, int]]:
    """``(entity_id, alias or name, normalized, mention_count)`` of the entities (of
    ``entity_type`` only, when given) whose names, then aliases, have these normalized strings,
    in one statement. Only names borne without an alias of the same key are looked up: the
    others' entities come with that alias."""
    marks = ",".join("?" * len(strings))
    type_filter, params = ("AND e.type = ?", [entity_type]) if entity_type else ("", [])
    of_aliases = (
        "SELECT a.entity_id, a.alias, a.normalized, e.mention_count FROM aliases a "
        f"JOIN entities e ON e.id = a.entity_id WHERE a.normalized IN ({marks}) {type_filter}"
    )
    of_names = (
        "SELECT e.id, e.name, f.normalized, e.mention_count FROM fuzzy_names f "
        f"JOIN entities e ON e.name = f.name WHERE f.alone AND f.normalized IN ({marks}) "
        f"{type_filter}"
    )
    return conn.execute(
        f"{of_names} UNION ALL {of_aliases}", [*strings, *params, *strings, *params]
    ).fetchall()


def all_aliases(
    conn: sqlite3.Connection, entity_type: str | None
) -> list[tuple[int, str, str | None, int]]:
    """Every entity name, then every alias, as ``(entity_id, text, normalized, mention_count)``:
    the brute-force search's input (``normalized`` is None for a name not filed in
    ``fuzzy_names`` yet: the caller computes it)."""
    where, params = ("WHERE e.type = ?", [entity_type]) if entity_type else ("", [])
    names = conn.execute(
        "SELECT e.id, e.name, (SELECT f.normalized FROM fuzzy_names f WHERE f.name = e.name), "
        f"e.mention_count FROM entities e {where}",
        params,
    ).fetchall()
    aliases = conn.execute(
        f"SELECT a.entity_id, a.alias, a.normalized, e.mention_count FROM aliases a JOIN entities e "
        f"ON e.id = a.entity_id {where}",
        params,
    ).fetchall()
    return names + aliases
