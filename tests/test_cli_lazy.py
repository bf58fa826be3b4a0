"""Commands in their own modules load on first use, yet `--help` and every command still work."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from explorer.cli import LAZY_COMMANDS, main


def _fresh_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_the_lazy_command_map_names_each_command_where_it_is_defined():
    CliRunner().invoke(main, ["--help"])  # imports every command module
    defined = {
        name: command.callback.__module__
        for name, command in main.commands.items()
        if command.callback is not None and command.callback.__module__ != "explorer.cli"
    }
    assert defined == LAZY_COMMANDS


def test_importing_the_cli_leaves_the_command_modules_unloaded():
    loaded = _fresh_python(
        "import sys, explorer.cli; "
        "print(sorted(m for m in ('explorer.cli_query', 'explorer.cli_curate') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_running_one_command_imports_only_its_module():
    loaded = _fresh_python(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from explorer.cli import main\n"
        "CliRunner().invoke(main, ['search', '--help'])\n"
        "print('explorer.cli_query' in sys.modules, 'explorer.cli_curate' in sys.modules)"
    )
    assert loaded == "True False"


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line}
    assert set(LAZY_COMMANDS) | {"explore", "ingest", "resolve", "upgrade"} <= listed


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output
