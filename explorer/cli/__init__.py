"""The ``libya-explore`` command line: the group, and where each command lives.

Every command is defined in its own module and imported only when it runs (or ``--help`` lists
them all): click's lazy-group pattern, with ``"module:attr"`` import strings. So
``libya-explore search`` and friends start about as fast as Python does, and
``libya-explore explore`` does not pay for the query and curation code. What the commands share
(``--db``, ``--json``, errors, exit statuses, safe output) is :mod:`explorer.cli.output`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from explorer.cli.output import db_option

SEEDS_DIR = Path("seeds")

#: Each command's ``"module:attr"``: imported on first use.
LAZY_COMMANDS: dict[str, str] = {
    "ingest": "explorer.cli.ingest:ingest_command",
    "resolve": "explorer.cli.ingest:resolve_command",
    "upgrade": "explorer.cli.ingest:upgrade_command",
    "explore": "explorer.cli.explore:explore_command",
    "search": "explorer.cli.query:search_command",
    "mentions": "explorer.cli.query:mentions_command",
    "context": "explorer.cli.query:context_command",
    "cooccur": "explorer.cli.query:cooccur_command",
    "stats": "explorer.cli.query:stats_command",
    "timeline": "explorer.cli.timeline:timeline_command",
    "statements": "explorer.cli.query:statements_command",
    "entities": "explorer.cli.curate:entities_command",
    "merge": "explorer.cli.curate:merge_command",
    "split": "explorer.cli.curate:split_command",
    "split-documents": "explorer.cli.curate:split_documents_command",
    "rename": "explorer.cli.curate:rename_command",
    "set-type": "explorer.cli.curate:set_type_command",
    "export-actors": "explorer.cli.curate:export_actors_command",
    "export": "explorer.cli.export:export_command",
    "serve": "explorer.cli.web:serve_command",
    "datasette": "explorer.cli.web:datasette_command",
    "history": "explorer.cli.curate:history_command",
    "undo": "explorer.cli.curate:undo_command",
    "review": "explorer.cli.review:review_command",
    "accept": "explorer.cli.review:accept_command",
}


def load_command(import_string: str) -> click.Command:
    """The command object a ``"module:attr"`` string names."""
    module_name, attribute = import_string.split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{import_string} is not a click command")
    return command


class LazyGroup(click.Group):
    """A group whose commands are imported from ``lazy_subcommands`` when first needed
    (click's documented lazy-loading pattern)."""

    def __init__(self, *args: Any, lazy_subcommands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_subcommands:
            return load_command(self.lazy_subcommands[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy_subcommands=LAZY_COMMANDS, invoke_without_command=True)
@db_option
@click.version_option(package_name="libya-explore")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Explore the actors in news coverage: who is mentioned, where, with whom, in which sentence.

    Without a command: ingest seeds/ into the database when it is missing or holds the seed
    articles (so that edits to seeds/ show), then open the explorer; a database of another corpus
    is opened as it is.
    """
    if ctx.invoked_subcommand is not None:
        return
    from explorer.cli.explore import explore_command
    from explorer.cli.ingest import run_ingest, summary_line
    from explorer.pipeline.parsing import IngestOptions
    from explorer.store.connect import resolve_db_path

    path = resolve_db_path(db_path)
    if SEEDS_DIR.is_dir() and _wants_seeds(path):
        summary = run_ingest(
            (SEEDS_DIR,), path, IngestOptions(), quiet=True, nothing_ok=path.exists()
        )
        if summary is not None and (summary.changed or summary.failed):
            click.echo(summary_line(summary, path), err=True)
    ctx.invoke(explore_command, db_path=path)


def _wants_seeds(path: Path) -> bool:
    """The main job keeps the seed articles current in a database that is new or already holds
    them; it never adds them to a database of another corpus. A database that cannot be read is
    left to the ingest, which reports it in one line (as before)."""
    if not path.exists():
        return True
    import sqlite3

    from explorer.store.connect import DatabaseProblem, open_any_version_for_reading
    from explorer.store.queries import holds_documents_under

    try:
        conn = open_any_version_for_reading(path)
    except DatabaseProblem:
        return True
    try:
        return holds_documents_under(conn, str(SEEDS_DIR.resolve()))
    except sqlite3.Error:  # no documents table yet: a database ingest has only begun
        return True
    finally:
        conn.close()
