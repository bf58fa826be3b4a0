"""A bare surname in a story that names several people of that surname in full (issue 12 point
3, wrong9): the given name written right before it, else the full name named last before it,
else nobody. Every name and text is written for these tests."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from resolution_support import G, entity_of

from explorer.cli import main
from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.readers.articles import Article
from explorer.resolution.resolve import cluster_surface_groups
from explorer.store import documents
from explorer.store.connect import open_for_writing
from explorer.store.resolution import load_person_starts


def _starts(doc: int, **offsets: list[tuple[int, str]]) -> dict:
    """Mention starts of PERSON groups of one document, by surface (underscores for spaces)."""
    return {(doc, text.replace("_", " "), "PERSON", ""): o for text, o in offsets.items()}


def _two_brothers(**bare: list[tuple[int, str]]) -> list:
    groups = [G(1, "Arlo Penhallow", count=2), G(1, "Bram Penhallow"), G(1, "Penhallow", count=2)]
    starts = _starts(1, Arlo_Penhallow=[(0, ""), (500, "")], Bram_Penhallow=[(200, "")], **bare)
    return cluster_surface_groups(groups, (), None, None, starts)


def test_the_surname_joins_the_full_name_named_last_before_it() -> None:
    result = _two_brothers(Penhallow=[(250, ""), (600, "")])
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Bram Penhallow")
    result = _two_brothers(Penhallow=[(120, "")])
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Arlo Penhallow")


def test_the_surname_before_any_full_name_stays_apart() -> None:
    result = _two_brothers(Penhallow=[(0, "")])
    bare = entity_of(result, 1, "Penhallow")
    assert bare is not entity_of(result, 1, "Arlo Penhallow")
    assert bare is not entity_of(result, 1, "Bram Penhallow")


def test_a_given_name_written_right_before_it_names_the_person() -> None:
    # "Bram" left out of the span "Bram Penhallow" by the model, after Arlo's last mention
    result = _two_brothers(Penhallow=[(600, "Bram")])
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Bram Penhallow")


def test_a_given_name_before_it_that_is_nobody_of_the_story_decides_nothing() -> None:
    result = _two_brothers(Penhallow=[(600, "Karen")])
    bare = entity_of(result, 1, "Penhallow")
    assert bare is not entity_of(result, 1, "Arlo Penhallow")
    assert bare is not entity_of(result, 1, "Bram Penhallow")


def test_a_capitalised_word_that_is_no_given_name_is_read_past() -> None:
    result = _two_brothers(Penhallow=[(250, "Yesterday")])
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Bram Penhallow")


def test_without_offsets_the_shared_surname_stays_apart() -> None:
    groups = [G(1, "Arlo Penhallow"), G(1, "Bram Penhallow"), G(1, "Penhallow")]
    result = cluster_surface_groups(groups)
    bare = entity_of(result, 1, "Penhallow")
    assert bare is not entity_of(result, 1, "Arlo Penhallow")
    assert bare is not entity_of(result, 1, "Bram Penhallow")


def test_an_initial_and_the_surname_is_no_full_name_to_follow() -> None:
    groups = [G(1, "Arlo Penhallow"), G(1, "B Penhallow"), G(1, "Penhallow")]
    starts = _starts(1, Arlo_Penhallow=[(0, "")], B_Penhallow=[(300, "")], Penhallow=[(400, "")])
    result = cluster_surface_groups(groups, (), None, None, starts)
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Arlo Penhallow")


def test_a_bare_word_that_is_a_given_name_is_not_a_surname_here() -> None:
    groups = [G(1, "Mira Jason"), G(1, "Teodor Jason"), G(1, "Jason")]
    starts = _starts(1, Mira_Jason=[(0, "")], Teodor_Jason=[(100, "")], Jason=[(200, "")])
    result = cluster_surface_groups(groups, (), None, None, starts)
    assert entity_of(result, 1, "Jason") is not entity_of(result, 1, "Teodor Jason")


def test_never_a_person_of_the_other_gender() -> None:
    groups = [G(1, "Helena Penhallow"), G(1, "Robert Penhallow"), G(1, "Penhallow", titles=["mrs"])]
    starts = {
        (1, "Helena Penhallow", "PERSON", ""): [(0, "")],
        (1, "Robert Penhallow", "PERSON", ""): [(100, "")],
        (1, "Penhallow", "PERSON", "female"): [(200, "")],
    }
    result = cluster_surface_groups(groups, (), None, None, starts)
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Helena Penhallow")


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)))
def test_the_decision_does_not_depend_on_the_order_of_the_groups(order: list[int]) -> None:
    groups = [G(1, "Arlo Penhallow"), G(1, "Bram Penhallow"), G(1, "Penhallow"), G(2, "Penhallow")]
    starts = _starts(1, Arlo_Penhallow=[(0, "")], Bram_Penhallow=[(90, "")], Penhallow=[(150, "")])
    result = cluster_surface_groups([groups[i] for i in order], (), None, None, starts)
    assert entity_of(result, 1, "Penhallow") is entity_of(result, 1, "Bram Penhallow")


# --------------------------------------------------------------------------- through the store

_PEOPLE = ("Arlo Penhallow", "Bram Penhallow", "Penhallow")
_PATTERN = re.compile("|".join(re.escape(n) for n in _PEOPLE))


def _parse(text: str) -> ParsedText:
    """Every name of :data:`_PEOPLE` in ``text``, a PERSON, in one sentence."""
    spans = tuple(Span(m.start(), m.end(), "PERSON", "") for m in _PATTERN.finditer(text))
    return ParsedText((Span(0, len(text)),), spans, ())


_TEXTS = [
    "Arlo Penhallow ran. Bram Penhallow kicked. Penhallow scored twice.",
    "Penhallow smiled. Bram Penhallow sat. Arlo Penhallow waved.",
]


def test_the_store_gives_offsets_and_words_before(tmp_path: Path) -> None:
    db = open_for_writing(tmp_path / "db.db")
    try:
        text = "Coach Bram Penhallow said Arlo Penhallow ran."
        article = Article(key="c.jsonl#0", file="c.jsonl", text=text, title="t")
        spans = (Span(11, 20, "PERSON", ""), Span(26, 40, "PERSON", ""))  # "Penhallow", Arlo's
        parsed = ParsedText((Span(0, len(text)),), spans, ())
        documents.store_document(db, article, parsed, matching_key, len(text.split()))
        starts = load_person_starts(db.conn)
    finally:
        db.close()
    assert starts[(1, "Penhallow", "PERSON", "")] == [(11, "Bram")]
    assert starts[(1, "Arlo Penhallow", "PERSON", "")] == [(26, "")]


def test_resolve_through_the_cli_follows_the_story(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(_TEXTS):
            article = Article(key=f"c.jsonl#{index}", file="c.jsonl", text=text, title="t")
            parsed = _parse(text)
            documents.store_document(db, article, parsed, matching_key, len(text.split()))
    finally:
        db.close()
    result = CliRunner().invoke(main, ["resolve", "--db", str(db_path), "--full"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT document_id, text, entity_id FROM mentions").fetchall()
    finally:
        conn.close()
    entity = {(doc, text): entity_id for doc, text, entity_id in rows}
    assert entity[(1, "Penhallow")] == entity[(1, "Bram Penhallow")]
    assert entity[(2, "Penhallow")] not in (
        entity[(2, "Arlo Penhallow")],
        entity[(2, "Bram Penhallow")],
    )
