"""The co-occurrence index (``entity_pairs``) equals a from-scratch count over the mentions after
every kind of write: ingest, replacing and removing documents, resolution, curation and undo."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.pipeline import curation
from explorer.pipeline.resolution import run_resolution
from explorer.readers.articles import Article
from explorer.store import queries
from explorer.store.connect import open_for_reading, open_for_writing
from explorer.store.cooccurrence import (
    pair_counts_from_mentions,
    refresh_cooccurrence,
    stored_pair_counts,
)
from explorer.store.documents import delete_documents_not_in, store_document

#: Invented actors, with spellings that resolution may or may not join.
NAMES = (
    ("Amara Okonkwo", "PERSON"),
    ("Okonkwo", "PERSON"),
    ("Tariq Belmadi", "PERSON"),
    ("Belmadi", "PERSON"),
    ("Ines Varga", "PERSON"),
    ("Northern Grain Council", "ORG"),
    ("the Grain Council", "ORG"),
    ("Port Salvo", "GPE"),
    ("Veridia", "GPE"),
    ("Veridian Army", "ORG"),
)
FILLER = ("met", "spoke with", "criticised", "visited", "and", "said that", "thanked")


def random_article(rng: random.Random, key: str) -> tuple[Article, ParsedText]:
    """A text of a few sentences, each naming 0-4 actors (repeats included), with its spans;
    the first sentence makes the text unique (a duplicate text would not be stored)."""
    text = f"Report {rng.getrandbits(64)}."
    sentences, entities = [Span(0, len(text))], []
    text += " "
    for _ in range(rng.randint(1, 5)):
        start = len(text)
        for i in range(rng.randint(0, 4)):
            if i:
                text += f" {rng.choice(FILLER)} "
            name, label = rng.choice(NAMES)
            entities.append(Span(len(text), len(text) + len(name), label))
            text += name
        text += " went on." if text[start:] else "Nothing happened."
        sentences.append(Span(start, len(text)))
        text += " "
    text = text.rstrip()
    sentences[-1] = Span(sentences[-1].start, len(text))
    article = Article(key=key, file="test.jsonl", text=text, title=key)
    return article, ParsedText(tuple(sentences), tuple(entities))


def store(db_path: Path, article: Article, parsed: ParsedText) -> None:
    db = open_for_writing(db_path)
    try:
        store_document(db, article, parsed, matching_key, len(article.text.split()))
    finally:
        db.close()


def assert_index_matches(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert stored_pair_counts(conn) == pair_counts_from_mentions(conn)
    finally:
        conn.close()


def entity_ids(db_path: Path) -> list[int]:
    conn = sqlite3.connect(db_path)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM entities ORDER BY id")]
    finally:
        conn.close()


def aliases_of(db_path: Path, entity_id: int) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT alias FROM aliases WHERE entity_id = ?", [entity_id])
        return [row[0] for row in rows]
    finally:
        conn.close()


def random_curation(rng: random.Random, db_path: Path) -> None:
    """A merge, a split or an undo, when the database allows one."""
    ids = entity_ids(db_path)
    action = rng.choice(("merge", "split", "undo"))
    if action == "merge" and len(ids) >= 2:
        source, target = rng.sample(ids, 2)
        curation.merge(db_path, source, target)
    elif action == "split":
        candidates = [i for i in ids if len({matching_key(a) for a in aliases_of(db_path, i)}) > 1]
        if candidates:
            entity = rng.choice(candidates)
            curation.split(db_path, entity, rng.choice(aliases_of(db_path, entity)))
    elif action == "undo":
        curation.undo(db_path)


@pytest.mark.parametrize("seed", range(6))
def test_index_equals_mentions_after_any_sequence_of_writes(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    db_path = tmp_path / "pairs.db"
    keys: list[str] = []
    for step in range(30):
        roll = rng.random()
        if roll < 0.45 or not keys:
            key = f"doc{len(keys)}"
            keys.append(key)
            store(db_path, *random_article(rng, key))
        elif roll < 0.55:  # the same document, changed: replaced in place
            key = rng.choice(keys)
            store(db_path, *random_article(rng, key))
        elif roll < 0.62:  # a document gone from its file
            keys.remove(rng.choice(keys))
            db = open_for_writing(db_path)
            try:
                delete_documents_not_in(db, "test.jsonl", set(keys))
            finally:
                db.close()
        elif roll < 0.75:
            db = open_for_writing(db_path)
            try:
                run_resolution(db)
            finally:
                db.close()
        else:
            random_curation(rng, db_path)
        assert_index_matches(db_path), f"seed {seed}, step {step}"


def test_partial_refresh_repairs_only_the_pairs_of_its_actors(tmp_path: Path):
    rng = random.Random(99)
    db_path = tmp_path / "pairs.db"
    for i in range(12):
        store(db_path, *random_article(rng, f"doc{i}"))
    db = open_for_writing(db_path)
    try:
        truth = pair_counts_from_mentions(db)
        (a, b), _counts = next(iter(truth.items()))
        db.execute("UPDATE entity_pairs SET sentences = 999 WHERE entity_id IN (?, ?)", [a, b])
        db.execute("UPDATE entity_pairs SET sentences = 999 WHERE other_id IN (?, ?)", [a, b])
        refresh_cooccurrence(db, {a})
        damaged = stored_pair_counts(db)
        assert damaged[(a, b)] == truth[(a, b)] and damaged[(b, a)] == truth[(b, a)]
        refresh_cooccurrence(db, {b})
        assert stored_pair_counts(db) == truth
    finally:
        db.close()


def test_readers_answer_from_the_index(tmp_path: Path):
    """``cooccurring`` (cooccur, the explorer) and the view read the table, not the mentions."""
    rng = random.Random(5)
    db_path = tmp_path / "pairs.db"
    for i in range(10):
        store(db_path, *random_article(rng, f"doc{i}"))
    conn = open_for_reading(db_path)
    try:
        truth = pair_counts_from_mentions(conn)
        top = max(truth, key=lambda pair: truth[pair][0])[0]
        partners = queries.cooccurring(conn, top, 100)
        assert {(top, other.id): n for other, n in partners} == {
            pair: counts[0] for pair, counts in truth.items() if pair[0] == top
        }
        assert [n for _other, n in partners] == sorted((n for _o, n in partners), reverse=True)
        view = conn.execute("SELECT actor_id, other_id, sentences, documents FROM cooccurrence")
        assert {(r[0], r[1]): (r[2], r[3]) for r in view} == truth
        plan = " ".join(
            str(row[3])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT other_id FROM entity_pairs WHERE entity_id = ? "
                "ORDER BY sentences DESC",
                [top],
            )
        )
        assert "SEARCH" in plan and "TEMP B-TREE" not in plan
    finally:
        conn.close()


def test_migration_fills_the_index_of_an_older_database(tmp_path: Path):
    rng = random.Random(3)
    db_path = tmp_path / "old.db"
    for i in range(8):
        store(db_path, *random_article(rng, f"doc{i}"))
    conn = sqlite3.connect(db_path)
    conn.executescript(
        "DROP VIEW cooccurrence; DROP TABLE entity_pairs; "
        "DELETE FROM _sqlite_migrations WHERE name = 'm008_cooccurrence'; PRAGMA user_version = 8;"
    )
    conn.close()
    open_for_writing(db_path).close()
    assert_index_matches(db_path)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM cooccurrence").fetchone()[0] > 0
    finally:
        conn.close()


def test_a_batch_replacing_its_own_document_counts_the_last_version_only(tmp_path: Path):
    """A document stored and replaced within one transaction (its pairs never counted in)."""
    from explorer.store.documents import store_documents

    rng = random.Random(11)
    db = open_for_writing(tmp_path / "pairs.db")
    try:
        first, second, other = (random_article(rng, key) for key in ("doc0", "doc0", "doc1"))
        items = [(a, p, 1) for a, p in (first, other, second)]
        store_documents(db, items, matching_key)
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        assert stored_pair_counts(db) == pair_counts_from_mentions(db)
        store_documents(db, [(a, p, 1) for a, p in (random_article(rng, "doc1"),)], matching_key)
        assert stored_pair_counts(db) == pair_counts_from_mentions(db)
    finally:
        db.close()


def test_a_real_ingest_leaves_the_index_equal_to_the_mentions(built_db: Path):
    """spaCy, the writer and resolution of ``libya-explore ingest`` (the shared test database)."""
    conn = open_for_reading(built_db)
    try:
        truth = pair_counts_from_mentions(conn)
        assert truth, "the test articles name actors together"
        assert stored_pair_counts(conn) == truth
    finally:
        conn.close()
