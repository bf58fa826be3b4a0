"""A real datasette on loopback, through its HTTP JSON API (and a few HTML pages).

Two servers: ``libya-explore datasette`` over a test database under another name than
``libya.db``, with no flags, beside another application's database; and plain ``datasette`` over
a ``libya.db`` with the project's ``db/metadata.yml`` (and at most 2 rows per query), which must
not fight the plugin.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.store import queries
from explorer.store.connect import open_for_reading

METADATA = Path(__file__).resolve().parent.parent / "db" / "metadata.yml"
STARTUP_SECONDS = 60
NEWS = "news-2005"  # the database's name in datasette: its file is news-2005.db
SPACED = "wire copy 2"  # a name datasette writes as wire+copy+2 in its addresses
INTERNAL = {"meta", "_sqlite_migrations", "fuzzy_tokens", "fuzzy_keys", "sentences_fts_data"}
PUBLIC = {"documents", "sentences", "entities", "aliases", "mentions", "curation", "statements"}

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_database(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


def other_application_db(path: Path) -> Path:
    """Another application's SQLite file, with table names that are internal in ours."""
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('a', 'b');"
        "CREATE TABLE fuzzy_things (x); CREATE TABLE actor_mentions (who TEXT);"
        "INSERT INTO actor_mentions VALUES ('theirs');"
    )
    conn.commit()
    conn.close()
    return path


def start(argv: list[str], port: int) -> Iterator[str]:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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


@pytest.fixture(scope="module")
def news_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_database(built_db, tmp_path_factory.mktemp("datasette") / f"{NEWS}.db")


@pytest.fixture(scope="module")
def server(news_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``libya-explore datasette news-2005.db``, no flags but the port (and a second file)."""
    other = other_application_db(tmp_path_factory.mktemp("other") / "other.db")
    spaced = copy_database(news_db, tmp_path_factory.mktemp("spaced") / f"{SPACED}.db")
    port = free_port()
    argv = [sys.executable, "-m", "explorer", "datasette", str(news_db), "--port", str(port)]
    yield from start([*argv, "--", str(other), str(spaced)], port)


@pytest.fixture(scope="module")
def libya_db(tui_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_database(tui_db, tmp_path_factory.mktemp("metadata-file") / "libya.db")


@pytest.fixture(scope="module")
def file_server(libya_db: Path) -> Iterator[str]:
    """Plain datasette with ``--metadata db/metadata.yml``, and queries cut at 2 rows."""
    port = free_port()
    argv = [sys.executable, "-m", "datasette", "serve", str(libya_db), "--metadata", str(METADATA)]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--setting", "max_returned_rows", "2"]
    yield from start(argv, port)


@pytest.fixture(scope="module")
def conn(news_db: Path) -> Iterator[sqlite3.Connection]:
    connection = open_for_reading(news_db)
    yield connection
    connection.close()


def fetch(base: str, path: str, **params: str | int) -> object:
    """JSON from datasette (redirects followed, as any HTTP client does)."""
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{base}{path}?{query}", timeout=10) as response:
        assert response.status == 200
        return json.load(response)


def rows(base: str, database: str, path: str, **params: str | int) -> list[dict]:
    """Rows of a table, view or canned query (``_shape=array``)."""
    found = fetch(base, f"/{database}/{path}.json", **params, _shape="array")
    assert isinstance(found, list)
    return found


def every_page(base: str, database: str, path: str, **params: str | int) -> tuple[list, int]:
    """All rows of a table or view page, following ``next_url``: (rows, pages)."""
    page = fetch(base, f"/{database}/{path}.json", **params, _shape="objects")
    assert isinstance(page, dict)
    collected, pages = list(page["rows"]), 1
    while page["next_url"]:
        with urllib.request.urlopen(page["next_url"], timeout=10) as response:
            page = json.load(response)
        collected += page["rows"]
        pages += 1
    return collected, pages


def html(base: str, path: str) -> str:
    with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
        return response.read().decode()


def status(base: str, path: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def entity_id(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]


def mention_ids(conn: sqlite3.Connection, entity: int) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM mentions WHERE entity_id = ?", [entity])]


def fetch_sql(base: str, database: str, statement: str) -> list[dict]:
    found = fetch(base, f"/{database}.json", sql=statement, _shape="array")
    assert isinstance(found, list)
    return found


# --------------------------------------------------------------------------- metadata


def test_metadata_applies_to_our_database_whatever_its_name(server: str):
    metadata = fetch(server, "/-/metadata.json")
    assert isinstance(metadata, dict)
    assert metadata["title"] == "libya-explore"
    assert set(metadata["databases"]) == {NEWS, SPACED}  # not the other application's
    ours = metadata["databases"][NEWS]
    assert set(ours["queries"]) == {"cooccurring_actors", "documents_naming_both"}
    assert all(query["hide_sql"] for query in ours["queries"].values())
    assert ours["tables"]["entities"]["label_column"] == "name"
    assert ours["tables"]["entities"]["facets"] == ["type"]
    assert ours["tables"]["mention_context"]["columns"]["actor_id"]


def test_internal_tables_are_hidden_in_ours_only(server: str):
    tables = fetch(server, f"/{NEWS}.json")["tables"]  # type: ignore[index]
    hidden = {table["name"] for table in tables if table["hidden"]}
    shown = {table["name"] for table in tables if not table["hidden"]}
    assert hidden >= INTERNAL
    assert shown == PUBLIC
    others = fetch(server, "/other.json")["tables"]  # type: ignore[index]
    assert not any(table["hidden"] for table in others)


def test_every_link_on_the_pages_a_visitor_starts_from_works(server: str):
    for page in ("/", f"/{NEWS}"):
        links = set(re.findall(r'href="(/[^"#]*)"', html(server, page)))
        links = {link for link in links if not link.startswith("/-/static")}
        assert any("/entities" in link for link in links)
        broken = [link for link in links if status(server, link.replace("&amp;", "&")) != 200]
        assert broken == []
    assert f'action="/{NEWS}/actor_mentions"' in html(server, f"/{NEWS}")


# --------------------------------------------------------------------------- libya_actor()


@pytest.mark.parametrize(
    "words", ["Angela Merkel", "angla merkl", "sergei lavrov", "Lavrof", "the united nations", "x"]
)
def test_libya_actor_picks_as_search_does(server: str, conn: sqlite3.Connection, words: str):
    pick = queries.pick_entity(conn, words)
    found = fetch_sql(server, NEWS, f"select libya_actor('{words}') as id")
    assert found == [{"id": pick.entity.id if pick else None}]


def test_libya_actor_takes_ids_and_gives_null_for_nothing(server: str, conn: sqlite3.Connection):
    lavrov = entity_id(conn, "Sergei Lavrov")
    found = fetch_sql(server, NEWS, f"select libya_actor('{lavrov}') as a, libya_actor('') as b")
    assert found == [{"a": lavrov, "b": None}]


def test_the_other_database_gets_no_function(server: str):
    assert status(server, "/other.json?sql=select+libya_actor('x')") == 400


# --------------------------------------------------------------------------- an actor's mentions


def test_actor_mentions_are_exactly_the_picked_actors_all_of_them(
    server: str, conn: sqlite3.Connection
):
    merkel = entity_id(conn, "Angela Merkel")
    expected = mention_ids(conn, merkel)
    assert len(expected) >= 2
    found, pages = every_page(server, NEWS, "actor_mentions", actor="angla merkl", _size=1)
    assert [row["mention_id"] for row in found] == sorted(expected)
    assert pages == len(expected)  # one row a page: every page was followed
    assert {row["actor_id"] for row in found} == {merkel}
    row = found[0]
    assert row["mention"] in row["sentence"] and row["document_title"] == "Leaders meet in Paris"


def test_actor_mentions_for_nobody_is_empty_and_without_actor_a_form(server: str):
    assert rows(server, NEWS, "actor_mentions", actor="zzqx wvvq") == []
    assert status(server, f"/{NEWS}/actor_mentions.json") == 400
    assert 'name="actor"' in html(server, f"/{NEWS}/actor_mentions")  # sent to the database page
    # another database's table of that name is its own
    assert rows(server, "other", "actor_mentions") == [{"rowid": 1, "who": "theirs"}]


def test_actor_mentions_in_a_database_whose_name_needs_encoding(
    server: str, conn: sqlite3.Connection
):
    merkel = entity_id(conn, "Angela Merkel")
    page = html(server, "/")
    assert 'href="/wire+copy+2"' in page
    found = rows(server, "wire+copy+2", "actor_mentions", actor="angla merkl")
    assert sorted(row["mention_id"] for row in found) == sorted(mention_ids(conn, merkel))


def test_the_actor_filter_pages_through_views_and_tables(server: str, conn: sqlite3.Connection):
    macron = entity_id(conn, "Emmanuel Macron")
    partners, _pages = every_page(server, NEWS, "cooccurrence", _actor="emanuel macron", _size=1)
    assert {(r["other_id"], r["sentences"]) for r in partners} == {
        (e.id, n) for e, n in queries.cooccurring(conn, macron, limit=1000)
    }
    assert [r["id"] for r in rows(server, NEWS, "entities", _actor="Macron")] == [macron]
    aliases = rows(server, NEWS, "aliases", _actor=str(macron))
    assert {r["alias"] for r in aliases} == {a for a, _n in queries.entity_aliases(conn, macron)}
    page = fetch(server, f"/{NEWS}/mention_context.json", _actor="emanuel macron")
    assert "Emmanuel Macron" in page["human_description_en"]  # type: ignore[index]
    unkeyed = fetch(server, f"/{NEWS}/documents.json", _actor="emanuel macron")
    assert "no actor column" in unkeyed["human_description_en"]  # type: ignore[index]
    assert len(unkeyed["rows"]) == conn.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]


def test_ids_in_views_are_labelled_links(server: str, conn: sqlite3.Connection):
    lavrov = entity_id(conn, "Sergei Lavrov")
    page = html(server, f"/{NEWS}/mention_context?_actor={lavrov}")
    assert f'<a href="/{NEWS}/entities/{lavrov}">Sergei Lavrov</a>' in page
    document = conn.execute("SELECT id FROM documents WHERE title = 'Talks in Geneva'").fetchone()
    assert f'<a href="/{NEWS}/documents/{document[0]}">Talks in Geneva</a>' in page
    query = html(server, f"/{NEWS}/cooccurring_actors?actor=Sergei+Lavrov")
    partner = queries.cooccurring(conn, lavrov)[0][0]
    assert f'<a href="/{NEWS}/entities/{partner.id}">{partner.name}</a>' in query
    assert "_show_sql=1" in query and '<textarea id="sql-editor"' not in query  # hide_sql


# --------------------------------------------------------------------------- views and queries


def test_mention_context_view(server: str):
    found = rows(server, NEWS, "mention_context", actor="Emmanuel Macron")
    assert len(found) == 1
    row = found[0]
    assert row["mention"] == "Emmanuel Macron" and row["actor_type"] == "PERSON"
    assert row["document_title"] == "Leaders meet in Paris"
    assert row["mention"] in row["sentence"] and row["sentence"].startswith("President")
    dated = rows(server, NEWS, "mention_context", actor="Sergei Lavrov")
    assert dated[0]["date"] == "2020-06-09" and dated[0]["document_title"] == "Talks in Geneva"


def test_full_text_search(server: str, conn: sqlite3.Connection):
    sentences = rows(server, NEWS, "sentences", _search="Brussels")
    expected = conn.execute("SELECT text FROM sentences WHERE text LIKE '%Brussels%'").fetchall()
    assert [row["text"] for row in sentences] == [text for (text,) in expected]
    assert len(sentences) == 1
    in_view = rows(server, NEWS, "mention_context", _search="Brussels")
    assert in_view and all("Brussels" in row["sentence"] for row in in_view)
    everything = rows(server, NEWS, "mention_context", _size=1000)
    assert len(in_view) < len(everything)
    assert [row["name"] for row in rows(server, NEWS, "entities", _search="Lavrov")] == [
        "Sergei Lavrov"
    ]


def test_cooccurrence_view_is_symmetric(server: str, conn: sqlite3.Connection):
    macron, merkel = entity_id(conn, "Emmanuel Macron"), entity_id(conn, "Angela Merkel")
    forward = rows(server, NEWS, "cooccurrence", actor_id=macron, other_id=merkel)
    backward = rows(server, NEWS, "cooccurrence", actor_id=merkel, other_id=macron)
    assert len(forward) == len(backward) == 1
    assert forward[0]["sentences"] == backward[0]["sentences"] == 1
    assert forward[0]["actor"] == "Emmanuel Macron" and forward[0]["other"] == "Angela Merkel"


def test_canned_cooccurring_actors_agrees_with_the_cli_query(server: str, conn: sqlite3.Connection):
    macron = entity_id(conn, "Emmanuel Macron")
    found = rows(server, NEWS, "cooccurring_actors", actor="emanuel macron")
    expected = queries.cooccurring(conn, macron)
    assert [(r["other_id"], r["sentences"]) for r in found] == [(e.id, n) for e, n in expected]
    assert "Angela Merkel" in {row["other"] for row in found}


def test_canned_documents_naming_both(server: str):
    found = rows(server, NEWS, "documents_naming_both", actor="Russia", other="Turkey")
    assert [row["title"] for row in found] == ["Talks in Geneva"]
    assert found[0]["shared_sentences"] == 1
    assert found[0]["actor_mentions"] == 1 and found[0]["other_mentions"] == 1
    assert rows(server, NEWS, "documents_naming_both", actor="Russia", other="Egypt") == []


# --------------------------------------------------------------------------- with db/metadata.yml


def test_the_metadata_file_and_the_plugin_agree(file_server: str, libya_db: Path):
    metadata = fetch(file_server, "/-/metadata.json")
    assert isinstance(metadata, dict)
    assert metadata["title"] == "libya-explore"
    assert set(metadata["databases"]["libya"]["queries"]) == {
        "cooccurring_actors",
        "documents_naming_both",
    }
    tables = fetch(file_server, "/libya.json")["tables"]  # type: ignore[index]
    assert {table["name"] for table in tables if not table["hidden"]} == PUBLIC


def test_actor_mentions_is_not_cut_at_max_returned_rows(file_server: str, libya_db: Path):
    """The server answers at most 2 rows a query, and the actor has more mentions."""
    reader = open_for_reading(libya_db)
    try:
        pick = queries.pick_entity(reader, "khalifa hiftar")
        assert pick is not None
        expected = sorted(mention_ids(reader, pick.entity.id))
    finally:
        reader.close()
    assert len(expected) > 2
    found, pages = every_page(
        file_server, "libya", "actor_mentions", actor="khalifa hiftar", _size="max"
    )
    assert [row["mention_id"] for row in found] == expected and pages > 1


def test_actor_statements_view_keeps_one_actors_statements(server: str, conn: sqlite3.Connection):
    """Issue 15's view: each statement with its actor and words; ``_actor=`` keeps one actor's."""
    stored = conn.execute(
        "SELECT entity_id, count(*) FROM statements WHERE entity_id IS NOT NULL "
        "GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    assert stored is not None, "the test articles report speech"
    actor, count = stored
    found = rows(server, NEWS, "actor_statements", _actor=str(actor))
    assert len(found) == count and {r["actor_id"] for r in found} == {actor}
    assert all(r["content"] and r["content"] in conn.execute(
        "SELECT text FROM documents WHERE id = ?", [r["document_id"]]).fetchone()[0]
        for r in found)  # fmt: skip
