"""Incremental resolution (issue 17.1): any sequence of ingests, changes, removals and curation
edits, each followed by an incremental resolution, leaves the database as a full re-resolution
of the same documents does (entity ids aside)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.cli import main
from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span, Statement
from explorer.pipeline import curation
from explorer.pipeline.resolution import run_resolution
from explorer.readers.articles import Article
from explorer.store import documents
from explorer.store.connect import open_for_writing
from explorer.store.resolution_state import load_resolution_state
from explorer.store.stored_totals import load_form_totals, totals_ready

#: Names the test parser marks, with their labels (longest first wins).
NAMES = {
    "Angela Merkel": "PERSON",
    "Merkel": "PERSON",
    "Chancellor Merkel": "PERSON",
    "Khalifa Haftar": "PERSON",
    "Khalifa Hifter": "PERSON",
    "Haftar": "PERSON",
    "David Miliband": "PERSON",
    "Ed Miliband": "PERSON",
    "Miliband": "PERSON",
    "Tony Blair": "PERSON",
    "Blair": "PERSON",
    "Mr Blair": "PERSON",
    "Mrs Blair": "PERSON",
    "Cherie Blair": "PERSON",
    "United Nations": "ORG",
    "UN": "ORG",
    "Labour Party": "ORG",
    "Labour": "ORG",
    "Tripoli": "GPE",
    "Benghazi": "GPE",
    "Libya": "GPE",
    "Germany": "GPE",
    "Britain": "GPE",
    "UK": "GPE",
    "United Kingdom": "GPE",
    "Berlin": "GPE",
    "Washington": "GPE",
    "George Washington": "PERSON",
    "Rugby Caldera Cup": "EVENT",
    "Caldera Cup": "EVENT",
    "Brannock Rams": "ORG",
    "Oswin Tarrant": "PERSON",
    "Fenwick Rovers": "ORG",
    "Dario Lusk": "PERSON",
}

#: Documents written for the test: they exercise parts of names in one document, a surname
#: across the corpus (one person, then two with it), acronyms, spelling variants, countries.
TEXTS = [
    "Angela Merkel met Tony Blair in Berlin. Merkel said Germany would help.",
    "Khalifa Haftar attacked Tripoli. Haftar's forces left Benghazi.",
    "The UN envoy spoke in Tripoli. The United Nations called for calm in Libya.",
    "Khalifa Hifter denied it. The UN said Libya needed talks.",
    "David Miliband spoke for Labour. Miliband met Mr Blair in the UK.",
    "Ed Miliband leads the Labour Party. Miliband said Britain must act.",
    "Miliband was in Washington. The United Kingdom and Germany agreed.",
    "Blair visited Benghazi. Chancellor Merkel stayed in Berlin.",
    "George Washington is not Washington. Haftar spoke of Libya.",
    "Tony Blair said the UN failed. Blair left for Washington.",
    # a couple: "Mr Blair" and "Mrs Blair" are two groups of one story (honorific genders)
    "Mrs Blair met Mr Blair in Berlin. Cherie Blair said Mrs Blair was well.",
    # one short name, two actors: the stories' community decides ("Caldera Cup", two sports)
    "Brannock Rams won the Rugby Caldera Cup. Oswin Tarrant scored.",
    "Oswin Tarrant of Brannock Rams lifted the Rugby Caldera Cup.",
    "Brannock Rams lost the Caldera Cup final. Oswin Tarrant was hurt.",
    "Fenwick Rovers won the Caldera Cup. Dario Lusk scored twice.",
    "Dario Lusk left Fenwick Rovers after the Caldera Cup.",
]
#: Changed versions of some documents (the same key, another text).
CHANGED = {
    0: "Angela Merkel stayed in Berlin. Germany waited.",
    4: "David Miliband spoke for the Labour Party in the UK.",
    8: "Haftar spoke of Tripoli. George Washington was not there.",
    10: "Mrs Blair stayed in Berlin. Mr Blair said Tony Blair was away.",
}
_PATTERN = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))


def parse(text: str) -> ParsedText:
    sentences = tuple(Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    sentences = tuple(
        Span(s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip()), s.end)
        for s in sentences
    )
    entities = []
    for m in _PATTERN.finditer(text):
        name = m.group()
        start, title = m.start(), ""
        if name.startswith(("Mr ", "Mrs ", "Chancellor ")):  # as span cleaning stores a title
            title, _, rest = name.partition(" ")
            start, title = m.end() - len(rest), title.casefold()
        entities.append(Span(start, m.end(), NAMES[name], title))
    return ParsedText(sentences, tuple(entities), _statements(text, sentences, entities))


def _statements(text: str, sentences: tuple[Span, ...], entities: list[Span]) -> tuple:
    """A statement for each sentence with "said" or "denied": what follows the cue, spoken by
    the sentence's first name (so that speakers move between entities with their mentions)."""
    found = []
    for sentence in sentences:
        cue = re.search(r" (said|denied) ", text[sentence.start : sentence.end])
        speakers = [e for e in entities if sentence.start <= e.start < sentence.end]
        if cue and speakers:
            content = sentence.start + cue.end()
            found.append(
                Statement(
                    content,
                    sentence.end - 1,
                    cue.group(1),
                    "indirect",
                    speakers[0].start,
                    speakers[0].end,
                )  # fmt: skip
            )
    return tuple(found)


def store(db, index: int, text: str) -> None:  # type: ignore[no-untyped-def]
    article = Article(key=f"corpus.jsonl#{index}", file="corpus.jsonl", text=text, title=str(index))
    documents.store_document(db, article, parse(text), matching_key, len(text.split()))


def snapshot(db_path: Path) -> dict:
    """The resolution's result without entity ids: each entity by its mentions (ids of mention
    rows, the same in both databases compared), with its name, type, counts and aliases; the
    search index's strings and names; the resolution state."""
    conn = sqlite3.connect(db_path)
    try:
        entities = {}
        for entity_id, name, etype, mentions, docs in conn.execute(
            "SELECT id, name, type, mention_count, document_count FROM entities"
        ):
            members = frozenset(
                r[0]
                for r in conn.execute("SELECT id FROM mentions WHERE entity_id = ?", [entity_id])
            )
            aliases = frozenset(
                conn.execute(
                    "SELECT alias, normalized, count FROM aliases WHERE entity_id = ?", [entity_id]
                ).fetchall()
            )
            entities[members] = (name, etype, mentions, docs, aliases)
        for table in ("entities", "aliases"):
            conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return {
            "entities": entities,
            "indexed": set(conn.execute("SELECT normalized, popularity FROM fuzzy_indexed")),
            "tokens": set(conn.execute("SELECT * FROM fuzzy_tokens")),
            "token_popularity": set(conn.execute("SELECT * FROM fuzzy_token_popularity")),
            "names": set(conn.execute("SELECT normalized, name, alone FROM fuzzy_names")),
            "pending": set(conn.execute("SELECT * FROM fuzzy_pending")),
            "state": load_resolution_state(conn),
            "totals": (totals_ready(conn), load_form_totals(conn).surfaces),
            "statements": {
                row[0]: row[1:]
                for row in conn.execute(
                    "SELECT st.id, st.mention_id, st.entity_id = m.entity_id FROM statements st "
                    "JOIN mentions m ON m.id = st.mention_id"
                )
            },
        }
    finally:
        conn.close()


def entity_of(db_path: Path, surface: str, gender: str | None = None) -> int | None:
    """The entity of the first mention of ``surface`` (with that honorific gender, if given)."""
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(
            "SELECT entity_id FROM mentions WHERE text = ? AND gender = coalesce(?, gender) "
            "ORDER BY id LIMIT 1",
            [surface, gender],
        ).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def curate(db_path: Path) -> None:
    """Curation edits as a user makes them: a merge, a rename, a type change, a split."""
    blair, miliband = entity_of(db_path, "Blair"), entity_of(db_path, "Miliband")
    if blair is not None and miliband is not None and blair != miliband:
        curation.merge(db_path, miliband, blair)
    un = entity_of(db_path, "UN")
    if un is not None:
        curation.rename(db_path, un, "The United Nations")
    tripoli = entity_of(db_path, "Tripoli")
    if tripoli is not None:
        curation.set_type(db_path, tripoli, "LOC")
    wife, mrs = entity_of(db_path, "Cherie Blair"), entity_of(db_path, "Blair", "female")
    if wife is not None and mrs is not None and wife != mrs:
        curation.merge(db_path, mrs, wife)  # "Mrs Blair" where the story does not name her
    hifter = entity_of(db_path, "Khalifa Hifter")
    if hifter is not None and hifter == entity_of(db_path, "Khalifa Haftar"):
        curation.split(db_path, hifter, "Khalifa Hifter")


def check_incremental_equals_full(
    db_path: Path, order: list[int], cuts: list[int], changes: set[int], removals: set[int],
    curate_after: int | None,
) -> None:  # fmt: skip
    db = open_for_writing(db_path)
    try:
        bounds = sorted({0, len(order), *cuts})
        batches = [order[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        for number, batch in enumerate(batches):
            for index in batch:
                store(db, index, TEXTS[index])
            run_resolution(db)
            if number == curate_after:
                curate(db_path)
        for index in sorted(changes):
            store(db, index, CHANGED[index])
        if removals:
            keep = {f"corpus.jsonl#{i}" for i in range(len(TEXTS)) if i not in removals}
            documents.delete_documents_not_in(db, "corpus.jsonl", keep)
        run_resolution(db)
        incremental = snapshot(db_path)
        run_resolution(db, full=True)
        full = snapshot(db_path)
    finally:
        db.close()
    assert incremental["state"] == full["state"]
    speakers_follow = [same for _, same in incremental["statements"].values()]
    assert all(speakers_follow), "a statement kept an entity its speaker's mention left"
    assert incremental["entities"] == full["entities"]
    assert incremental == full


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(range(len(TEXTS))),
    cuts=st.lists(st.integers(1, len(TEXTS) - 1), max_size=4),
    changes=st.sets(st.sampled_from(sorted(CHANGED)), max_size=2),
    removals=st.sets(st.integers(0, len(TEXTS) - 1), max_size=3),
    curate_after=st.one_of(st.none(), st.integers(0, 4)),
)
def test_incremental_resolution_equals_a_full_one(
    tmp_path_factory: pytest.TempPathFactory,
    order: list[int],
    cuts: list[int],
    changes: set[int],
    removals: set[int],
    curate_after: int | None,
) -> None:
    db_path = tmp_path_factory.mktemp("incremental") / "db.db"
    check_incremental_equals_full(db_path, order, cuts, changes, removals, curate_after)


def test_the_corpus_has_a_short_name_of_two_actors(tmp_path: Path) -> None:
    """The property above covers the corpus-wide story-community rule: in the full corpus the
    rugby report that never writes "Rugby Caldera Cup" gives its "Caldera Cup" to it, the
    football reports keep theirs."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS):
            store(db, index, text)
        run_resolution(db, full=True)
    finally:
        db.close()
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT d.title, e.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN documents d ON d.id = m.document_id WHERE m.text = 'Caldera Cup'"
        ).fetchall()
    finally:
        conn.close()
    names = {int(title): name for title, name in rows}
    first = len(TEXTS) - 5
    assert names[first + 2] == "Rugby Caldera Cup"
    assert names[first + 3] == names[first + 4] == "Caldera Cup"


def test_one_document_at_a_time_with_curation_in_between(tmp_path: Path) -> None:
    """The ingest a newsroom runs: one article at a time, curation edits along the way."""
    check_incremental_equals_full(
        tmp_path / "db.db", list(range(len(TEXTS))), list(range(1, len(TEXTS))), {0, 4}, {2}, 5
    )


def test_the_state_is_filed_as_documents_are_stored(tmp_path: Path) -> None:
    db = open_for_writing(tmp_path / "db.db")
    try:
        store(db, 0, TEXTS[0])
        groups, evidence = load_resolution_state(db.conn)
        assert {(g.text, g.label, g.count) for g in groups} >= {
            ("Angela Merkel", "PERSON", 1),
            ("Merkel", "PERSON", 1),
            ("Berlin", "GPE", 1),
        }
        store(db, 0, TEXTS[1])  # the same key, changed: the old groups go
        groups, _ = load_resolution_state(db.conn)
        assert "Merkel" not in {g.text for g in groups}
        assert {g.text for g in groups} >= {"Khalifa Haftar", "Tripoli"}
    finally:
        db.close()


def test_resolve_full_keeps_the_full_pass_and_the_result(tmp_path: Path) -> None:
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS):
            store(db, index, text)
        run_resolution(db)
    finally:
        db.close()
    before = snapshot(db_path)
    runner = CliRunner()
    for args in (["--full"], []):
        result = runner.invoke(main, ["resolve", "--db", str(db_path), *args])
        assert result.exit_code == 0, result.output
        assert snapshot(db_path) == before
    conn = sqlite3.connect(db_path)
    try:
        (haftar,) = conn.execute(
            "SELECT count(DISTINCT entity_id) FROM mentions WHERE text LIKE '%H_ftar' "
            "OR text LIKE '%Hifter'"
        ).fetchone()
    finally:
        conn.close()
    assert haftar == 1  # spelling variants and the surname alone: one actor, on both paths


def test_a_database_without_the_state_gets_it_from_its_first_resolution(tmp_path: Path) -> None:
    """A database made before schema 9: no resolution state; its next resolution is a full
    pass that builds it, and later ones are incremental."""
    db_path = tmp_path / "db.db"
    db = open_for_writing(db_path)
    try:
        for index, text in enumerate(TEXTS[:5]):
            store(db, index, text)
        run_resolution(db)
        expected = snapshot(db_path)
        db.execute("DELETE FROM resolution_groups")
        db.execute("DELETE FROM meta WHERE key = 'resolution_state'")
        run_resolution(db)
        assert snapshot(db_path) == expected
        store(db, 5, TEXTS[5])
        run_resolution(db)
        incremental = snapshot(db_path)
        run_resolution(db, full=True)
        assert snapshot(db_path) == incremental
    finally:
        db.close()


def test_reingesting_a_changed_file_resolves_incrementally_as_a_full_pass_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real ingest: a JSONL file ingested, then changed (a line edited, one removed,
    one added) and ingested again; the incremental result equals ``resolve --full``."""
    import json

    from explorer.pipeline import ingest as ingest_module
    from explorer.pipeline.ingest import IngestOptions, ingest

    def parser(options):  # type: ignore[no-untyped-def]
        def parse_all(items):  # type: ignore[no-untyped-def]
            for text, ticket in items:
                yield parse(text), ticket

        return parse_all

    monkeypatch.setattr(ingest_module, "make_parser", parser)
    corpus = tmp_path / "corpus.jsonl"
    db_path = tmp_path / "db.db"

    def write(texts: dict[int, str]) -> None:
        lines = [json.dumps({"id": i, "title": str(i), "text": t}) for i, t in texts.items()]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")

    write(dict(enumerate(TEXTS[:7])))
    assert ingest([corpus], db_path, IngestOptions()).added == 7
    texts = dict(enumerate(TEXTS[:7]))
    texts[0] = CHANGED[0]
    del texts[2]
    texts[7] = TEXTS[7]
    write(texts)
    summary = ingest([corpus], db_path, IngestOptions())
    assert (summary.added, summary.replaced, summary.removed) == (1, 1, 1)
    incremental = snapshot(db_path)
    result = CliRunner().invoke(main, ["resolve", "--full", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert snapshot(db_path) == incremental


def test_resolution_hands_what_it_made_to_the_oldest_generation() -> None:
    """What clustering made while the collector was off goes to the oldest generation, so the
    first collection after does not walk every object of the clustering (as it would, all
    of them being the youngest)."""
    import gc

    from explorer.pipeline.resolution import _without_cyclic_gc

    gc.collect()
    with _without_cyclic_gc():
        made = [[i] for i in range(5_000)]  # containers the collector tracks
    after = [[i] for i in range(5_000)]  # allocations that trigger a young collection
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(o) in oldest for o in made)
    assert len(after) == len(made)


def test_resolution_turns_the_cyclic_collector_back_on(tmp_path: Path) -> None:
    """Resolution pauses the cyclic garbage collector (nothing to collect while clustering) and
    restores it afterwards, also when it fails; a collector the caller had off stays off."""
    import gc

    db = open_for_writing(tmp_path / "db.db")
    try:
        store(db, 0, TEXTS[0])
        assert gc.isenabled()
        run_resolution(db)
        assert gc.isenabled()
        gc.disable()
        try:
            run_resolution(db)
            assert not gc.isenabled()
        finally:
            gc.enable()
        db.conn.execute("DROP TABLE aliases")  # the write fails half-way
        with pytest.raises(sqlite3.OperationalError):
            run_resolution(db)
        assert gc.isenabled()
    finally:
        db.close()
