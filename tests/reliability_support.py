"""Helpers for the reliability tests: generated corpora, subprocess ingests, database checks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PEOPLE = ["Ali Mansour", "Sarah Clarke", "Omar Haddad", "Maria Lopez", "Peter Brown"]
PLACES = ["Tripoli", "Paris", "Cairo", "Berlin", "Tunis", "Madrid"]
ORGS = ["the United Nations", "the European Union", "the World Bank"]


def write_many(folder: Path, n: int, sentences: int = 8) -> Path:
    """``n`` small articles naming people, places and organisations (written for the tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lines = [f"Report number {i}", ""]
        for j in range(sentences):
            who, other = PEOPLE[(i + j) % len(PEOPLE)], PEOPLE[(3 * i + j + 1) % len(PEOPLE)]
            where, org = PLACES[(i + 2 * j) % len(PLACES)], ORGS[(i + j) % len(ORGS)]
            lines.append(f"On day {j}, {who} met {other} in {where} to discuss a plan of {org}.")
        (folder / f"doc{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "explorer", *args]


def start_ingest(corpus: Path, db: Path, *extra: str, **popen) -> subprocess.Popen:
    popen.setdefault("stdout", subprocess.DEVNULL)
    popen.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen(
        cli_command("ingest", str(corpus), "--db", str(db), "-q", *extra), **popen
    )


def visible_documents(db: Path) -> int:
    """Documents a read-only reader sees right now (-1 while there is no schema yet)."""
    if not db.exists():
        return -1
    try:
        conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


def wait_for(condition: Callable[[], bool], timeout: float = 120.0, every: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def check_consistency(db: Path) -> None:
    """Everything that must hold in any database an ingest left, even one killed mid-way."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return  # killed before the schema committed: nothing to be half-written
        for fts in ("sentences_fts", "entities_fts", "aliases_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
        texts = dict(conn.execute("SELECT id, text FROM documents"))
        half = conn.execute(
            "SELECT d.path FROM documents d WHERE d.n_sentences != "
            "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id)"
        ).fetchall()
        assert half == [], f"documents with missing sentences: {half}"
        for doc_id, start, end, text, s_start, s_end, s_doc in conn.execute(
            'SELECT m.document_id, m.start, m."end", m.text, s.start, s."end", s.document_id '
            "FROM mentions m JOIN sentences s ON s.id = m.sentence_id"
        ):
            assert texts[doc_id][start:end] == text
            assert s_doc == doc_id and s_start <= start < end <= s_end
        for doc_id, start, end, text in conn.execute(
            'SELECT document_id, start, "end", text FROM sentences'
        ):
            assert texts[doc_id][start:end] == text
        bad_counts = conn.execute(
            "SELECT e.id FROM entities e WHERE e.mention_count != "
            "(SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
        ).fetchall()
        assert bad_counts == [], f"entities with wrong mention_count: {bad_counts}"
        bad_aliases = conn.execute(
            "SELECT a.alias FROM aliases a WHERE a.count != (SELECT count(*) FROM mentions m "
            "WHERE m.entity_id = a.entity_id AND m.text = a.alias)"
        ).fetchall()
        assert bad_aliases == [], f"aliases with wrong count: {bad_aliases}"
        if "entity_pairs" in tables:  # the co-occurrence index equals a count over the mentions
            from explorer.store.cooccurrence import pair_counts_from_mentions, stored_pair_counts

            assert stored_pair_counts(conn) == pair_counts_from_mentions(conn)
    finally:
        conn.rollback()
        conn.close()


def document_contents(db: Path) -> dict[str, tuple]:
    """Per document path: its hash, sentences and mentions (what "whole" means for a document)."""
    conn = sqlite3.connect(db)
    try:
        out: dict[str, tuple] = {}
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
            return out
        for doc_id, path, sha in conn.execute("SELECT id, path, sha256 FROM documents"):
            sentences = conn.execute(
                'SELECT idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx',
                [doc_id],
            ).fetchall()
            mentions = conn.execute(
                'SELECT start, "end", text, label FROM mentions WHERE document_id = ? '
                "ORDER BY start, label",
                [doc_id],
            ).fetchall()
            out[path] = (sha, tuple(sentences), tuple(mentions))
        return out
    finally:
        conn.close()


def canonical_dump(db: Path) -> dict[str, object]:
    """The content of a database with row ids left out, so two ingests can be compared."""
    conn = sqlite3.connect(db)
    try:
        entities = {}
        for entity_id, name, type_, n_mentions, n_docs in conn.execute(
            "SELECT id, name, type, mention_count, document_count FROM entities"
        ):
            aliases = conn.execute(
                "SELECT alias, normalized, count FROM aliases WHERE entity_id = ? ORDER BY alias",
                [entity_id],
            ).fetchall()
            entities[entity_id] = (name, type_, n_mentions, n_docs, tuple(aliases))
        mention_entities = sorted(
            (path, start, end, text, label, entities[entity_id][:2])
            for path, start, end, text, label, entity_id in conn.execute(
                'SELECT d.path, m.start, m."end", m.text, m.label, m.entity_id FROM mentions m '
                "JOIN documents d ON d.id = m.document_id"
            )
        )
        return {
            "documents": sorted(
                conn.execute(
                    "SELECT path, file, sha256, title, text, n_sentences, n_words FROM documents"
                ).fetchall()
            ),
            "contents": document_contents(db),
            "mentions": mention_entities,
            "entities": sorted(entities.values()),
            "pending": conn.execute(
                "SELECT value FROM meta WHERE key = 'resolution_pending'"
            ).fetchall(),
        }
    finally:
        conn.close()


def file_state(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time in nanoseconds."""
    return path.read_bytes(), os.stat(path).st_mtime_ns
