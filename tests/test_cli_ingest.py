"""The ingest command as a user runs it: exit statuses, summary, one-line errors."""

from __future__ import annotations

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
