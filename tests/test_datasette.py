"""A real datasette, on loopback, over a test database with the project's metadata file."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.store import queries

METADATA = Path(__file__).resolve().parent.parent / "db" / "metadata.yml"
STARTUP_SECONDS = 60

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def libya_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's test database, copied under the name the metadata file expects."""
    target = tmp_path_factory.mktemp("datasette") / "libya.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    return target


@pytest.fixture(scope="module")
def server(libya_db: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(libya_db),
            "--metadata",
            str(METADATA),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"datasette exited: {process.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"datasette did not answer within {STARTUP_SECONDS}s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stderr.close()


def get(base: str, path: str, **params: str | int) -> list[dict]:
    """Rows of a table, view or canned query, as datasette's ``_shape=array`` JSON."""
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    with urllib.request.urlopen(f"{base}/libya/{path}.json?{query}", timeout=10) as response:
        assert response.status == 200
        return json.load(response)


@pytest.fixture(scope="module")
def conn(libya_db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(libya_db)
    yield connection
    connection.close()


def entity_id(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]


def test_metadata_is_loaded(server: str):
    with urllib.request.urlopen(f"{server}/-/metadata.json", timeout=10) as response:
        metadata = json.load(response)
    assert metadata["title"] == "libya-explore"
    assert set(metadata["databases"]["libya"]["queries"]) == {
        "actor_mentions",
        "cooccurring_actors",
        "documents_naming_both",
    }


def test_mention_context_view(server: str):
    rows = get(server, "mention_context", actor="Emmanuel Macron")
    assert len(rows) == 1
    row = rows[0]
    assert row["mention"] == "Emmanuel Macron" and row["actor_type"] == "PERSON"
    assert row["document_title"] == "Leaders meet in Paris"
    assert row["mention"] in row["sentence"] and row["sentence"].startswith("President")
    dated = get(server, "mention_context", actor="Sergei Lavrov")
    assert dated[0]["date"] == "2020-06-09" and dated[0]["document_title"] == "Talks in Geneva"


def test_full_text_search(server: str, conn: sqlite3.Connection):
    sentences = get(server, "sentences", _search="Brussels")
    expected = conn.execute("SELECT text FROM sentences WHERE text LIKE '%Brussels%'").fetchall()
    assert [row["text"] for row in sentences] == [text for (text,) in expected]
    assert len(sentences) == 1
    # the view searches its sentences too (metadata: fts_table and fts_pk)
    in_view = get(server, "mention_context", _search="Brussels")
    assert in_view and all("Brussels" in row["sentence"] for row in in_view)
    un = conn.execute(
        "SELECT e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.text = 'United Nations'"
    ).fetchone()[0]
    assert {row["actor"] for row in in_view} >= {"Brussels", un}
    everything = get(server, "mention_context", _size=1000)
    assert len(in_view) < len(everything)
    assert [row["name"] for row in get(server, "entities", _search="Lavrov")] == ["Sergei Lavrov"]


def test_cooccurrence_view_is_symmetric(server: str, conn: sqlite3.Connection):
    macron, merkel = entity_id(conn, "Emmanuel Macron"), entity_id(conn, "Angela Merkel")
    forward = get(server, "cooccurrence", actor_id=macron, other_id=merkel)
    backward = get(server, "cooccurrence", actor_id=merkel, other_id=macron)
    assert len(forward) == len(backward) == 1
    assert forward[0]["sentences"] == backward[0]["sentences"] == 1
    assert forward[0]["actor"] == "Emmanuel Macron" and forward[0]["other"] == "Angela Merkel"


def test_canned_actor_mentions(server: str, conn: sqlite3.Connection):
    by_name = get(server, "actor_mentions", actor="sergei lavrov")  # any case
    by_id = get(server, "actor_mentions", actor=str(entity_id(conn, "Sergei Lavrov")))
    assert by_name == by_id and len(by_name) == 1
    assert by_name[0]["sentence"] == "Sergei Lavrov led the Russian delegation."
    assert by_name[0]["document_title"] == "Talks in Geneva"
    assert get(server, "actor_mentions", actor="nobody at all") == []


def test_canned_cooccurring_actors_agrees_with_the_cli_query(server: str, conn: sqlite3.Connection):
    macron = entity_id(conn, "Emmanuel Macron")
    rows = get(server, "cooccurring_actors", actor="Emmanuel Macron")
    expected = queries.cooccurring(conn, macron)
    assert [(r["other_id"], r["sentences"]) for r in rows] == [(e.id, n) for e, n in expected]
    assert "Angela Merkel" in {row["other"] for row in rows}


def test_canned_documents_naming_both(server: str):
    rows = get(server, "documents_naming_both", actor="Russia", other="Turkey")
    assert [row["title"] for row in rows] == ["Talks in Geneva"]
    assert rows[0]["shared_sentences"] == 1
    assert rows[0]["actor_mentions"] == 1 and rows[0]["other_mentions"] == 1
    assert get(server, "documents_naming_both", actor="Russia", other="Egypt") == []
