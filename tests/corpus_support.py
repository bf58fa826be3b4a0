"""Articles written for the tests, and what every database built from them must satisfy.

Support for the test modules (imported by them; not a test module itself).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

ARTICLES = {
    "summit.txt": (
        "Leaders meet in Paris\n\n"
        "President Emmanuel Macron welcomed Chancellor Angela Merkel to Paris on Tuesday. "
        "Merkel said Germany would support the plan.\n\n"
        "The European Union and the United Nations backed the talks in Brussels."
    ),
    "markets.md": (
        "# Oil prices climb\n\n"
        "Shares of Shell rose in London after OPEC cut output. "
        "Analysts at Goldman Sachs expect further gains.\n"
    ),
    "feed.jsonl": (
        '{"id": "a1", "title": "Talks in Geneva", "date": "2020-06-09", "source": "Wire", '
        '"url": "https://example.org/a1", "text": "Diplomats from Russia and Turkey met in '
        'Geneva. Sergei Lavrov led the Russian delegation."}\n'
        '{"id": "a2", "text": "Egypt hosted talks in Cairo. President Abdel Fattah el-Sisi spoke."}\n'
    ),
}


def write_corpus(folder: Path, articles: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (articles or ARTICLES).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


#: Articles written for these tests: one actor under several spellings, in two documents.
TUI_ARTICLES = {
    "sirte.txt": (
        "Fighting near Sirte\n\n"
        "Forces loyal to Khalifa Haftar advanced on Sirte on Monday. Fayez al-Sarraj said the "
        "Government of National Accord would defend Tripoli. The United Nations urged both sides "
        "to stop the fighting.\n\n"
        "Haftar met Egyptian officials in Cairo on Tuesday. Turkey sent drones to Tripoli, and "
        "Turkish officials said Haftar would never take the capital.\n"
    ),
    "talks.jsonl": json.dumps(
        {
            "id": "t1",
            "title": "Talks in Berlin",
            "date": "2020-01-19",
            "source": "Wire",
            "url": "https://example.org/t1",
            "text": "Angela Merkel hosted Khalifa Hafter and Fayez al-Sarraj in Berlin on Sunday. "
            "Vladimir Putin and Recep Tayyip Erdogan also attended the conference. Hafter left "
            "Berlin without signing the agreement.",
        }
    )
    + "\n",
}


def check_invariants(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        texts = dict(conn.execute("SELECT id, text FROM documents"))
        for doc_id, start, end, text in conn.execute(
            'SELECT document_id, start, "end", text FROM mentions'
        ):
            assert texts[doc_id][start:end] == text
        for m_start, m_end, s_start, s_end, m_doc, s_doc in conn.execute(
            'SELECT m.start, m."end", s.start, s."end", m.document_id, s.document_id '
            "FROM mentions m JOIN sentences s ON s.id = m.sentence_id"
        ):
            assert m_doc == s_doc
            assert s_start <= m_start < m_end <= s_end
        for doc_id, text in texts.items():
            sents = conn.execute(
                'SELECT idx, start, "end", text FROM sentences WHERE document_id = ? ORDER BY idx',
                [doc_id],
            ).fetchall()
            assert [s[0] for s in sents] == list(range(len(sents)))
            for (_, _, prev_end, _), (_, start, _, _) in zip(sents, sents[1:], strict=False):
                assert prev_end <= start
            for _, start, end, sent_text in sents:
                assert text[start:end] == sent_text and sent_text.strip() == sent_text
            n = conn.execute("SELECT n_sentences FROM documents WHERE id = ?", [doc_id]).fetchone()[
                0
            ]
            assert n == len(sents)
        orphan = conn.execute(
            "SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id WHERE e.id IS NULL"
        ).fetchone()[0]
        assert orphan == 0
        counts = conn.execute(
            "SELECT e.mention_count, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) FROM entities e"
        ).fetchall()
        assert all(a == b and a > 0 for a, b in counts)
    finally:
        conn.close()
