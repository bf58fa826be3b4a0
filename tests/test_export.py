"""``libya-explore export``: each export read back by its own library (csv, json, networkx,
followthemoney) and compared with the database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from followthemoney import model

from explorer.cli import main
from explorer.pipeline import curation
from explorer.pipeline.export import (
    ALIAS_SEPARATOR,
    RowWriter,
    export_mentions,
    ftm_schema,
    xml_text,
)
from explorer.store import queries
from explorer.store.connect import open_for_reading
from explorer.store.exports import EntityRecord


@pytest.fixture(scope="module")
def conn(built_db: Path) -> Iterator[sqlite3.Connection]:
    connection = open_for_reading(built_db)
    yield connection
    connection.close()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def entity_id(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]


def db_mentions(conn: sqlite3.Connection, entity: int | None = None) -> list[dict]:
    where, params = ("WHERE m.entity_id = ?", [entity]) if entity else ("", [])
    return [
        dict(row)
        for row in conn.execute(
            'SELECT m.id, m.entity_id, e.name AS actor, m.start, m."end", m.text, m.label, '
            "m.document_id, d.title AS document_title, d.text AS document_text, "
            "s.text AS sentence FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN documents d ON d.id = m.document_id JOIN sentences s ON s.id = m.sentence_id "
            f"{where} ORDER BY m.document_id, m.start",
            params,
        )
    ]


def db_pairs(conn: sqlite3.Connection) -> dict[tuple[int, int], tuple[int, int]]:
    """Each unordered pair once (smaller id first): (sentences, documents), from the view."""
    return {
        (a, b): (sentences, documents)
        for a, b, sentences, documents in conn.execute(
            "SELECT actor_id, other_id, sentences, documents FROM cooccurrence "
            "WHERE actor_id < other_id"
        )
    }


# --------------------------------------------------------------------------- entities


def test_entities_csv_json_and_jsonl_hold_the_entities_and_their_aliases(
    built_db: Path, conn: sqlite3.Connection
):
    expected = {
        e.id: (e.name, e.type, e.mentions, e.documents, queries.entity_aliases(conn, e.id))
        for e in queries.top_entities(conn, limit=-1)
    }
    code, out, _err = run("entities", "--db", str(built_db))
    assert code == 0
    from_csv = {
        int(r["id"]): (
            r["name"],
            r["type"],
            int(r["mentions"]),
            int(r["documents"]),
            r["aliases"].split(ALIAS_SEPARATOR),
        )
        for r in csv.DictReader(io.StringIO(out))
    }
    assert from_csv == {
        i: (n, t, m, d, [a for a, _c in aliases]) for i, (n, t, m, d, aliases) in expected.items()
    }
    code, out, _err = run("entities", "--db", str(built_db), "--format", "json")
    from_json = {r["id"]: r for r in json.loads(out)}
    code_l, out_l, _err = run("entities", "--db", str(built_db), "--format", "jsonl")
    assert code == code_l == 0
    assert [json.loads(line) for line in out_l.splitlines()] == json.loads(out)
    assert {
        i: (r["name"], r["type"], r["mentions"], r["documents"], r["aliases"])
        for i, r in from_json.items()
    } == {
        i: (n, t, m, d, [{"alias": a, "count": c} for a, c in aliases])
        for i, (n, t, m, d, aliases) in expected.items()
    }


def test_entities_of_one_type_or_one_actor(built_db: Path, conn: sqlite3.Connection):
    code, out, _err = run(
        "entities", "--db", str(built_db), "--type", "person", "--format", "jsonl"
    )
    assert code == 0
    people = {e.id for e in queries.top_entities(conn, "PERSON", limit=-1)}
    assert {json.loads(line)["id"] for line in out.splitlines()} == people
    code, out, err = run("entities", "lavrof", "--db", str(built_db), "--format", "jsonl")
    assert code == 0 and "Sergei Lavrov" in err
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["Sergei Lavrov"]


# --------------------------------------------------------------------------- mentions


def test_an_actors_mentions_as_csv_match_the_database(built_db: Path, conn: sqlite3.Connection):
    merkel = entity_id(conn, "Angela Merkel")
    code, out, err = run("mentions", "angla merkl", "--db", str(built_db))
    assert code == 0
    assert "actor: Angela Merkel" in err and "wrote 2 mentions" in err
    found = list(csv.DictReader(io.StringIO(out)))
    expected = db_mentions(conn, merkel)
    assert len(found) == len(expected) == 2
    for row, db_row in zip(found, expected, strict=True):
        assert int(row["id"]) == db_row["id"] and int(row["entity_id"]) == merkel
        start, end = int(row["start"]), int(row["end"])
        assert row["text"] == db_row["document_text"][start:end] == db_row["text"]
        assert row["sentence"] == db_row["sentence"] and row["text"] in row["sentence"]
        assert row["document_title"] == db_row["document_title"]


def test_every_mention_as_json_to_a_file(built_db: Path, conn: sqlite3.Connection, tmp_path: Path):
    target = tmp_path / "mentions.json"  # the format comes from the suffix
    code, out, err = run("mentions", "--db", str(built_db), "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    found = json.loads(target.read_text(encoding="utf-8"))
    expected = db_mentions(conn)
    assert [(m["id"], m["entity_id"], m["actor"], m["text"]) for m in found] == [
        (m["id"], m["entity_id"], m["actor"], m["text"]) for m in expected
    ]
    assert not list(tmp_path.glob("*.partial"))


def test_unknown_actor_unwritable_file_and_bad_database(built_db: Path, tmp_path: Path):
    code, out, err = run("mentions", "zzqx wvvq", "--db", str(built_db))
    assert code == 1 and out == "" and "no actor matches" in err
    code, _out, err = run("mentions", "--db", str(built_db), "-o", str(tmp_path / "no" / "x.csv"))
    assert code == 2 and err.startswith("error: ") and len(err.splitlines()) == 1
    code, _out, err = run("entities", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and err.startswith("error: ") and len(err.splitlines()) == 1


# --------------------------------------------------------------------------- co-occurrence


def test_cooccurrence_of_one_actor_and_of_everyone(built_db: Path, conn: sqlite3.Connection):
    macron = entity_id(conn, "Emmanuel Macron")
    code, out, _err = run(
        "cooccurrence", "Emmanuel Macron", "--db", str(built_db), "--format", "jsonl"
    )
    assert code == 0
    partners = [json.loads(line) for line in out.splitlines()]
    assert all(p["actor_id"] == macron for p in partners)
    assert {(p["other_id"], p["sentences"]) for p in partners} == {
        (e.id, n) for e, n in queries.cooccurring(conn, macron, limit=1000)
    }
    code, out, _err = run("cooccurrence", "--db", str(built_db))
    pairs = {
        (int(r["actor_id"]), int(r["other_id"])): (int(r["sentences"]), int(r["documents"]))
        for r in csv.DictReader(io.StringIO(out))
    }
    assert pairs == db_pairs(conn) and pairs


# --------------------------------------------------------------------------- statements

STATEMENTS_SCHEMA = """
DROP VIEW IF EXISTS actor_statements;
DROP TABLE IF EXISTS statements;
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    sentence_id INTEGER NOT NULL REFERENCES sentences(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, cue TEXT NOT NULL, kind TEXT NOT NULL
);
"""


@pytest.fixture
def statements_db(built_db: Path, tmp_path: Path) -> Path:
    """The test database with issue 15's contract table and two statements (one unnamed)."""
    target = tmp_path / "statements.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.executescript(STATEMENTS_SCHEMA)
    merkel, sentence, document, s_start, text = copy.execute(
        "SELECT m.entity_id, s.id, d.id, s.start, s.text FROM mentions m "
        "JOIN sentences s ON s.id = m.sentence_id JOIN documents d ON d.id = m.document_id "
        "WHERE s.text LIKE 'Merkel said%'"
    ).fetchone()
    content = text.index("Germany")
    copy.executemany(
        'INSERT INTO statements (entity_id, document_id, sentence_id, start, "end", cue, kind) '
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                merkel,
                document,
                sentence,
                s_start + content,
                s_start + len(text) - 1,
                "said",
                "indirect",
            ),
            (None, document, sentence, s_start, s_start + 6, "said", "direct"),
        ],
    )
    copy.commit()
    copy.close()
    return target


def test_statements_read_back_as_stored(statements_db: Path):
    code, out, err = run("statements", "--db", str(statements_db), "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert [(s["actor"], s["cue"], s["kind"]) for s in found] == [  # by position
        (None, "said", "direct"),
        ("Angela Merkel", "said", "indirect"),
    ]
    named = next(s for s in found if s["actor"])
    assert named["content"] == "Germany would support the plan"
    assert named["content"] in named["sentence"]
    code, out, _err = run("statements", "merkel", "--db", str(statements_db), "--format", "jsonl")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [named["id"]]


def test_statements_without_the_table_is_one_line(built_db: Path, tmp_path: Path):
    old = tmp_path / "old.db"  # a database made before statements existed
    with sqlite3.connect(built_db) as source, sqlite3.connect(old) as copy:
        source.backup(copy)
        copy.executescript("DROP VIEW actor_statements; DROP TABLE statements;")
    source.close()
    copy.close()
    code, out, err = run("statements", "--db", str(old))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "statements" in err and len(err.splitlines()) == 1


# --------------------------------------------------------------------------- graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_graph_read_back_by_networkx(
    built_db: Path, conn: sqlite3.Connection, tmp_path: Path, fmt: str
):
    target = tmp_path / f"actors.{fmt}"
    code, _out, err = run("graph", "--db", str(built_db), "-o", str(target))
    assert code == 0, err
    graph = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    entities = queries.top_entities(conn, limit=-1)
    assert {int(node) for node in graph.nodes} == {e.id for e in entities}
    for entity in entities:
        node = graph.nodes[str(entity.id)]
        assert (node["label"], node["type"], int(node["mentions"]), int(node["documents"])) == (
            entity.name,
            entity.type,
            entity.mentions,
            entity.documents,
        )
    edges = {
        tuple(sorted((int(a), int(b)))): (int(data["sentences"]), int(data["documents"]))
        for a, b, data in graph.edges(data=True)
    }
    assert edges == db_pairs(conn)
    assert all(float(d["weight"]) == float(d["sentences"]) for _a, _b, d in graph.edges(data=True))


def test_the_graph_holds_names_xml_cannot(built_db: Path, tmp_path: Path):
    db = tmp_path / "hostile.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    reader = open_for_reading(db)
    lavrov = entity_id(reader, "Sergei Lavrov")
    reader.close()
    curation.rename(db, lavrov, "Sergei\x1b[31m Lavrov\x00")
    target = tmp_path / "hostile.graphml"
    code, _out, err = run("graph", "--db", str(db), "-o", str(target))
    assert code == 0, err
    graph = nx.read_graphml(target)
    assert graph.nodes[str(lavrov)]["label"] == "Sergei\\x1b[31m Lavrov\\x00"
    assert xml_text("a\x1bb\ufffec") == "a\\x1bb\\ufffec"


# --------------------------------------------------------------------------- FollowTheMoney


def test_ftm_entities_read_back_by_followthemoney(
    built_db: Path, conn: sqlite3.Connection, tmp_path: Path
):
    target = tmp_path / "actors.ftm.json"
    code, _out, err = run("ftm", "--db", str(built_db), "-o", str(target))
    assert code == 0, err
    proxies = [model.get_proxy(json.loads(line)) for line in target.read_text().splitlines()]
    by_schema: dict[str, list] = {}
    for proxy in proxies:
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    entities = queries.top_entities(conn, limit=-1)
    actors = [e for e in entities if e.type != "NORP"]
    named = {
        p.first("name"): p
        for schema in ("Person", "Organization", "Company", "Territory", "Address", "Event")
        for p in by_schema.get(schema, [])
    }
    assert len(named) == len(actors)
    for entity in actors:
        proxy = named[entity.name]
        expected_schema = {"PERSON": "Person", "GPE": "Territory", "LOC": "Territory"}.get(
            entity.type, proxy.schema.name
        )
        assert proxy.schema.name == expected_schema
        aliases = {a for a, _n in queries.entity_aliases(conn, entity.id)} - {entity.name}
        assert set(proxy.get("alias")) == aliases
    assert {p.first("country") for p in by_schema["Territory"] if p.first("name") == "Russia"} == {
        "ru"
    }
    articles = by_schema["Article"]
    titles = {row[0] for row in conn.execute("SELECT title FROM documents")}
    assert {a.first("title") for a in articles} == titles
    # each actor in each document: a Documentation; a Mention for people and organisations
    pairs = {
        (row[0], row[1])
        for row in conn.execute("SELECT DISTINCT entity_id, document_id FROM mentions")
    }
    non_norp = {(e, d) for e, d in pairs if queries.get_entity(conn, e).type != "NORP"}
    assert len(by_schema["Documentation"]) == len(non_norp)
    ids = {p.id: p for p in proxies}
    merkel = named["Angela Merkel"]
    documented = [d for d in by_schema["Documentation"] if d.first("entity") == merkel.id]
    assert [ids[d.first("document")].first("title") for d in documented] == [
        "Leaders meet in Paris"
    ]
    assert set(documented[0].get("namesMentioned")) == {"Angela Merkel", "Merkel"}
    mentions = [m for m in by_schema["Mention"] if m.first("resolved") == merkel.id]
    assert len(mentions) == 1 and set(mentions[0].get("name")) == {"Angela Merkel", "Merkel"}
    assert all(ids[m.first("resolved")].schema.is_a("LegalEntity") for m in by_schema["Mention"])


def test_ftm_articles_carry_the_author_the_source_gave(built_db: Path, tmp_path: Path):
    db = tmp_path / "authored.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(db) as copy:
        source.backup(copy)
        copy.execute(
            "UPDATE documents SET extra = ? WHERE title = 'Talks in Geneva'",
            [json.dumps({"author": "Jane Roe", "category": "world"})],
        )
    source.close()
    copy.close()
    out = tmp_path / "authored.ftm.json"
    code, _out, err = run("ftm", "--db", str(db), "-o", str(out))
    assert code == 0, err
    articles = [
        model.get_proxy(json.loads(line))
        for line in out.read_text().splitlines()
        if '"Article"' in line
    ]
    authors = {a.first("title"): a.get("author") for a in articles}
    assert authors["Talks in Geneva"] == ["Jane Roe"]
    assert all(not names for title, names in authors.items() if title != "Talks in Geneva")


def test_an_org_with_a_legal_form_is_a_company():
    def org(name: str, *aliases: str) -> EntityRecord:
        return EntityRecord(1, name, "ORG", 1, 1, tuple((a, 1) for a in aliases))

    assert ftm_schema(org("Acme Holdings Ltd")) == "Company"
    assert ftm_schema(org("Acme", "Acme GmbH")) == "Company"
    assert ftm_schema(org("United Nations")) == "Organization"
    assert ftm_schema(EntityRecord(1, "Libyan", "NORP", 1, 1, ())) is None


# --------------------------------------------------------------------------- the API and CSV safety


def test_the_service_api_writes_what_the_cli_writes(built_db: Path, conn: sqlite3.Connection):
    merkel = entity_id(conn, "Angela Merkel")
    out = io.StringIO()
    assert export_mentions(conn, merkel, "jsonl", out) == 2
    _code, cli_out, _err = run("mentions", str(merkel), "--db", str(built_db), "--format", "jsonl")
    assert out.getvalue() == cli_out


def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe():
    hostile = {"a": '=HYPERLINK("http://evil")', "b": "+1", "c": "-x", "d": "@SUM(1)", "e": "ok"}
    out = io.StringIO()
    writer = RowWriter("csv", out, tuple(hostile))
    writer.write(hostile)
    writer.close()
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row == {key: ("'" + value if key != "e" else value) for key, value in hostile.items()}
    raw = io.StringIO()
    writer = RowWriter("csv", raw, tuple(hostile), spreadsheet_safe=False)
    writer.write(hostile)
    writer.close()
    assert list(csv.DictReader(io.StringIO(raw.getvalue()))) == [hostile]
