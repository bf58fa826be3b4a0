"""One character set, every form: messages, cells, JSON and the explorer's same-length text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from explorer.safetext import UNSAFE_CODES, dumps, one_line, same_length, snippet, visible

UNSAFE = [chr(code) for code in sorted(UNSAFE_CODES)]
#: The set the issue names: C0, DEL, C1, the Arabic letter mark, LRM/RLM, embeddings and
#: overrides, isolates.
NAMED = {
    *range(0x20),
    0x7F,
    *range(0x80, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}


def test_the_set_is_the_named_one():
    assert UNSAFE_CODES == NAMED


@given(st.text(alphabet=st.sampled_from([*UNSAFE, "a", "é", "ل", " ", "[", "\\"])))
def test_no_form_lets_an_unsafe_character_through(text: str):
    for shown in (one_line(text), visible(text), same_length(text)):
        assert not set(shown) & set(UNSAFE), repr(shown)
    assert json.loads(dumps(text)) == text
    assert not set(dumps(text).replace("\n", "")) & set(UNSAFE)  # only the indentation's breaks
    assert len(same_length(text)) == len(text)  # offsets into it still hold


def test_each_form_shows_what_was_there():
    assert one_line("a\x1bb\nc\u202e") == "a\\x1bb\\x0ac\\u202e"
    assert visible("a\x1bb\n\tc\u061c") == "a\\x1bb c\\u061c"  # breaks read as one space
    assert visible(None) == ""
    assert same_length("a\x1b\x7f\u200f\n") == "a\u241b\u2421\ufffd "
    assert dumps({"k": "\x9b\u2066"}, indent=None) == '{"k": "\\u009b\\u2066"}'


@given(st.text(min_size=0, max_size=300), st.data())
def test_a_snippet_keeps_the_span_and_its_budget(text: str, data: st.DataObject):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    before = data.draw(st.integers(1, 100))
    after = data.draw(st.none() | st.integers(1, 100))
    part, s, e = snippet(text, start, end, before, after)
    assert part[s:e] == text[start:end]
    assert s <= before and (after is None or len(part) - e <= after)
    assert part.replace("…", "") in text.replace("…", "") or "…" in text


def test_a_snippet_marks_what_it_cut():
    text = "0123456789" * 3
    assert snippet(text, 12, 14, 4, 4) == ("…90123456…", 4, 6)  # 4 either side, "…" included
    assert snippet(text, 2, 4, 4, None) == (text, 2, 4)  # nothing to cut: the text as it is
