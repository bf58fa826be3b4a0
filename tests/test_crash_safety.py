"""kill -9 at several points of an ingest: nothing half-written, and a re-run finishes the job."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reliability_support import (
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
