"""Coordinations the corpus splits at resolution ("the former Velmont Rovers and Brasko City
striker": its document names neither club alone, the corpus does), on documents written for
the test and a parser that tags the names it is told (no spaCy)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.pipeline.resolution import run_resolution
from explorer.readers.articles import Article
from explorer.resolution.coordinations import corpus_coordination_split
from explorer.spans import coordination_parts
from explorer.store import documents
from explorer.store.connect import open_for_writing

NAMES = {
    "Velmont Rovers and Brasko City": "ORG",
    "Quillon and Exchange Commission": "ORG",
    "Norland and Tessaly": "GPE",
    "Velmont Rovers": "ORG",
    "Brasko City": "ORG",
    "Quillon": "ORG",
    "Kira Valdane": "PERSON",
}
_PATTERN = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))

TEXTS = [
    "Velmont Rovers won. Kira Valdane scored.",
    "Brasko City lost at home.",
    "Velmont Rovers drew. Quillon fined them.",
    "Brasko City and the fans. Quillon spoke.",
    "Kira Valdane is a former Velmont Rovers and Brasko City striker.",
    "The Quillon and Exchange Commission met.",
    "Trade between Norland and Tessaly grew.",
]


def parse(text: str) -> ParsedText:
    sentences = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    sentences = tuple(
        Span(s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip()), s.end)
        for s in sentences
    )
    entities = tuple(Span(m.start(), m.end(), NAMES[m.group()]) for m in _PATTERN.finditer(text))
    return ParsedText(sentences, entities)


def build(path: Path, texts: list[str], resolve_each: bool = False) -> None:
    db = open_for_writing(path)
    try:
        for index, text in enumerate(texts):
            article = Article(key=f"c.jsonl#{index}", file="c.jsonl", text=text, title=str(index))
            documents.store_document(db, article, parse(text), matching_key, len(text.split()))
            if resolve_each:
                run_resolution(db)
        run_resolution(db)
    finally:
        db.close()


def mentions(path: Path) -> dict[tuple[str, int, int], str]:
    """(document key, start, end) → the mention's entity name; the offset invariant checked."""
    conn = sqlite3.connect(path)
    try:
        found = {}
        for key, text, start, end, surface, name in conn.execute(
            'SELECT d.path, d.text, m.start, m."end", m.text, e.name FROM mentions m '
            "JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id"
        ):
            assert text[start:end] == surface
            found[(key, start, end)] = name
        return found
    finally:
        conn.close()


def test_the_parts_are_split_only_when_the_corpus_names_each_alone():
    alone = {"Velmont Rovers": 2, "Brasko City": 2, "Quillon": 2, "Norland": 3, "Tessaly": 3}
    count = lambda text: alone.get(text, 0)  # noqa: E731
    assert corpus_coordination_split("Velmont Rovers and Brasko City", count) == [(0, 14), (19, 30)]
    assert corpus_coordination_split("Quillon and Exchange Commission", count) == []
    assert corpus_coordination_split("Velmont Rovers and Brasko City", lambda t: 1) == []
    # a country's name stays whole, however often its parts stand alone
    assert corpus_coordination_split("Bosnia and Herzegovina", lambda t: 9) == []
    assert coordination_parts("Rovers and the fans") == []
    assert coordination_parts("Norland") == []


def test_resolution_splits_a_coordination_into_the_corpus_actors(tmp_path: Path):
    path = tmp_path / "c.db"
    build(path, TEXTS)
    found = mentions(path)
    text = TEXTS[4]
    key = "c.jsonl#4"
    rovers = text.index("Velmont Rovers")
    city = text.index("Brasko City")
    assert found[(key, rovers, rovers + len("Velmont Rovers"))] == "Velmont Rovers"
    assert found[(key, city, city + len("Brasko City"))] == "Brasko City"
    names = set(found.values())
    assert "Velmont Rovers and Brasko City" not in names
    # one part never named alone, or no part: one name
    assert "Quillon and Exchange Commission" in names
    assert "Norland and Tessaly" in names


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.permutations(range(len(TEXTS))))
def test_incremental_resolution_ends_where_a_full_one_does(tmp_path: Path, order: list[int]):
    """Whatever order the documents come in, resolving after each ends with the mentions and
    entities a full resolution of the same documents gives."""
    for child in tmp_path.iterdir():
        child.unlink() if child.is_file() else shutil.rmtree(child)
    texts = [TEXTS[i] for i in order]
    each, once = tmp_path / "each.db", tmp_path / "once.db"
    build(each, texts, resolve_each=True)
    build(once, texts)
    db = open_for_writing(once)
    try:
        run_resolution(db, full=True)
    finally:
        db.close()
    assert mentions(each) == mentions(once)


def test_the_resolution_state_follows_the_split(tmp_path: Path):
    """The changed document's surface groups are filed again: the stored state is what a full
    rebuild computes."""
    from explorer.store.resolution_state import load_resolution_state, rebuild_resolution_state

    path = tmp_path / "c.db"
    build(path, TEXTS)
    db = open_for_writing(path)
    try:
        stored = load_resolution_state(db)
        rebuild_resolution_state(db)
        assert load_resolution_state(db) == stored
    finally:
        db.close()
