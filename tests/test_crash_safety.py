"""kill -9 at several points of an ingest: nothing half-written, and a re-run finishes the job."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reliability_support import (
    ORGS,
    PEOPLE,
    PLACES,
    canonical_dump,
    check_consistency,
    cli_command,
    document_contents,
    start_ingest,
    visible_documents,
    wait_for,
    write_many,
)

from explorer.pipeline.ingest import IngestOptions, ingest

N_DOCS = 40


@pytest.mark.slow
def test_sigkill_at_several_points_then_rerun_equals_uninterrupted_ingest(tmp_path: Path):
    corpus = write_many(tmp_path / "corpus", N_DOCS)
    reference = tmp_path / "reference.db"
    assert ingest([corpus], reference, IngestOptions()).added == N_DOCS
    expected = canonical_dump(reference)
    expected_docs = expected["contents"]

    db = tmp_path / "killed.db"
    # Kill points: as soon as the database file appears (schema being created), after some
    # documents, after most of them, and once all are stored (resolution about to run or running).
    seen_at_kill = []
    for threshold in (None, 3, N_DOCS // 2, N_DOCS):
        proc = start_ingest(corpus, db, "--batch-size", "1")
        if threshold is None:
            wait_for(lambda p=proc: db.exists() or p.poll() is not None, every=0.001)
        else:
            wait_for(lambda p=proc, t=threshold: visible_documents(db) >= t or p.poll() is not None)
        proc.kill()
        proc.wait(timeout=30)
        seen_at_kill.append(visible_documents(db))
        print("kill", threshold, "->", seen_at_kill[-1])
        check_consistency(db)
        stored = document_contents(db)
        for path, content in stored.items():
            assert content == expected_docs[path], f"{path} differs from an uninterrupted ingest"

    assert any(0 <= n < N_DOCS for n in seen_at_kill), f"no kill landed mid-ingest: {seen_at_kill}"
    finished = subprocess.run(
        cli_command("ingest", str(corpus), "--db", str(db), "-q"), capture_output=True, text=True
    )
    assert finished.returncode == 0, finished.stderr
    check_consistency(db)
    assert canonical_dump(db) == expected


# A writer of pre-parsed documents (the names of write_many's corpus found by string search, one
# sentence per line): no spaCy, so a kill can be placed inside a batch's open transaction.
BATCH_WRITER = """
import sys, time
from pathlib import Path
from explorer.normalize import matching_key
from explorer.parsed import ParsedText, Span
from explorer.readers.articles import Article
from explorer.store.connect import open_for_writing
from explorer.store.documents import store_documents

corpus, db_path, hang_in_batch, names = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
labels = dict(name.split("=", 1) for name in names)

def parsed(text):
    sentences, start = [], 0
    for line in text.split("\\n"):
        if line:
            sentences.append(Span(start, start + len(line)))
        start += len(line) + 1
    entities = []
    for name, label in labels.items():
        at = text.find(name)
        while at >= 0:
            entities.append(Span(at, at + len(name), label))
            at = text.find(name, at + len(name))
    return ParsedText(tuple(sentences), tuple(sorted(entities)))

db = open_for_writing(db_path)
stored = {row[0] for row in db.execute("SELECT path FROM documents")}
docs = []
for path in sorted(corpus.iterdir()):
    text = path.read_text()
    if str(path) not in stored:
        docs.append((Article(str(path), str(path), text, path.stem), parsed(text), len(text.split())))

def hanging(items, after):
    for i, item in enumerate(items):
        if i == after:
            Path(db_path + ".hanging").write_text("now")
            time.sleep(120)
        yield item

for number, first in enumerate(range(0, len(docs), 5)):
    batch = docs[first:first + 5]
    store_documents(db, hanging(batch, 3) if number == hang_in_batch else batch, matching_key)
db.close()
"""


@pytest.mark.slow
def test_sigkill_inside_a_batch_loses_that_batch_only_and_a_rerun_completes_it(tmp_path: Path):
    corpus = write_many(tmp_path / "corpus", 17, sentences=4)
    labels = [f"{n}=PERSON" for n in PEOPLE] + [f"{n}=GPE" for n in PLACES]
    labels += [f"{n}=ORG" for n in ORGS]

    def writer(db: Path, hang_in_batch: int) -> list[str]:
        return [sys.executable, "-c", BATCH_WRITER, str(corpus), str(db), str(hang_in_batch)]

    reference = tmp_path / "reference.db"
    subprocess.run([*writer(reference, -1), *labels], check=True)
    expected = document_contents(reference)
    assert len(expected) == 17
    check_consistency(reference)

    db = tmp_path / "killed.db"
    proc = subprocess.Popen([*writer(db, 1), *labels])  # hangs after 3 documents of batch 2
    marker = Path(f"{db}.hanging")
    assert wait_for(lambda: marker.exists() or proc.poll() is not None)
    assert proc.poll() is None, "the writer ended before the kill"
    proc.kill()
    proc.wait(timeout=30)
    check_consistency(db)
    first_batch = sorted(expected)[:5]
    assert document_contents(db) == {path: expected[path] for path in first_batch}, (
        "the first batch is whole and nothing of the batch being written is visible"
    )
    subprocess.run([*writer(db, -1), *labels], check=True)
    check_consistency(db)
    assert document_contents(db) == expected
