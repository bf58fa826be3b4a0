"""What every command shares: ``--db`` and ``--json``, opening the database, exit statuses,
one-line errors, and untrusted text shown safely (rich tables on a terminal, plain rows piped).

Start-up cost matters over SSH: this module imports only click, the foundation and the store's
connection code; rich is imported inside the terminal renderers.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from explorer.errors import UserError
from explorer.safetext import one_line, visible
from explorer.store.connect import DatabaseProblem, open_for_reading, resolve_db_path

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.text import Text

    from explorer.store import queries

#: Exit statuses shared by every command.
EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2

# --------------------------------------------------------------------------- options


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


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
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


def json_option(help: str = "Print JSON (keys: README).") -> Callable[..., Any]:
    """``--json``: the command prints JSON (:func:`explorer.safetext.dumps`), not a table or rows."""
    return click.option("--json", "as_json", is_flag=True, help=help)


JSON_OPTION = json_option()


def output_mode(as_json: bool) -> str:
    """``json``, ``rich`` (a terminal) or ``plain`` (piped: tab-separated rows)."""
    if as_json:
        return "json"
    return "rich" if sys.stdout.isatty() else "plain"


# --------------------------------------------------------------------------- running a command


def fail(message: str, status: int = EXIT_USAGE) -> NoReturn:
    """Print one line to stderr and exit: the way every user-facing error ends."""
    click.echo(f"error: {one_line(message)}", err=True)
    sys.exit(status)


def one_liner(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command body that returns an exit status; a closed pipe (``| head``) ends quietly."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            status = func(*args, **kwargs)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (e.g. `| head -1`): it had what it wanted.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            status = EXIT_OK
        except KeyboardInterrupt:
            status = 130
        sys.exit(status)

    return wrapper


def database_path(db_path: Path | None) -> Path:
    """The database a command works on: its ``--db`` (or the group's), else the default."""
    root = click.get_current_context().find_root()
    return resolve_db_path(db_path or root.params.get("db_path"))


@contextlib.contextmanager
def reading(db_path: Path | None) -> Iterator[sqlite3.Connection]:
    """A read-only connection, or a one-line error and exit status 2."""
    path = database_path(db_path)
    try:
        conn = open_for_reading(path)
    except DatabaseProblem as exc:
        fail(str(exc))
    try:
        yield conn
    except sqlite3.Error as exc:
        fail(f"{path}: cannot read the database ({exc})")
    finally:
        conn.close()


@contextlib.contextmanager
def user_errors(path: Path) -> Iterator[None]:
    """Problems a user can act on end the command with one line and exit status 2: an unusable
    database, a bad request (:class:`~explorer.errors.UserError`), an SQLite error."""
    try:
        yield
    except (DatabaseProblem, UserError) as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        fail(f"{path}: SQLite error ({exc}); nothing was changed")


def checked_type(conn: sqlite3.Connection, entity_type: str | None) -> str | None:
    """``--type`` upper-cased, or exit 2 naming the types this database has."""
    from explorer.store.queries import entity_types

    if entity_type is None:
        return None
    wanted = entity_type.strip().upper()
    types = sorted(t for t, _n in entity_types(conn))
    if wanted not in types:
        have = ", ".join(visible(t) for t in types) or "none"
        fail(f"unknown type {visible(entity_type)!r}; this database has: {have}", EXIT_USAGE)
    return wanted


# --------------------------------------------------------------------------- printing


def note(message: str) -> None:
    """A line for the person at the terminal (stderr), never mixed into piped data."""
    click.echo(message, err=True)


def echo_rows(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Tab-separated lines, a header first; every cell made visible and single-line."""
    click.echo("\t".join(header))
    for row in rows:
        click.echo("\t".join(visible("" if cell is None else str(cell)) for cell in row))


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def text(value: object, style: str = "") -> Text:
    """A rich ``Text`` (never markup) of an untrusted value."""
    from rich.text import Text

    return Text(visible("" if value is None else str(value)), style=style)


def highlighted(sentence: str, start: int, end: int, style: str = "bold reverse") -> Text:
    """The sentence with ``sentence[start:end]`` styled; each part escaped separately."""
    from rich.text import Text

    start, end = max(0, start), min(len(sentence), end)
    result = Text(visible(sentence[:start]))
    result.append(visible(sentence[start:end]), style=style)
    result.append(visible(sentence[end:]))
    return result


def entity_label(entity: queries.Entity) -> str:
    return f"{visible(entity.name)} ({visible(entity.type)}, id {entity.id})"
