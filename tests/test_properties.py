"""Property tests: readers and normalisation never raise, and keep their promises."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.normalize import fold, matching_key, translit_skeleton
from explorer.readers import Article, FileDone, Problem, decode_bytes, read_articles

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
utf8_text = st.text(st.characters(codec="utf-8"), max_size=400)


def _read(name: str, data: bytes) -> list[Article | Problem | FileDone]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_articles([path]))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_in_a_text_file_give_an_article_or_a_problem(data: bytes):
    events = _read("a.txt", data)
    assert isinstance(events[-1], FileDone)
    assert all(isinstance(e, Article | Problem) for e in events[:-1]) and len(events) == 2


@settings(max_examples=150, deadline=None)
@given(utf8_text)
def test_text_files_round_trip_exactly(text: str):
    events = _read("a.txt", text.encode("utf-8"))
    item = events[0]
    if isinstance(item, Article):
        assert item.text == text.removeprefix("\ufeff")
        assert item.warnings == ()
    else:  # blank, or binary-looking (NULs / many control characters)
        assert not text.strip() or "binary" in item.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_in_a_jsonl_file_never_raise(data: bytes):
    events = _read("a.jsonl", data)
    assert isinstance(events[-1], FileDone)


@settings(max_examples=150, deadline=None)
@given(any_text, any_text, st.one_of(st.none(), any_text, st.integers()))
def test_jsonl_text_round_trips_and_is_storable(text: str, title: str, ident):
    line = json.dumps({"id": ident, "title": title, "text": text}) + "\n"
    events = _read("a.jsonl", line.encode("utf-8"))
    item = events[0]
    if not text.strip():
        assert isinstance(item, Problem)
        return
    assert isinstance(item, Article)
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert item.text == expected and len(item.text) == len(text)  # offsets keep their meaning
    for value in (item.text, item.title, item.key):
        value.encode("utf-8")  # what SQLite needs: no lone surrogates left


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=500))
def test_decode_bytes_never_raises_unexpectedly(data: bytes):
    try:
        text, _warnings = decode_bytes(data)
    except ValueError as exc:
        assert "binary" in str(exc)
    else:
        text.encode("utf-8")


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_matching_key_is_idempotent(text: str):
    key = matching_key(text)
    assert matching_key(key) == key
    assert key == key.strip() and "  " not in key


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_fold_is_idempotent(text: str):
    assert fold(fold(text)) == fold(text)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_skeleton_never_raises_and_is_stable(text: str):
    skeleton = translit_skeleton(matching_key(text))
    assert translit_skeleton(matching_key(text)) == skeleton
    assert skeleton == skeleton.strip()
