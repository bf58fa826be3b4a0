"""Sentence boundaries: an opening quotation mark or bracket belongs to the sentence it opens."""

from __future__ import annotations

import re

import pytest

from explorer.nlp import load_pipeline, parse_texts


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(tune_memory=False)


def sentences(nlp, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    parsed = next(parse_texts(nlp, [text]))
    return [text[s.start : s.end] for s in parsed.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'The envoy left. "We will not sign," he told reporters.',
            ["The envoy left.", '"We will not sign," he told reporters.'],
        ),
        (
            "The talks ended. “Nothing was agreed.” A new round was set.",
            ["The talks ended.", "“Nothing was agreed.”", "A new round was set."],
        ),
        (
            "Officials met. 'No deal,' one said. (Both sides denied it.) Then silence.",
            ["Officials met.", "'No deal,' one said.", "(Both sides denied it.)", "Then silence."],
        ),
        (
            'Aid arrived.\n\n"It is not enough," a doctor said.',
            ["Aid arrived.", '"It is not enough," a doctor said.'],
        ),
    ],
)
def test_an_opening_quote_starts_its_sentence(nlp, text: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert sentences(nlp, text) == expected


def test_closing_quotes_stay_with_the_sentence_they_close(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'She replied "Fine." Then she left. He said "no" twice.'
    assert sentences(nlp, text) == ['She replied "Fine."', "Then she left.", 'He said "no" twice.']


def test_no_sentence_ends_with_an_opening_mark(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'First. "Second." "Third," he said. ("Fourth.") Fifth ‘sixth’. «Seventh.»'
    found = sentences(nlp, text)
    assert "".join(found).replace(" ", "") == text.replace(" ", "")  # nothing lost
    for sentence in found:
        assert sentence[-1] not in "“‘«([" and not re.search(r"\s[\"']$", sentence), sentence
