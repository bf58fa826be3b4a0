"""Invariants of the blocking helpers of resolution, checked against their plain definitions:
the candidate pairs of a block and the stories linked by the actors they share."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from explorer.resolution.spelling import _candidate_pairs
from explorer.resolution.stories import linked_stories

_STORIES = st.dictionaries(
    st.integers(min_value=0, max_value=30),
    st.frozensets(st.integers(min_value=0, max_value=8), max_size=5).map(set),
    max_size=12,
)


def _linked_by_definition(stories: dict[int, set[int]], threshold: float) -> list[list[int]]:
    """Single linkage over every pair of stories sharing an actor with a Jaccard of at least
    ``threshold``; the parts of two or more, in the order their first story comes."""
    part_of = {d: {d} for d in stories}
    for a, b in itertools.combinations(stories, 2):
        shared = len(stories[a] & stories[b])
        if shared and shared >= threshold * (len(stories[a]) + len(stories[b]) - shared):
            merged = part_of[a] | part_of[b]
            for d in merged:
                part_of[d] = merged
    parts: list[list[int]] = []
    seen: set[int] = set()
    for d in stories:
        if d not in seen and len(part_of[d]) > 1:
            parts.append(sorted(part_of[d]))
            seen |= part_of[d]
    return parts


@given(_STORIES, st.sampled_from([0.1, 0.2, 0.5, 1.0]))
def test_linked_stories_are_single_linkage_by_jaccard(
    stories: dict[int, set[int]], threshold: float
) -> None:
    assert linked_stories(stories, threshold) == _linked_by_definition(stories, threshold)


def test_linked_stories_on_a_written_example() -> None:
    stories = {1: {"a", "b"}, 2: {"a", "b", "c"}, 3: {"c", "d"}, 4: {"x"}, 5: {"x", "y"}}
    assert linked_stories(stories, 0.5) == [[1, 2], [4, 5]]
    assert linked_stories(stories, 0.2) == [[1, 2, 3], [4, 5]]


_NAMES = st.lists(
    st.sampled_from(
        ["hafter", "haftar", "hifter", "khalifa haftar", "khalifa hifter", "gaddafi",
         "qadhafi", "kadafi", "tobruk", "tobruch", "zelensky", "selenskyj", "mao zedong",
         "mao tse tung", "smith", "smyth", "jones"]
    ),
    max_size=12,
)  # fmt: skip


@given(_NAMES)
def test_candidate_pairs_are_ordered_distinct_pairs(keys: list[str]) -> None:
    pairs = _candidate_pairs(keys)
    assert pairs == sorted(set(pairs))
    assert all(a < b and a in keys and b in keys for a, b in pairs)
    # a pair found among some keys is found among more of them: blocks only grow
    assert set(pairs) <= set(_candidate_pairs(keys + ["smith"]))


def test_candidate_pairs_meet_spellings_of_one_name() -> None:
    pairs = _candidate_pairs(["rashid", "rasheed", "jones", "tobruk", "tobruch"])
    assert pairs == [("rasheed", "rashid"), ("tobruch", "tobruk")]
