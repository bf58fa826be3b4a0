"""Fuzzy search over entity aliases: an index of typo- and transliteration-proof keys, then rapidfuzz.

A brute-force rapidfuzz scan costs about 1.5 µs a name, so 1.5 s a keystroke over a million
aliases. Instead, the candidate step looks up short keys in SQLite (tables ``fuzzy_keys``,
``fuzzy_tokens``, ``fuzzy_indexed``; written by :mod:`explorer.storage`) and rapidfuzz's
``WRatio`` then ranks the few hundred candidates only.

The index is keyed by the *normalized* alias string (:func:`explorer.normalize.matching_key`),
never by entity id, so re-resolving actors does not invalidate it:

* ``fuzzy_tokens(token, length, normalized)``: which normalized strings contain which token
  (each word, and each pair of adjacent words written together, so "abdul rahman" and
  "abdulrahman" meet), shortest strings first.
* ``fuzzy_keys(key, token)``: keys of each distinct token: ``d:`` + the token and, for tokens of
  four letters or more, every deletion of one letter (SymSpell: two strings within one edit, or a
  transposition, share a key); ``s:`` + its transliteration skeleton (Haftar, Hifter, Hafter →
  ``hftr``). The query's last word is also looked up as a prefix (range scans over both kinds),
  so a name surfaces while it is being typed.
* ``fuzzy_indexed(normalized)``: which normalized strings are indexed; a trigger on ``aliases``
  queues any other in ``fuzzy_pending``, which writers flush and searches scan directly.

A database without the index (never upgraded) is searched by brute force.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from explorer.normalize import _word_skeleton

MIN_SCORE = 55.0

#: Words kept from a query and the longest word (longer ones are cut: keys stay short).
MAX_QUERY_TOKENS = 6
MAX_TOKEN_CHARS = 40
#: Tokens of at least this many letters get one-deletion keys (shorter ones: too many neighbours).
MIN_DELETE_LEN = 4
#: How many index tokens one query word may match, how many strings one token may contribute,
#: and how many strings one query word may contribute in all.
TOKENS_PER_WORD = 40
POSTINGS_PER_TOKEN = 400
POSTINGS_PER_WORD = 1500
#: Prefix lookups scan at most this many keys.
PREFIX_SCAN = 2000
#: Substrings of the query looked up as whole strings: up to this long, and this many.
MAX_CONTAINED_LEN = 12
MAX_CONTAINED_LOOKUPS = 2000

_RANGE_END = "\U0010ffff"


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
    skeleton = _word_skeleton(token)
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


# --------------------------------------------------------------------------- search


def pending_strings(conn: sqlite3.Connection, limit: int) -> list[str] | None:
    """Alias strings written but not indexed yet (normally none); None when the index is absent."""
    try:
        return [
            row[0] for row in conn.execute("SELECT normalized FROM fuzzy_pending LIMIT ?", [limit])
        ]
    except sqlite3.OperationalError:
        return None


#: Above this many unindexed strings (an index never built), a plain scan is as good.
MAX_PENDING = 50_000


def score_aliases(
    conn: sqlite3.Connection, key: str, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    """``(entity_id, score, alias)`` for the best-matching aliases, at most one per entity.

    Ranked by score, then the entity's mention count.
    """
    pending = pending_strings(conn, MAX_PENDING + 1)
    if pending is None or len(pending) > MAX_PENDING:
        return brute_force(conn, key, entity_type, limit)
    candidates = candidate_strings(conn, key)
    if pending:
        candidates = list(dict.fromkeys([*candidates, *pending]))
    return _rank(conn, key, candidates, entity_type, limit)


def candidate_strings(conn: sqlite3.Connection, key: str) -> list[str]:
    """Normalized alias strings worth scoring for ``key`` (a :func:`matching_key`)."""
    words = [w[:MAX_TOKEN_CHARS] for w in key.split()][:MAX_QUERY_TOKENS]
    if not words:
        return []
    lookups = [(word, i == len(words) - 1) for i, word in enumerate(words)]
    if 1 < len(words) <= 3:
        lookups.append(("".join(words)[:MAX_TOKEN_CHARS], True))
    found: dict[str, int] = {}
    for word, as_prefix in lookups:
        for normalized in _strings_for_word(conn, word, as_prefix):
            found[normalized] = found.get(normalized, 0) + 1
    for normalized in _contained_strings(conn, key):
        found.setdefault(normalized, 0)
    # Strings that match more of the query's words first; the scorer sees them all anyway.
    return sorted(found, key=lambda s: -found[s])


def _strings_for_word(conn: sqlite3.Connection, word: str, as_prefix: bool) -> set[str]:
    tokens = _matching_tokens(conn, word, as_prefix)
    strings: set[str] = set()
    for token in tokens:
        room = min(POSTINGS_PER_TOKEN, POSTINGS_PER_WORD - len(strings))
        if room <= 0:
            break
        strings.update(
            row[0]
            for row in conn.execute(
                "SELECT normalized FROM fuzzy_tokens WHERE token = ? ORDER BY length LIMIT ?",
                [token, room],
            )
        )
    return strings


def _matching_tokens(conn: sqlite3.Connection, word: str, as_prefix: bool) -> list[str]:
    """Index tokens close to ``word``, closest first (at most :data:`TOKENS_PER_WORD`)."""
    from rapidfuzz import fuzz, process

    keys = sorted(token_keys(word))
    tokens = {
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT token FROM fuzzy_keys WHERE key IN ({','.join('?' * len(keys))})",
            keys,
        )
    }
    if as_prefix:
        skeleton = _word_skeleton(word)
        for low in ("d:" + word, "s:" + skeleton if len(skeleton) >= 2 else ""):
            if len(low) > 2:
                tokens.update(
                    row[0]
                    for row in conn.execute(
                        "SELECT token FROM fuzzy_keys WHERE key >= ? AND key < ? LIMIT ?",
                        [low, low + _RANGE_END, PREFIX_SCAN * min(len(word), 4) // 4],
                    )
                )
    if len(tokens) <= TOKENS_PER_WORD:
        return list(tokens)
    choices = list(tokens)
    score = {c: s for c, s, _i in process.extract(word, choices, scorer=fuzz.ratio, limit=None)}
    if as_prefix:
        for token in choices:
            if token.startswith(word):
                score[token] = 100.0
    return sorted(choices, key=lambda t: (-score.get(t, 0.0), len(t), t))[:TOKENS_PER_WORD]


def _contained_strings(conn: sqlite3.Connection, key: str) -> list[str]:
    """Short indexed strings found inside the query (initials, "UN", "Le"…).

    WRatio scores a string that lies whole inside a much longer query at 90 (its partial
    match), so the brute-force ranking puts such strings near the top; they must be candidates.
    """
    n = len(key)
    low, high = max(1, (n + 7) // 8), min(MAX_CONTAINED_LEN, int(n / 1.5))
    parts = {key[i : i + m] for m in range(low, high + 1) for i in range(n - m + 1)}
    parts = {p for p in parts if p.strip() == p and p}
    if not parts:
        return []
    ordered = sorted(parts)[:MAX_CONTAINED_LOOKUPS]
    return [
        row[0]
        for row in conn.execute(
            f"SELECT normalized FROM fuzzy_indexed WHERE normalized IN "
            f"({','.join('?' * len(ordered))})",
            ordered,
        )
    ]


def _rank(
    conn: sqlite3.Connection,
    key: str,
    candidates: list[str],
    entity_type: str | None,
    limit: int,
) -> list[tuple[int, float, str]]:
    """WRatio over the candidate strings, then the entities holding the best ones."""
    from rapidfuzz import fuzz, process

    if not candidates:
        return []
    matches = process.extract(
        key, candidates, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=max(limit * 3, 30)
    )
    if not matches:
        return []
    score_of = {candidates[index]: score for _s, score, index in matches}
    strings = list(score_of)
    type_filter, params = ("AND e.type = ?", [entity_type]) if entity_type else ("", [])
    rows = conn.execute(
        f"SELECT a.entity_id, a.alias, a.normalized, e.mention_count FROM aliases a "
        f"JOIN entities e ON e.id = a.entity_id WHERE a.normalized IN "
        f"({','.join('?' * len(strings))}) {type_filter}",
        [*strings, *params],
    ).fetchall()
    return _best_per_entity((r[0], score_of[r[2]], r[1], r[3]) for r in rows)[:limit]


def _best_per_entity(rows: Iterable[tuple[int, float, str, int]]) -> list[tuple[int, float, str]]:
    best: dict[int, tuple[float, str, int]] = {}
    for entity_id, score, alias, mentions in rows:
        if entity_id not in best or (score, -len(alias)) > (
            best[entity_id][0],
            -len(best[entity_id][1]),
        ):
            best[entity_id] = (score, alias, mentions)
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][2], item[0]))
    return [(entity_id, score, alias) for entity_id, (score, alias, _m) in ordered]


def brute_force(
    conn: sqlite3.Connection, key: str, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    """WRatio over every alias: the reference the index is measured against, and the fallback."""
    from rapidfuzz import fuzz, process

    where, params = ("WHERE e.type = ?", [entity_type]) if entity_type else ("", [])
    rows = conn.execute(
        f"SELECT a.entity_id, a.alias, a.normalized, e.mention_count FROM aliases a JOIN entities e "
        f"ON e.id = a.entity_id {where}",
        params,
    ).fetchall()
    if not rows:
        return []
    matches = process.extract(
        key, [row[2] for row in rows], scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=None
    )
    top = sorted(matches, key=lambda m: -m[1])
    if len(top) > limit * 5:
        cutoff = top[limit * 5 - 1][1]
        top = [m for m in top if m[1] >= cutoff]  # keep every tie: mentions break them
    return _best_per_entity((rows[i][0], score, rows[i][1], rows[i][3]) for _s, score, i in top)
