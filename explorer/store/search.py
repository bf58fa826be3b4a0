"""Fuzzy search over entity names and aliases: the index's candidates, ranked by
:mod:`explorer.store.ranking`.

Scoring every alias and name costs seconds a keystroke over a million of them. Instead, the
candidate step looks up short keys in the index (:mod:`explorer.store.fuzzy_index`, which owns its
tables and every SQL statement on them): each query word's own token, its neighbours within a
typo or a romanisation, and (the last word, maybe still being typed) the tokens it begins, those
the scorer finds similar (:func:`explorer.store.ranking.word_sim`). Each token brings its
shortest strings (near-exact names) and its most popular ones (a fragment thousands of names share
still brings the most-mentioned). The scorer then ranks those few hundred strings lazily, best
first: each gets a cheap upper bound, and only those whose bound can still make the list are
scored exactly (:func:`_in_rank_order`); the best are joined to their entities, by alias and by
name, until no further string can enter the list.

A database without the index (never upgraded) is searched by brute force, with the same scorer.

**Known other names.** A query that is exactly an alias of a gazetteer actor (``explorer/data/
world.toml``, ``actors.toml``: exonyms, former names, romanisations such as ``Tarabulus`` for
Tripoli or ``Bombay`` for Mumbai) is also searched as that actor's canonical name, and each
string keeps its best score of the two (:class:`AnyOfScorer`): the database holds the spellings its
articles used, the gazetteer the ones people may type. Only an exact key (the query as a whole,
lower case, accents folded) counts: a fuzzy match to a gazetteer name is the scorer's business.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from explorer.normalize import matching_key, word_skeleton
from explorer.store import fuzzy_index, ranking
from explorer.store.fuzzy_index import MAX_TOKEN_CHARS, token_keys
from explorer.store.ranking import QueryScorer, query_words, rank_key

#: Strings scoring less are no match at all. Weak matches (a name under half the query's length
#: scores under 50; a query word the name lacks, "merkel and", costs much) come after the real ones.
MIN_SCORE = 30.0
#: At most this many of the best-scored strings are joined to their entities.
MAX_RANKED_STRINGS = 2000

#: Words kept from a query (each cut to the index's MAX_TOKEN_CHARS).
MAX_QUERY_TOKENS = 6
#: How many index tokens one query word may match, how many strings one token may contribute,
#: and how many strings one query word may contribute in all.
TOKENS_PER_WORD = 40
POSTINGS_PER_TOKEN = 60
POSTINGS_PER_WORD = 300
#: A complete word of a query of several words is one of its filters: fewer of its strings.
POSTINGS_PER_OTHER_WORD = 150
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


#: A query that is a gazetteer alias is also searched as at most this many actors' names.
MAX_KNOWN_NAMES = 4

#: Above this many unindexed strings (an index never built), a plain scan is as good.
MAX_PENDING = 50_000


def score_aliases(
    conn: sqlite3.Connection,
    key: str,
    entity_type: str | None,
    limit: int,
    optional: Sequence[str] = (),
) -> list[tuple[int, float, str]]:
    """``(entity_id, score, alias or name)`` for the best-matching entities, best first.

    ``key`` is the query's :func:`matching_key`; ``optional`` the title words it dropped
    (:func:`explorer.store.ranking.leading_words_dropped`). Ranked by
    :func:`explorer.store.ranking.rank_key`: the score, then mentions among near-equal scores.
    """
    others = known_other_names(key)
    scorer = scorer_for(key, optional)
    pending = fuzzy_index.pending_strings(conn, MAX_PENDING + 1)
    if pending is None or len(pending) > MAX_PENDING:
        return _brute_force(conn, scorer, entity_type, limit)
    candidates = candidate_strings(conn, key, optional)
    for other in others:
        for string, popularity in candidate_strings(conn, other).items():
            candidates.setdefault(string, popularity)
    for normalized in pending:
        candidates.setdefault(normalized, 0)
    return _rank(conn, scorer, candidates, entity_type, limit)


def scorer_for(key: str, optional: Sequence[str] = ()) -> QueryScorer | AnyOfScorer:
    """The query's scorer; for a gazetteer alias, the best of it and its actors' names'."""
    own = QueryScorer(key, optional)
    others = known_other_names(key)
    return AnyOfScorer([own, *(QueryScorer(other) for other in others)]) if others else own


def known_other_names(key: str) -> tuple[str, ...]:
    """The canonical names' keys of the gazetteer actors that ``key`` is an alias of."""
    return _gazetteer_index()[0].get(key, ())


def known_spelling(key: str) -> str | None:
    """The gazetteer's own spelling of the alias whose key is ``key`` ("Hifter" for "hifter")."""
    return _gazetteer_index()[1].get(key)


@functools.cache
def _gazetteer_index() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The built-in gazetteer, read once on the first search (nothing of it is on the explorer's
    start-up path): every alias's key -> its actors' canonical names' keys, and -> the alias as
    the gazetteer spells it (the first actor listing it wins). Only canonical names are searched
    for: an actor's other aliases may be bare surnames other entities share ("Haftar")."""
    from explorer.resolution.gazetteer import load_actors

    names: dict[str, list[str]] = {}
    spellings: dict[str, str] = {}
    for actor in load_actors():
        canonical = matching_key(actor.name)
        for alias in actor.aliases:
            key = matching_key(alias)
            spellings.setdefault(key, alias)
            if key and key != canonical and canonical not in names.setdefault(key, []):
                names[key].append(canonical)
    known = {key: tuple(found[:MAX_KNOWN_NAMES]) for key, found in names.items()}
    return known, spellings


#: A string matched through a known other name scores this much under the same match of the query
#: itself: an entity holding the very spelling typed shows it (``≈Hafter``, issue 13's "matched
#: alias shown") rather than its canonical name found through the gazetteer, and an exact match of
#: what was typed ranks first.
KNOWN_NAME_DISCOUNT = 1.0


class AnyOfScorer:
    """The best of several scorers: a query searched as itself (the first) or as any of an
    actor's known names (the others, :data:`KNOWN_NAME_DISCOUNT` lower)."""

    def __init__(self, scorers: Sequence[QueryScorer]) -> None:
        self.scorers = scorers
        self.exact_bound = all(s.exact_bound for s in scorers)

    def bound(self, string: str) -> float:
        own, *others = self.scorers
        return max([own.bound(string), *(s.bound(string) - KNOWN_NAME_DISCOUNT for s in others)])

    def score(self, string: str) -> float:
        own, *others = self.scorers
        return max([own.score(string), *(s.score(string) - KNOWN_NAME_DISCOUNT for s in others)])


def candidate_strings(
    conn: sqlite3.Connection, key: str, optional: Sequence[str] = ()
) -> dict[str, int]:
    """Normalized strings (aliases, names) worth scoring for ``key`` (a :func:`matching_key`)
    and the ``optional`` title words it dropped, with their popularity (the largest mention
    count among the entities that have them)."""
    words = [w[:MAX_TOKEN_CHARS] for w in query_words(key)][:MAX_QUERY_TOKENS]
    if not words:
        return {}
    last = len(words) - 1
    lookups = [(word, i == last) for i, word in enumerate(words)]
    lookups += [(word[:MAX_TOKEN_CHARS], False) for word in optional if word not in words]
    if 1 < len(words) <= 3:
        lookups.append(("".join(words)[:MAX_TOKEN_CHARS], True))
    if len(words) > 2:  # adjacent pairs are tokens too, far rarer than their words
        lookups += [
            ((left + right)[:MAX_TOKEN_CHARS], i + 1 == last)
            for i, (left, right) in enumerate(zip(words, words[1:], strict=False))
        ]
    found: dict[str, int] = {}
    for word, as_prefix in lookups:
        cap = POSTINGS_PER_WORD if as_prefix or len(words) == 1 else POSTINGS_PER_OTHER_WORD
        found.update(_strings_for_word(conn, word, as_prefix, cap))
    return found


def _strings_for_word(
    conn: sqlite3.Connection, word: str, as_prefix: bool, cap: int
) -> dict[str, int]:
    """Strings of the tokens close to ``word``: the shortest of each (near-exact names) and the
    most popular (a fragment that thousands of names share still brings the most-mentioned)."""
    tokens = _matching_tokens(conn, word, as_prefix)
    popular = tokens[:POPULAR_CLOSE_TOKENS]
    if as_prefix:
        popular += [t for t in _popular_tokens_starting(conn, word) if t not in popular]
    strings: dict[str, int] = {}
    for token in tokens:
        room = min(POSTINGS_PER_TOKEN, cap - len(strings))
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
    """Index tokens that match ``word`` as the scorer sees it (:func:`ranking.word_sim`, and
    for a word maybe being typed the tokens it begins), most similar first, then shortest (at
    most :data:`TOKENS_PER_WORD`). Found by the index's keys: the word itself, its one-letter
    deletions, its transliteration skeleton, and (typed) the keys starting with it."""
    found = fuzzy_index.tokens_with_keys(conn, sorted(token_keys(word)))
    if as_prefix:
        skeleton = word_skeleton(word)
        for low in ("d:" + word, "s:" + skeleton if len(skeleton) >= 2 else ""):
            if len(low) > 2:
                found.update(
                    fuzzy_index.tokens_with_keys_starting(
                        conn, low, PREFIX_SCAN * min(len(word), 4) // 4
                    )
                )
    completion = -ranking.prefix_sim(len(word))
    similar = []
    others = []
    for token in found:
        if as_prefix and len(token) > len(word) and token.startswith(word):
            similar.append((completion, len(token), token))
        else:
            others.append(token)
    for token in _spelled_alike(word, others):
        sim = ranking.word_sim(word, token)
        if sim > 0:
            similar.append((-sim, len(token), token))
    return [token for _sim, _length, token in heapq.nsmallest(TOKENS_PER_WORD, similar)]


def _spelled_alike(word: str, tokens: list[str]) -> list[str]:
    """The tokens the scorer may find similar to ``word`` at all (edit similarity of at least
    :data:`ranking.MIN_WORD_SIM`, or an initial), picked out at C speed."""
    if len(word) == 1:
        return [token for token in tokens if token[:1] == word]
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    close = process.extract(
        word,
        tokens,
        scorer=OSA.normalized_similarity,
        score_cutoff=ranking.MIN_WORD_SIM,
        limit=None,
    )
    return [token for token, _score, _index in close]


def _rank(
    conn: sqlite3.Connection,
    scorer: QueryScorer | AnyOfScorer,
    candidates: dict[str, int],
    entity_type: str | None,
    limit: int,
) -> list[tuple[int, float, str]]:
    """Score the candidate strings, then join the best ones to their entities."""
    return _entities_of_best(conn, _in_rank_order(scorer, candidates), entity_type, limit)


def _in_rank_order(
    scorer: QueryScorer | AnyOfScorer, candidates: dict[str, int]
) -> Iterator[tuple[str, float, int]]:
    """``(string, score, popularity)`` of the strings scoring at least MIN_SCORE, best
    :func:`rank_key` first, computed lazily: strings are scored in the order of their bound
    (:meth:`QueryScorer.bound`), and one is given out once no unscored string could beat it.
    A keystroke's thousand candidates cost a bound each and a full score for the first few."""
    bounded = []
    for string, popularity in candidates.items():
        bound = scorer.bound(string)
        if bound >= MIN_SCORE:
            bounded.append((-rank_key(bound, popularity), string, popularity, bound))
    bounded.sort()
    scored: list[tuple[float, str, float, int]] = []  # a heap: (-rank, string, score, popularity)
    for negative_bound, string, popularity, bound in bounded:
        while scored and scored[0][0] <= negative_bound:
            _rank_key, best, score, pop = heapq.heappop(scored)
            yield best, score, pop
        score = bound if scorer.exact_bound else scorer.score(string)
        if score >= MIN_SCORE:
            heapq.heappush(scored, (-rank_key(score, popularity), string, score, popularity))
    while scored:
        _rank_key, best, score, pop = heapq.heappop(scored)
        yield best, score, pop


def _entities_of_best(
    conn: sqlite3.Connection,
    ranked: Iterator[tuple[str, float, int]],
    entity_type: str | None,
    limit: int,
) -> list[tuple[int, float, str]]:
    """The best ``limit`` entities holding the ``(string, score, popularity)`` ranked best first.

    Strings are joined to their entities (names and aliases) a batch at a time, and the join
    stops as soon as ``limit`` entities rank above the next string's bound: none of its entities
    (their mention counts are at most its popularity) could enter the list. A common string (a
    surname alone) has thousands of entities, so this saves most of the join.
    """
    rows: list[tuple[int, float, str, int]] = []
    ahead: dict[int, float] = {}  # entity -> its best rank key so far
    batch = max(limit // 2, 8)
    following = next(ranked, None)
    joined = 0
    while following is not None and joined < MAX_RANKED_STRINGS:
        chunk = [following, *itertools.islice(ranked, batch - 1)]
        following = next(ranked, None)
        joined += len(chunk)
        score_of = {string: score for string, score, _p in chunk}
        strings = list(score_of)
        for entity_id, text, normalized, mentions in fuzzy_index.aliases_of_strings(
            conn, strings, entity_type
        ):
            score = score_of[normalized]
            rows.append((entity_id, score, text, mentions))
            ahead[entity_id] = max(ahead.get(entity_id, 0.0), rank_key(score, mentions))
        if following is not None and len(ahead) >= limit:
            bound = rank_key(following[1], following[2])
            if sum(1 for rank in ahead.values() if rank > bound) >= limit:
                break
        batch *= 2
    return _best_per_entity(rows)[:limit]


def _best_per_entity(rows: Iterable[tuple[int, float, str, int]]) -> list[tuple[int, float, str]]:
    """``(entity_id, score, text)``: each entity's best string (highest score; the first given,
    names come first, on a tie), ranked by :func:`rank_key`, then id."""
    best: dict[int, tuple[float, str, int]] = {}
    for entity_id, score, text, mentions in rows:
        if entity_id not in best or score > best[entity_id][0]:
            best[entity_id] = (score, text, mentions)
    ordered = sorted(best.items(), key=lambda item: (-rank_key(item[1][0], item[1][2]), item[0]))
    return [(entity_id, score, text) for entity_id, (score, text, _m) in ordered]


def brute_force(
    conn: sqlite3.Connection,
    key: str,
    entity_type: str | None,
    limit: int,
    optional: Sequence[str] = (),
) -> list[tuple[int, float, str]]:
    """The same ranking over every alias and name: the reference the index is measured
    against, and the fallback for a database without the index."""
    return _brute_force(conn, scorer_for(key, optional), entity_type, limit)


def _brute_force(
    conn: sqlite3.Connection, scorer: QueryScorer | AnyOfScorer, entity_type: str | None, limit: int
) -> list[tuple[int, float, str]]:
    scores: dict[str, float] = {}
    rows = []
    for entity_id, text, normalized, mentions in fuzzy_index.all_aliases(conn, entity_type):
        key = normalized if normalized is not None else matching_key(text)
        score = scores.get(key)
        if score is None:
            score = scores[key] = scorer.score(key)
        if score >= MIN_SCORE:
            rows.append((entity_id, score, text, mentions))
    return _best_per_entity(rows)[:limit]
