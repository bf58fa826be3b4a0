"""``libya-explore export``: the database into spreadsheets, Gephi and FollowTheMoney tools.

::

    libya-explore export entities|mentions|cooccurrence|statements [ACTOR] [--format csv|json|jsonl] [-o FILE]
    libya-explore export graph [--format graphml|gexf] [-o FILE]
    libya-explore export ftm [-o FILE]

The work is :mod:`explorer.pipeline.export` (the explorer's export key calls it too). ACTOR is
an id or a name, picked as ``libya-explore mentions`` picks it (said on stderr). The format
defaults to the output file's suffix, else CSV (GraphML for graphs). A file is written whole or
not at all (a temporary file renamed into place). Exit status: 0 when rows were written, 1 when
nothing matched, 2 for usage errors, an unusable database or a file that cannot be written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from explorer.cli.output import (
    EXIT_NOTHING,
    EXIT_OK,
    checked_type,
    database_path,
    db_option,
    fail,
    note,
    one_liner,
    reading,
    user_errors,
)
from explorer.safetext import one_line, visible

ROW_FORMATS = ("csv", "json", "jsonl")
GRAPH_FORMATS = ("graphml", "gexf")

output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (whole or not at all) instead of standard output.",
)


def chosen_format(fmt: str | None, output: Path | None, choices: tuple[str, ...]) -> str:
    """``--format``, else the output file's suffix when it is one of ``choices``, else the first."""
    if fmt:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in choices else choices[0]


@contextlib.contextmanager
def destination(output: Path | None, binary: bool = False) -> Iterator[IO[Any]]:
    """Standard output, or ``output`` through a temporary file renamed into place at the end."""
    if output is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    partial = output.with_name(output.name + ".partial")
    try:
        handle: IO[Any] = (
            partial.open("wb") if binary else partial.open("w", encoding="utf-8", newline="")
        )
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
    try:
        with handle:
            yield handle
        os.replace(partial, output)
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
    finally:
        partial.unlink(missing_ok=True)


def actor_id(conn: sqlite3.Connection, actor: str | None) -> int | None:
    """The entity ACTOR names (said on stderr), None for all; exit 1 when nothing matches."""
    from explorer.cli.query import describe_pick, pick_or_none

    if actor is None:
        return None
    pick = pick_or_none(conn, actor)
    if pick is None:
        note(f"no actor matches {visible(actor)!r}")
        sys.exit(EXIT_NOTHING)
    note(describe_pick(actor, pick))
    return pick.entity.id


def where(output: Path | None) -> str:
    return f" to {one_line(str(output))}" if output else ""


# --------------------------------------------------------------------------- the group


@click.group("export")
def export_command() -> None:
    """Export actors, mentions, co-occurrences or statements (CSV, JSON, JSON Lines), the
    co-occurrence network (GraphML, GEXF for Gephi) or FollowTheMoney entities (Aleph)."""


def row_command(
    name: str, what: str, export: Callable[..., int], *, with_type: bool = False
) -> click.Command:
    """A ``export NAME [ACTOR]`` subcommand writing rows through ``export(conn, id, fmt, out)``."""

    @click.argument("actor", required=False)
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(ROW_FORMATS),
        default=None,
        help="Default: the -o file's suffix, else csv.",
    )
    @output_option
    @click.option(
        "--raw",
        is_flag=True,
        help="CSV: write cells starting with = + - @ as they are (by default they get a "
        "leading ' so spreadsheets do not run them as formulas).",
    )
    @db_option
    @one_liner
    def command(
        actor: str | None,
        fmt: str | None,
        output: Path | None,
        raw: bool,
        db_path: Path | None,
        entity_type: str | None = None,
    ) -> int:
        chosen = chosen_format(fmt, output, ROW_FORMATS)
        to_terminal = output is None and sys.stdout.isatty()
        options: dict[str, Any] = {
            "spreadsheet_safe": not raw,
            "cell": visible if to_terminal else None,
        }
        with reading(db_path) as conn, user_errors(database_path(db_path)):
            entity = actor_id(conn, actor)
            if with_type:
                options["entity_type"] = checked_type(conn, entity_type)
            with destination(output) as out:
                written = export(conn, entity, chosen, out, **options)
        note(f"wrote {written} {what}{where(output)}")
        return EXIT_OK if written else EXIT_NOTHING

    if with_type:
        command = click.option(
            "--type", "entity_type", metavar="TYPE", help="Only this type (PERSON, ORG, GPE…)."
        )(command)
    command.__doc__ = f"Export {what} (ACTOR: an id or a name; all when left out)."
    return click.command(name)(command)


def _export(name: str) -> Callable[..., int]:
    """The service function, imported when the command runs (not when the CLI starts)."""

    def run(*args: Any, **kwargs: Any) -> int:
        from explorer.pipeline import export

        result: int = getattr(export, name)(*args, **kwargs)
        return result

    return run


export_command.add_command(
    row_command("entities", "entities", _export("export_entities"), with_type=True)
)
export_command.add_command(row_command("mentions", "mentions", _export("export_mentions")))
export_command.add_command(
    row_command("cooccurrence", "co-occurring pairs", _export("export_cooccurrence"))
)
export_command.add_command(row_command("statements", "statements", _export("export_statements")))


@export_command.command("graph")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(GRAPH_FORMATS),
    default=None,
    help="Default: the -o file's suffix, else graphml.",
)
@output_option
@db_option
@one_liner
def graph_command(fmt: str | None, output: Path | None, db_path: Path | None) -> int:
    """Export the co-occurrence network (nodes: actors; edges weighted by shared sentences)."""
    from explorer.pipeline.export import export_graph

    chosen = chosen_format(fmt, output, GRAPH_FORMATS)
    if output is None and sys.stdout.isatty():
        fail(f"a {chosen} graph is for a file: give -o FILE.{chosen} (or pipe it)")
    with (
        reading(db_path) as conn,
        user_errors(database_path(db_path)),
        destination(output, binary=True) as out,
    ):
        size = export_graph(conn, chosen, out)
    note(f"wrote {size.nodes} actors and {size.edges} co-occurring pairs{where(output)}")
    return EXIT_OK if size.nodes else EXIT_NOTHING


@export_command.command("ftm")
@output_option
@db_option
@one_liner
def ftm_command(output: Path | None, db_path: Path | None) -> int:
    """Export FollowTheMoney entities (JSON Lines) for Aleph, OpenAleph and the ftm tools."""
    try:
        import followthemoney  # noqa: F401  (only whether it is there)

        from explorer.pipeline.export import export_ftm
    except ImportError:
        fail("followthemoney is not installed; pip install -e '.[ftm]'")
    with (
        reading(db_path) as conn,
        user_errors(database_path(db_path)),
        destination(output) as out,
    ):
        counts = export_ftm(conn, out)
    skipped = f" ({counts.skipped} NORP actors have no FtM schema)" if counts.skipped else ""
    note(
        f"wrote {counts.entities} actors, {counts.documents} articles and {counts.links} "
        f"mention links{where(output)}{skipped}"
    )
    return EXIT_OK if counts.entities or counts.documents else EXIT_NOTHING
