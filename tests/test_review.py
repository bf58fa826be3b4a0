"""The review queue (issue 12 point 7): each kind of item on databases written for the test,
evidence, stable ids, and accept as a curation decision that survives re-resolution."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_support import HandBuilt

from explorer.pipeline import curation
from explorer.pipeline.resolution import resolve_database
from explorer.resolution.review import MANY_FORMS, SAME_NAME, SHARED_WORD, SPELLING, SURNAME, TYPE
from explorer.store.connect import open_for_reading, open_for_writing
from explorer.store.review import find_item, item_evidence, review_queue


def queue(path: Path, *kinds: str):  # type: ignore[no-untyped-def]
    conn = open_for_reading(path)
    try:
        return review_queue(conn, kinds or None)
    finally:
        conn.close()


def evidence(path: Path, item):  # type: ignore[no-untyped-def]
    conn = open_for_reading(path)
    try:
        return item_evidence(conn, item)
    finally:
        conn.close()


def shared_surname_db(path: Path, *, own_document: bool = False) -> Path:
    """Two people named Marlow; a bare "Marlow" joined to the one with most mentions."""
    db = HandBuilt(path)
    anna = db.entity("Anna Marlow")
    ben = db.entity("Ben Marlow")
    for n in range(3):
        d = db.document(f"anna{n}", "Anna Marlow opened the bridge.")
        db.mention(d, anna, "Anna Marlow")
    d = db.document("ben", "Ben Marlow lost the vote.")
    db.mention(d, ben, "Ben Marlow")
    if own_document:
        d = db.document("both", "Anna Marlow spoke first.", "Then Marlow left.")
        db.mention(d, anna, "Anna Marlow")
    else:
        d = db.document("bare", "Marlow said the bridge was safe.")
    db.mention(d, anna, "Marlow")
    return db.close()


def shared_word_db(path: Path, *, bare: str = "Varnholm lost again.") -> Path:
    """A town, Varnholm, and the club named after it; a bare "Varnholm" (in ``bare``) joined to
    the club by context."""
    db = HandBuilt(path)
    town = db.entity("Varnholm", "GPE")
    club = db.entity("Varnholm Rovers", "ORG")
    for n in range(4):
        d = db.document(f"town{n}", f"Varnholm opened a bridge on day {n}.")
        db.mention(d, town, "Varnholm", "GPE")
    d = db.document("league", "Varnholm Rovers won the cup.")
    db.mention(d, club, "Varnholm Rovers", "ORG")
    db.mention(db.document("match", bare), club, "Varnholm", "ORG")
    return db.close()


# --------------------------------------------------------------------------- kinds


def test_surname_attached_by_the_corpus_names_the_other_bearers(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    (item,) = queue(path, SURNAME)
    assert item.kind == SURNAME and item.alias == "Marlow"
    assert "Ben Marlow (1)" in item.reason and "0 of 1 documents" in item.reason
    assert item.certainty < 0.6  # three quarters of the full-name mentions: a majority only
    sides = evidence(path, item)
    assert [side.label for side in sides] == ["“Marlow”", "“Anna Marlow”", "also “Ben Marlow” #2"]
    (bare,) = sides[0].sentences
    assert bare.title == "bare" and bare.sentence[bare.start : bare.end] == "Marlow"


def test_surname_named_in_full_in_its_own_document_is_not_listed(tmp_path: Path):
    assert queue(shared_surname_db(tmp_path / "s.db", own_document=True), SURNAME) == []


def cut_name_db(path: Path, *sentences: str) -> Path:
    """Ottilie Brask, named in full in a profile, and a bare first name "Ottilie" in a document
    of each of ``sentences``, labelled a group (NER cuts "Ottilie Brask" so in some stories)."""
    db = HandBuilt(path)
    person = db.entity("Ottilie Brask")
    d = db.document("profile", "Ottilie Brask won the race.")
    db.mention(d, person, "Ottilie Brask")
    for n, sentence in enumerate(sentences):
        db.mention(db.document(f"report{n}", sentence), person, "Ottilie", "NORP")
    return db.close()


def test_a_first_name_whose_sentence_writes_the_full_name_ner_cut_is_not_listed(tmp_path: Path):
    """The resolver's "name cut short": "Ottilie" followed by "Brask" in its sentence names
    the person in full, whatever label NER gave the word."""
    assert queue(cut_name_db(tmp_path / "c.db", "Coach Ottilie Brask resigned."), SURNAME) == []


def test_a_longer_word_is_no_full_name_written_out(tmp_path: Path):
    """ "Ottilie Braskova" does not write "Ottilie Brask": the join stays uncertain."""
    path = cut_name_db(tmp_path / "c.db", "Coach Ottilie Braskova resigned.")
    (item,) = queue(path, SURNAME)
    assert item.alias == "Ottilie" and "0 of 1 documents" in item.reason
    assert "NER cut" not in item.reason and item.certainty < 0.5


def test_the_reason_counts_the_documents_whose_full_name_ner_cut(tmp_path: Path):
    path = cut_name_db(
        tmp_path / "c.db", "Ottilie Brask won.", "Ottilie Brask lost.", "Ottilie ran."
    )
    (item,) = queue(path, SURNAME)
    assert "2 of 3 documents also name the full name (2 written out, though NER cut" in item.reason
    assert 0.6 < item.certainty < 0.9  # the third document is the corpus's decision


def test_a_first_name_beside_the_surname_is_as_sure_as_the_surname(tmp_path: Path):
    """The resolver's "first name: the document's person": "Ottilie" in a story that names
    Brask by the surname only is as sure as that surname's join; alone, it stays uncertain."""
    db = HandBuilt(tmp_path / "f.db")
    person = db.entity("Ottilie Brask")
    d = db.document("profile", "Ottilie Brask won the race.")
    db.mention(d, person, "Ottilie Brask")
    d = db.document("column", "Brask was fast.", "Ottilie smiled.")
    db.mention(d, person, "Brask")
    db.mention(d, person, "Ottilie")
    by_alias = {item.alias: item for item in queue(db.close(), SURNAME)}
    assert by_alias["Ottilie"].certainty == pytest.approx(by_alias["Brask"].certainty)
    assert by_alias["Brask"].certainty > 0  # the only Brask of the corpus
    assert "1 names the person by the surname “Brask” in its text" in by_alias["Ottilie"].reason
    alone = queue(cut_name_db(tmp_path / "c.db", "Ottilie smiled."), SURNAME)
    assert [item.certainty for item in alone] == [0.0]


def test_a_first_name_under_a_headline_naming_the_surname_is_as_sure_as_the_surname(
    tmp_path: Path,
):
    """The resolver's "first name: the person its story's headline names": "Ottilie" in a
    column headed "Brask proves doubters wrong", which never names her otherwise."""
    db = HandBuilt(tmp_path / "h.db")
    person, other = db.entity("Ottilie Brask"), db.entity("Piet Brask")
    for n in range(3):
        d = db.document(f"profile{n}", "Ottilie Brask won the race.")
        db.mention(d, person, "Ottilie Brask")
    db.mention(db.document("cousin", "Piet Brask lost."), other, "Piet Brask")
    d = db.document("Brask proves doubters wrong", "Ottilie smiled at the finish.")
    db.mention(d, person, "Ottilie")
    (item,) = queue(db.close(), SURNAME)
    assert "1 names the person by the surname “Brask” in its text or headline" in item.reason
    assert 0.3 < item.certainty < 0.6  # Brask's share of the corpus's Brasks (3 of 4) x 0.6
    plain = queue(cut_name_db(tmp_path / "c.db", "Ottilie smiled at the finish."), SURNAME)
    assert [i.certainty for i in plain] == [0.0]


def test_a_given_name_attached_as_a_surname_is_less_certain(tmp_path: Path):
    db = HandBuilt(tmp_path / "g.db")
    film, person = db.entity("Dusty Harry"), db.entity("Colin Vashti")
    d = db.document("film", "Dusty Harry opens on Friday.", "Colin Vashti directs it.")
    db.mention(d, film, "Dusty Harry")
    db.mention(d, person, "Colin Vashti")
    harry = db.mention(db.document("prince", "Harry visited the school."), film, "Harry")
    vashti = db.mention(db.document("talk", "Vashti gave a talk."), person, "Vashti")
    path = db.close()
    by_alias = {item.alias: item for item in queue(path, SURNAME)}
    assert by_alias["Harry"].certainty < by_alias["Vashti"].certainty
    assert "a common given name" in by_alias["Harry"].reason and harry != vashti


def test_spelling_join_listed_but_parts_acronyms_plurals_and_gazetteer_forms_are_not(
    tmp_path: Path,
):
    db = HandBuilt(tmp_path / "sp.db")
    club = db.entity("Celtic", "ORG")
    d = db.document("match", "Celtic won.", "Celtic lost.", "Celltick launched a phone.")
    db.mention(d, club, "Celtic", "ORG")
    db.mention(d, club, "Celtic", "ORG")
    db.mention(d, club, "Celltick", "ORG")
    union = db.entity("Northern Fishing Union", "ORG")
    d = db.document("fish", "The Northern Fishing Union met.", "The NFU agreed.", "Union men.")
    db.mention(d, union, "Northern Fishing Union", "ORG")
    db.mention(d, union, "NFU", "ORG")
    db.mention(d, union, "Union", "ORG")
    party = db.entity("Conservative Party", "ORG")
    d = db.document("vote", "The Conservative Party and the Tories.", "Blue Dems and Blue Dem.")
    db.mention(d, party, "Conservative Party", "ORG")
    db.mention(d, party, "Tories", "ORG")
    movement = db.entity("Fatah", "ORG")
    d2 = db.document("move", "Fatah won.", "Al Fatah lost.")
    db.mention(d2, movement, "Fatah", "ORG")
    db.mention(d2, movement, "Al Fatah", "ORG")
    dems = db.entity("Blue Dems", "ORG")
    db.mention(d, dems, "Blue Dems", "ORG")
    db.mention(d, dems, "Blue Dem", "ORG")
    path = db.close()
    (item,) = queue(path, SPELLING)
    assert item.alias == "Celltick" and item.entities == (club,)
    assert "spelling of “celtic”" in item.reason and item.certainty < 0.9


def test_close_type_vote_is_listed_and_an_agreed_one_is_not(tmp_path: Path):
    db = HandBuilt(tmp_path / "t.db")
    split_vote, agreed = db.entity("Orbis", "ORG"), db.entity("Quill Ltd", "ORG")
    d = db.document("news", *(f"Orbis {n} and Quill Ltd {n}." for n in range(5)))
    for n in range(5):
        db.mention(d, split_vote, "Orbis", "ORG" if n < 3 else "PERSON")
        db.mention(d, agreed, "Quill Ltd", "ORG")
    path = db.close()
    (item,) = queue(path, TYPE)
    assert item.entities == (split_vote,) and item.labels == ("ORG", "PERSON")
    assert item.certainty == pytest.approx(0.6)
    assert "ORG 60%, PERSON 40%" in item.reason
    sides = evidence(path, item)
    assert [s.label for s in sides] == ["labelled ORG", "labelled PERSON"]
    assert {s.label for s in sides[1].sentences} == {"PERSON"}


def test_capitals_do_not_dominate_a_type_vote(tmp_path: Path):
    db = HandBuilt(tmp_path / "c.db")
    town = db.entity("Norbury", "GPE")
    d = db.document(
        "table",
        "NORBURY 3 NORBURY 2 NORBURY 1",
        "Norbury is a town.",
        "Norbury grew.",
        "Norbury won.",
    )
    for _ in range(3):
        db.mention(d, town, "NORBURY", "ORG")
    db.mention(d, town, "Norbury", "GPE")
    db.mention(d, town, "Norbury", "GPE")
    db.mention(d, town, "Norbury", "GPE")
    assert queue(db.close(), TYPE) == []


def test_same_name_entities_are_listed_until_merged(tmp_path: Path):
    db = HandBuilt(tmp_path / "n.db")
    cups = [db.entity("Ocean Cup", "EVENT") for _ in range(3)]
    for n, cup in enumerate(cups):
        d = db.document(f"cup{n}", f"The Ocean Cup begins on day {n}.")
        db.mention(d, cup, "Ocean Cup", "EVENT")
    path = db.close()
    (item,) = queue(path, SAME_NAME)
    assert set(item.entities) == set(cups) and item.certainty == 0.0
    assert len(evidence(path, item)) == 3
    curation.merge_many(path, list(item.entities[1:]), item.entities[0])
    assert queue(path, SAME_NAME) == []


def test_entity_built_from_many_one_mention_forms(tmp_path: Path):
    db = HandBuilt(tmp_path / "m.db")
    leader = db.entity("Omar Zafrani")
    forms = ["O. Zafrani", "Omar Zefrani", "Omer Zafrany", "Umar Zafraani", "Omar Zafraney"]
    d = db.document("a", *(f"{form} spoke." for form in ["Omar Zafrani", *forms]))
    db.mention(d, leader, "Omar Zafrani")
    for form in forms:
        db.mention(d, leader, form)
    path = db.close()
    (item,) = queue(path, MANY_FORMS)
    assert item.forms == tuple(sorted(forms, key=str.casefold))
    assert "5 forms met once" in item.reason
    assert evidence(path, item)[0].sentences


def test_item_ids_do_not_depend_on_row_order(tmp_path: Path):
    first = shared_surname_db(tmp_path / "a.db")
    db = HandBuilt(tmp_path / "b.db")  # the same facts, entities and documents reversed
    ben, anna = db.entity("Ben Marlow"), db.entity("Anna Marlow")
    d = db.document("bare", "Marlow said the bridge was safe.")
    db.mention(d, anna, "Marlow")
    d = db.document("ben", "Ben Marlow lost the vote.")
    db.mention(d, ben, "Ben Marlow")
    for n in range(3):
        d = db.document(f"anna{n}", "Anna Marlow opened the bridge.")
        db.mention(d, anna, "Anna Marlow")
    second = db.close()
    assert [i.id for i in queue(first)] == [i.id for i in queue(second)]
    assert [i.certainty for i in queue(first)] == [i.certainty for i in queue(second)]


# --------------------------------------------------------------------------- accept


def test_accept_removes_the_item_records_history_and_undoes(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    (item,) = queue(path, SURNAME)
    outcome = curation.accept(path, item.id)
    assert item.id in outcome.summary and outcome.entity_id == item.entities[0]
    assert queue(path, SURNAME) == []
    (entry,) = curation.history(path)
    assert entry.action == "accept" and entry.payload["item"] == item.id
    with pytest.raises(curation.CurationError, match="already accepted"):
        curation.accept(path, item.id)
    with pytest.raises(curation.CurationError, match="no review item"):
        curation.accept(path, "surname-00000000")
    (undone,) = curation.undo(path)
    assert undone.exact and "accepted surname review item" in undone.summary
    assert [i.id for i in queue(path, SURNAME)] == [item.id]


def test_accept_survives_re_resolution(tmp_path: Path):
    db = HandBuilt(tmp_path / "r.db")
    orbis = db.entity("Orbis Holdings", "ORG")
    d = db.document("news", *(f"Orbis Holdings grew {n}." for n in range(5)))
    for n in range(5):
        db.mention(d, orbis, "Orbis Holdings", "ORG" if n < 3 else "PERSON")
    path = db.close()
    (item,) = queue(path, TYPE)
    curation.accept(path, item.id)
    writer = open_for_writing(path)
    try:
        resolve_database(writer)
    finally:
        writer.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name, type FROM entities").fetchall() == [("Orbis Holdings", "ORG")]
    conn.close()
    assert queue(path, TYPE) == []
    curation.undo(path)
    assert [i.id for i in queue(path, TYPE)] == [item.id]


def test_find_item(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    (item,) = queue(path, SURNAME)
    conn = open_for_reading(path)
    try:
        assert find_item(conn, item.id) == item
        assert find_item(conn, "nonsense") is None
    finally:
        conn.close()


# --------------------------------------------------------------------------- command line


def run(*args: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from explorer.cli import main

    return CliRunner().invoke(main, list(args))


def test_review_command_json_plain_and_kind(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    result = run("review", "--json", "--db", str(path))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["total"] == 1 and document["counts"]["surname"] == 1
    (item,) = document["items"]
    assert item["kind"] == "surname" and item["alias"] == "Marlow"
    assert item["names"] == {"1": "Anna Marlow", "2": "Ben Marlow"}
    first = item["evidence"][0]["sentences"][0]
    start, end = first["sentence_offsets"]
    assert first["sentence"][start:end] == "Marlow" and first["document_title"] == "bare"
    plain = run("review", "--db", str(path), "--kind", "surname")
    header, row = plain.stdout.splitlines()
    assert header.split("\t")[:3] == ["id", "kind", "certainty"]
    assert row.split("\t")[0] == item["id"]
    assert plain.stderr.startswith("1 item to review (surname 1)")
    nothing = run("review", "--db", str(path), "--kind", "type", "--json")
    assert nothing.exit_code == 1 and json.loads(nothing.stdout)["items"] == []


def test_accept_command_and_errors(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    item_id = json.loads(run("review", "--json", "--db", str(path)).stdout)["items"][0]["id"]
    accepted = run("accept", item_id, "--db", str(path))
    assert accepted.exit_code == 0 and item_id in accepted.stdout
    assert run("review", "--db", str(path)).exit_code == 1
    again = run("accept", item_id, "--db", str(path))
    assert again.exit_code == 2 and again.stderr.startswith("error:")
    assert len(again.stderr.strip().splitlines()) == 1 and "already accepted" in again.stderr
    history = json.loads(run("history", "--json", "--db", str(path)).stdout)
    assert [entry["action"] for entry in history] == ["accept"]
    assert run("undo", "--db", str(path)).exit_code == 0
    assert run("review", "--db", str(path)).exit_code == 0
    assert run("accept", item_id, "--db", str(path)).exit_code == 0
    resolved = run("resolve", "--db", str(path))  # the resolver keeps a shared surname apart
    assert resolved.exit_code == 0, resolved.output
    history = json.loads(run("history", "--json", "--db", str(path)).stdout)
    assert history[-1]["action"] == "accept" and history[-1]["undone_at"] is None


def test_around_mention_keeps_the_mention_in_a_long_sentence():
    from explorer.cli.review import around_mention

    sentence = "word " * 40 + "Marlow" + " word" * 40
    start = sentence.index("Marlow")
    shown, a, b = around_mention(sentence, start, start + 6, width=50)
    assert shown[a:b] == "Marlow" and len(shown) <= 52
    assert around_mention("Short Marlow.", 6, 12) == ("Short Marlow.", 6, 12)


def test_a_person_named_with_a_given_name_is_a_less_doubtful_type_vote(tmp_path: Path):
    db = HandBuilt(tmp_path / "p.db")
    person, thing = db.entity("Kelly Norrow", "PERSON"), db.entity("Norrowex", "PERSON")
    d = db.document("race", *(f"Kelly Norrow ran {n}. Norrowex sold {n}." for n in range(4)))
    for n in range(4):
        db.mention(d, person, "Kelly Norrow", "PERSON" if n < 2 else "ORG")
        db.mention(d, thing, "Norrowex", "PERSON" if n < 2 else "ORG")
    by_entity = {item.entities[0]: item for item in queue(db.close(), TYPE)}
    assert by_entity[thing].certainty == pytest.approx(0.5)
    assert by_entity[person].certainty == pytest.approx(0.75)


def test_a_type_set_by_the_user_settles_the_vote(tmp_path: Path):
    db = HandBuilt(tmp_path / "t.db")
    orbis = db.entity("Orbis", "ORG")
    d = db.document("news", *(f"Orbis {n}." for n in range(5)))
    for n in range(5):
        db.mention(d, orbis, "Orbis", "ORG" if n < 3 else "PERSON")
    path = db.close()
    assert [item.entities for item in queue(path, TYPE)] == [(orbis,)]
    curation.set_type(path, orbis, "PERSON")
    assert queue(path, TYPE) == []


def test_move_a_surname_to_another_bearer_is_one_undo_step(tmp_path: Path):
    path = shared_surname_db(tmp_path / "s.db")
    (item,) = queue(path, SURNAME)
    anna, ben = item.entities
    outcome = curation.move_alias(path, anna, "Marlow", ben)
    assert outcome.summary.startswith("moved “Marlow” (1 mention) from “Anna Marlow”")
    conn = sqlite3.connect(path)
    holder = "SELECT entity_id FROM mentions WHERE text = 'Marlow'"
    assert conn.execute(holder).fetchall() == [(ben,)]
    conn.close()
    assert queue(path, SURNAME) == []
    (undone,) = curation.undo(path)
    assert undone.exact and len(undone.decision_ids) == 2
    conn = sqlite3.connect(path)
    assert conn.execute(holder).fetchall() == [(anna,)]
    conn.close()
    with pytest.raises(curation.CurationError):
        curation.move_alias(path, anna, "Marlow", anna)


def test_review_command_on_a_terminal_prints_a_table_literally(tmp_path: Path, monkeypatch):
    db = HandBuilt(tmp_path / "h.db")
    hostile = "[bold]Evil[/bold] \x1b[31mCorp"
    for n in range(2):
        entity = db.entity(hostile, "ORG")
        db.mention(db.document(f"d{n}", f"Today {hostile} said no {n}."), entity, hostile, "ORG")
    path = db.close()
    monkeypatch.setattr("explorer.cli.review.output_mode", lambda as_json: "rich")
    monkeypatch.setenv("COLUMNS", "200")
    result = run("review", "--db", str(path))
    assert result.exit_code == 0
    assert "[bold]Evil[/bold] \\x1b[31mCorp" in result.stdout and "\x1b" not in result.stdout
    assert "same-name" in result.stdout and "Today" in result.stdout


# --------------------------------------------------------------------------- order independence

_SNAPSHOT_ENTITIES = [
    (1, "Anna Marlow", "PERSON", 4, "anna marlow"),
    (2, "Ben Marlow", "PERSON", 1, "ben marlow"),
    (3, "Ocean Cup", "EVENT", 1, "ocean cup"),
    (4, "Ocean Cup", "EVENT", 2, "ocean cup"),
    (5, "Celtic", "ORG", 3, "celtic"),
    (6, "Cara Marlow", "PERSON", 1, "cara marlow"),  # ties with Ben Marlow
    (7, "Varnholm", "GPE", 4, "varnholm"),
    (8, "Varnholm Rovers", "ORG", 3, "varnholm rovers"),
]
_SNAPSHOT_ALIASES = [
    (1, "Anna Marlow", "anna marlow", 3),
    (1, "Marlow", "marlow", 1),
    (1, "MARLOW", "marlow", 1),  # ties with "Marlow"
    (6, "Cara Marlow", "cara marlow", 1),
    (2, "Ben Marlow", "ben marlow", 1),
    (3, "Ocean Cup", "ocean cup", 1),
    (4, "Ocean Cup", "ocean cup", 2),
    (5, "Celtic", "celtic", 2),
    (5, "Celltick", "celltick", 1),
    (7, "Varnholm", "varnholm", 4),
    (8, "Varnholm Rovers", "varnholm rovers", 1),
    (8, "Varnholm", "varnholm", 1),
    (8, "VARNHOLM", "varnholm", 1),  # ties with "Varnholm"
]


@given(
    st.permutations(range(len(_SNAPSHOT_ENTITIES))),
    st.permutations(range(len(_SNAPSHOT_ALIASES))),
)
@settings(max_examples=30, deadline=None)
def test_the_queue_does_not_depend_on_row_order(entity_order, alias_order):  # type: ignore[no-untyped-def]
    from explorer.resolution.review import AliasRow, EntityRow, Snapshot, review_items

    def snapshot(entity_rows, alias_rows):  # type: ignore[no-untyped-def]
        labels = {5: Counter({"ORG": 2, "PERSON": 1}), 3: Counter({"GPE": 1, "ORG": 1, "LOC": 1})}
        documents = {
            1: {10: {"anna marlow"}, 11: {"marlow"}},
            2: {12: {"ben marlow"}},
            8: {20: {"varnholm rovers"}, 21: {"varnholm"}},
        }
        return Snapshot(
            [EntityRow(*row) for row in entity_rows],
            [AliasRow(*row) for row in alias_rows],
            labels=labels,
            documents=documents,
        )

    reference = review_items(snapshot(_SNAPSHOT_ENTITIES, _SNAPSHOT_ALIASES))
    shuffled = review_items(
        snapshot(
            [_SNAPSHOT_ENTITIES[i] for i in entity_order],
            [_SNAPSHOT_ALIASES[i] for i in alias_order],
        )
    )
    assert shuffled == reference
    assert {item.kind for item in reference} == {SAME_NAME, SURNAME, SPELLING, TYPE, SHARED_WORD}


def test_a_persons_type_vote_counts_its_full_name_mentions(tmp_path: Path):
    db = HandBuilt(tmp_path / "f.db")
    runner = db.entity("Zorba Quennell", "PERSON")
    d = db.document("race", *(f"Zorba Quennell ran {n}. Quennell won {n}." for n in range(3)))
    for _ in range(3):
        db.mention(d, runner, "Zorba Quennell", "PERSON")
        db.mention(d, runner, "Quennell", "ORG")  # NER's usual slip on a bare surname
    assert queue(db.close(), TYPE) == []


def test_a_word_joined_to_an_organisation_but_an_actor_of_its_own_is_listed(tmp_path: Path):
    path = shared_word_db(tmp_path / "w.db")
    (item,) = queue(path, SHARED_WORD)
    assert item.kind == SHARED_WORD and item.alias == "Varnholm"
    assert "0 of 1 documents" in item.reason and "Varnholm (GPE, 4)" in item.reason
    assert item.certainty < 0.2  # one bare mention against a town of four
    sides = evidence(path, item)
    assert [side.label for side in sides] == [
        "“Varnholm”",
        "“Varnholm Rovers”",
        "also “Varnholm” #1",
    ]
    (bare,) = sides[0].sentences
    assert bare.title == "match" and bare.sentence[bare.start : bare.end] == "Varnholm"
    assert len(sides[2].sentences) == 2  # the word's own actor: a few of its sentences
    assert item.id == queue(shared_word_db(tmp_path / "again.db"), SHARED_WORD)[0].id


def test_a_shared_word_named_in_full_in_its_sentence_or_document_is_not_listed(tmp_path: Path):
    cut = shared_word_db(tmp_path / "cut.db", bare="A Varnholm Rovers scarf was sold.")
    assert queue(cut, SHARED_WORD) == []  # NER cut the name: the sentence writes it in full
    db = HandBuilt(tmp_path / "own.db")
    town, club = db.entity("Ardley", "GPE"), db.entity("Ardley Harriers", "ORG")
    db.mention(db.document("town", "Ardley voted."), town, "Ardley", "GPE")
    d = db.document("match", "Ardley Harriers scored.", "Then Ardley lost.")
    db.mention(d, club, "Ardley Harriers", "ORG")
    db.mention(d, club, "Ardley", "ORG")
    assert queue(db.close(), SHARED_WORD) == []


def test_a_shared_word_is_less_certain_the_bigger_the_other_actor(tmp_path: Path):
    def certainty(town_mentions: int) -> float:
        db = HandBuilt(tmp_path / f"t{town_mentions}.db")
        town, club = db.entity("Kelmby", "GPE"), db.entity("Kelmby Athletic", "ORG")
        for n in range(town_mentions):
            db.mention(db.document(f"town{n}", "Kelmby grew."), town, "Kelmby", "GPE")
        db.mention(db.document("league", "Kelmby Athletic won."), club, "Kelmby Athletic", "ORG")
        for n in range(3):
            db.mention(db.document(f"bare{n}", "Kelmby lost."), club, "Kelmby", "ORG")
        (item,) = queue(db.close(), SHARED_WORD)
        return item.certainty

    assert certainty(9) < certainty(1)


def test_persons_have_the_surname_kind_not_the_shared_word_kind(tmp_path: Path):
    db = HandBuilt(tmp_path / "p.db")
    town, person = db.entity("Orrin", "GPE"), db.entity("Lena Orrin")
    db.mention(db.document("town", "Orrin voted."), town, "Orrin", "GPE")
    db.mention(db.document("talk", "Lena Orrin spoke."), person, "Lena Orrin")
    db.mention(db.document("bare", "Orrin spoke again."), person, "Orrin")
    assert queue(db.close(), SHARED_WORD) == []


def test_review_command_json_lists_a_shared_word(tmp_path: Path):
    path = shared_word_db(tmp_path / "w.db")
    result = run("review", "--json", "--db", str(path), "--kind", "shared-word")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["counts"] == {"shared-word": 1}
    (item,) = document["items"]
    assert item["kind"] == "shared-word" and item["alias"] == "Varnholm"
    assert item["id"].startswith("shared-word-") and item["entities"] == [2, 1]
    assert [side["side"] for side in item["evidence"]][-1] == "also “Varnholm” #1"
    accepted = run("accept", item["id"], "--db", str(path))
    assert accepted.exit_code == 0, accepted.output
    assert run("review", "--db", str(path), "--kind", "shared-word").exit_code == 1
