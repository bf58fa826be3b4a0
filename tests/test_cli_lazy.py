"""Commands in their own modules load on first use, yet `--help` and every command still work."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from explorer.cli import LAZY_COMMANDS, main

COMMAND_MODULES = (
    "explorer.cli.query",
    "explorer.cli.timeline",
    "explorer.cli.curate",
    "explorer.cli.ingest",
    "explorer.cli.explore",
    "explorer.cli.export",
    "explorer.cli.web",
)


def _fresh_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_each_import_string_names_the_command_it_is_registered_as():
    with click.Context(main) as ctx:
        for name, import_string in LAZY_COMMANDS.items():
            command = main.get_command(ctx, name)
            assert command is not None and command.name == name
            assert command.callback is not None
            assert command.callback.__module__ == import_string.split(":")[0]


def test_importing_the_cli_leaves_the_command_modules_unloaded():
    loaded = _fresh_python(
        "import sys, explorer.cli; "
        f"print(sorted(m for m in {COMMAND_MODULES!r} if m in sys.modules))"
    )
    assert loaded == "[]"


def test_running_one_command_imports_only_its_module():
    loaded = _fresh_python(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from explorer.cli import main\n"
        "CliRunner().invoke(main, ['search', '--help'])\n"
        f"print(sorted(m for m in {COMMAND_MODULES!r} if m in sys.modules))"
    )
    assert loaded == "['explorer.cli.query']"


def test_the_browser_graph_and_ftm_libraries_load_only_for_their_commands():
    """textual-serve (aiohttp), networkx and followthemoney: imported by serve and export only."""
    loaded = _fresh_python(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from explorer.cli import main\n"
        "for command in ('search', 'export', 'serve', 'datasette'):\n"
        "    CliRunner().invoke(main, [command, '--help'])\n"
        "heavy = ('textual_serve', 'aiohttp', 'networkx', 'followthemoney', 'datasette')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert loaded == "[]"


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line]
    assert listed == sorted(LAZY_COMMANDS)


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output
