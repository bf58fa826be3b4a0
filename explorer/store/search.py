"""Fuzzy search over entity aliases: the index's candidates, ranked with rapidfuzz.

A brute-force rapidfuzz scan costs about 1.5 µs a name, so 1.5 s a keystroke over a million
aliases. Instead, the candidate step looks up short keys in the index
(:mod:`explorer.store.fuzzy_index`, which owns its tables and every SQL statement on them) and
rapidfuzz's ``WRatio`` then ranks the thousand-odd candidates only. The query's last word is also
looked up as a prefix, so a name surfaces while it is being typed; each token also brings its most
popular strings, since WRatio scores every string containing a short fragment at 90 and the
ranking breaks those ties by mention count.

A database without the index (never upgraded) is searched by brute force.
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
from collections.abc import Iterable

from explorer.normalize import word_skeleton
from explorer.store import fuzzy_index
from explorer.store.fuzzy_index import MAX_TOKEN_CHARS, token_keys

MIN_SCORE = 55.0

#: Words kept from a query (each cut to the index's MAX_TOKEN_CHARS).
MAX_QUERY_TOKENS = 6
#: How many index tokens one query word may match, how many strings one token may contribute,
#: and how many strings one query word may contribute in all.
TOKENS_PER_WORD = 40
POSTINGS_PER_TOKEN = 250
POSTINGS_PER_WORD = 1000
#: Prefix lookups scan at most this many keys.
PREFIX_SCAN = 1000
#: Each token also contributes its most popular strings; a query's last word (a prefix of at
#: least MIN_POPULAR_PREFIX letters) also brings the tokens it starts that hold the most popular
#: strings, chosen among the first POPULAR_PREFIX_SCAN such tokens.
POPULAR_PER_TOKEN = 20
POPULAR_CLOSE_TOKENS = 10
POPULAR_TOKENS_PER_PREFIX = 10
MIN_POPULAR_PREFIX = 3
POPULAR_PREFIX_SCAN = 5000
#: At most this many of a word's typo/romanisation neighbours go before the tokens it begins.
NEIGHBOURS = 20
#: Substrings of the query looked up as whole strings: up to this long, and this many.
MAX_CONTAINED_LEN = 12
MAX_CONTAINED_LOOKUPS = 2000


#: Above this many unindexed strings (an index never built), a plain scan is as good.
MAX_PENDING = 50_000


def score_aliases(
    conn: sqlite3.Connection, key: str, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    """``(entity_id, score, alias)`` for the best-matching aliases, at most one per entity.

    Ranked by score, then the entity's mention count.
    """
    pending = fuzzy_index.pending_strings(conn, MAX_PENDING + 1)
    if pending is None or len(pending) > MAX_PENDING:
        return brute_force(conn, key, entity_type, limit)
    candidates = candidate_strings(conn, key)
    for normalized in pending:
        candidates.setdefault(normalized, 0)
    return _rank(conn, key, candidates, entity_type, limit)


def candidate_strings(conn: sqlite3.Connection, key: str) -> dict[str, int]:
    """Normalized alias strings worth scoring for ``key`` (a :func:`matching_key`), with their
    popularity (the largest mention count among the entities that have them)."""
    words = [w[:MAX_TOKEN_CHARS] for w in key.split()][:MAX_QUERY_TOKENS]
    if not words:
        return {}
    last = len(words) - 1
    lookups = [(word, i == last) for i, word in enumerate(words)]
    if 1 < len(words) <= 3:
        lookups.append(("".join(words)[:MAX_TOKEN_CHARS], True))
    if len(words) > 2:  # adjacent pairs are tokens too, far rarer than their words
        lookups += [
            ((left + right)[:MAX_TOKEN_CHARS], i + 1 == last)
            for i, (left, right) in enumerate(zip(words, words[1:], strict=False))
        ]
    found: dict[str, int] = {}
    for word, as_prefix in lookups:
        found.update(_strings_for_word(conn, word, as_prefix))
    found.update(_contained_strings(conn, key))
    return found


def _strings_for_word(conn: sqlite3.Connection, word: str, as_prefix: bool) -> dict[str, int]:
    """Strings of the tokens close to ``word``: the shortest of each (near-exact names) and the
    most popular (a fragment that thousands of names share still brings the most-mentioned)."""
    tokens = _matching_tokens(conn, word, as_prefix)
    popular = tokens[:POPULAR_CLOSE_TOKENS]
    if as_prefix:
        popular += [t for t in _popular_tokens_starting(conn, word) if t not in popular]
    strings: dict[str, int] = {}
    for token in tokens:
        room = min(POSTINGS_PER_TOKEN, POSTINGS_PER_WORD - len(strings))
        if room <= 0:
            break
        strings.update(fuzzy_index.shortest_strings(conn, token, room))
    for token in popular:
        strings.update(fuzzy_index.most_popular_strings(conn, token, POPULAR_PER_TOKEN))
    return strings


def _popular_tokens_starting(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """The index tokens that start with ``prefix`` and hold the most popular strings."""
    if len(prefix) < MIN_POPULAR_PREFIX:
        return []
    return fuzzy_index.popular_tokens_starting(
        conn, prefix, POPULAR_PREFIX_SCAN, POPULAR_TOKENS_PER_PREFIX
    )


def _matching_tokens(conn: sqlite3.Connection, word: str, as_prefix: bool) -> list[str]:
    """Index tokens close to ``word``, closest first (at most :data:`TOKENS_PER_WORD`)."""
    from rapidfuzz import fuzz, process

    neighbours = fuzzy_index.tokens_with_keys(conn, sorted(token_keys(word)))
    tokens = set(neighbours)
    if as_prefix:
        skeleton = word_skeleton(word)
        for low in ("d:" + word, "s:" + skeleton if len(skeleton) >= 2 else ""):
            if len(low) > 2:
                tokens.update(
                    fuzzy_index.tokens_with_keys_starting(
                        conn, low, PREFIX_SCAN * min(len(word), 4) // 4
                    )
                )
    # The word's neighbours (within a typo or a romanisation) first, the closest of them; then
    # the tokens it begins (it is being typed), shortest first; then the closest of the rest.
    shortest_first = sorted(neighbours, key=lambda t: (len(t), t))
    chosen = [
        token
        for token, _score, _i in process.extract(
            word, shortest_first, scorer=fuzz.ratio, limit=NEIGHBOURS
        )
    ]
    chosen += heapq.nsmallest(
        TOKENS_PER_WORD - len(chosen),
        (t for t in tokens if as_prefix and t.startswith(word) and t not in chosen),
        key=lambda t: (len(t), t),
    )
    room = TOKENS_PER_WORD - len(chosen)
    if room <= 0:
        return chosen
    others = sorted(tokens.difference(chosen), key=lambda t: (len(t), t))
    closest = process.extract(word, others, scorer=fuzz.ratio, limit=room)
    return chosen + [token for token, _score, _i in closest]


def _contained_strings(conn: sqlite3.Connection, key: str) -> dict[str, int]:
    """Short indexed strings found inside the query (initials, "UN", "Le"…).

    WRatio scores a string that lies whole inside a much longer query at 90 (its partial
    match), so the brute-force ranking puts such strings near the top; they must be candidates.
    """
    n = len(key)
    low, high = max(1, (n + 7) // 8), min(MAX_CONTAINED_LEN, int(n / 1.5))
    parts = {key[i : i + m] for m in range(low, high + 1) for i in range(n - m + 1)}
    parts = {p for p in parts if p.strip() == p and p}
    if not parts:
        return {}
    return fuzzy_index.indexed_among(conn, sorted(parts)[:MAX_CONTAINED_LOOKUPS])


def _rank(
    conn: sqlite3.Connection,
    key: str,
    candidates: dict[str, int],
    entity_type: str | None,
    limit: int,
) -> list[tuple[int, float, str]]:
    """WRatio over the candidate strings, then the entities holding the best ones.

    Ties (WRatio gives every string containing a short query the same 90) are broken by
    popularity before the cut, as the final ranking breaks them by mention count.
    """
    from rapidfuzz import fuzz, process

    if not candidates:
        return []
    strings = list(candidates)
    matches = process.extract(key, strings, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, limit=None)
    if not matches:
        return []
    keep = max(limit * 3, 30)
    if len(matches) > keep:  # best first already: keep the ties of the last one kept
        cutoff = matches[keep - 1][1]
        matches = list(itertools.takewhile(lambda m: m[1] >= cutoff, matches))
    ranked = sorted(
        ((string, score, candidates[string]) for string, score, _i in matches),
        key=lambda m: (-m[1], -m[2]),
    )
    return _entities_of_best(conn, ranked[:keep], entity_type, limit)


def _entities_of_best(
    conn: sqlite3.Connection,
    ranked: list[tuple[str, float, int]],
    entity_type: str | None,
    limit: int,
) -> list[tuple[int, float, str]]:
    """The best ``limit`` entities holding the ``(string, score, popularity)`` ranked best first.

    Strings are joined to their entities a batch at a time, and the join stops as soon as
    ``limit`` entities beat the next string's score and popularity: none of its entities
    (their mention counts are at most its popularity) could enter the list. A common string
    (a surname alone) has thousands of entities, so this saves most of the join.
    """
    rows: list[tuple[int, float, str, int]] = []
    ahead: dict[int, tuple[float, int]] = {}  # entity -> its best (score, mentions) so far
    done, batch = 0, max(limit // 2, 8)
    while done < len(ranked):
        chunk = ranked[done : done + batch]
        done += len(chunk)
        score_of = {string: score for string, score, _p in chunk}
        for entity_id, alias, normalized, mentions in fuzzy_index.aliases_of_strings(
            conn, list(score_of), entity_type
        ):
            rows.append((entity_id, score_of[normalized], alias, mentions))
            ahead[entity_id] = max(ahead.get(entity_id, (0.0, 0)), (score_of[normalized], mentions))
        if done < len(ranked) and len(ahead) >= limit:
            _string, next_score, next_popularity = ranked[done]
            bound = (next_score, next_popularity)
            if sum(1 for rank in ahead.values() if rank > bound) >= limit:
                break
        batch *= 2
    return _best_per_entity(rows)[:limit]


def _best_per_entity(rows: Iterable[tuple[int, float, str, int]]) -> list[tuple[int, float, str]]:
    return [(entity_id, score, alias) for entity_id, score, alias, _m in _best_rows(rows)]


def _best_rows(rows: Iterable[tuple[int, float, str, int]]) -> list[tuple[int, float, str, int]]:
    """``(entity_id, score, alias, mentions)``: each entity's best alias (highest score, then
    shortest), ranked by score, then mention count, then id."""
    best: dict[int, tuple[float, str, int]] = {}
    for entity_id, score, alias, mentions in rows:
        if entity_id not in best or (score, -len(alias)) > (
            best[entity_id][0],
            -len(best[entity_id][1]),
        ):
            best[entity_id] = (score, alias, mentions)
    ordered = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][2], item[0]))
    return [(entity_id, score, alias, m) for entity_id, (score, alias, m) in ordered]


def brute_force(
    conn: sqlite3.Connection, key: str, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    """WRatio over every alias: the reference the index is measured against, and the fallback."""
    from rapidfuzz import fuzz, process

    rows = fuzzy_index.all_aliases(conn, entity_type)
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
