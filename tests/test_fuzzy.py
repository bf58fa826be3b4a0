"""The fuzzy search index: keys, lookups, upkeep after re-resolution, recall against brute force."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from explorer.normalize import matching_key
from explorer.pipeline.ingest import ingest
from explorer.pipeline.resolution import run_resolution
from explorer.store import queries
from explorer.store.connect import open_for_reading, open_for_writing, write_transaction
from explorer.store.curation import merge_entities, update_entity
from explorer.store.fuzzy_index import (
    flush_fuzzy_pending,
    index_tokens,
    keys_for,
    sync_fuzzy_index,
    token_keys,
)
from explorer.store.search import TOKENS_PER_WORD, brute_force

FIRST = ["Mohammed", "Khalifa", "Fayez", "Aguila", "Emmanuel", "Angela", "Sergei", "Recep", "Li"]
LAST = ["Haftar", "al-Sarraj", "Saleh", "Gaddafi", "Macron", "Merkel", "Lavrov", "Erdogan", "Wei"]
VARIANTS = {"Haftar": ["Hifter", "Hafter"], "Gaddafi": ["Qaddafi", "Kadhafi"]}


def build_names_db(path: Path, n_extra: int = 300, seed: int = 4) -> Path:
    """Actors with first names, surnames, romanisations and random filler names."""
    rng = random.Random(seed)
    db = open_for_writing(path)
    rows, aliases = [], []
    entity_id = 0
    for first in FIRST:
        for last in LAST:
            entity_id += 1
            rows.append((entity_id, f"{first} {last}", "PERSON", rng.randint(1, 500)))
            names = [f"{first} {last}", last] + [f"{first} {v}" for v in VARIANTS.get(last, [])]
            aliases += [(entity_id, name, matching_key(name)) for name in names]
    letters = "abdefghiklmnorstuz"
    for _ in range(n_extra):
        entity_id += 1
        name = " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 8))).capitalize()
            for _ in range(rng.randint(1, 3))
        )
        rows.append((entity_id, name, rng.choice(["ORG", "GPE", "PERSON"]), rng.randint(1, 50)))
        aliases.append((entity_id, name, matching_key(name)))
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, ?, ?, 1)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 1)",
            aliases,
        )
        flush_fuzzy_pending(db)
    db.close()
    return path


@pytest.fixture(scope="module")
def names_db(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    path = build_names_db(tmp_path_factory.mktemp("fuzzy") / "names.db")
    return open_for_reading(path)


def test_token_keys_survive_typos_and_romanisation():
    assert token_keys("haftar") & token_keys("hifter")  # same skeleton
    assert token_keys("haftar") & token_keys("hafatr")  # transposition
    assert token_keys("gaddafi") & token_keys("kadhafi")
    assert token_keys("macron") & token_keys("macrom")  # one substitution
    assert not token_keys("macron") & token_keys("merkel")


def test_index_tokens_include_joined_pairs():
    assert index_tokens("abdul rahman saleh") == [
        "abdul",
        "rahman",
        "saleh",
        "abdulrahman",
        "rahmansaleh",
    ]
    assert index_tokens("") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Khalifa Haftar", "Khalifa Haftar"),
        ("khalifa hifter", "Khalifa Haftar"),
        ("Kalifa Hafatr", "Khalifa Haftar"),
        ("Mohammed Qadhafi", "Mohammed Gaddafi"),
        ("Fayez al-Serraj", "Fayez al-Sarraj"),
        ("Emanuel Macrn", "Emmanuel Macron"),
    ],
)
def test_lookup_finds_the_actor_despite_typos(names_db, query, expected):
    names = [hit.name for hit in queries.search_entities(names_db, query, limit=10)]
    assert expected in names[:3]


def test_prefixes_surface_the_actor_while_typing(names_db):
    for typed in ("haf", "hift", "Khalifa Haf", "merk"):
        hits = queries.search_entities(names_db, typed, limit=10)
        assert hits, typed
        assert any(("Haftar" in h.name) or ("Merkel" in h.name) for h in hits), typed


def test_index_ranks_like_brute_force_on_a_small_set(names_db):
    rng = random.Random(9)
    names = [row[0] for row in names_db.execute("SELECT alias FROM aliases")]
    found = total = 0
    for name in rng.sample(names, 80):
        query = name
        if len(name) > 5 and rng.random() < 0.6:
            i = rng.randrange(1, len(name) - 1)
            query = name[:i] + name[i + 1 :]
        key = matching_key(query)
        brute = brute_force(names_db, key, None, 1)
        if not brute:
            continue
        total += 1
        got = [h.id for h in queries.search_entities(names_db, query, limit=10)]
        found += brute[0][0] in got
    assert total > 50
    assert found / total >= 0.95


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "NEAR(a b)",
        'haftar" OR "x',
        "a* AND b:c",
        "%_%",
        "\x00\x01\x1b[31m",
        "x" * 10_000,
        "word " * 3_000,
        "   ",
        "é́́́́́́́́",
        "\ud800",
    ],
)
def test_hostile_queries_never_raise(names_db, query):
    hits = queries.search_entities(names_db, query, limit=10)
    assert isinstance(hits, list)


def test_index_is_kept_after_ingest_and_re_resolution(corpus: Path, fresh_db_path: Path):
    ingest([corpus], fresh_db_path)
    db = open_for_writing(fresh_db_path)
    try:
        assert_index_complete(db.conn)
        # A changed alias list: an alias string is added and resolution runs again.
        with write_transaction(db):
            entity_id = db.execute("SELECT id FROM entities LIMIT 1").fetchone()[0]
            db.execute(
                "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 1)",
                [entity_id, "Zzyzx Qwerty", "zzyzx qwerty"],
            )
        assert db.execute("SELECT count(*) FROM fuzzy_pending").fetchone()[0] == 1
        conn = open_for_reading(fresh_db_path)
        assert [h.id for h in queries.search_entities(conn, "zzyzx qwerty", limit=3)][0] == (
            entity_id
        )  # pending strings are searched before they are indexed
        conn.close()
        run_resolution(db)
        assert_index_complete(db.conn)  # the orphan alias is gone, and so is its string
    finally:
        db.close()
    conn = open_for_reading(fresh_db_path)
    assert queries.search_entities(conn, "Lavrof")[0].name == "Sergei Lavrov"
    conn.close()


def test_index_is_built_for_a_database_made_before_it(fresh_db_path: Path, corpus: Path):
    ingest([corpus], fresh_db_path)
    conn = sqlite3.connect(fresh_db_path)
    conn.executescript(
        "DROP TRIGGER aliases_fuzzy_insert; DROP TRIGGER aliases_fuzzy_update; "
        "DROP TABLE fuzzy_tokens; DROP TABLE fuzzy_keys; DROP TABLE fuzzy_indexed; "
        "DROP TABLE fuzzy_pending; DROP TABLE fuzzy_token_popularity; "
        "DELETE FROM _sqlite_migrations WHERE name IN ('m003_fuzzy_keys', 'm004_fuzzy_popularity'); "
        "PRAGMA user_version = 1;"
    )
    conn.close()
    db = open_for_writing(fresh_db_path)  # what `libya-explore ingest` does first
    assert_index_complete(db.conn)
    db.close()


def assert_index_complete(conn: sqlite3.Connection) -> None:
    """Every alias string and every entity name's key is indexed, and nothing else."""
    aliases = {r[0] for r in conn.execute("SELECT normalized FROM aliases")}
    names = {(matching_key(r[0]), r[0]) for r in conn.execute("SELECT DISTINCT name FROM entities")}
    assert set(conn.execute("SELECT normalized, name FROM fuzzy_names")) == names
    alias_keys: dict[int, set[str]] = {}
    for entity_id, normalized in conn.execute("SELECT entity_id, normalized FROM aliases"):
        alias_keys.setdefault(entity_id, set()).add(normalized)
    alone = {
        name
        for entity_id, name in conn.execute("SELECT id, name FROM entities")
        if matching_key(name) not in alias_keys.get(entity_id, set())
    }  # names some entity bears without an alias of their key: the search looks them up
    assert {r[0] for r in conn.execute("SELECT name FROM fuzzy_names WHERE alone")} == alone
    strings = aliases | {key for key, _name in names}
    indexed = {r[0] for r in conn.execute("SELECT normalized FROM fuzzy_indexed")}
    assert indexed == strings
    assert conn.execute("SELECT count(*) FROM fuzzy_pending").fetchone()[0] == 0
    postings = set(conn.execute("SELECT token, length, normalized FROM fuzzy_tokens"))
    assert postings == set(keys_for(strings)[0])
    tokens = {r[0] for r in conn.execute("SELECT DISTINCT token FROM fuzzy_tokens")}
    keyed = {r[0] for r in conn.execute("SELECT DISTINCT token FROM fuzzy_keys")}
    assert tokens <= keyed
    assert_popularity_current(conn)


def assert_popularity_current(conn: sqlite3.Connection) -> None:
    """Each indexed string's popularity is the top mention count of the entities holding it (as
    an alias or as their name's key), on the string, on each of its postings and (as a maximum)
    on each token."""
    expected: dict[str, int] = {}
    for normalized, mentions in conn.execute(
        "SELECT a.normalized, e.mention_count FROM aliases a JOIN entities e ON e.id = a.entity_id"
    ):
        expected[normalized] = max(expected.get(normalized, 0), mentions)
    for name, mentions in conn.execute("SELECT name, mention_count FROM entities"):
        key = matching_key(name)
        expected[key] = max(expected.get(key, 0), mentions)
    assert dict(conn.execute("SELECT normalized, popularity FROM fuzzy_indexed")) == expected
    per_token: dict[str, int] = {}
    for token, normalized, popularity in conn.execute(
        "SELECT token, normalized, popularity FROM fuzzy_tokens"
    ):
        assert popularity == expected[normalized], (token, normalized)
        per_token[token] = max(per_token.get(token, 0), popularity)
    stored = dict(conn.execute("SELECT token, popularity FROM fuzzy_token_popularity"))
    assert {t: stored.get(t) for t in per_token} == per_token
    assert all(n == 0 for t, n in stored.items() if t not in per_token)


def build_crowded_prefix_db(path: Path, popular_mentions: int = 900) -> tuple[Path, int]:
    """Hundreds of little-mentioned "Zorb…" names under many tokens, and one much-mentioned
    actor whose token is the longest and alphabetically last (the shortest-first caps skip it)."""
    rng = random.Random(11)
    rows, aliases = [], []
    seen: set[str] = set()
    while len(rows) < 600:
        surname = "Zorb" + "".join(rng.choice("aeiklmnrst") for _ in range(rng.randint(2, 4)))
        name = f"{rng.choice(FIRST)} {surname}"
        if name in seen:
            continue
        seen.add(name)
        rows.append((len(rows) + 1, name, "PERSON", rng.randint(1, 20)))
        aliases += [
            (len(rows), name, matching_key(name)),
            (len(rows), surname, matching_key(surname)),
        ]
    popular_id = len(rows) + 1
    rows.append((popular_id, "Qat Zorbzzuvwxyzkin", "PERSON", popular_mentions))
    aliases.append((popular_id, "Qat Zorbzzuvwxyzkin", matching_key("Qat Zorbzzuvwxyzkin")))
    db = open_for_writing(path)
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, ?, ?, 1)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 1)",
            aliases,
        )
        flush_fuzzy_pending(db)
    db.close()
    return path, popular_id


def test_a_popular_actor_is_found_from_a_prefix_many_names_share(tmp_path: Path):
    path, popular_id = build_crowded_prefix_db(tmp_path / "crowded.db")
    conn = open_for_reading(path)
    n_tokens = conn.execute(
        "SELECT count(DISTINCT token) FROM fuzzy_tokens WHERE token LIKE 'zorb%'"
    ).fetchone()[0]
    assert n_tokens > TOKENS_PER_WORD  # the token is beyond the shortest-first choice
    for typed in ("Zorb", "zorbz"):
        # Every name containing the fragment scores 90 with WRatio: mentions decide.
        assert brute_force(conn, matching_key(typed), None, 1)[0][0] == popular_id
        hits = queries.search_entities(conn, typed, limit=10)
        assert hits[0].id == popular_id, typed
    # An exact name still comes before the popular actor that merely shares its prefix.
    name, entity_id = conn.execute(
        "SELECT name, id FROM entities WHERE id != ? ORDER BY mention_count, id LIMIT 1",
        [popular_id],
    ).fetchone()
    hits = queries.search_entities(conn, name, limit=10)
    assert hits[0].id == entity_id and hits[0].score == 100
    conn.close()


def test_popularity_follows_changed_counts(tmp_path: Path):
    path, popular_id = build_crowded_prefix_db(tmp_path / "crowded.db", popular_mentions=1)
    conn = open_for_reading(path)
    assert popular_id not in [h.id for h in queries.search_entities(conn, "Zorb", limit=10)]
    db = open_for_writing(path)
    with write_transaction(db):  # counts change (a re-ingest), then the index syncs
        db.execute("UPDATE entities SET mention_count = 5000 WHERE id = ?", [popular_id])
        db.execute("UPDATE entities SET mention_count = 1 WHERE mention_count > 1 AND id < 50")
        sync_fuzzy_index(db)
    assert_index_complete(db.conn)
    db.close()
    assert queries.search_entities(conn, "Zorb", limit=10)[0].id == popular_id
    conn.close()


def test_curation_keeps_popularity_current(corpus: Path, fresh_db_path: Path):
    ingest([corpus], fresh_db_path)
    db = open_for_writing(fresh_db_path)
    try:
        big, small = db.execute(
            "SELECT id FROM entities ORDER BY mention_count DESC, id LIMIT 2"
        ).fetchall()
        with write_transaction(db):
            merge_entities(db, big[0], small[0])
        assert_popularity_current(db.conn)
    finally:
        db.close()


def test_a_near_exact_name_is_not_crowded_out_by_names_that_start_with_the_query(
    fresh_db: Database,
):
    """Dozens of "Mohamed X" names make dozens of tokens starting with "mohamed"; the one-letter
    neighbour "mohammed" (the brute force's best) must still be looked up."""
    rows = [
        (i + 1, f"Mohamed {surname}", "PERSON", 50)
        for i, surname in enumerate(
            f"{a}{b}"
            for a in ("Kar", "Sal", "Bel", "Dar", "Fat", "Gho", "Ham", "Jal")
            for b in ("im", "ah", "ouf", "ar", "id", "em", "ul")
        )
    ]
    rows.append((len(rows) + 1, "Mohammed", "PERSON", 2))
    db = fresh_db
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, ?, ?, 1)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 1)",
            [(i, name, matching_key(name)) for i, name, _t, _m in rows],
        )
        flush_fuzzy_pending(db)
    brute = brute_force(db.conn, "mohamed", None, 10)
    assert brute[0][0] == len(rows)  # a whole name one letter away beats first names alone
    hits = queries.search_entities(db.conn, "Mohamed", limit=10)
    assert hits[0].id == len(rows)
    assert [round(h.score, 6) for h in hits] == [round(score, 6) for _e, score, _t in brute]


# --------------------------------------------------------------------------- names, junk


def add_entities(db: Database, rows: list[tuple[int, str, int, list[str]]]) -> None:
    """``(id, name, mentions, aliases)`` rows, indexed as resolution would leave them."""
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (?, ?, 'PERSON', ?, 1)",
            [(i, name, mentions) for i, name, mentions, _aliases in rows],
        )
        db.conn.executemany(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (?, ?, ?, 1)",
            [(i, alias, matching_key(alias)) for i, _n, _m, aliases in rows for alias in aliases],
        )
        sync_fuzzy_index(db)


def test_a_name_no_mention_uses_is_searchable(fresh_db: Database):
    """A gazetteer name the articles spell otherwise ("Aguila Saleh" for "Aqila Saleh")."""
    add_entities(
        fresh_db,
        [(1, "Zoltan Qarawi", 5, ["Soltan Karawi", "Karawi"]), (2, "Qara", 50, ["Qara"])],
    )
    assert_index_complete(fresh_db.conn)
    hits = queries.search_entities(fresh_db.conn, "zoltan qarawi", limit=3)
    assert hits[0].id == 1 and hits[0].score == 100
    assert hits[0].matched_alias == "Zoltan Qarawi"  # the name itself: no "as …" to show
    by_alias = queries.search_entities(fresh_db.conn, "soltan karawi", limit=3)[0]
    assert by_alias.id == 1 and by_alias.matched_alias == "Soltan Karawi"
    pick = queries.pick_entity(fresh_db.conn, "Zoltan Qarawi")
    assert pick is not None and pick.entity.id == 1 and pick.matched_by == "name"
    assert brute_force(fresh_db.conn, "zoltan qarawi", None, 1)[0][:2] == (1, 100.0)


def test_a_renamed_entity_is_found_by_its_new_name_at_once(tmp_path: Path):
    path = tmp_path / "names.db"
    db = open_for_writing(path)
    add_entities(db, [(1, "Ilse Kestrova", 5, ["Ilse Kestrova", "Kestrova"])])
    with write_transaction(db):  # what `libya-explore rename` and the explorer's `r` do
        update_entity(db, 1, name="Ilsabet Kestrowa-Lind")
    db.close()
    conn = open_for_reading(path)
    assert queries.search_entities(conn, "ilsabet kestrowa lind", limit=1)[0].score == 100
    assert conn.execute("SELECT count(*) FROM fuzzy_pending").fetchone()[0] == 0
    conn.close()


REAL_NAMES = [
    "Katrin Vorlander",
    "Ilse Kestrova",
    "Nikos Ostrakis",
    "Samir Kaddouri",
    "Mahmoud al-Zintani",
    "Tarhuna",
    "Bexley Tanner",
    "Orla Fennimore",
    "United Grain Board",
    "Port of Velsmark",
]


@pytest.fixture(scope="module")
def names_for_junk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("junk") / "names.db"
    db = open_for_writing(path)
    rows = []
    for i, name in enumerate(REAL_NAMES, start=1):
        surname = name.split()[-1]
        rows.append((i, name, 10 * i, sorted({name, surname})))
    add_entities(db, rows)
    db.close()
    return path


def typo_of(name: str, position: int) -> str:
    """``name`` with one letter dropped (a typo the search must survive)."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()][1:]
    i = letters[position % len(letters)]
    return name[:i] + name[i + 1 :]


junk_strings = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzRST.-' 0179&"), min_size=1, max_size=3
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(REAL_NAMES),
    typo=st.one_of(st.none(), st.integers(0, 30)),
    surname_only=st.booleans(),
    junk=junk_strings,
    mentions=st.sampled_from([1, 1000, 10**7]),
)
def test_a_short_junk_entity_never_changes_the_first_result(
    names_for_junk: Path, name: str, typo: int | None, surname_only: bool, junk: str, mentions: int
):
    """Adding an unrelated short entity ("R.", "LA", "7") of any popularity never changes what a
    longer query finds first; at most it comes later, as a weak match (under 50)."""
    query = name.split()[-1] if surname_only else name
    query = typo_of(query, typo) if typo is not None else query
    junk_key = matching_key(junk)
    letters = sum(ch.isalpha() for ch in query)
    if junk_key == matching_key(query) or 2 * max(len(junk_key), 1) > letters:
        return  # not a longer query, or the junk is what it asks for
    db = open_for_writing(names_for_junk)
    try:
        before = queries.search_entities(db.conn, query, limit=5)
        db.conn.execute("BEGIN")
        db.conn.execute(
            "INSERT INTO entities (id, name, type, mention_count, document_count) "
            "VALUES (999, ?, 'ORG', ?, 1)",
            [junk, mentions],
        )
        db.conn.execute(
            "INSERT INTO aliases (entity_id, alias, normalized, count) VALUES (999, ?, ?, 1)",
            [junk, junk_key],
        )
        after_pending = queries.search_entities(db.conn, query, limit=5)  # scanned unindexed
        sync_fuzzy_index(db)
        after = queries.search_entities(db.conn, query, limit=5)
        db.conn.execute("ROLLBACK")
    finally:
        db.close()
    assert before and before[0].name == name and before[0].score >= 50
    for hits in (after_pending, after):
        assert [h.id for h in hits][:1] == [before[0].id]
        assert all(h.score < 50 for h in hits if h.id == 999)


def test_a_gazetteer_alias_finds_its_actor_under_its_canonical_name(names_db, monkeypatch):
    from explorer.store import search

    assert not [h for h in queries.search_entities(names_db, "Qorvath", limit=5) if h.score > 80]
    monkeypatch.setattr(search, "_gazetteer_index", lambda: ({"qorvath": ("khalifa haftar",)}, {}))
    hits = queries.search_entities(names_db, "Qorvath", limit=5)
    assert hits[0].name == "Khalifa Haftar"
    assert hits[0].score == 100 - search.KNOWN_NAME_DISCOUNT  # what was typed would score 100
