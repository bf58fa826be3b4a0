"""Statements (issue 15): who said what, on texts written for the tests, through the pipeline,
the store, re-resolution and curation, and the ``statements`` one-liner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.parsed import ParsedText, Span, Statement, joined, pack, unpack
from explorer.pipeline import curation
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.pipeline.resolution import run_resolution
from explorer.quotes import needs_parse, plain_shape, quotations
from explorer.store.connect import open_for_writing

CASES_FILE = Path(__file__).parent / "data" / "statements" / "cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines()]


def last_word(name: str) -> str:
    return name.split()[-1].casefold()


# --------------------------------------------------------------------------- pure parts


def test_quotations_pair_marks_and_go_on_over_reopened_paragraphs():
    text = 'He said: "One. Two." Then “three,” she said.\n\n"Four\n\n"five." x'
    spans = [text[a:b] for a, b in quotations(text)]
    assert spans == ["One. Two.", "three,", 'Four\n\n"five.']


def test_an_unclosed_quotation_ends_with_its_last_sentence_before_the_next():
    text = 'Mr A said: "We lost. He added: "They broke us." End.'
    assert [text[a:b] for a, b in quotations(text)] == ["We lost.", "They broke us."]


@pytest.mark.parametrize(
    ("sentence", "kind", "speaker", "content"),
    [
        ('"We will stay," Mr Smith said.', "direct", "Mr Smith", "We will stay,"),
        ('"We will stay," said Jane Doe, the mayor.', "direct", "Jane Doe", "We will stay,"),
        ("Mr Smith said the talks had failed.", "indirect", "Mr Smith", "the talks had failed"),
        ("She said on Monday that prices rose.", "indirect", "She", "prices rose"),
        ("Prices will rise, the minister said.", "indirect", "the minister", "Prices will rise"),
        ("Haftar told Sisi that he would stay.", "indirect", "Haftar", "he would stay"),
        ("The bank has warned that rates will rise.", "indirect", "The bank", "rates will rise"),
        ("According to the UN, 40 people died.", "indirect", "the UN", "40 people died"),
        (
            "Jobs rose, according to the Labor Department.",
            "indirect",
            "the Labor Department",
            "Jobs rose",
        ),
        (
            "Rod Eddington, BA's chief, said profits fell.",
            "indirect",
            "Rod Eddington",
            "profits fell",
        ),
    ],
)
def test_plain_shapes_are_read_without_a_parse(sentence, kind, speaker, content):
    shape = plain_shape(sentence)
    assert shape is not None and shape.kind == kind
    assert sentence[slice(*shape.speaker)] == speaker
    assert sentence[slice(*shape.content)].rstrip(".") == content
    assert not needs_parse(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Erdogan said the ceasefire must hold, while Putin said both sides had to withdraw.",
        "Mr Mubanga, who insists he is not bitter, said the camp was hell.",
        "The said contract expires next year.",
        "That said, prices remained high.",
        "Mr Smith said on Monday.",
        "A spokesman for the Red Cross said its teams had arrived, and the UN agreed.",
    ],
)
def test_other_sentences_with_a_cue_go_to_the_parser(sentence):
    assert needs_parse(sentence)


def test_sentences_without_a_cue_are_never_parsed():
    assert not needs_parse("Container traffic through the canal fell by a third.")


def test_the_codec_carries_statements_and_pieces_shift_them():
    parsed = ParsedText(
        (Span(0, 30),),
        (Span(0, 5, "PERSON", "mr"),),
        (Statement(10, 20, "said", "indirect", 0, 5), Statement(21, 29, "", "direct")),
    )
    assert unpack(pack(parsed)) == parsed
    shifted = joined([(0, ParsedText((), ())), (100, parsed)])
    assert shifted.statements == (
        Statement(110, 120, "said", "indirect", 100, 105),
        Statement(121, 129, "", "direct", -1, -1),
    )


# --------------------------------------------------------------------------- the pipeline


@pytest.fixture(scope="module")
def nlp():
    from explorer.nlp import load_pipeline

    return load_pipeline(tune_memory=False)


def test_the_model_loads_once_for_ner_and_the_speech_parser(nlp):
    """The speech parser runs the pipeline's own tagger and parser, which NER skips (disabled),
    and parses a speech sentence as the separately loaded speech model does (the writer
    process's; ``test_the_writer_process_finds_the_statements_this_process_finds`` compares
    the statements)."""
    from explorer.nlp import load_speech_model, parse_speech

    speech = nlp.get_pipe("libya_speech").parser
    assert speech.make_doc("A word.").vocab is nlp.vocab
    assert [name for name, _ in speech.pipeline] == ["tok2vec", "tagger", "parser"]
    assert not {"tok2vec", "tagger", "parser"} & set(nlp.pipe_names)
    text = "Rebels, the minister added on Tuesday, had left the town before dawn."
    shared, separate = (parse_speech(p, [(text, [0])]) for p in (speech, load_speech_model()))
    assert shared[0], "the sentence goes to the parser"
    assert [[(t.text, t.tag_, t.dep_, t.head.i) for t in d] for _, d in shared[0]] == [
        [(t.text, t.tag_, t.dep_, t.head.i) for t in d] for _, d in separate[0]
    ]


def statements_of(nlp, text: str) -> list[tuple[str, str, str, str | None]]:
    from explorer.nlp import parse_texts

    parsed = next(parse_texts(nlp, [text]))
    return [
        (
            text[s.start : s.end],
            s.cue,
            s.kind,
            text[s.speaker_start : s.speaker_end] if s.named else None,
        )
        for s in parsed.statements
    ]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_pattern_is_found_and_attributed(nlp, case):
    """Every statement of the case with its exact content, cue, kind and speaker (the speaker's
    mention may be a shorter form of the name: resolution joins them); nothing else."""
    got = statements_of(nlp, case["text"])
    want = case["statements"]
    assert len(got) == len(want), got
    for expected in want:
        matches = [g for g in got if g[0] == expected["content"]]
        assert matches, (expected, got)
        speakers = {None if g[3] is None else last_word(g[3]) for g in matches}
        wanted = None if expected["speaker"] is None else last_word(expected["speaker"])
        assert wanted in speakers, (expected, got)
        assert all(g[2] == expected["kind"] for g in matches)
        assert any(g[1] == (expected["cue"] or "") for g in matches)


def test_unnamed_sources_are_never_credited_even_beside_named_actors(nlp):
    text = (
        "President Ali Hassan visited the port on Monday. Officials said the port would reopen. "
        "A military source told reporters that two drones were shot down. US officials said "
        "talks would resume."
    )
    got = statements_of(nlp, text)
    assert len(got) == 3 and all(speaker is None for *_, speaker in got)


def test_a_pronoun_takes_the_subject_of_the_nearest_sentence(nlp):
    text = (
        "Minister Paul Okoro met the envoy Sarah Adams in Lagos. Okoro said the talks went well. "
        "Adams arrived later than planned. She said the visit would be short."
    )
    got = statements_of(nlp, text)
    assert [(c, last_word(s)) for c, _, _, s in got] == [
        ("the talks went well", "okoro"),
        ("the visit would be short", "adams"),
    ]


# --------------------------------------------------------------------------- store and curation

PICKED = ("two-speakers-sentence", "pronoun-she-two-candidates", "unnamed-officials")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    corpus = tmp_path / "cases.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for case in CASES:
            if case["id"] in PICKED:
                out.write(json.dumps({"id": case["id"], "text": case["text"]}) + "\n")
    path = tmp_path / "statements.db"
    assert ingest([corpus], path, IngestOptions()).failed == 0
    return path


def rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT st.entity_id, e.name, st.cue, st.kind, "
            'substr(d.text, st.start + 1, st."end" - st.start), m.entity_id '
            "FROM statements st JOIN documents d ON d.id = st.document_id "
            "LEFT JOIN entities e ON e.id = st.entity_id "
            "LEFT JOIN mentions m ON m.id = st.mention_id ORDER BY st.id"
        ).fetchall()
    finally:
        conn.close()


def speaker_of(path: Path, content: str) -> str | None:
    return next(name for _, name, _, _, text, _ in rows(path) if text == content)


def test_ingest_stores_statements_on_their_speakers_entities(db_path: Path):
    stored = rows(db_path)
    assert len(stored) == 5
    assert all(entity == mention_entity for entity, *_, mention_entity in stored)
    assert speaker_of(db_path, "the ceasefire must hold") == "Recep Tayyip Erdogan"
    assert speaker_of(db_path, "new elections were not needed") == "Sara Lindqvist"
    assert speaker_of(db_path, "the bridge at Ed Damazin had been closed to traffic") is None
    conn = sqlite3.connect(db_path)
    view = conn.execute("SELECT actor, cue, kind, content FROM actor_statements").fetchall()
    conn.close()
    assert (
        "Vladimir Putin",
        "said",
        "indirect",
        "both sides had to withdraw heavy weapons",
    ) in view


def test_curation_and_reresolution_keep_statements_on_the_right_entity(db_path: Path):
    conn = sqlite3.connect(db_path)
    erdogan, putin = (
        conn.execute("SELECT id FROM entities WHERE name = ?", [name]).fetchone()[0]
        for name in ("Recep Tayyip Erdogan", "Vladimir Putin")
    )
    conn.close()
    curation.merge(db_path, putin, erdogan)
    assert speaker_of(db_path, "both sides had to withdraw heavy weapons") == "Recep Tayyip Erdogan"
    curation.undo(db_path)
    assert speaker_of(db_path, "both sides had to withdraw heavy weapons") == "Vladimir Putin"
    # "Erdogan said" is credited to the mention of the name in full before it: splitting the
    # full name off the actor takes the statement with it.
    new_id = curation.split(db_path, erdogan, "Recep Tayyip Erdogan")
    moved = [row for row in rows(db_path) if row[0] == new_id]
    assert [row[4] for row in moved] == ["the ceasefire must hold"]
    db = open_for_writing(db_path)
    try:
        run_resolution(db)
    finally:
        db.close()
    stored = rows(db_path)
    assert all(entity == mention_entity for entity, *_, mention_entity in stored)
    assert [row[0] for row in stored if row[4] == "the ceasefire must hold"] == [new_id]


# --------------------------------------------------------------------------- the one-liner


def test_statements_command_prints_tsv_and_json(db_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["statements", "Putin", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "id", "document_id", "document_title", "date", "cue", "kind", "content", "sentence",
    ]  # fmt: skip
    assert lines[1].split("\t")[4:7] == [
        "said",
        "indirect",
        "both sides had to withdraw heavy weapons",
    ]
    as_json = json.loads(
        runner.invoke(main, ["statements", "Lindqvist", "--json", "--db", str(db_path)]).stdout
    )
    assert as_json["entity"]["name"] == "Sara Lindqvist" and as_json["total"] == 2
    first = as_json["statements"][0]
    start, end = first["sentence_offsets"]
    assert first["sentence"][start:end] == first["content"] == "the coalition was stable"
    limited = runner.invoke(main, ["statements", "Lindqvist", "--limit", "1", "--json", "--db",
                                   str(db_path)])  # fmt: skip
    assert len(json.loads(limited.stdout)["statements"]) == 1


def test_statements_command_exit_statuses(db_path: Path, tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(main, ["statements", "Nobody Atall", "--db", str(db_path)])
    assert missing.exit_code == 1 and "no actor matches" in missing.stderr
    quiet = runner.invoke(main, ["statements", "Ed Damazin", "--db", str(db_path)])
    assert quiet.exit_code == 1 and "no statements" in quiet.stderr


def test_statements_command_says_when_the_documents_predate_statements(
    db_path: Path, tmp_path: Path
):
    """An upgraded database has the table but no statements: say how to find them."""
    import shutil
    import sqlite3

    copy = tmp_path / "upgraded.db"
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("DELETE FROM statements")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(main, ["statements", "Putin", "--db", str(copy)])
    assert result.exit_code == 1 and "ingest --reparse" in result.stderr


@pytest.mark.slow
def test_worker_processes_store_the_same_statements(db_path: Path, tmp_path: Path):
    """The statements travel through the codec to ``--workers`` processes and back."""
    corpus = tmp_path / "cases.jsonl"
    other = tmp_path / "workers.db"
    assert ingest([corpus], other, IngestOptions(workers=2)).failed == 0

    def described(path: Path) -> list[tuple]:
        return sorted(
            (name or "", cue, kind, content) for _, name, cue, kind, content, _ in rows(path)
        )

    assert described(other) == described(db_path)


@pytest.mark.parametrize("cores", [2, 1])
def test_the_writer_process_finds_the_statements_this_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
):
    """Beside NER, the writer process parses the speech sentences and finds the statements:
    the same ones, on the same speakers, as the NLP process finds them itself (on one core,
    the NLP process finds them and the writer only stores)."""
    import explorer.pipeline.ingest as ingest_module
    from explorer.pipeline import writer

    monkeypatch.setattr(ingest_module, "_cores", lambda: cores)

    corpus = tmp_path / "all.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for case in CASES:
            out.write(json.dumps({"id": case["id"], "text": case["text"]}) + "\n")
    here, there = tmp_path / "here.db", tmp_path / "there.db"
    monkeypatch.setattr(writer, "MIN_BYTES", 10**12)
    assert ingest([corpus], here, IngestOptions()).failed == 0
    monkeypatch.setattr(writer, "MIN_BYTES", 0)
    assert ingest([corpus], there, IngestOptions()).failed == 0
    found = rows(there)
    assert len(found) >= len(CASES) and any(name for _, name, *_ in found)
    assert [row[1:5] for row in found] == [row[1:5] for row in rows(here)]


def test_a_text_parsed_in_pieces_and_finished_later_is_the_same():
    """A long text parsed in pieces: each piece is cleaned and read on its own later, as it was
    parsed, into the same sentences, entities and statements."""
    from explorer.nlp import finish_deferred, load_speech_model
    from explorer.pipeline.parsing import IngestOptions as Options
    from explorer.pipeline.parsing import local_parser, parse_in_pieces

    text = "\n\n".join(case["text"] for case in CASES[:12])
    limit = 600
    now = parse_in_pieces(local_parser(Options()), limit)
    later = parse_in_pieces(local_parser(Options(defer=True)), limit)
    [(expected, _)] = list(now(iter([(text, 1)])))
    [(deferred, _)] = list(later(iter([(text, 1)])))
    assert deferred.deferred is not None and len(deferred.deferred.pieces) > 3
    assert deferred.entities == () and unpack(pack(deferred)) == deferred
    [found] = finish_deferred([(text, deferred)], parser=load_speech_model())
    assert len(expected.statements) >= 12
    assert found == expected
