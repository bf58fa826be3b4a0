"""One name, two story groups (issue 12 point 7): the review item for an entity whose stories
fall into groups naming different actors, and the curation that splits an entity by documents,
kept through re-resolution (incremental and full) and re-ingest."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from story_support import CHESS, RACING, ROWING, one_crown_db, two_crowns_db

from explorer.cli import main
from explorer.pipeline import curation
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.pipeline.resolution import resolve_database
from explorer.resolution.clusters import Clustering, SurfaceGroup
from explorer.resolution.decisions import (
    SPLIT_DOCUMENTS,
    CurationDecision,
    apply_decisions,
    document_keys,
    document_locator,
)
from explorer.resolution.review import LISTED_BELOW, STORY_GROUPS
from explorer.resolution.story_groups import StoryIndex, story_groups
from explorer.store.connect import open_for_reading, open_for_writing
from explorer.store.review import item_evidence, review_queue


def queue(path: Path):  # type: ignore[no-untyped-def]
    conn = open_for_reading(path)
    try:
        return review_queue(conn, [STORY_GROUPS])
    finally:
        conn.close()


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def titles(path: Path, documents: tuple[int, ...]) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(documents))
        rows = conn.execute(f"SELECT title FROM documents WHERE id IN ({marks})", documents)
        return {row[0] for row in rows}
    finally:
        conn.close()


# --------------------------------------------------------------------------- the groups


def test_two_worlds_make_two_groups_that_share_nothing():
    # entity 1 in documents 1-4 (with actors 10, 11) and 5-8 (with 20, 21); each world's actors
    # also meet in stories of their own (9-12, 13-16)
    stories: dict[int, dict[int, dict[str, int]]] = {1: {}}
    actors_of: dict[int, frozenset[int]] = {}
    for d in range(1, 9):
        stories[1][d] = {"EVENT": 2}
        actors_of[d] = frozenset({1, 10, 11} if d <= 4 else {1, 20, 21})
    for d in range(9, 17):
        actors_of[d] = frozenset({10, 11} if d <= 12 else {20, 21})
    for actor in (10, 11, 20, 21):
        stories[actor] = {d: {"PERSON": 1} for d, named in actors_of.items() if actor in named}
    split = story_groups(1, StoryIndex.build(stories, actors_of, 16))
    assert split is not None
    assert [g.documents for g in split.groups] == [(1, 2, 3, 4), (5, 6, 7, 8)]
    assert split.similarity == 0.0 and split.separation > 0.4
    assert set(split.groups[0].co_actors) == {10, 11} and split.groups[1].mentions == 8


def test_stories_of_one_world_make_no_item(tmp_path: Path):
    assert queue(one_crown_db(tmp_path / "one.db")) == []


def test_the_item_lists_both_groups_with_their_co_actors_and_sentences(tmp_path: Path):
    path = two_crowns_db(tmp_path / "two.db")
    (item,) = queue(path)
    assert item.kind == STORY_GROUPS and item.certainty < LISTED_BELOW
    assert len(item.groups) == 2 and item.weight == 8
    worlds = [set(group.co_actors) for group in item.groups]
    assert set(CHESS) in worlds and set(RACING) in worlds
    for group in item.groups:
        topic = "chess" if set(group.co_actors) == set(CHESS) else "racing"
        assert {title.split("-")[0] for title in titles(path, group.documents)} == {topic}
    conn = open_for_reading(path)
    try:
        sides = item_evidence(conn, item)
    finally:
        conn.close()
    assert len(sides) == 2
    for side, group in zip(sides, item.groups, strict=True):
        assert side.sentences and {s.document_id for s in side.sentences} <= set(group.documents)
        assert all(s.sentence[s.start : s.end] == "Silver Crown" for s in side.sentences)


def test_two_entities_of_one_name_with_two_worlds_each_make_one_item(tmp_path: Path):
    path = two_crowns_db(tmp_path / "twice.db")
    conn = sqlite3.connect(path)
    try:  # a second "Silver Crown" holding the same stories' mentions written a second time
        conn.execute("INSERT INTO entities (id, name, type) VALUES (99, 'Silver Crown', 'EVENT')")
        conn.execute(
            "UPDATE mentions SET entity_id = 99 WHERE id IN (SELECT max(id) FROM mentions "
            "WHERE text = 'Silver Crown' GROUP BY document_id)"
        )
        conn.execute(
            "INSERT INTO aliases (entity_id, alias, normalized, count) "
            "VALUES (99, 'Silver Crown', 'silver crown', 8)"
        )
        conn.commit()
    finally:
        conn.close()
    items = queue(path)
    assert len(items) == 1 and len({item.id for item in items}) == 1


def test_more_stories_at_stake_rank_first(tmp_path: Path):
    small = queue(two_crowns_db(tmp_path / "small.db", stories=2))
    large = queue(two_crowns_db(tmp_path / "large.db", stories=5))
    assert small and large and large[0].certainty < small[0].certainty


def test_stories_whose_actors_are_named_nowhere_else_are_no_evidence(tmp_path: Path):
    assert queue(two_crowns_db(tmp_path / "alone.db", world=0)) == []


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.integers(1, 30),
        st.frozensets(st.integers(100, 110), max_size=5),
        min_size=4,
        max_size=30,
    )
)
def test_groups_are_disjoint_sets_of_the_entitys_own_documents(named):  # type: ignore[no-untyped-def]
    actors_of = {d: frozenset({1, *actors}) for d, actors in named.items()}
    stories: dict[int, dict[int, dict[str, int]]] = {1: {d: {"ORG": 1} for d in named}}
    for d, actors in named.items():
        for actor in actors:
            stories.setdefault(actor, {})[d] = {"PERSON": 1}
    split = story_groups(1, StoryIndex.build(stories, actors_of, len(named)))
    if split is None:
        return
    seen: set[int] = set()
    for group in split.groups:
        assert len(group.documents) >= 2 and not seen & set(group.documents)
        seen |= set(group.documents)
    assert seen <= set(named) and 0.0 <= split.similarity <= 1.0 + 1e-9
    mentions = [g.mentions for g in split.groups]
    assert mentions == sorted(mentions, reverse=True)


# --------------------------------------------------------------------------- the curation


def _decision(n: int, keys: dict[str, int], documents: list[tuple[str, str]], name=None):  # type: ignore[no-untyped-def]
    payload = {
        "entity": {"keys": keys},
        "key": "silver crown",
        "documents": [document_locator(sha, path) for sha, path in documents],
    }
    if name:
        payload["name"] = name
    return CurationDecision(n, SPLIT_DOCUMENTS, payload, "2026-12-03T00:00:00+00:00")


def test_two_splits_of_one_entity_are_re_applied_in_order_and_find_moved_documents():
    groups = [SurfaceGroup(d, "Silver Crown", "EVENT", 2) for d in range(1, 7)]
    clustering = Clustering([list(groups)], [None], [None])
    # documents 1-6 now have these hashes and paths; document 6 was edited (a new hash)
    ids = {key: d for d in range(1, 7) for key in document_keys(f"h{d}", f"/c/{d}.txt")}
    ids.pop(document_keys("h6", "/c/6.txt")[0])
    first = _decision(1, {"silver crown": 12}, [("h5", "/c/5.txt"), ("old", "/c/6.txt")], "Cup")
    # the second split was taken after the first: the original holds 8 mentions
    second = _decision(2, {"silver crown": 8}, [("h1", "/c/1.txt")])
    apply_decisions(clustering, [first, second], ids)
    parts = sorted(sorted(g.document_id for g in members) for members in clustering.clusters)
    assert parts == [[1], [2, 3, 4], [5, 6]]
    named = dict(zip((tuple(g.document_id for g in m) for m in clustering.clusters),
                     clustering.names, strict=True))  # fmt: skip
    assert named[(5, 6)] == "Cup" and named[(1,)] is None
    # without the documents' whereabouts (a caller that has none) nothing is split
    untouched = Clustering([list(groups)], [None], [None])
    assert len(apply_decisions(untouched, [first], None).clusters) == 1


def test_split_by_documents_on_a_hand_built_database_and_undo(tmp_path: Path):
    path = two_crowns_db(tmp_path / "two.db")
    (item,) = queue(path)
    before = item.entities[0]
    outcome = curation.split_review_group(path, item.id, [2], "Silver Crown Stakes")
    assert outcome.entity_id == before and outcome.new_id != before
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT e.name, m.document_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.text = 'Silver Crown'"
        ).fetchall()
    finally:
        conn.close()
    moved = {d for name, d in rows if name == "Silver Crown Stakes"}
    assert moved == set(item.groups[1].documents)
    assert {name for name, _d in rows} == {"Silver Crown", "Silver Crown Stakes"}
    assert queue(path) == []  # each entity's stories are one world now
    (undone,) = curation.undo(path)
    assert undone.exact and undone.entity_id == before
    assert len(queue(path)) == 1


ARTICLES = {
    **{
        f"match{n}.txt": (
            f"Match report {n}\n\nDaniel Ashcroft scored twice for Northbridge Rovers against "
            f"Castleford Albion on Saturday. Manager Peter Lowe praised Daniel Ashcroft after "
            f"the game at Kelston Park.\n"
        )
        for n in range(3)
    },
    **{
        f"vote{n}.txt": (
            f"Debate {n}\n\nDaniel Ashcroft, the Progress Party's spokesman, clashed with Helen "
            f"Marsh in Parliament on Tuesday. Helen Marsh said Daniel Ashcroft had misled "
            f"voters about the budget.\n"
        )
        for n in range(3)
    },
}


def ashcroft_entities(path: Path) -> dict[str, set[int]]:
    """Per file name stem ("match", "vote"), the entities holding "Daniel Ashcroft" there."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT d.file, m.entity_id FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE m.text = 'Daniel Ashcroft'"
        ).fetchall()
    finally:
        conn.close()
    found: dict[str, set[int]] = {}
    for file, entity in rows:
        found.setdefault(Path(file).stem.rstrip("0123456789"), set()).add(entity)
    return found


def entity_name(path: Path, entity_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
    finally:
        conn.close()


def resolve(path: Path, *, full: bool) -> None:
    db = open_for_writing(path)
    try:
        resolve_database(db, full=full)
    finally:
        db.close()


def check_split(path: Path, name: str) -> None:
    found = ashcroft_entities(path)
    assert len(found["match"]) == 1 and len(found["vote"]) == 1, found
    (footballer,), (politician,) = found["match"], found["vote"]
    assert footballer != politician
    assert entity_name(path, footballer) == name
    assert entity_name(path, politician) == "Daniel Ashcroft"


def test_split_by_documents_survives_resolution_full_and_incremental_and_re_ingest(
    tmp_path: Path,
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    path = tmp_path / "c.db"
    assert ingest([corpus], path, IngestOptions()).failed == 0
    found = ashcroft_entities(path)
    assert found["match"] == found["vote"]  # one name, one entity: the resolver cannot tell
    (entity,) = found["match"]
    conn = sqlite3.connect(path)
    try:
        matches = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT document_id FROM mentions WHERE entity_id = ? AND document_id "
                "IN (SELECT id FROM documents WHERE file LIKE '%match%')",
                [entity],
            )
        ]
    finally:
        conn.close()
    outcome = curation.split_documents(path, entity, matches, "Daniel Ashcroft (footballer)")
    assert outcome.entity_id == entity and "3 stories" in outcome.summary
    check_split(path, "Daniel Ashcroft (footballer)")
    resolve(path, full=False)
    check_split(path, "Daniel Ashcroft (footballer)")
    resolve(path, full=True)
    check_split(path, "Daniel Ashcroft (footballer)")
    # Re-ingest: a new story, and an edited match report (a new document id and content hash:
    # found again by its path).
    (corpus / "extra.txt").write_text("Helen Marsh visited Kelston on Monday.", encoding="utf-8")
    edited = ARTICLES["match0.txt"].replace("Saturday", "Sunday")
    (corpus / "match0.txt").write_text(edited, encoding="utf-8")
    assert ingest([corpus], path, IngestOptions()).failed == 0
    check_split(path, "Daniel Ashcroft (footballer)")


# --------------------------------------------------------------------------- the command line


def test_cli_split_documents_and_review_json(tmp_path: Path):
    path = two_crowns_db(tmp_path / "two.db")
    listed = run("review", "--json", "--kind", STORY_GROUPS, "--db", str(path))
    assert listed.exit_code == 0, listed.output
    (item,) = json.loads(listed.stdout)["items"]
    assert item["kind"] == STORY_GROUPS and len(item["groups"]) == 2
    assert {"documents", "mentions", "label", "co_actors"} <= set(item["groups"][1])
    assert [side["side"].split(":")[0] for side in item["evidence"]] == ["group 1", "group 2"]
    entity = item["entities"][0]
    documents = [str(d) for d in item["groups"][1]["documents"]]
    done = run("split-documents", str(entity), *documents, "--db", str(path))
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("split 8 mentions in 4 stories off “Silver Crown”")
    again = run("split-documents", str(entity), *documents, "--db", str(path))
    assert again.exit_code == 2 and again.stderr.count("\n") == 1
    assert "is not mentioned in document" in again.stderr
    run("undo", "--db", str(path))
    by_item = run("split-documents", "--item", item["id"], "--name", "Crown", "--db", str(path))
    assert by_item.exit_code == 0 and "as “Crown”" in by_item.stdout
    for args in (
        ("--item", "story-groups-00000000"),
        ("--item", item["id"], "--group", "3"),
        (str(entity),),
    ):
        bad = run("split-documents", *args, "--db", str(path))
        assert bad.exit_code == 2 and bad.stderr.startswith("error: "), bad.output
        assert bad.stderr.count("\n") == 1


def test_cli_splits_several_groups_of_an_item_into_one_actor(tmp_path: Path):
    path = two_crowns_db(tmp_path / "three.db", worlds=(CHESS, RACING, ROWING))
    (item,) = queue(path)
    assert len(item.groups) == 3
    done = run("split-documents", "--item", item.id, "--group", "2", "--group", "3",
               "--name", "Crown Cup", "--db", str(path))  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "16 mentions in 8 stories" in done.stdout
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT DISTINCT d.title, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN documents d ON d.id = m.document_id WHERE m.text = 'Silver Crown'"
        ).fetchall()
    finally:
        conn.close()
    owners = {title.split("-")[0]: name for title, name in rows}
    (biggest,) = {title.split("-")[0] for title in titles(path, item.groups[0].documents)}
    assert owners.pop(biggest) == "Silver Crown" and set(owners.values()) == {"Crown Cup"}
