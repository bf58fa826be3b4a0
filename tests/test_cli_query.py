"""The one-liners as a user runs them: tables, JSON keys, exit statuses, hostile text, start-up."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus_support import ARTICLES, write_corpus
from hypothesis import given
from hypothesis import strategies as st

from explorer.cli import main
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.safetext import dumps, visible
from explorer.store.schema import APPLICATION_ID

HOSTILE_TITLE = "Hostile \x1b[31mtitle\x07 [bold]x[/bold]"
HOSTILE_SENTENCE = (
    "Angela Merkel said \x1b[2Jthe \x1b]8;;http://evil.example\x07deal\x1b]8;;\x07 was "
    "[link=http://evil.example]done[/link] \u009b31m and [@click=app.quit]quit[/] \u202egnirts."
)
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\n\n"
    "Chancellor Angela Merkel met [bold red]Boris Johnson[/bold red] in London on Monday. "
    f"{HOSTILE_SENTENCE}\n"
)
#: A name given (by a test, through SQL) to the entity "London": markup and escapes.
HOSTILE_NAME = "[red]Lon\x1b[5mdon[/red]\x07\u009b"
#: What must never reach a terminal raw from the data (rich emits its own SGR codes only).
RAW_CONTROLS = ("\x1b[2J", "\x1b[31m", "\x1b[5m", "\x1b]8;;http", "\x07", "\u009b", "\u202e")

SEARCH_KEYS = {"id", "name", "type", "mentions", "documents", "score", "matched_alias", "aliases"}
ENTITY_KEYS = {"id", "name", "type", "mentions", "documents"}
MENTION_KEYS = {
    "id",
    "entity_id",
    "document_id",
    "document_title",
    "date",
    "start",
    "end",
    "text",
    "label",
    "sentence_id",
    "sentence",
    "sentence_offsets",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_corpus(
        tmp_path_factory.mktemp("corpus"), {**ARTICLES, "hostile.txt": HOSTILE_ARTICLE}
    )
    path = tmp_path_factory.mktemp("db") / "oneliners.db"
    assert ingest([folder], path, IngestOptions()).failed == 0
    with sqlite3.connect(path) as conn:
        changed = conn.execute(
            "UPDATE entities SET name = ? WHERE name = 'London'", [HOSTILE_NAME]
        ).rowcount
    assert changed == 1
    return path


def run(db: Path | None, *args: str, env: dict[str, str] | None = None):
    argv = [*args, "--db", str(db)] if db is not None else list(args)
    return CliRunner().invoke(main, argv, env=env, catch_exceptions=False)


def run_json(db: Path, *args: str):
    result = run(db, *args, "--json")
    return result, json.loads(result.stdout)


def entity_id(db: Path, name: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]


def assert_no_raw_controls(output: str) -> None:
    for sequence in RAW_CONTROLS:
        assert sequence not in output, repr(sequence)


# --------------------------------------------------------------------------- search


def test_search_plain_table(db: Path):
    result = run(db, "search", "Angela Merkel")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "id",
        "name",
        "type",
        "mentions",
        "documents",
        "score",
        "aliases",
    ]
    first = lines[1].split("\t")
    assert first[1] == "Angela Merkel" and first[2] == "PERSON"
    assert int(first[3]) >= 3  # two articles name her, the hostile one twice


def test_search_json_schema(db: Path):
    result, hits = run_json(db, "search", "angela merkel")
    assert result.exit_code == 0
    assert hits and all(set(hit) >= SEARCH_KEYS for hit in hits)
    top = hits[0]
    assert top["name"] == "Angela Merkel"
    assert isinstance(top["id"], int) and isinstance(top["score"], float)
    assert top["aliases"] and all(isinstance(alias, str) for alias in top["aliases"])
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_type_and_limit(db: Path):
    _result, hits = run_json(db, "search", "", "--type", "gpe", "--limit", "3")
    assert 0 < len(hits) <= 3
    assert {hit["type"] for hit in hits} == {"GPE"}


def test_search_unknown_type_is_a_usage_error(db: Path):
    result = run(db, "search", "Paris", "--type", "PERSN")
    assert result.exit_code == 2
    assert "unknown type 'PERSN'" in result.stderr and "PERSON" in result.stderr


def test_search_nothing_matched(db: Path):
    result, hits = run_json(db, "search", "qqqqzzzzxxxx")
    assert result.exit_code == 1 and hits == []
    assert "no actor matches" in result.stderr
    assert run(db, "search", "qqqqzzzzxxxx").exit_code == 1


# --------------------------------------------------------------------------- mentions


def test_mentions_by_name_says_which_actor(db: Path):
    result = run(db, "mentions", "Angela Merkel")
    assert result.exit_code == 0
    merkel = entity_id(db, "Angela Merkel")
    assert f"actor: Angela Merkel (PERSON, id {merkel})" in result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split("\t")[:3] == ["id", "document_id", "document_title"]
    assert rows and all(row.split("\t")[4] in {"Angela Merkel", "Merkel"} for row in rows)


def test_mentions_fuzzy_name_and_id_agree(db: Path):
    _r, by_fuzzy = run_json(db, "mentions", "Angla Merkl")
    merkel = entity_id(db, "Angela Merkel")
    _r, by_id = run_json(db, "mentions", str(merkel))
    assert by_fuzzy["entity"]["id"] == merkel and by_fuzzy["matched_by"] == "fuzzy"
    assert by_id["matched_by"] == "id" and by_id["score"] == 100.0
    assert by_fuzzy["mentions"] == by_id["mentions"]
    assert set(by_id) >= {"query", "entity", "matched_by", "score", "total", "offset", "mentions"}
    assert set(by_id["entity"]) == ENTITY_KEYS
    assert by_id["total"] == by_id["entity"]["mentions"] == len(by_id["mentions"])
    for mention in by_id["mentions"]:
        assert set(mention) == MENTION_KEYS
        start, end = mention["sentence_offsets"]
        assert mention["sentence"][start:end] == mention["text"]


def test_mentions_limit_and_offset(db: Path):
    _r, everything = run_json(db, "mentions", "Angela Merkel")
    _r, page = run_json(db, "mentions", "Angela Merkel", "--limit", "1", "--offset", "1")
    assert page["mentions"] == everything["mentions"][1:2]
    result = run(db, "mentions", "Angela Merkel", "--offset", "999")
    assert result.exit_code == 1


def test_mentions_unknown_actor(db: Path):
    result, payload = run_json(db, "mentions", "qqqqzzzzxxxx")
    assert result.exit_code == 1
    assert payload["entity"] is None and payload["mentions"] == []
    assert run(db, "mentions", "  ").exit_code == 2


# --------------------------------------------------------------------------- context


def test_context_json(db: Path):
    _r, mentions = run_json(db, "mentions", "Angela Merkel")
    target = mentions["mentions"][0]
    result, ctx = run_json(db, "context", str(target["id"]), "--window", "1")
    assert result.exit_code == 0
    assert set(ctx) == {"mention", "entity", "document", "sentences", "others", "window"}
    assert ctx["mention"] == target and ctx["entity"]["name"] == "Angela Merkel"
    marked = [s for s in ctx["sentences"] if s["has_mention"]]
    assert len(marked) == 1 and marked[0]["text"] == target["sentence"]
    assert 1 <= len(ctx["sentences"]) <= 3
    assert set(ctx["document"]) == {
        "id",
        "path",
        "title",
        "date",
        "source",
        "url",
        "n_sentences",
        "extra",
    }
    _r, wider = run_json(db, "context", str(target["id"]), "--window", "0")
    assert [s["has_mention"] for s in wider["sentences"]] == [True]


def test_context_plain_marks_the_sentence_and_lists_neighbours(db: Path):
    _r, cooc = run_json(db, "mentions", "Emmanuel Macron")
    mention = cooc["mentions"][0]
    result = run(db, "context", str(mention["id"]))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Leaders meet in Paris" in lines[0]
    assert f"mention {mention['id']}: 'Emmanuel Macron'" in lines[1]
    assert f"> {mention['sentence']}" in lines
    assert any(line.startswith("also in this sentence:") and "Merkel" in line for line in lines)


def test_context_unknown_and_bad_ids(db: Path):
    result, payload = run_json(db, "context", "999999")
    assert result.exit_code == 1 and payload is None
    assert run(db, "context", "abc").exit_code == 2
    assert run(db, "context", "1", "--window", "-1").exit_code == 2


# --------------------------------------------------------------------------- cooccur


def test_cooccur(db: Path):
    result, payload = run_json(db, "cooccur", "Macron")
    assert result.exit_code == 0
    assert payload["entity"]["name"] == "Emmanuel Macron"
    names = {other["name"]: other for other in payload["cooccurring"]}
    assert "Angela Merkel" in names
    assert set(names["Angela Merkel"]) == ENTITY_KEYS | {"sentences"}
    assert names["Angela Merkel"]["sentences"] == 1
    plain = run(db, "cooccur", "Macron")
    assert plain.stdout.splitlines()[0].split("\t") == [
        "id",
        "name",
        "type",
        "sentences",
        "mentions",
    ]
    assert "actor: Emmanuel Macron" in plain.stderr


def test_cooccur_nothing(db: Path):
    assert run(db, "cooccur", "qqqqzzzzxxxx").exit_code == 1


# --------------------------------------------------------------------------- stats


def test_stats_json_matches_the_database(db: Path):
    result, payload = run_json(db, "stats", "--top", "2")
    assert result.exit_code == 0
    with sqlite3.connect(db) as conn:
        for table in ("documents", "sentences", "entities", "mentions", "aliases"):
            assert payload[table] == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert {t["type"] for t in payload["types"]} >= {"PERSON", "GPE", "ORG"}
    assert all(len(top) <= 2 for top in payload["top"].values())
    assert payload["top"]["PERSON"][0]["name"] == "Angela Merkel"
    plain = run(db, "stats")
    assert plain.stdout.startswith(f"documents\t{payload['documents']}\n")


# --------------------------------------------------------------------------- databases


def _unusable_databases(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    empty = folder / "empty.db"
    empty.write_bytes(b"")
    junk = folder / "junk.db"
    junk.write_text("not a database at all")
    foreign = folder / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    old = folder / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("CREATE TABLE documents (id)")
    conn.close()
    return {
        "no such database": folder / "missing.db",
        "empty file": empty,
        "not a SQLite database": junk,
        "another application": foreign,
        "older libya-explore": old,
    }


@pytest.mark.parametrize(
    "args",
    [("search", "x"), ("mentions", "x"), ("context", "1"), ("cooccur", "x"), ("stats",)],
    ids=lambda args: args[0],
)
def test_unusable_database_exits_two_with_one_line(tmp_path: Path, args: tuple[str, ...]):
    for problem, path in _unusable_databases(tmp_path).items():
        result = run(path, *args, "--json")
        assert result.exit_code == 2, (problem, result.output)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and problem in result.stderr
        assert str(path) in result.stderr and "Traceback" not in result.stderr


def test_database_from_environment_and_group_option(db: Path):
    env_result = run(None, "stats", env={"LIBYA_EXPLORE_DB": str(db)})
    group_result = run(None, "--db", str(db), "stats")
    assert env_result.exit_code == group_result.exit_code == 0
    assert env_result.stdout == group_result.stdout == run(db, "stats").stdout


def test_usage_errors_exit_two(db: Path):
    assert run(db, "search").exit_code == 2
    assert run(db, "search", "x", "--limit", "0").exit_code == 2
    assert run(db, "mentions").exit_code == 2


# --------------------------------------------------------------------------- hostile text


def test_plain_and_json_never_pass_control_characters(db: Path):
    merkel = str(entity_id(db, "Angela Merkel"))
    outputs = [
        run(db, "mentions", merkel),
        run(db, "cooccur", merkel),
        run(db, "search", "Lon"),
        run(db, "stats"),
    ]
    hostile = next(
        m for m in run_json(db, "mentions", merkel)[1]["mentions"] if "\x1b" in m["sentence"]
    )
    outputs.append(run(db, "context", str(hostile["id"])))
    for result in outputs:
        assert result.exit_code == 0
        assert_no_raw_controls(result.output)
    mentions_out, context_out = outputs[0].stdout, outputs[-1].stdout
    assert "\\x1b[2J" in mentions_out and "\\x07" in mentions_out and "\\x9b" in mentions_out
    assert "\\u202e" in context_out and "[link=http://evil.example]" in context_out
    assert "[red]Lon\\x1b[5mdon[/red]\\x07\\x9b" in outputs[1].stdout
    assert HOSTILE_TITLE.replace("\x1b", "\\x1b").replace("\x07", "\\x07") in context_out

    raw_json = run(db, "context", str(hostile["id"]), "--json").stdout
    assert_no_raw_controls(raw_json)
    decoded = json.loads(raw_json)  # the data itself is intact
    assert decoded["document"]["title"] == HOSTILE_TITLE
    assert any(s["text"] == HOSTILE_SENTENCE for s in decoded["sentences"])


TERMINAL_RUNNER = "import sys; from explorer.cli import main; sys.argv[0] = 'libya-explore'; main()"


def run_in_terminal(*args: str) -> str:
    """Run a command with a pseudo-terminal as stdout and stderr, as a user at a terminal does."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env |= {"TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50"}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, "-c", TERMINAL_RUNNER, *args], env)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return b"".join(chunks).decode("utf-8")


def test_terminal_output_highlights_and_never_interprets(db: Path):
    merkel = entity_id(db, "Angela Merkel")
    mentions = run_json(db, "mentions", str(merkel))[1]["mentions"]
    hostile = next(m for m in mentions if "\x1b" in m["sentence"])
    out = run_in_terminal("context", str(hostile["id"]), "--db", str(db))
    assert_no_raw_controls(out)
    assert "[link=http://evil.example]done[/link]" in out and "[@click=app.quit]quit[/]" in out
    assert "\\x1b[2J" in out and "\\u202e" in out
    # the mention itself, and only it, is shown in reverse video (SGR attribute 7)
    assert re.search(r"\x1b\[(?:[0-9]+;)*7m" + "Angela Merkel" + r"\x1b\[0m", out)
    assert len(re.findall(r"\x1b\[(?:[0-9]+;)*7m", out)) == 1

    table = run_in_terminal("cooccur", str(merkel), "--db", str(db))
    assert_no_raw_controls(table)
    assert "[red]Lon\\x1b[5mdon[/red]\\x07\\x9b" in table
    assert "┃" in table  # a rich table, not the plain rows


# --------------------------------------------------------------------------- start-up


def test_search_imports_nothing_heavy(db: Path):
    probe = (
        "import sys\n"
        "from explorer.cli import main\n"
        f"sys.argv = ['libya-explore', 'search', 'Merkel', '--db', {str(db)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    status = exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'spacy', 'thinc', 'textual', 'sqlite_utils', 'numpy', 'rich'})\n"
        "print('RESULT', status, heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert "RESULT 0 []" in done.stderr, done.stderr
    assert "Angela Merkel" in done.stdout


def test_stats_on_a_database_without_documents(fresh_db_path: Path):
    from explorer.store.connect import open_for_writing

    open_for_writing(fresh_db_path).close()
    result, payload = run_json(fresh_db_path, "stats")
    assert result.exit_code == 1
    assert payload["documents"] == 0 and payload["types"] == [] and payload["top"] == {}
    assert run(fresh_db_path, "search", "").exit_code == 1


BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text())
def test_visible_text_has_no_control_characters(value: str):
    shown = visible(value)
    assert not [ch for ch in shown if unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS]
    assert "\n" not in shown and "\t" not in shown
    decoded = json.loads(dumps(value))
    assert decoded == value  # JSON escapes, never alters
    assert not [ch for ch in dumps(value) if ch in BIDI_CONTROLS or "\x7f" <= ch <= "\x9f"]
