"""The gazetteer file format, user overrides, errors, and EntityRuler patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.resolution.gazetteer import ActorsFileError, load_actors, ruler_patterns


def write(tmp_path: Path, text: str, name: str = "actors.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_file_loads_and_lists_the_main_actors():
    actors = {a.name: a for a in load_actors()}
    assert actors["Government of National Accord"].type == "ORG"
    assert "Al-Wefaq" in actors["Government of National Accord"].aliases
    assert (
        "Government of National Reconciliation" in actors["Government of National Accord"].aliases
    )
    assert actors["Libyan National Army"].aliases[0] == "LNA"
    assert actors["Khalifa Haftar"].type == "PERSON"
    assert {"United Nations", "European Union", "Wagner Group", "House of Representatives"} <= set(
        actors
    )


def test_user_file_extends_and_overrides(tmp_path: Path):
    path = write(
        tmp_path,
        '[[actor]]\nname = "Misrata Brigades"\ntype = "org"\naliases = ["Misratan forces"]\n\n'
        '[[actor]]\nname = "the United Nations"\ntype = "ORG"\naliases = ["UNO"]\n',
    )
    actors = {a.name: a for a in load_actors([path])}
    assert actors["Misrata Brigades"].type == "ORG"
    assert actors["the United Nations"].aliases == ("UNO",)  # replaced the built-in entry
    assert "United Nations" not in actors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[actor]\nname=", "not valid TOML"),
        ('actor = "x"', "array of tables"),
        ('[[actor]]\ntype = "ORG"', "needs a non-empty string `name`"),
        ('[[actor]]\nname = "X"\ntype = "ANIMAL"', "`type` must be one of"),
        ('[[actor]]\nname = "X"\ntype = "ORG"\naliases = "Y"', "`aliases` must be a list"),
        ('[[actor]]\nname = "X"\ntype = "ORG"\nalias = ["Y"]', "unknown field(s) alias"),
    ],
)
def test_bad_files_get_one_line_naming_the_file(tmp_path: Path, text: str, message: str):
    path = write(tmp_path, text)
    with pytest.raises(ActorsFileError) as info:
        load_actors([path], builtin=False)
    assert str(path) in str(info.value) and message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_is_a_user_error(tmp_path: Path):
    with pytest.raises(ActorsFileError, match="cannot read"):
        load_actors([tmp_path / "nope.toml"])


def test_ruler_patterns_are_case_safe(tmp_path: Path):
    path = write(
        tmp_path,
        '[[actor]]\nname = "Chad"\ntype = "GPE"\naliases = ["Republic of Chad", "al-Tchad"]\n',
    )
    patterns = ruler_patterns(load_actors([path], builtin=False))
    by_text = {str(p["pattern"]): p for p in patterns}
    assert by_text["Republic of Chad"] == {
        "label": "GPE",
        "pattern": "Republic of Chad",
        "id": "Chad",
    }
    assert by_text["[{'TEXT': 'Chad'}]"]["pattern"] == [{"TEXT": "Chad"}]  # exact case only
    assert by_text["al-Tchad"]["pattern"] == "al-Tchad"


def test_ruler_finds_aliases_the_model_misses(tmp_path: Path):
    from explorer.nlp import GAZETTEER_SPANS, doc_to_parsed, load_pipeline

    path = write(
        tmp_path,
        '[[actor]]\nname = "Council of Elders of Zintan"\ntype = "ORG"\n'
        'aliases = ["zintan elders council", "CEZ"]\n',
    )
    nlp = load_pipeline(None, ruler_patterns(load_actors([path], builtin=False)))
    text = "The zintan elders council met. Later the CEZ spoke; cez is not it."
    doc = nlp(text)
    parsed = doc_to_parsed(doc, frozenset({"ORG"}))
    found = {(text[e.start : e.end], e.label) for e in parsed.entities}
    assert ("zintan elders council", "ORG") in found
    assert ("CEZ", "ORG") in found
    # The ruler tags only the exact case of one-word aliases (the model may guess "cez", but a
    # lower-case word is not a name to the cleaner).
    assert "cez" not in {e.text for e in doc.spans[GAZETTEER_SPANS]}
    assert not any(name == "cez" for name, _ in found)


def test_person_surnames_stay_out_of_the_ruler(tmp_path: Path):
    path = write(
        tmp_path, '[[actor]]\nname = "Omar Tarhouni"\ntype = "PERSON"\naliases = ["Tarhouni"]\n'
    )
    patterns = [p["pattern"] for p in ruler_patterns(load_actors([path], builtin=False))]
    assert patterns == ["Omar Tarhouni"]  # "Tarhouni" alone would hide "Ali Tarhouni" from NER
