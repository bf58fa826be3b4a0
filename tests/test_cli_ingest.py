"""The ingest command as a user runs it: exit statuses, summary, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from explorer.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_ingest_command_summary_and_exit_zero(corpus: Path, fresh_db_path: Path):
    result = run("ingest", str(corpus), "--db", str(fresh_db_path))
    assert result.exit_code == 0, result.output
    assert "4 added" in result.output and "0 failed" in result.output


def test_ingest_exit_one_when_a_file_failed(tmp_path: Path, fresh_db_path: Path):
    (tmp_path / "ok.txt").write_text("Fine\n\nThe council met in Denver.")
    (tmp_path / "bad.jsonl").write_text("{not json}\n")
    result = run("ingest", str(tmp_path), "--db", str(fresh_db_path))
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output
    assert "Traceback" not in result.output


def test_ingest_usage_error_exit_two(fresh_db_path: Path):
    result = run("ingest", "--db", str(fresh_db_path))
    assert result.exit_code == 2


def test_unusable_database_exit_two(corpus: Path, tmp_path: Path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    result = run("ingest", str(corpus), "--db", str(junk))
    assert result.exit_code == 2
    assert "junk.db" in result.output and "not a SQLite database" in result.output


def test_db_from_environment(corpus: Path, fresh_db_path: Path):
    result = CliRunner().invoke(
        main, ["ingest", str(corpus)], env={"LIBYA_EXPLORE_DB": str(fresh_db_path)}
    )
    assert result.exit_code == 0, result.output
    assert fresh_db_path.exists()


def test_main_job_ingests_seeds_then_opens_the_explorer(tmp_path: Path, monkeypatch):
    """`libya-explore` with no command: seeds/ into the database when needed, then explore."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("Port talks\n\nOfficials from Malta met in Valletta.")
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(
        "explorer.cli.explore.explore_command.callback", lambda db_path: opened.append(db_path)
    )
    db = tmp_path / "db" / "libya.db"
    result = CliRunner().invoke(main, ["--db", str(db)])
    assert result.exit_code == 0, result.output
    assert db.exists() and opened == [db]
    again = CliRunner().invoke(main, ["--db", str(db)])
    assert again.exit_code == 0 and "added" not in again.output and len(opened) == 2


def test_main_job_leaves_a_database_of_another_corpus_as_it_is(
    corpus: Path, tmp_path: Path, monkeypatch
):
    """`libya-explore --db other.db` opens another corpus without adding the seed articles."""
    other = tmp_path / "other.db"
    assert run("ingest", str(corpus), "--db", str(other)).exit_code == 0
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("Port talks\n\nOfficials from Malta met in Valletta.")
    monkeypatch.chdir(tmp_path)
    opened = []
    monkeypatch.setattr(
        "explorer.cli.explore.explore_command.callback", lambda db_path: opened.append(db_path)
    )
    before = json.loads(run("stats", "--db", str(other), "--json").output)["documents"]
    result = CliRunner().invoke(main, ["--db", str(other)])
    assert result.exit_code == 0, result.output
    assert opened == [other]
    assert json.loads(run("stats", "--db", str(other), "--json").output)["documents"] == before


def test_main_job_refreshes_the_seeds_it_already_holds(tmp_path: Path, monkeypatch):
    """An edited seed article reaches a database that holds the seeds."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_text("Port talks\n\nOfficials from Malta met in Valletta.")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("explorer.cli.explore.explore_command.callback", lambda db_path: None)
    db = tmp_path / "db" / "libya.db"
    assert CliRunner().invoke(main, ["--db", str(db)]).exit_code == 0
    (seeds / "two.txt").write_text("Rail talks\n\nOfficials from Tunisia met in Sfax.")
    assert CliRunner().invoke(main, ["--db", str(db)]).exit_code == 0
    assert json.loads(run("stats", "--db", str(db), "--json").output)["documents"] == 2


def test_upgrade_migrates_an_older_database(corpus: Path, fresh_db_path: Path):
    import sqlite3

    from explorer.store.schema import SCHEMA_VERSION

    assert run("ingest", str(corpus), "--db", str(fresh_db_path)).exit_code == 0
    conn = sqlite3.connect(fresh_db_path)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name != 'm001_initial'")
    for view in ("mention_context", "cooccurrence", "actor_documents"):
        conn.execute(f"DROP VIEW {view}")
    conn.execute("DROP TABLE documents_fts")
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.commit()
    conn.close()
    stale = CliRunner().invoke(main, ["stats", "--db", str(fresh_db_path)])
    assert stale.exit_code == 2 and "libya-explore upgrade" in stale.output
    result = run("upgrade", "--db", str(fresh_db_path))
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["stats", "--db", str(fresh_db_path)]).exit_code == 0
    conn = sqlite3.connect(fresh_db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM mention_context").fetchone()[0] > 0


def test_group_db_option_reaches_every_command(corpus: Path, fresh_db_path: Path, tmp_path: Path):
    """`libya-explore --db X CMD` uses X; the command's own --db wins; then the environment."""
    assert run("--db", str(fresh_db_path), "ingest", str(corpus)).exit_code == 0
    assert fresh_db_path.exists()
    env = {"LIBYA_EXPLORE_DB": str(tmp_path / "elsewhere.db")}
    stats = CliRunner().invoke(main, ["--db", str(fresh_db_path), "stats", "--json"], env=env)
    assert stats.exit_code == 0, stats.output
    own = CliRunner().invoke(
        main, ["--db", str(tmp_path / "nope.db"), "stats", "--db", str(fresh_db_path)]
    )
    assert own.exit_code == 0, own.output


def test_sqlite_error_while_writing_is_one_line(corpus: Path, fresh_db_path: Path, monkeypatch):
    import sqlite3

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("explorer.store.documents.store_document", broken)
    monkeypatch.setattr("explorer.store.documents.store_documents", broken)  # batched writes
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(fresh_db_path)])
    assert result.exit_code == 2
    assert "disk I/O error" in result.output and "run the same command again" in result.output
    assert "Traceback" not in result.output
