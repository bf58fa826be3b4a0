"""eval_families.py on families files and databases written for the tests (no spaCy)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_families  # noqa: E402

FAMILIES = (
    "family\tname\ttype\trole\tnote\n"
    "Tamar Qasemi\tTamar Qasemi\tPERSON\tvariant\t\n"
    "Tamar Qasemi\tTamar Kasemi\tPERSON\tvariant\t\n"
    "Tamar Qasemi\tYoussef Qasemi\tPERSON\tdistractor\ther brother\n"
    "Youssef Qasemi\tYoussef Qasemi\tPERSON\tvariant\t\n"
    "Youssef Qasemi\tYusuf Qasemi\tPERSON\tvariant\t\n"
)


def _families(tmp_path: Path, text: str = FAMILIES) -> Path:
    path = tmp_path / "families.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_in_two_families_is_written_once(tmp_path: Path) -> None:
    names = eval_families.load_families(_families(tmp_path))
    plan = eval_families.corpus_plan(names, docs_per_name=2)
    assert len(plan) == 2 * 4  # four distinct names, "Youssef Qasemi" once
    assert sorted(set(plan.values())) == sorted({(n.name, n.type) for n in names})


def test_rescore_reads_a_kept_database(tmp_path: Path) -> None:
    """A database in the documented schema where the variants of each family sit in one
    entity and the distractor sits in its own family's entity."""
    families = _families(tmp_path)
    names = eval_families.load_families(families)
    plan = eval_families.corpus_plan(names, docs_per_name=1)
    entity_of_name = {"Tamar Qasemi": 1, "Tamar Kasemi": 1, "Youssef Qasemi": 2, "Yusuf Qasemi": 2}
    db = tmp_path / "families.db"
    connection = sqlite3.connect(db)
    connection.executescript(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT, text TEXT);"
        'CREATE TABLE mentions (document_id INT, start INT, "end" INT, entity_id INT);'
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT, type TEXT);"
        "INSERT INTO entities VALUES (1, 'Tamar Qasemi', 'PERSON'), (2, 'Yusuf Qasemi', 'PERSON');"
    )
    for doc_id, (file_name, (name, _)) in enumerate(sorted(plan.items()), 1):
        text = f"Briefing\n\n{name} spoke."
        connection.execute("INSERT INTO documents VALUES (?, ?, ?)", (doc_id, file_name, text))
        start = text.index(name)
        connection.execute(
            "INSERT INTO mentions VALUES (?, ?, ?, ?)",
            (doc_id, start, start + len(name), entity_of_name[name]),
        )
    connection.commit()
    connection.close()
    results = {r["family"]: r for r in eval_families.rescore(families, tmp_path, 1)}
    assert results["Tamar Qasemi"]["share_in_largest"] == 1.0
    assert results["Tamar Qasemi"]["distractors_absorbed"] == []
    assert results["Youssef Qasemi"]["share_in_largest"] == 1.0


def test_rescore_without_a_database_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(eval_families.FamilyError, match="families.db"):
        eval_families.rescore(_families(tmp_path), tmp_path, 1)
