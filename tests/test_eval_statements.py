"""Tests of the statement gold sets and of eval_statements.py, on hand-made SQLite databases.

The ``statements`` table does not exist in the product yet: these databases carry a fake one in
the contract's shape, so the scorer is known to work before the feature does.

    .venv/bin/python -m pytest benchmarks/test_eval_statements.py
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# the repository's benchmarks/ folder, wherever this file lies (it may move into tests/)
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
sys.path.insert(0, str(ROOT / "benchmarks"))

import check_statement_gold  # noqa: E402
import eval_statements  # noqa: E402
from statement_gold import (  # noqa: E402
    BBC_GOLD,
    CASES_GOLD,
    GoldError,
    default_bbc_corpus,
    gold_texts,
    load_gold,
    write_corpus,
)

SCRIPT = ROOT / "benchmarks" / "eval_statements.py"

SCHEMA = """
CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE TABLE sentences (id INTEGER PRIMARY KEY, document_id INTEGER, idx INTEGER,
                        start INTEGER, "end" INTEGER, text TEXT);
CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE aliases (id INTEGER PRIMARY KEY, entity_id INTEGER, alias TEXT NOT NULL);
CREATE TABLE mentions (id INTEGER PRIMARY KEY, entity_id INTEGER, document_id INTEGER,
                       sentence_id INTEGER, start INTEGER, "end" INTEGER, text TEXT, label TEXT);
CREATE TABLE statements (id INTEGER PRIMARY KEY, entity_id INTEGER REFERENCES entities(id),
                         document_id INTEGER NOT NULL REFERENCES documents(id),
                         sentence_id INTEGER REFERENCES sentences(id),
                         start INTEGER NOT NULL, "end" INTEGER NOT NULL, cue TEXT, kind TEXT);
"""


@dataclass
class Said:
    """A system statement to put in the fake table: its actor (None: unnamed) and content."""

    actor: str | None
    content: str
    cue: str = "said"
    kind: str = "indirect"
    doc: str = "d1"
    occurrence: int = 0  # start from this character on when looking the content up


class FakeDatabase:
    """A tiny database in the contract's shape, written by hand for one test."""

    def __init__(self, path: Path):
        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.executescript(SCHEMA)
        self.documents: dict[str, tuple[int, str]] = {}
        self.entities: dict[str, int] = {}

    def document(self, doc: str, text: str, folder: str = "/corpus/cases.jsonl") -> int:
        cursor = self.conn.execute(
            "INSERT INTO documents (path, text) VALUES (?, ?)", (f"{folder}#{doc}", text)
        )
        self.conn.execute(
            'INSERT INTO sentences (document_id, idx, start, "end", text) VALUES (?, 0, 0, ?, ?)',
            (cursor.lastrowid, len(text), text),
        )
        self.documents[doc] = (cursor.lastrowid, text)
        return cursor.lastrowid  # type: ignore[return-value]

    def entity(self, name: str, *aliases: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO entities (name, type) VALUES (?, 'PERSON')", (name,)
        )
        for alias in (name, *aliases):
            self.conn.execute(
                "INSERT INTO aliases (entity_id, alias) VALUES (?, ?)", (cursor.lastrowid, alias)
            )
        self.entities[name] = cursor.lastrowid  # type: ignore[assignment]
        return cursor.lastrowid  # type: ignore[return-value]

    def mention(self, doc: str, entity: str, surface: str) -> None:
        document_id, text = self.documents[doc]
        start = text.index(surface)
        self.conn.execute(
            'INSERT INTO mentions (entity_id, document_id, sentence_id, start, "end", text, '
            "label) VALUES (?, ?, NULL, ?, ?, ?, 'PERSON')",
            (self.entities[entity], document_id, start, start + len(surface), surface),
        )

    def said(self, *statements: Said) -> None:
        for s in statements:
            document_id, text = self.documents[s.doc]
            start = text.index(s.content, s.occurrence)
            self.raw(document_id, s.actor, start, start + len(s.content), s.cue, s.kind)

    def raw(
        self, document_id: int, actor: str | None, start: int, end: int, cue: str, kind: str
    ) -> None:
        entity_id = self.entities[actor] if actor else None
        sentence_id = self.conn.execute(
            "SELECT id FROM sentences WHERE document_id = ?", (document_id,)
        ).fetchone()[0]
        self.conn.execute(
            'INSERT INTO statements (entity_id, document_id, sentence_id, start, "end", cue, '
            "kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entity_id, document_id, sentence_id, start, end, cue, kind),
        )

    def close(self) -> Path:
        self.conn.commit()
        self.conn.close()
        return self.path


def write_cases(path: Path, cases: list[dict]) -> Path:
    path.write_text("".join(json.dumps(case) + "\n" for case in cases), encoding="utf-8")
    return path


def gold(speaker: str | None, content: str, cue: str = "said", kind: str = "indirect") -> dict:
    return {"speaker": speaker, "content": content, "cue": cue, "kind": kind}


def report_for(db: Path, gold_file: Path) -> eval_statements.Report:
    with contextlib.closing(eval_statements.open_database(db)) as conn:
        return eval_statements.score(conn, load_gold(gold_file), db)


# --------------------------------------------------------------------------- the scorer

BRIEFING = (
    'Alice Moyo said the dam would open in May. "We are ready," she added. '
    "Officials said the roads were closed. "
    "Bob Kane and Carla Diaz said in a joint statement that talks would resume."
)


@pytest.fixture
def briefing(tmp_path: Path) -> tuple[FakeDatabase, Path]:
    gold_file = write_cases(
        tmp_path / "gold.jsonl",
        [
            {
                "id": "d1",
                "pattern": "mixed",
                "text": BRIEFING,
                "statements": [
                    gold("Alice Moyo", "the dam would open in May"),
                    gold("Alice Moyo", "We are ready", "added", "direct"),
                    gold(None, "the roads were closed"),
                    gold("Bob Kane", "talks would resume"),
                    gold("Carla Diaz", "talks would resume"),
                ],
            }
        ],
    )
    db = FakeDatabase(tmp_path / "fake.db")
    db.document("d1", BRIEFING)
    db.entity("Moyo", "Alice Moyo", "Ms Moyo")  # matched through an alias
    db.entity("Bob Kane")
    db.entity("Carla Diaz")
    return db, gold_file


def test_every_kind_of_error_is_counted(briefing: tuple[FakeDatabase, Path]) -> None:
    db, gold_file = briefing
    db.said(
        Said("Moyo", "the dam would open in May"),  # right (actor known by an alias)
        Said("Moyo", "would open in May"),  # a piece of the same statement: right, not a match
        Said("Bob Kane", "We are ready", cue="added"),  # another actor, and the wrong kind
        Said("Moyo", "the roads were closed", cue="says"),  # an unnamed source credited
        Said("Bob Kane", "talks would resume", cue="said in a joint statement"),  # Diaz missed
        Said("Moyo", "Alice Moyo"),  # credited where nothing was said
    )
    report = report_for(db.close(), gold_file)

    assert (report.gold_named, report.gold_unnamed) == (4, 1)
    assert (report.system_statements, report.system_credited) == (6, 6)
    assert (report.correct_credited, report.precision) == (3, 0.5)  # Moyo x2, Kane
    assert (report.correct_named, report.recall) == (2, 0.5)
    assert report.unnamed_credited == 1
    assert report.found == 4
    assert (report.kind_agree, report.kind_compared) == (3, 4)
    assert (report.cue_agree, report.cue_compared) == (3, 4)  # "says" is not "said"
    assert report.misses == {"found, credited to another actor": 1, "not found": 1}
    assert report.precision_errors == {
        "another actor": 1,
        "an unnamed source's statement": 1,
        "no gold statement there": 1,
    }
    assert report.patterns == {"mixed": {"statements": 5, "right": 2, "wrongly credited": 3}}
    assert len(report.errors) == 4  # three gold statements wrong, one spurious statement


def test_joint_statement_needs_one_statement_per_speaker(
    briefing: tuple[FakeDatabase, Path],
) -> None:
    db, gold_file = briefing
    db.said(Said("Carla Diaz", "talks would resume"), Said("Bob Kane", "talks would resume"))
    report = report_for(db.close(), gold_file)
    assert (report.correct_named, report.correct_credited, report.system_credited) == (2, 2, 2)
    assert report.misses == {"not found": 2}  # Alice Moyo's two statements


def test_unnamed_source_kept_unnamed_is_right(briefing: tuple[FakeDatabase, Path]) -> None:
    db, gold_file = briefing
    db.said(Said(None, "the roads were closed"))
    report = report_for(db.close(), gold_file)
    assert report.unnamed_credited == 0
    assert (report.system_credited, report.precision) == (0, None)
    assert report.found == 1


def test_a_span_covering_a_nested_statement_counts_once(tmp_path: Path) -> None:
    text = "Human Rights Watch said villagers told its staff that soldiers burned their homes."
    gold_file = write_cases(
        tmp_path / "gold.jsonl",
        [
            {
                "id": "n1",
                "text": text,
                "statements": [
                    gold(
                        "Human Rights Watch",
                        "villagers told its staff that soldiers burned their homes",
                    ),
                    gold(None, "soldiers burned their homes.", "told"),
                ],
            }
        ],
    )
    db = FakeDatabase(tmp_path / "fake.db")
    db.document("n1", text)
    db.entity("Human Rights Watch", "HRW")
    db.said(Said("Human Rights Watch", "villagers told its staff that", doc="n1"))
    report = report_for(db.close(), gold_file)
    assert (report.precision, report.recall, report.unnamed_credited) == (1.0, 1.0, 0)
    assert report.found == 1  # the nested, unnamed statement was not found, not mis-credited


def test_documents_are_found_by_path_suffix_and_text(tmp_path: Path) -> None:
    gold_file = write_cases(
        tmp_path / "gold.jsonl",
        [
            {"id": "a", "text": "Ana Ruiz said it rained.", "statements": []},
            {"id": "b", "text": "Ben Ode said it snowed.", "statements": []},
            {"id": "c", "text": "Cy Lam said it hailed.", "statements": []},
        ],
    )
    db = FakeDatabase(tmp_path / "fake.db")
    db.document("a", "Ana Ruiz said it rained.")
    db.document("ab", "Ana Ruiz said it rained!")  # suffix "#ab" is not "#b"
    db.document("b", "Ben Ode said it snowed, then.")  # same id, other text
    report = report_for(db.close(), gold_file)
    assert (report.documents, report.documents_found) == (3, 1)
    assert report.documents_skipped == [
        "b: its text in the database differs from the annotated one",
        "c: no document whose path ends with '#c'",
    ]


def test_statements_breaking_the_contract_are_reported(tmp_path: Path) -> None:
    text = "Dina Saleh said the port was open."
    gold_file = write_cases(
        tmp_path / "gold.jsonl",
        [{"id": "k", "text": text, "statements": [gold("Dina Saleh", "the port was open")]}],
    )
    db = FakeDatabase(tmp_path / "fake.db")
    document_id = db.document("k", text)
    db.entity("Dina Saleh")
    db.raw(document_id, "Dina Saleh", 15, 10, "said", "indirect")  # end before start
    db.raw(document_id, "Dina Saleh", 15, 32, "said", "quote")  # unknown kind
    report = report_for(db.close(), gold_file)
    assert report.contract_problems == {
        "span not inside its document": 1,
        "kind neither direct nor indirect": 1,
    }


def test_speakers_missing_from_their_document_are_counted(
    briefing: tuple[FakeDatabase, Path],
) -> None:
    db, gold_file = briefing
    db.mention("d1", "Moyo", "Alice Moyo")
    db.mention("d1", "Bob Kane", "Bob Kane")
    report = report_for(db.close(), gold_file)
    assert report.speakers_not_in_document == 1  # Carla Diaz has no mention


def test_cues_agree_on_words_not_forms() -> None:
    agree = eval_statements.cues_agree
    assert agree("said", "Said")
    assert agree("according to", "according to")
    assert agree("said", "in a statement said")
    assert agree("quoted as saying", "saying")
    assert not agree("said", "says")
    assert not agree("said", None)


# --------------------------------------------------------------------------- the cases file


def perfect_database(path: Path, gold_file: Path) -> Path:
    """A database whose statements are exactly the gold's (one entity per named speaker)."""
    gold_set = load_gold(gold_file)
    db = FakeDatabase(path)
    for doc in gold_set.doc_ids:
        db.document(doc, gold_set.texts[doc], folder="/tmp/statement_cases.jsonl")
    for statement in gold_set.statements:
        if statement.speaker and statement.speaker not in db.entities:
            db.entity(statement.speaker)
        document_id = db.documents[statement.doc][0]
        db.raw(
            document_id,
            statement.speaker,
            statement.start,
            statement.end,
            statement.cue or "",
            statement.kind,
        )
    return db.close()


def test_the_cases_file_scores_perfectly_against_its_own_statements(tmp_path: Path) -> None:
    db = perfect_database(tmp_path / "perfect.db", CASES_GOLD)
    report = report_for(db, CASES_GOLD)
    assert report.documents_found == report.documents >= 40
    assert report.precision == report.recall == 1.0
    assert report.unnamed_credited == 0
    assert report.kind_agree == report.kind_compared == report.gold_statements
    assert report.cue_agree == report.cue_compared
    assert report.errors == [] and report.contract_problems == {}


def test_the_cases_file_covers_every_pattern_of_the_issue() -> None:
    gold_set = load_gold(CASES_GOLD)
    cues = {s.cue for s in gold_set.statements}
    issue_verbs = ("said", "told", "announced", "stressed", "affirmed", "warned", "added")
    for verb in (*issue_verbs, "demanded", "described", "denied", "according to"):
        assert verb in cues, verb
    patterns = " ".join(gold_set.patterns.values())
    for words in (
        "spokesman",
        "in a statement",
        "He added",
        "pronoun",
        "the minister",
        "the spokesman",
        "the statement",
        "military source",
        "officials",
        "witnesses",
        "two speakers",
        "several sentences",
        "so-called",
    ):
        assert words in patterns, words
    negatives = [doc for doc in gold_set.doc_ids if doc.startswith("negative")]
    assert len(negatives) >= 5
    assert not [s for s in gold_set.statements if s.doc in negatives]
    assert check_statement_gold.check(gold_set, gold_set.texts, quiet=True) == 0


def test_cases_are_written_as_a_corpus_with_ids_and_texts(tmp_path: Path) -> None:
    gold_set = load_gold(CASES_GOLD)
    target = write_corpus(gold_set, gold_texts(gold_set, None), tmp_path / "corpus")
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(line["id"], line["text"]) for line in lines] == [
        (doc, gold_set.texts[doc]) for doc in gold_set.doc_ids
    ]


# --------------------------------------------------------------------------- the BBC gold


def test_the_bbc_gold_parses_and_names_every_article() -> None:
    gold_set = load_gold(BBC_GOLD)
    categories = [doc.split("/")[0] for doc in gold_set.doc_ids]
    assert {c: categories.count(c) for c in set(categories)} == {
        "politics": 4,
        "business": 3,
        "sport": 2,
        "tech": 2,
        "entertainment": 1,
    }
    assert set(gold_set.sha256) == set(gold_set.doc_ids)
    assert {s.doc for s in gold_set.statements} == set(gold_set.doc_ids)
    assert len(gold_set.statements) >= 150
    assert any(not s.named for s in gold_set.statements)


@pytest.mark.skipif(default_bbc_corpus() is None, reason="the BBC corpus is not on this machine")
def test_the_bbc_gold_spans_check_out_against_the_corpus() -> None:
    gold_set = load_gold(BBC_GOLD)
    texts = gold_texts(gold_set, default_bbc_corpus())
    assert check_statement_gold.check(gold_set, texts, quiet=True) == 0


# --------------------------------------------------------------------------- bad input


def test_gold_files_with_mistakes_get_one_line_naming_file_and_line(tmp_path: Path) -> None:
    tsv = tmp_path / "g.tsv"
    tsv.write_text(
        "# sha256 a/1 00\ndoc\tstart\tend\tspeaker\tspeaker_surface\tcue\tkind\n"
        "a/1\t5\t3\tX\tX\tsaid\tdirect\n",
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match=r"g\.tsv:3: need a doc id and 0 <= start < end"):
        load_gold(tsv)
    cases = write_cases(
        tmp_path / "c.jsonl",
        [{"id": "x", "text": "Al said no. Al said no.", "statements": [gold("Al", "no")]}],
    )
    with pytest.raises(GoldError, match=r"c\.jsonl:1: content 'no' occurs 2 times"):
        load_gold(cases)


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_command_line_prints_figures_and_json(tmp_path: Path) -> None:
    db = perfect_database(tmp_path / "perfect.db", CASES_GOLD)
    text = run_script("--db", str(db), "--gold", str(CASES_GOLD), "--verbose")
    assert text.returncode == 0, text.stderr
    assert "precision 1.000" in text.stdout and "recall    1.000" in text.stdout
    assert "target 0: MET" in text.stdout and "by pattern" in text.stdout
    as_json = run_script("--db", str(db), "--gold", str(CASES_GOLD), "--json")
    assert json.loads(as_json.stdout)["recall"] == 1.0


def test_command_line_refuses_a_database_without_statements(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    sqlite3.connect(db).executescript(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT, text TEXT);"
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT);"
    )
    result = run_script("--db", str(db), "--gold", str(CASES_GOLD))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {db}: no statements table (the statements feature has not filled it yet)"
    ]
    missing = run_script("--db", str(tmp_path / "nope.db"), "--gold", str(CASES_GOLD))
    assert (missing.returncode, missing.stderr.count("\n")) == (2, 1)


@pytest.mark.slow
def test_ingest_option_builds_a_database_the_scorer_reads(tmp_path: Path) -> None:
    """The real ``ingest`` of the cases corpus names documents ``...#<id>``, as the gold expects,
    and fills the statements table well enough to meet the issue's targets on the cases."""
    db = tmp_path / "ingested.db"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(db), "--gold", str(CASES_GOLD), "--ingest"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = report_for(db, CASES_GOLD)
    assert report.documents_found == report.documents
    assert report.contract_problems == {}
    assert report.precision is not None and report.precision >= 0.9
    assert report.recall is not None and report.recall >= 0.8
    assert report.unnamed_credited == 0
    assert report.speakers_not_in_document is not None
