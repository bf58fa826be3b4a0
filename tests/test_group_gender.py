"""The honorific's gender in the surface group key (issue 12 point 4), through storage:
"Mr Brandt" and "Mrs Brandt" of one story are stored, resolved, curated and upgraded as two
groups. Stories about an invented couple, Karl and Ilse Brandt."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.pipeline import curation
from explorer.pipeline.resolution import run_resolution
from explorer.readers.articles import Article
from explorer.resolution.clusters import Clustering, SurfaceGroup
from explorer.resolution.decisions import find_cluster, locator
from explorer.store import documents
from explorer.store.connect import open_for_writing
from explorer.store.resolution_state import load_resolution_state, state_ready

STORIES = [
    # both named in full: each honorific joins its own person
    "Karl Brandt and Ilse Brandt opened the mill. Mr Brandt spoke first. Mrs Brandt thanked "
    "the town. Mr Brandt left early.",
    # only the husband named: "Mrs Brandt" never joins him
    "Karl Brandt sold the mill. Mrs Brandt was not there. Mr Brandt said the price was fair.",
    "Ilse Brandt painted the hall.",
    "Karl Brandt won the vote. Mr Brandt smiled.",
    "Karl Brandt fixed the wheel. Mr Brandt was tired.",
]
_NAME = re.compile(r"(?:(Mrs|Mr) )?((?:Karl |Ilse )?Brandt)")


def parse(text: str) -> ParsedText:
    """Sentences end at full stops; names as span cleaning stores them (the honorific trimmed
    off the mention and kept as its title)."""
    sentences = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^ .][^.]*\.", text))
    names = tuple(
        Span(m.start(2), m.end(2), "PERSON", (m.group(1) or "").casefold())
        for m in _NAME.finditer(text)
    )
    return ParsedText(sentences, names, ())


def build(db_path: Path, stories: list[str] = STORIES) -> None:
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(stories):
            article = Article(key=f"mill.jsonl#{index}", file="mill.jsonl", text=text, title="")
            documents.store_document(db, article, parse(text), matching_key, len(text.split()))
        run_resolution(db)
    finally:
        db.close()


def holders(db_path: Path, document: int) -> dict[tuple[str, str], set[str]]:
    """``(text, gender) -> names of the entities holding those mentions`` in one story."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT m.text, m.gender, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.document_id = (SELECT id FROM documents WHERE path = ?)",
            [f"mill.jsonl#{document}"],
        ).fetchall()
    finally:
        conn.close()
    found: dict[tuple[str, str], set[str]] = {}
    for text, gender, name in rows:
        found.setdefault((text, gender), set()).add(name)
    return found


def entity_id(db_path: Path, document: int, text: str, gender: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT m.entity_id FROM mentions m JOIN documents d ON d.id = m.document_id "
            "WHERE d.path = ? AND m.text = ? AND m.gender = ?",
            [f"mill.jsonl#{document}", text, gender],
        ).fetchone()[0]
    finally:
        conn.close()


def test_the_honorific_gender_is_stored_and_splits_the_group(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    build(db_path)
    conn = sqlite3.connect(db_path)
    try:
        stored = set(conn.execute("SELECT text, title, gender FROM mentions"))
        groups, _ = load_resolution_state(conn)
    finally:
        conn.close()
    assert {("Brandt", "mr", "male"), ("Brandt", "mrs", "female")} <= stored
    assert ("Karl Brandt", None, "") in stored
    first = min(g.document_id for g in groups)
    in_first = sorted((g.gender, g.count) for g in groups if g.key[:2] == (first, "Brandt"))
    assert in_first == [("female", 1), ("male", 2)]


def test_mr_joins_the_husband_and_mrs_the_wife_or_nobody(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    build(db_path)
    both = holders(db_path, 0)
    assert both[("Brandt", "male")] == {"Karl Brandt"}
    assert both[("Brandt", "female")] == {"Ilse Brandt"}
    husband_only = holders(db_path, 1)
    assert husband_only[("Brandt", "male")] == {"Karl Brandt"}
    assert husband_only[("Brandt", "female")] != {"Karl Brandt"}


def test_a_curated_split_of_the_wifes_groups_survives_re_resolution(tmp_path: Path) -> None:
    """ "Mrs Brandt" of the second story joins Ilse Brandt (the corpus's only woman of that
    surname); a user who knows better splits "Brandt" off Ilse: the decision finds Ilse's
    entity again after every resolution (by the gendered groups it held: by the plain
    surname, Karl's "Mr Brandt" of four stories would weigh more than Ilse's own names)."""
    db_path = tmp_path / "db.db"
    build(db_path)
    ilse = entity_id(db_path, 2, "Ilse Brandt", "")
    assert entity_id(db_path, 1, "Brandt", "female") == ilse
    curation.split(db_path, ilse, "Brandt")
    db = open_for_writing(db_path)
    try:
        for full in (False, True):
            run_resolution(db, full=full)
            for story in (0, 1):
                found = holders(db_path, story)
                assert found[("Brandt", "female")].isdisjoint({"Ilse Brandt", "Karl Brandt"})
                assert found[("Brandt", "male")] == {"Karl Brandt"}
            assert holders(db_path, 0)[("Ilse Brandt", "")] == {"Ilse Brandt"}
    finally:
        db.close()


def test_an_older_database_gets_the_gender_and_its_next_resolution_rebuilds_the_state(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "db.db"
    build(db_path)
    expected = holders(db_path, 0), holders(db_path, 1)
    conn = sqlite3.connect(db_path)
    conn.executescript(
        """
        ALTER TABLE mentions DROP COLUMN gender;
        DROP TABLE resolution_groups;
        CREATE TABLE resolution_groups (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            text TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL, titles TEXT,
            evidence TEXT, PRIMARY KEY (document_id, text, label)
        ) WITHOUT ROWID;
        DELETE FROM _sqlite_migrations WHERE name = 'm015_group_gender';
        """
    )
    conn.commit()
    conn.close()
    db = open_for_writing(db_path)  # what `upgrade`, `ingest` and `resolve` do
    try:
        assert set(db.execute("SELECT title, gender FROM mentions WHERE title IS NOT NULL")) == {
            ("mr", "male"),
            ("mrs", "female"),
        }
        columns = {row[1] for row in db.execute("PRAGMA table_info(resolution_groups)")}
        assert "gender" in columns
        assert not state_ready(db)  # the next resolution is a full pass
        run_resolution(db)
        assert state_ready(db)
    finally:
        db.close()
    assert (holders(db_path, 0), holders(db_path, 1)) == expected


def test_a_full_resolution_refreshes_stale_genders(tmp_path: Path) -> None:
    """As after an upgrade that changed the honorific word lists: ``resolve --full`` sets
    every mention's gender from its title again, and the groups follow."""
    db_path = tmp_path / "db.db"
    build(db_path)
    expected = holders(db_path, 0)
    db = open_for_writing(db_path)
    try:
        db.execute("UPDATE mentions SET gender = 'female' WHERE title IS NULL")
        db.execute("UPDATE mentions SET gender = '' WHERE title IS NOT NULL")
        db.conn.commit()
        run_resolution(db, full=True)
        assert set(db.execute("SELECT title, gender FROM mentions WHERE gender != ''")) == {
            ("mr", "male"),
            ("mrs", "female"),
        }
    finally:
        db.close()
    assert holders(db_path, 0) == expected


def test_locators_key_gendered_surfaces_and_old_decisions_still_match() -> None:
    karl = [
        SurfaceGroup(1, "Karl Brandt", "PERSON", 1),
        *[SurfaceGroup(d, "Brandt", "PERSON", 2, ("mr",), "male") for d in (1, 2, 3)],
    ]
    ilse = [
        SurfaceGroup(4, "Ilse Brandt", "PERSON", 1),
        SurfaceGroup(5, "Brandt", "PERSON", 2, ("mrs",), "female"),
    ]
    clustering = Clustering([karl, ilse], [None, None], [None, None])
    hers = locator([("Ilse Brandt", "", 1), ("Brandt", "female", 2)])
    assert hers == {"keys": {"brandt@female": 2, "ilse brandt": 1}}
    assert find_cluster(clustering, hers) == 1
    # a decision stored before groups had a gender names the surname by its plain key: it
    # weighs the gendered groups of both (here Karl's three), as it did then
    assert find_cluster(clustering, {"keys": {"brandt": 2, "ilse brandt": 1}}) == 0
