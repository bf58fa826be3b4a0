"""Databases written by hand for the review-queue tests: documents, entities and mentions as a
resolver might have left them, without running spaCy or the resolver."""

from __future__ import annotations

import hashlib
from pathlib import Path

from explorer.normalize import matching_key
from explorer.store.connect import open_for_writing
from explorer.store.resolution import refresh_counts
from explorer.store.schema import now_iso


class HandBuilt:
    """A database at the latest schema whose entities are chosen by the test.

    ``document`` stores one sentence per string; ``mention`` finds a surface in a document and
    gives it to an entity (with its alias row), so ``documents.text[start:end] == text`` holds.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = open_for_writing(path)
        self.db.conn.execute("BEGIN IMMEDIATE")
        self.texts: dict[int, str] = {}
        self.searched: dict[tuple[int, str], int] = {}

    def document(self, title: str, *sentences: str) -> int:
        text = " ".join(sentences)
        cursor = self.db.execute(
            "INSERT INTO documents (path, file, title, sha256, text, n_sentences, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [f"/corpus/{title}.txt", f"{title}.txt", title,
             hashlib.sha256(f"{title}\n{text}".encode()).hexdigest(), text, len(sentences),
             now_iso()],
        )  # fmt: skip
        document_id = int(cursor.lastrowid or 0)
        start = 0
        for idx, sentence in enumerate(sentences):
            self.db.execute(
                'INSERT INTO sentences (document_id, idx, start, "end", text) VALUES (?, ?, ?, ?, ?)',
                [document_id, idx, start, start + len(sentence), sentence],
            )
            start += len(sentence) + 1
        self.texts[document_id] = text
        return document_id

    def entity(self, name: str, entity_type: str = "PERSON") -> int:
        cursor = self.db.execute(
            "INSERT INTO entities (name, type) VALUES (?, ?)", [name, entity_type]
        )
        return int(cursor.lastrowid or 0)

    def mention(self, document_id: int, entity_id: int, surface: str, label: str = "PERSON") -> int:
        """The next occurrence of ``surface`` in the document becomes a mention."""
        text = self.texts[document_id]
        start = text.index(surface, self.searched.get((document_id, surface), 0))
        self.searched[document_id, surface] = start + len(surface)
        end = start + len(surface)
        sentence_id = self.db.execute(
            'SELECT id FROM sentences WHERE document_id = ? AND start <= ? AND "end" >= ?',
            [document_id, start, end],
        ).fetchone()[0]
        cursor = self.db.execute(
            'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, label) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entity_id, document_id, sentence_id, start, end, surface, label],
        )
        self.db.execute(
            "INSERT OR IGNORE INTO aliases (entity_id, alias, normalized, count) "
            "VALUES (?, ?, ?, 0)",
            [entity_id, surface, matching_key(surface)],
        )
        return int(cursor.lastrowid or 0)

    def close(self) -> Path:
        refresh_counts(self.db)
        self.db.conn.execute("COMMIT")
        self.db.close()
        return self.path
