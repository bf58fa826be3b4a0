"""The review queue's story-surname items: a bare surname in a story naming several bearers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from review_support import HandBuilt

from explorer.cli import main as cli_main
from explorer.resolution.review import (
    BY_GIVEN_NAME,
    BY_NEITHER,
    BY_PROXIMITY,
    STORY_SURNAME,
    EntityRow,
    Snapshot,
    story_surname_items,
)
from explorer.store.connect import open_for_reading
from explorer.store.review import item_evidence, review_queue


def two_bearers_db(path: Path, bare_sentence: str) -> Path:
    """Olga Vesk and Pavel Vesk in one story; its bare "Vesk" given to Pavel."""
    db = HandBuilt(path)
    olga = db.entity("Olga Vesk")
    pavel = db.entity("Pavel Vesk")
    d = db.document("ferry", "Olga Vesk ran the ferry.", "Pavel Vesk sold tickets.", bare_sentence)
    db.mention(d, olga, "Olga Vesk")
    db.mention(d, pavel, "Pavel Vesk")
    db.searched[d, "Vesk"] = db.texts[d].index(bare_sentence)  # the bare sentence's "Vesk"
    db.mention(d, pavel, "Vesk")
    return db.close()


def queue(path: Path):  # type: ignore[no-untyped-def]
    conn = open_for_reading(path)
    try:
        items = review_queue(conn, [STORY_SURNAME])
        return items, [item_evidence(conn, item) for item in items]
    finally:
        conn.close()


def test_a_story_with_two_bearers_lists_its_bare_surname(tmp_path: Path):
    items, evidence = queue(two_bearers_db(tmp_path / "s.db", "Later Vesk left."))
    (item,) = items
    assert item.kind == STORY_SURNAME and item.alias == "Vesk"
    assert item.certainty == BY_PROXIMITY and "Olga Vesk" in item.reason
    labels = [side.label for side in evidence[0]]
    assert labels == ["“Vesk”", "“Pavel Vesk”", "also “Olga Vesk” #1"]
    bare = evidence[0][0].sentences[0]
    assert bare.sentence[bare.start : bare.end] == "Vesk"


def test_a_given_name_before_the_surname_ranks_above_proximity(tmp_path: Path):
    (given,), _ = queue(two_bearers_db(tmp_path / "g.db", "Then Pavel Vesk left."))
    (near,), _ = queue(two_bearers_db(tmp_path / "n.db", "Later Vesk left."))
    assert given.certainty == BY_GIVEN_NAME > near.certainty == BY_PROXIMITY


def test_a_join_neither_reading_explains_is_least_certain():
    entities = {1: EntityRow(1, "Olga Vesk", "PERSON", 1, "olga vesk"),
                2: EntityRow(2, "Pavel Vesk", "PERSON", 2, "pavel vesk")}  # fmt: skip
    # Olga named last before the bare word, which joined Pavel: neither given name nor proximity
    mentions = [(2, "pavel vesk", 0, ""), (1, "olga vesk", 10, ""), (2, "vesk", 30, "said")]
    snapshot = Snapshot(list(entities.values()), [], person_mentions={7: mentions})
    (item,) = story_surname_items(snapshot, entities)
    assert item.certainty == BY_NEITHER < BY_PROXIMITY and item.documents == (7,)


def test_one_bearer_in_the_story_is_no_item():
    entities = {1: EntityRow(1, "Olga Vesk", "PERSON", 2, "olga vesk")}
    mentions = [(1, "olga vesk", 0, ""), (1, "vesk", 30, "said")]
    snapshot = Snapshot(list(entities.values()), [], person_mentions={7: mentions})
    assert story_surname_items(snapshot, entities) == []


def test_review_json_lists_the_item(tmp_path: Path):
    path = two_bearers_db(tmp_path / "s.db", "Later Vesk left.")
    result = CliRunner().invoke(
        cli_main, ["review", "--db", str(path), "--json", "--kind", STORY_SURNAME]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["counts"][STORY_SURNAME] == 1
    (row,) = payload["items"]
    assert row["kind"] == STORY_SURNAME and row["alias"] == "Vesk" and row["certainty"] == 0.5
    assert row["documents"] == [1] and row["evidence"][0]["side"] == "“Vesk”"


def test_an_accepted_item_leaves_the_queue(tmp_path: Path):
    path = two_bearers_db(tmp_path / "s.db", "Later Vesk left.")
    runner = CliRunner()
    listed = runner.invoke(cli_main, ["review", "--db", str(path), "--json"])
    (item_id,) = [
        row["id"] for row in json.loads(listed.stdout)["items"] if row["kind"] == STORY_SURNAME
    ]
    assert runner.invoke(cli_main, ["accept", item_id, "--db", str(path)]).exit_code == 0
    assert queue(path)[0] == []
