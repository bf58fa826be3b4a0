"""Story groups joined into threads of news (blocs): a town named for its council's and its
festival's stories and for its football club's match reports falls into many story groups, but
into two threads whose NER labels differ; one actor's many topics, labelled alike, do not rank
higher by the threads."""

from __future__ import annotations

from explorer.resolution.review import EntityRow, Snapshot, story_group_items
from explorer.resolution.story_groups import (
    StoryIndex,
    labels_apart_at_most,
    story_blocs,
    story_groups,
)

TOWN = 1
#: The club's opponents, two per match report group; the council's and the festival's people.
OPPONENTS = ((10, 11), (12, 13), (14, 15))
CIVIC = ((20, 21), (22, 23))


def _corpus(
    club_label: str,
) -> tuple[dict[int, dict[int, dict[str, int]]], dict[int, frozenset[int]]]:
    """Entity 1 in two match reports per pair of opponents (``club_label``) and two stories per
    pair of civic actors (GPE); the league's other stories name all opponents together, the
    town's other stories all its civic actors, so each thread's groups share a world."""
    actors_of: dict[int, frozenset[int]] = {}
    labels: dict[int, str] = {}
    document = 0
    for pairs, label in ((OPPONENTS, club_label), (CIVIC, "GPE")):
        for pair in pairs:
            for _ in range(2):
                document += 1
                actors_of[document] = frozenset({TOWN, *pair})
                labels[document] = label
        everyone = {a for pair in pairs for a in pair}
        for _ in range(4):
            document += 1
            actors_of[document] = frozenset(everyone)
    stories: dict[int, dict[int, dict[str, int]]] = {TOWN: {}}
    for d, named in actors_of.items():
        for actor in named:
            if actor == TOWN:
                stories[TOWN][d] = {labels[d]: 2}
            else:
                stories.setdefault(actor, {})[d] = {"PERSON": 1}
    return stories, actors_of


def _split_and_blocs(club_label: str):  # type: ignore[no-untyped-def]
    stories, actors_of = _corpus(club_label)
    index = StoryIndex.build(stories, actors_of, len(actors_of))
    split = story_groups(TOWN, index)
    assert split is not None
    return split, story_blocs(TOWN, split, index)


def _item(club_label: str):  # type: ignore[no-untyped-def]
    stories, actors_of = _corpus(club_label)
    snapshot = Snapshot(entities=[], aliases=[])
    snapshot.stories, snapshot.actors_of = stories, actors_of
    snapshot.corpus_documents = len(actors_of)
    entities = {a: EntityRow(a, f"actor {a}", "PERSON", 1, f"actor {a}") for a in stories}
    entities[TOWN] = EntityRow(TOWN, "Harbourton", "GPE", 20, "harbourton")
    (item,) = [i for i in story_group_items(snapshot, entities) if i.entities == (TOWN,)]
    return item


def test_a_town_and_its_club_make_many_groups_and_two_threads():
    split, blocs = _split_and_blocs("ORG")
    assert len(split.groups) == 5
    assert blocs is not None and blocs.count == 2
    assert blocs.mentions == (12, 8) and blocs.labels_apart == 1.0
    assert blocs.similarity < 0.3 < blocs.separation


def test_threads_with_different_labels_rank_the_town_higher_than_one_label():
    town_and_club, one_label = _item("ORG"), _item("GPE")
    assert town_and_club.certainty < one_label.certainty
    assert "2 threads of news" in town_and_club.reason and "100% apart" in town_and_club.reason
    assert "threads" not in one_label.reason


def test_one_label_throughout_leaves_the_threads_no_say():
    split, blocs = _split_and_blocs("GPE")
    assert labels_apart_at_most(split) == 0.0
    assert blocs is not None and blocs.labels_apart == 0.0


def test_the_label_bound_holds_for_the_two_threads():
    split, blocs = _split_and_blocs("ORG")
    assert blocs is not None and blocs.labels_apart <= labels_apart_at_most(split)
