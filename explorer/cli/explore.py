"""``libya-explore explore``: the full-screen explorer over an existing database."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from explorer.cli.output import database_path, db_option, fail
from explorer.store.connect import DatabaseProblem, open_for_reading


@click.command("explore")
@db_option
def explore_command(db_path: Path | None) -> None:
    """Open the explorer (a full-screen terminal app) over the database."""
    path = database_path(db_path)
    try:
        conn = open_for_reading(path)
    except DatabaseProblem as exc:
        fail(str(exc))
    if getattr(conn, "notice", None):
        click.echo(f"note: {conn.notice}", err=True)
    gc.disable()  # for the start-up only: the app resumes the collector after its first frame
    try:
        from explorer.tui.app import run_app
    finally:
        if "explorer.tui.app" not in sys.modules:
            gc.enable()  # the import failed: nothing will resume it
    try:
        code = run_app(path, conn)  # the app's workers reuse the checked connection
    finally:
        gc.enable()  # run_app resumes it on every path; this covers an exception before that
    sys.exit(code)
