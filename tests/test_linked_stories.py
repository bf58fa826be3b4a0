"""``linked_stories``: the indexed single linkage equals linking every pair by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from explorer.resolution.stories import linked_stories


def _every_pair(stories: dict[int, set[object]], threshold: float) -> list[list[int]]:
    """The same sets, from the Jaccard of every pair of documents (the definition)."""
    parent = {d: d for d in stories}

    def root(d: int) -> int:
        while parent[d] != d:
            d = parent[d]
        return d

    documents = list(stories)
    for i, a in enumerate(documents):
        for b in documents[:i]:
            shared = len(stories[a] & stories[b])
            union = len(stories[a] | stories[b])
            if shared and shared >= threshold * union:
                parent[root(a)] = root(b)
    parts: dict[int, list[int]] = {}
    for d in documents:
        parts.setdefault(root(d), []).append(d)
    return [sorted(p) for p in parts.values() if len(p) > 1]


stories_strategy = st.dictionaries(
    st.integers(0, 40), st.sets(st.sampled_from("abcdefghij"), max_size=6), max_size=14
)


@given(stories_strategy, st.sampled_from([0.1, 0.2, 0.34, 0.5, 1.0]))
def test_linked_stories_equal_every_pair(stories: dict[int, set[object]], threshold: float) -> None:
    assert linked_stories(stories, threshold) == _every_pair(stories, threshold)


def test_actors_named_once_count_in_the_size() -> None:
    # two stories share "a"; each names four actors no other story names: 1 of 9 shared
    stories: dict[int, set[object]] = {1: {"a", "b", "c", "d", "e"}, 2: {"a", "f", "g", "h", "i"}}
    assert linked_stories(stories, 0.2) == []
    assert linked_stories(stories, 0.1) == [[1, 2]]
