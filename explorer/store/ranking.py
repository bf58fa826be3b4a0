"""How well a name answers a search query: the score (0–100) behind every search, and why.

Every search ranks with :class:`QueryScorer`: the explorer's search box, ``libya-explore search``,
every ENTITY argument, and the brute-force fallback. The query and each name (an alias, or an
entity's own name) are compared as matching keys (:func:`explorer.normalize.matching_key`), word
by word; Arabic articles weigh nothing (``al-Sarraj`` is ``sarraj``).

**Words.** Each query word is paired with the name word that explains it best, one name word per
query word, best pairs first. Two words are as similar as:

* 1.0: the same word;
* their spelling similarity, ``1 − EDIT_WEIGHT × edits / longer length`` (optimal string
  alignment: two swapped letters are one edit), so one typo in a six-letter word is 0.92; nothing
  when half the letters or more are wrong (:data:`MIN_WORD_SIM`): "la" is no part of "blair";
* for words one edit apart, a quarter of that edit less when it is a likely slip (a letter left
  out, neighbouring letters swapped, a neighbouring key, a vowel for a vowel, a doubled letter)
  and a quarter more when it changes the first letter (:func:`slip_kind`): "hrian" is Hiran
  before Brian, "durabn" Durban before Duran; ties between names one edit away go to the likelier
  slip before popularity decides;
* at least :data:`SKELETON_BASE` (0.85–0.9) for words of four letters or more with the same
  transliteration skeleton and vowel pattern, a final vowel aside (Hifter ~ Haftar, Husayn ~
  Hussein, Lybia ~ Libya, Surt ~ Sirte; :func:`explorer.normalize.word_skeleton`): about one typo,
  whatever the letters, and ahead of another name two edits away (Hitler);
* :func:`prefix_sim` for a name word that the query's last word begins (it may be still being
  typed): as similar as a word one letter short (0.9 after four letters), so a completion and a
  near spelling tie and mentions decide ("wals": Walsh being typed, or Wales missing a letter).
  A query word of one letter is an initial (0.6), and so is a name word of one letter for a
  query word it begins ("khadga prasad oli" finds K P Sharma Oli).

**Coverage, both ways.** ``q``: the share of the query's letters the name explains (each query
word's letters times its similarity; a title word the key dropped, "president", counts only when
the name has it: :func:`leading_words_dropped`). ``n``: the share of the name's letters the
query explains, where an unmatched word before the name's last word counts only
:data:`GIVEN_NAME_WEIGHT` of its letters: people leave out first and middle names far more often
than surnames. While the last word is being typed, only its typed letters count, and unmatched
words outside the typed ones count nothing: every completion then scores alike. The score is

    ``100 × q² × (1 − NAME_WEIGHT × (1 − n))``, less :data:`ORDER_PENALTY` for words out of order

* A short alias inside a longer query explains few of its letters: "LA" is no match for
  "bin laden", and a name under half the query's length scores under 50, below any real
  match: WRatio gave any alias inside the query 90.
* A short query inside a long name explains all of itself but little of the name: a partial
  match, from ``100 × (1 − NAME_WEIGHT)`` = 50 up. The surname alone scores about 90 ("blair" →
  Tony Blair 92), a first name alone much less ("tony" → Tony Blair 72), a whole name 100.
* ``q`` is squared because the query is what the user asked for: leaving a query word unexplained
  costs more than an extra name word ("tony blair" → Blair 54, "blair" → Tony Blair 92).
* When the words are split differently, both written without spaces are compared too, at
  most a few edits apart (Binladen ~ Bin Laden), the better score kept.
* Junk names (no letter, a single letter, initials only: "R.", "J. K.", "1-0") match only a query
  that is exactly them: they never outrank a real match.

**Popularity** breaks near-ties only: results are ordered by :func:`rank_key`, the score plus
:data:`POPULARITY_PER_DECADE` points per tenfold mentions (at most :data:`MAX_POPULARITY`), so an
actor named a hundred times more often wins over one scoring up to 1.2 points higher, never over
a clearly better match.

**Speed.** :meth:`QueryScorer.bound` is a cheaper upper bound of the score (for one-word queries,
the score itself): the search scores exactly only the strings whose bound can still make the list.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

from explorer.normalize import ARTICLE_WORDS, matching_key, vowel_pattern, word_skeleton

#: Spelling similarity below this is no match (half the letters wrong).
MIN_WORD_SIM = 0.5
#: How much of a word's spelling distance counts: one typo in six letters is 0.92, not 0.83.
EDIT_WEIGHT = 0.5
#: Words of four letters or more with the same transliteration skeleton and vowel pattern are at
#: least this similar (plus SKELETON_SPELLING × their edit similarity): about one typo.
SKELETON_BASE = 0.8
SKELETON_SPELLING = 0.1
MIN_SKELETON_WORD = 4
#: The query and a name written without spaces count as one word only this similar or more.
MIN_JOINED_SIM = 0.8
#: An initial ("g" for George) explains its one letter this well.
INITIAL_SIM = 0.6
#: An unmatched word before the name's last word (a first or middle name) counts this share of
#: its letters in the name's coverage; an unmatched last word (the surname) counts in full.
GIVEN_NAME_WEIGHT = 0.25
#: How much the name's coverage weighs against the query's.
NAME_WEIGHT = 0.5
#: Query words matched in another order than the name's lose this share ("blair tony").
ORDER_PENALTY = 0.05
#: One edit that is a likely slip (two neighbouring letters swapped, a neighbouring key, one vowel
#: for another, a doubled letter) costs this share of an edit less; a first letter changed, dropped
#: or added (rarely a slip) this share more. Breaks ties between names one edit away.
SLIP_SHARE = 0.25
QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouy")
POPULARITY_PER_DECADE = 0.6
MAX_POPULARITY = 3.0


def rank_key(score: float, mentions: int) -> float:
    """The value results are ordered by (highest first): the score, plus popularity for ties."""
    return score + _popularity(mentions)


@functools.lru_cache(maxsize=10_000)
def _popularity(mentions: int) -> float:
    return min(MAX_POPULARITY, POPULARITY_PER_DECADE * math.log10(1 + max(0, mentions)))


def is_junk(key: str) -> bool:
    """No letter, fewer than two letters, or initials only ("r", "j k", "1 0")."""
    letters = sum(ch.isalpha() for ch in key)
    return letters < 2 or all(len(word) == 1 for word in key.split())


@functools.cache
def _edit_similarity() -> Callable[[str, str], float]:
    """rapidfuzz's optimal-string-alignment similarity, ``1 - edits / longer length`` (imported
    on first use: the one-liners that never search, and the explorer's start, skip it)."""
    from rapidfuzz.distance import OSA

    return OSA.normalized_similarity


def spelling_sim(a: str, b: str) -> float:
    """Similarity of two spellings: 0 below :data:`MIN_WORD_SIM`, else softened edit similarity."""
    sim = _edit_similarity()(a, b)
    if sim < MIN_WORD_SIM:
        return 0.0
    return 1 - EDIT_WEIGHT * (1 - sim)


def prefix_sim(typed: int) -> float:
    """A word typed so far (``typed`` letters) and a word it begins: as similar as a word and
    the same word one letter short (a likely slip: :func:`slip_kind`), so a completion and a
    near spelling tie and popularity decides ("wals": Walsh being typed, or Wales with a letter
    left out)."""
    return 1 - (1 - SLIP_SHARE) * EDIT_WEIGHT / (typed + 1)


@functools.lru_cache(maxsize=50_000)
def _transliteration(word: str) -> tuple[str, str]:
    """The word's consonant skeleton and vowel pattern, a final vowel aside (Sirte ~ Surt)."""
    return word_skeleton(word), vowel_pattern(word).removesuffix("V")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Keys touching each letter key: left and right, and the two above and below (rows are
    shifted: under ``w`` are ``a`` and ``s``)."""
    where = {ch: (r, c) for r, row in enumerate(QWERTY_ROWS) for c, ch in enumerate(row)}
    touching = {(0, -1), (0, 1), (1, -1), (1, 0), (-1, 0), (-1, 1)}
    return {
        ch: frozenset(o for o, (r2, c2) in where.items() if (r2 - r, c2 - c) in touching)
        for ch, (r, c) in where.items()
    }


KEYBOARD_NEIGHBOURS = _keyboard_neighbours()


def slip_kind(word: str, other: str) -> int:
    """For a query word and a name word one edit apart: +1 when the edit is a likely slip or
    spelling variant (a letter left out, two neighbouring letters swapped, a neighbouring key, a
    vowel for a vowel, a letter doubled), -1 when it touches the first letter (people rarely get
    it wrong), else 0 (another letter for another, one added); 0 too for words further apart."""
    if len(word) == len(other):
        diffs = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            return 1 if word[i] == other[i + 1] and word[i + 1] == other[i] else 0
        if len(diffs) != 1:
            return 0
        i = diffs[0]
        a, b = word[i], other[i]
        if i == 0:
            return -1
        both_vowels = a in VOWELS and b in VOWELS
        return 1 if both_vowels or b in KEYBOARD_NEIGHBOURS.get(a, ()) else 0
    left_out = len(word) < len(other)  # the query lacks a letter of the name
    longer, shorter = (other, word) if left_out else (word, other)
    if len(longer) != len(shorter) + 1:
        return 0
    pairs = zip(shorter, longer, strict=False)
    i = next((k for k, (a, b) in enumerate(pairs) if a != b), len(shorter))
    if longer[:i] + longer[i + 1 :] != shorter:
        return 0
    if i == 0:
        return -1
    doubled = longer[i] == longer[i - 1] or (i + 1 < len(longer) and longer[i] == longer[i + 1])
    return 1 if left_out or doubled else 0


def word_sim(word: str, name_word: str) -> float:
    """How similar a (complete) query word is to a name word, 0–1."""
    if word == name_word:
        return 1.0
    if len(word) == 1 or len(name_word) == 1:  # an initial, in the query or in the name
        return INITIAL_SIM if name_word[0] == word[0] else 0.0
    if 2 * abs(len(word) - len(name_word)) > max(len(word), len(name_word)):
        return 0.0  # more edits than half the letters, whatever they are
    sim = spelling_sim(word, name_word)
    longer = max(len(word), len(name_word))
    if sim and round((1 - sim) / EDIT_WEIGHT * longer) == 1:  # one edit apart
        sim += slip_kind(word, name_word) * SLIP_SHARE * EDIT_WEIGHT / longer
    if sim and min(len(word), len(name_word)) >= MIN_SKELETON_WORD:
        skeleton = _transliteration(word)
        if len(skeleton[0]) >= 2 and skeleton == _transliteration(name_word):
            raw = _edit_similarity()(word, name_word)
            sim = max(sim, SKELETON_BASE + SKELETON_SPELLING * raw)
    return sim


#: Caches are kept small: the explorer runs for hours, a keystroke meets a few hundred names.
@functools.lru_cache(maxsize=50_000)
def _name_shape(key: str) -> tuple[tuple[str, ...], tuple[int, ...], int, bool]:
    """A name's words, the letters each weighs (0 for an Arabic article: al, el), the index of
    its last word that is not an article (its surname, or its head), and whether it is junk."""
    words = tuple(key.split())
    weights = tuple(0 if w in ARTICLE_WORDS else len(w) for w in words)
    if not any(weights):
        weights = tuple(len(w) for w in words)
    last = max((j for j, weight in enumerate(weights) if weight), default=len(words) - 1)
    return words, weights, last, is_junk(key)


def query_words(key: str) -> tuple[str, ...]:
    """The query's words without Arabic articles, except a last one (maybe "al-" being typed)."""
    words = key.split()
    kept = [w for i, w in enumerate(words) if w not in ARTICLE_WORDS or i == len(words) - 1]
    return tuple(kept) if any(w not in ARTICLE_WORDS for w in kept) else tuple(words)


def leading_words_dropped(query: str) -> tuple[str, ...]:
    """The words :func:`matching_key` drops from the front of ``query`` (titles, "the"), as keys.

    A title word may belong to the name after all: "home ofifce" loses "home" (a typo hides
    "office", which makes "Home Office" a name, not a title and a word).
    """
    key = matching_key(query)
    words = query.split()
    for k in range(1, len(words)):
        if matching_key(" ".join(words[k:])) == key:
            return tuple(w for w in (matching_key(word) for word in words[:k]) if w)
    return ()


class QueryScorer:
    """Scores names against one query; word similarities are cached for the query's lifetime.

    ``optional``: words the query began with that :func:`matching_key` dropped (titles): they
    count for a name that has them and are not missed in one that does not.
    """

    def __init__(self, key: str, optional: Sequence[str] = ()) -> None:
        self.key = key
        core = query_words(key)
        self.words = (*[w for w in optional if w not in core], *core)
        self.n_optional = len(self.words) - len(core)
        self.last = len(self.words) - 1
        self.lengths = [len(w) for w in self.words]
        self.total = sum(self.lengths[self.n_optional :]) or 1
        self.joined = key.replace(" ", "")
        self._cache: dict[str, tuple[tuple[float, ...], bool]] = {}
        self._typed = self.words[self.last] if self.words else ""
        self._completion = prefix_sim(len(self._typed))
        #: :meth:`bound` is the score itself (a query of one word: its alignment is cheap).
        self.exact_bound = len(self.words) == 1

    def word_sims(self, name_word: str) -> tuple[tuple[float, ...], bool]:
        """The similarity of ``name_word`` to each query word, and whether it completes the
        query's last word (which may be still being typed)."""
        found = self._cache.get(name_word)
        if found is None:
            typed = self._typed
            prefix = len(name_word) > len(typed) > 0 and name_word.startswith(typed)
            sims = [word_sim(word, name_word) for word in self.words]
            if prefix:
                sims[self.last] = self._completion
            found = (tuple(sims), prefix)
            self._cache[name_word] = found
        return found

    def score(self, name_key: str) -> float:
        """0–100: how well the name (a matching key) answers the query."""
        if name_key == self.key:
            return 100.0
        words, weights, last, junk = _name_shape(name_key)
        if junk or not self.words:
            return 0.0
        if len(self.words) == 1:
            best = self._one_word(words, weights, last)
        else:
            best = self._aligned(words, weights, last)
        if self._spacing_differs(name_key) and self._joined_bound(name_key) ** 2 * 100 > best:
            best = max(best, self._joined(name_key))
        return best

    def bound(self, name_key: str) -> float:
        """An upper bound of :meth:`score`, cheaper for queries of several words: each query
        word paired with its best name word and each name word with its best query word, as if
        no two chose the same. Ranking the best of many strings scores only those whose bound
        beats what is already found (a query of one word: the score itself, as cheap)."""
        if self.exact_bound or name_key == self.key:
            return self.score(name_key)
        words, weights, last, _junk = _name_shape(name_key)
        best_q = [0.0] * len(self.words)
        n_explained = n_least = 0.0  # the name's letters explained at most, to explain at least
        typing = False
        for j, name_word in enumerate(words):
            sims, prefix = self._cache.get(name_word) or self.word_sims(name_word)
            typing = typing or prefix
            best_n = 0.0
            for i, sim in enumerate(sims):
                if sim > best_q[i]:
                    best_q[i] = sim
                if sim > best_n:
                    best_n = sim
            n_explained += best_n * weights[j]
            n_least += weights[j] if j == last else GIVEN_NAME_WEIGHT * weights[j]
        q_explained = sum(b * n for b, n in zip(best_q, self.lengths, strict=True))
        q_coverage = min(1.0, q_explained / self.total)
        n_coverage = 1.0 if typing or not n_least else min(1.0, n_explained / n_least)
        bound = _combine(q_coverage, n_coverage)
        if self._spacing_differs(name_key) and self._joined_bound(name_key) ** 2 * 100 > bound:
            bound = max(bound, self._joined(name_key))
        return bound

    def _one_word(self, words: Sequence[str], weights: Sequence[int], last: int) -> float:
        """:meth:`_aligned` for a query of one word: its best name word (the later on a tie)."""
        best, best_j, prefix = 0.0, -1, False
        for j, name_word in enumerate(words):
            sims, completes = self._cache.get(name_word) or self.word_sims(name_word)
            if sims[0] and sims[0] >= best:
                best, best_j, prefix = sims[0], j, completes
        if best_j < 0:
            return 0.0
        typed = self.lengths[0]
        n_explained = best * (min(typed, weights[best_j]) if prefix else weights[best_j])
        n_total = 0.0
        for j, weight in enumerate(weights):
            if j == best_j:
                n_total += min(typed, weight) if prefix else weight
            elif j == last and not prefix:
                n_total += weight
            elif not prefix:
                n_total += GIVEN_NAME_WEIGHT * weight
        return _combine(best, n_explained / n_total if n_total else 1.0)

    def _aligned(self, words: Sequence[str], weights: Sequence[int], last: int) -> float:
        """Each query word with its best name word (best pairs first), then both coverages."""
        pairs = []
        for j, name_word in enumerate(words):
            sims, prefix = self._cache.get(name_word) or self.word_sims(name_word)
            for i, sim in enumerate(sims):
                if sim > 0:
                    pairs.append((sim, self.lengths[i], i, j, prefix and i == self.last))
        if not pairs:
            return 0.0
        pairs.sort(reverse=True)
        matched: dict[int, int] = {}  # query word -> name word
        used: set[int] = set()
        completes = -1  # the name word that completes the query's last word, if any
        q_explained = n_explained = 0.0
        q_total = self.total
        for sim, length, i, j, prefix in pairs:
            if i in matched or j in used:
                continue
            matched[i] = j
            used.add(j)
            q_explained += sim * length
            if i < self.n_optional:
                q_total += length
            if prefix:  # only the typed letters of a word being typed count, whatever it becomes
                completes = j
                n_explained += sim * min(length, weights[j])
            else:
                n_explained += sim * weights[j]
        n_total = self._name_weight(weights, last, used, completes)
        score = _combine(q_explained / q_total, n_explained / n_total if n_total else 1.0)
        order = [matched[i] for i in sorted(matched)]
        return score * (1 - ORDER_PENALTY) if order != sorted(order) else score

    def _name_weight(
        self, weights: Sequence[int], last: int, used: set[int], completes: int
    ) -> float:
        """The name's letters that the query should explain: matched words and the last word
        in full, other words before it at GIVEN_NAME_WEIGHT, words after the one being typed
        (not typed yet) and articles (weight 0) not at all; of the word being typed, the
        letters typed."""
        first = min(used)
        total = 0.0
        for j, weight in enumerate(weights):
            if j == completes:
                total += min(self.lengths[self.last], weight)
            elif j in used or (j == last and completes < 0):
                total += weight
            elif completes < 0 or first < j < completes:  # skipped between typed words
                total += GIVEN_NAME_WEIGHT * weight
        return total

    def _spacing_differs(self, name_key: str) -> bool:
        """Whether the query and the name have different numbers of words (Binladen, Bin Laden):
        only then are they compared written without spaces."""
        return self.key.count(" ") != name_key.count(" ")

    def _joined_bound(self, name_key: str) -> float:
        """At least their length difference separates the two written without spaces."""
        a, b = len(self.joined), len(name_key) - name_key.count(" ")
        raw = 1 - abs(a - b) / max(a, b, 1)
        return 1 - EDIT_WEIGHT * (1 - raw) if raw >= MIN_JOINED_SIM else 0.0

    def _joined(self, name_key: str) -> float:
        """Both written without spaces, compared as one word: a few edits at most, or nothing
        (a shared long first name is no reason to match "mohamed sarr" with "Mohamed Amba")."""
        raw = _edit_similarity()(self.joined, name_key.replace(" ", ""))
        if raw < MIN_JOINED_SIM:
            return 0.0
        sim = 1 - EDIT_WEIGHT * (1 - raw)
        return _combine(sim, sim)


def _combine(query_coverage: float, name_coverage: float) -> float:
    return 100.0 * query_coverage**2 * (1 - NAME_WEIGHT * (1 - name_coverage))
