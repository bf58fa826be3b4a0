"""eval_actors.py's junk-name detector on names written for the tests (no spaCy, no database)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_actors  # noqa: E402

KNOWN = {"Lunford", "Brasko", "Orla Venn", "Kit Lassen", "Velm Gene", "Q"}
GIVEN = frozenset({"Orla", "Kit"})


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Lunford and Brasko", "coordination"),
        ("Orla Venn/Kit Lassen", "coordination"),
        ("Mr Brasko", "title or honorific lead"),
        ("Midfielder Brasko", "title or honorific lead"),
        ("Star Orla Venn", "title or honorific lead"),
    ],
)
def test_junk_names_are_found(name: str, reason: str):
    assert reason in eval_actors.junk_reasons(name, KNOWN, GIVEN)


@pytest.mark.parametrize("name", ["Velm Gene/Q", "AB/CD", "Star Velmtrek", "Model Velm Club"])
def test_names_of_things_that_look_like_junk_are_not(name: str):
    """A one-letter model after a slash; a title that also leads names of things before a word
    that is no given name of the corpus."""
    assert eval_actors.junk_reasons(name, KNOWN, GIVEN) == []
