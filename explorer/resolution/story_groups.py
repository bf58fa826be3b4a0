"""One name, two story groups: an entity whose stories fall into groups that name different
actors (pure).

"Grand Slam" in tennis stories and in rugby stories, a footballer and a politician who share a
name, a city and the club named after it: when no story writes a longer name that tells them
apart, resolution joins them by the name alone. Their stories give them away: each group of
stories names its own other actors (Federer and Wimbledon; Wales and the Six Nations), and the
two groups share few or none.

:func:`story_groups` links an entity's stories that name the same other actors (Jaccard of the
actors they name, single linkage: :func:`linked_stories`, as the resolver links a short name's
stories) and measures how cleanly the two biggest groups separate. Comparing their co-actors
directly is not enough: one actor's stories of different weeks name different people (a tennis
player's opponents). So each group is compared by its world: the corpus's other stories that
name its strongest co-actors (:func:`_world`), each co-actor weighted by its share of the
group's stories and its rarity in the corpus (inverse document frequency), so that the
countries and news organisations every story names do not hold two worlds together. Two
tournaments' opponents meet in the corpus's other tennis stories; tennis and rugby players do
not.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain

from explorer.resolution.stories import SENSE_MIN_SHARED, linked_stories

#: An entity needs stories in this many documents before its story groups are looked at.
MIN_STORIES = 4
#: A story group has at least this many documents (one story is no community).
MIN_GROUP_STORIES = 2
#: Stories are linked when this share of the actors they name is shared (Jaccard), as the
#: resolver links a short name's stories (``SENSE_MIN_SHARED``).
LINK_SHARE = SENSE_MIN_SHARED
#: The co-actors of a group whose other stories make the group's world (:func:`_world`).
WORLD_ACTORS = 30
#: A world of this many other stories makes half a case (:attr:`StorySplit.support`).
WORLD_HALF = 5
#: Co-actors shown per group.
SHOWN_CO_ACTORS = 5
#: Story groups whose worlds are at least this alike (cosine) are one thread of news: joined
#: into one bloc (:func:`_blocs`).
BLOC_LINK = 0.3


@dataclass(frozen=True)
class StoryGroup:
    """Stories of one entity linked by the actors they name.

    ``documents``: their ids, sorted; ``mentions``: the entity's mentions in them; ``labels``:
    those mentions by NER label; ``co_actors``: the other actors its stories name most (ids,
    most first: rarer actors first among equals).
    """

    documents: tuple[int, ...]
    mentions: int
    labels: Mapping[str, int]
    co_actors: tuple[int, ...]

    @property
    def label(self) -> str:
        """The label most of its mentions carry."""
        return min(self.labels.items(), key=lambda pair: (-pair[1], pair[0]))[0]


@dataclass(frozen=True)
class StorySplit:
    """An entity's story groups, biggest first (by mentions), and how alike the two biggest
    are (``similarity``: the cosine of their weighted co-actor profiles, 0 for none shared)."""

    groups: tuple[StoryGroup, ...]
    similarity: float
    #: How much the corpus says about the two groups' worlds, in [0, 1): n / (n +
    #: :data:`WORLD_HALF`) for the smaller world's n other stories. A group whose co-actors are
    #: written nowhere else (one event told in two stories) is apart from the rest by no
    #: evidence.
    support: float = 1.0
    #: The two biggest groups' worlds (:func:`_world`), kept for :func:`story_blocs`.
    worlds: tuple[dict[object, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def separation(self) -> float:
        """How cleanly the two biggest groups separate, with how much the corpus says so."""
        return (1 - self.similarity) * self.support


@dataclass(frozen=True)
class StoryBlocs:
    """An entity's story groups joined into blocs: groups whose worlds meet (cosine at least
    :data:`BLOC_LINK`, single linkage) are one thread of news. A city's stories fall into many
    groups and so do its club's match reports; as blocs they are two, the city's labelled
    places and the club's organisations. ``count``: the blocs; ``mentions``: the two biggest
    blocs' mentions; ``similarity``: the most alike pair of groups across them; ``support``:
    as :attr:`StorySplit.support`, for the two blocs' biggest worlds; ``labels_apart``: how
    far their mentions' NER labels differ (total variation distance, 0 to 1)."""

    count: int
    mentions: tuple[int, int]
    similarity: float
    support: float
    labels_apart: float

    @property
    def separation(self) -> float:
        return (1 - self.similarity) * self.support


@dataclass(frozen=True)
class StoryIndex:
    """What :func:`story_groups` reads, built once for every entity of a corpus
    (:meth:`build`).

    ``stories``: per entity, its documents with its mentions there by NER label; ``linking``:
    per document, the entities it names that are named in other documents too (an actor named
    in one document links nothing); ``weight``: per entity, its rarity in the corpus (inverse
    document frequency).
    """

    stories: Mapping[int, Mapping[int, Mapping[str, int]]]
    linking: Mapping[int, frozenset[int]]
    weight: Mapping[int, float]

    @classmethod
    def build(
        cls,
        stories: Mapping[int, Mapping[int, Mapping[str, int]]],
        actors_of: Mapping[int, frozenset[int]],
        corpus_documents: int,
    ) -> StoryIndex:
        """``actors_of``: per document, the entities it names; ``corpus_documents``: how many
        documents the corpus has."""
        linking = {
            d: frozenset(a for a in named if len(stories.get(a, ())) > 1)
            for d, named in actors_of.items()
        }
        weight = {
            a: math.log(max(corpus_documents, 1) / len(documents))
            for a, documents in stories.items()
            if len(documents) > 1
        }
        return cls(stories, linking, weight)


def story_groups(own: int, index: StoryIndex) -> StorySplit | None:
    """The story groups of entity ``own``, or None when there are fewer than two."""
    documents = index.stories.get(own, {})
    if len(documents) < MIN_STORIES:
        return None
    named: dict[int, set[object]] = {
        d: set(index.linking.get(d, frozenset()) - {own}) for d in sorted(documents)
    }
    parts = [p for p in linked_stories(named, LINK_SHARE) if len(p) >= MIN_GROUP_STORIES]
    if len(parts) < 2:
        return None
    weight: Mapping[object, float] = index.weight  # type: ignore[assignment]
    groups = sorted(
        (_group(part, documents, named, weight) for part in parts),
        key=lambda g: (-g.mentions, g.documents),
    )
    worlds = [
        _world(_profile(g.documents, named, weight), index.stories, set(g.documents))
        for g in groups[:2]
    ]
    smaller = min(len(world) for world in worlds)
    return StorySplit(
        tuple(groups), _cosine(*worlds), smaller / (smaller + WORLD_HALF), tuple(worlds)
    )


def labels_apart_at_most(split: StorySplit) -> float:
    """An upper bound of any two blocs' :attr:`StoryBlocs.labels_apart`: per label, its
    highest share in a group less its lowest, summed (the distance of two mixtures of groups
    is a sum of such differences). Lets the queue skip :func:`story_blocs` where it cannot
    change an item."""
    shares = [_shares(g.labels) for g in split.groups]
    labels = {label for share in shares for label in share}
    spread = sum(
        max(share.get(k, 0.0) for share in shares) - min(share.get(k, 0.0) for share in shares)
        for k in labels
    )
    return min(spread, 1.0)


def story_blocs(own: int, split: StorySplit, index: StoryIndex) -> StoryBlocs | None:
    """Entity ``own``'s story groups (``split``) joined into threads of news
    (:class:`StoryBlocs`), or None when they make one."""
    named: dict[int, set[object]] = {
        d: set(index.linking.get(d, frozenset()) - {own})
        for g in split.groups[len(split.worlds) :]
        for d in g.documents
    }
    weight: Mapping[object, float] = index.weight  # type: ignore[assignment]
    known = len(split.worlds)
    worlds = list(split.worlds) + [
        _world(_profile(g.documents, named, weight), index.stories, set(g.documents))
        for g in split.groups[known:]
    ]
    return _blocs(list(split.groups), worlds)


def _blocs(groups: list[StoryGroup], worlds: list[dict[object, float]]) -> StoryBlocs | None:
    """The groups joined into threads of news (:class:`StoryBlocs`), or None for one."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    alike: dict[tuple[int, int], float] = {}
    for i in range(len(groups)):
        for j in range(i):
            if root(i) != root(j):
                alike[i, j] = _cosine(worlds[i], worlds[j])
                if alike[i, j] >= BLOC_LINK:
                    parent[root(i)] = root(j)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(groups)):
        members[root(i)].append(i)
    blocs = sorted(members.values(), key=lambda m: (-sum(groups[i].mentions for i in m), m))
    if len(blocs) < 2:
        return None
    first, second = blocs[0], blocs[1]
    biggest = [max(len(worlds[i]) for i in bloc) for bloc in (first, second)]
    smaller = min(biggest)
    return StoryBlocs(
        len(blocs),
        (sum(groups[i].mentions for i in first), sum(groups[i].mentions for i in second)),
        max(_cached_cosine(alike, worlds, i, j) for i in first for j in second),
        smaller / (smaller + WORLD_HALF),
        _labels_apart([groups[i] for i in first], [groups[i] for i in second]),
    )


def _cached_cosine(
    alike: dict[tuple[int, int], float], worlds: list[dict[object, float]], i: int, j: int
) -> float:
    key = (max(i, j), min(i, j))
    if key not in alike:
        alike[key] = _cosine(worlds[i], worlds[j])
    return alike[key]


def _shares(labels: Mapping[str, int]) -> dict[str, float]:
    total = sum(labels.values())
    return {label: n / total for label, n in labels.items()}


def _labels_apart(first: list[StoryGroup], second: list[StoryGroup]) -> float:
    """Total variation distance between two sets of groups' mentions by NER label."""
    shares = []
    for bloc in (first, second):
        labels: Counter[str] = Counter()
        for group in bloc:
            labels.update(group.labels)
        total = sum(labels.values())
        shares.append({label: n / total for label, n in labels.items()})
    a, b = shares
    return sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in a.keys() | b.keys()) / 2


def _group(
    part: list[int],
    documents: Mapping[int, Mapping[str, int]],
    stories: Mapping[int, set[object]],
    weight: Mapping[object, float],
) -> StoryGroup:
    labels: Counter[str] = Counter()
    for d in part:
        labels.update(documents[d])
    named = Counter(chain.from_iterable(stories[d] for d in part))
    ranked = heapq.nsmallest(
        SHOWN_CO_ACTORS,
        (a for a in named if isinstance(a, int)),
        key=lambda a: (-named[a], -weight.get(a, 0.0), a),
    )
    return StoryGroup(tuple(sorted(part)), sum(labels.values()), dict(labels), tuple(ranked))


def _profile(
    part: tuple[int, ...], stories: Mapping[int, set[object]], weight: Mapping[object, float]
) -> dict[object, float]:
    """Each co-actor's share of the group's stories, times its rarity in the corpus."""
    named = Counter(chain.from_iterable(stories[d] for d in part))
    return {a: n / len(part) * weight.get(a, 0.0) for a, n in named.items()}


def _world(
    profile: Mapping[object, float],
    stories: Mapping[int, Mapping[int, Mapping[str, int]]],
    own: set[int],
) -> dict[object, float]:
    """The corpus's other stories that name a group's strongest co-actors (:data:`WORLD_ACTORS`
    of them), each weighted by the co-actors it names: where the group's actors live. Two
    tournaments of one tennis player name different players, who meet in the corpus's other
    tennis stories; a tennis and a rugby "Grand Slam" name actors who never meet."""
    strongest = sorted(profile, key=lambda a: (-profile[a], str(a)))[:WORLD_ACTORS]
    world: dict[object, float] = defaultdict(float)
    for actor in strongest:
        if not isinstance(actor, int) or actor not in stories:
            continue
        share = profile[actor]
        for document in stories[actor]:
            world[document] += share
    for document in own:
        world.pop(document, None)
    return world


def _cosine(a: Mapping[object, float], b: Mapping[object, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(value * b[key] for key, value in a.items() if key in b)
    norms = math.hypot(*a.values()) * math.hypot(*b.values())
    return dot / norms if norms else 0.0
