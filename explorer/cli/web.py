"""The browser's ways in: ``libya-explore serve`` (the explorer in a browser, via textual-serve)
and ``libya-explore datasette`` (datasette with the package's plugin).

Both check the database first, as every command does (one line and exit status 2 when it cannot
be used), and import their servers only when they run, so the other commands never pay for them.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

import click

from explorer.cli.output import EXIT_USAGE, database_path, db_option, fail, note
from explorer.safetext import one_line
from explorer.store.connect import DatabaseProblem, open_for_reading

DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATASETTE_PORT = "127.0.0.1", 8000, 8001


def checked_database(path: Path) -> Path:
    """``path`` when it is a usable, current libya-explore database; else one line, exit 2."""
    try:
        open_for_reading(path).close()
    except DatabaseProblem as exc:
        fail(str(exc))
    return path


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` names is on this machine only (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def warn_if_exposed(host: str, what: str) -> None:
    if not is_loopback(host):
        note(
            f"warning: {what} listens on {one_line(host)}: anyone who can reach this address "
            "can use it; there is no authentication (the default, 127.0.0.1, is this machine only)"
        )


def default_public_url(host: str, port: int) -> str:
    """The address browsers are sent to: ``host``, or this machine's name for a wildcard."""
    shown = host
    try:
        address = ipaddress.ip_address(host)
        if address.is_unspecified:
            shown = socket.gethostname()
        elif address.version == 6:
            shown = f"[{host}]"
    except ValueError:
        pass
    return f"http://{shown}:{port}"


# --------------------------------------------------------------------------- serve


def explorer_command(path: Path) -> str:
    """The shell command textual-serve starts for each browser tab: this Python, this package."""
    return shlex.join([sys.executable, "-m", "explorer", "explore", "--db", str(path.absolute())])


@click.command("serve")
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The address browsers use to reach this server (behind a proxy, or with --host "
    "0.0.0.0); default http://HOST:PORT.",
)
def serve_command(db_path: Path | None, host: str, port: int, public_url: str | None) -> None:
    """Serve the explorer in a web browser (textual-serve): one app per browser tab.

    Loopback only by default; with another --host, anyone who reaches the address can use it
    (there is no authentication).
    """
    path = checked_database(database_path(db_path))
    try:
        from explorer.web.textual_server import ExplorerServer
    except ImportError:
        fail("textual-serve is not installed; pip install -e . installs it")
    warn_if_exposed(host, "the explorer")
    server = ExplorerServer(
        explorer_command(path),
        host=host,
        port=port,
        title=f"libya-explore: {path.name}",
        public_url=public_url or default_public_url(host, port),
    )
    try:
        server.serve()
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")


# --------------------------------------------------------------------------- datasette


@click.command("datasette")
@click.argument("database", required=False, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_DATASETTE_PORT, show_default=True
)
@click.argument("datasette_args", nargs=-1, type=click.UNPROCESSED, metavar="[-- DATASETTE ARGS]")
def datasette_command(
    database: Path | None,
    db_path: Path | None,
    host: str,
    port: int,
    datasette_args: tuple[str, ...],
) -> None:
    """Browse the database with datasette and the libya-explore plugin (search actors by any
    spelling, every mention of an actor page by page, ids as links). Arguments after `--` go
    to `datasette serve` (e.g. `-- --open`)."""
    if database is not None and str(database).startswith("-"):  # `datasette -- --open`
        datasette_args, database = (str(database), *datasette_args), None
    path = checked_database(database or database_path(db_path))
    try:
        import datasette  # noqa: F401  (only whether it is there)
    except ImportError:
        fail("datasette is not installed; pip install -e '.[datasette]'")
    warn_if_exposed(host, "datasette")
    argv = [sys.executable, "-m", "datasette", "serve", str(path), "--host", host]
    argv += ["--port", str(port), *datasette_args]
    sys.stdout.flush()
    try:
        os.execv(sys.executable, argv)
    except OSError as exc:
        fail(f"cannot start datasette ({exc.strerror})", EXIT_USAGE)
