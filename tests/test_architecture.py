"""The layers hold: import contracts (pyproject.toml), no private name used across modules, and
SQL only in explorer/store/ (README, "Architecture")."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"
MODULES = sorted(PACKAGE.rglob("*.py"))

#: The start of an SQL statement in a string (upper-case keywords, as this code base writes SQL).
SQL_STATEMENT = re.compile(
    r"^\s*(SELECT\s|INSERT\s|UPDATE\s|DELETE\s+FROM\b|CREATE\s|DROP\s|ALTER\s+TABLE\b|"
    r"PRAGMA\s|BEGIN\b|COMMIT\b|ROLLBACK\b|WITH\s+\w+\s+AS\b|VACUUM\b|ANALYZE\b)"
)
#: Methods that run SQL on a connection or a sqlite-utils Database.
SQL_METHODS = frozenset({"execute", "executemany", "executescript"})


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_module(name: str) -> bool:
    """Whether ``explorer.x.y`` names a module or package of the package."""
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or path.is_dir()


def test_the_import_contracts_are_kept():
    """Layers, no cycles (lazy imports included), no spaCy in the explorer or the one-liners,
    no Textual/click/rich below the front ends: ``lint-imports`` over the package."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = str(lint_imports) if lint_imports.exists() else shutil.which("lint-imports")
    assert command, "import-linter is not installed (pip install -e '.[test]')"
    done = subprocess.run(
        [command, "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def private_names_used_across(tree: ast.Module, this: str) -> list[str]:
    """``from explorer.x import _name`` and ``x._name`` (``x`` a module of the package) in the
    module ``this``, where ``explorer.x`` is another module."""
    modules: dict[str, str] = {}  # local name -> package module it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("explorer"):
                continue
            for alias in node.names:
                if is_module(f"{node.module}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                elif alias.name.startswith("_") and node.module != this:
                    found.append(f"{this}:{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("explorer") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and modules[node.value.id] != this
        ):
            found.append(f"{this}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    found = [
        hit
        for path in MODULES
        for hit in private_names_used_across(tree_of(path), module_name(path))
    ]
    assert found == []


def test_the_private_name_check_sees_both_forms():
    probe = ast.parse(
        "from explorer.store.search import _rank\n"
        "from explorer.store import search\n"
        "search._best_rows([])\n"
        "from explorer.store.search import brute_force\n"
    )
    assert len(private_names_used_across(probe, "explorer.cli.query")) == 2
    assert private_names_used_across(probe, "explorer.store.search") == []


def sql_in(path: Path) -> list[str]:
    """String constants that start an SQL statement, and calls of ``execute`` and friends."""
    found = []
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_STATEMENT.match(node.value):
                found.append(f"{path.name}:{node.lineno}: {node.value.strip()[:40]!r}")
        elif isinstance(node, ast.JoinedStr):
            head = node.values[0] if node.values else None
            if isinstance(head, ast.Constant) and SQL_STATEMENT.match(str(head.value)):
                found.append(f"{path.name}:{node.lineno}: f-string SQL")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SQL_METHODS
        ):
            found.append(f"{path.name}:{node.lineno}: .{node.func.attr}(…)")
    return found


def test_sql_lives_in_the_store_package_only():
    store = PACKAGE / "store"
    outside = [hit for path in MODULES if store not in path.parents for hit in sql_in(path)]
    assert outside == []
    inside = [hit for path in MODULES if store in path.parents for hit in sql_in(path)]
    assert len(inside) > 50  # the check does see the SQL where it is


def test_no_import_tricks():
    """Imports are statements grimp and readers can follow (commands by ``module:attr``)."""
    calls = [
        f"{module_name(path)}:{node.lineno}"
        for path in MODULES
        for node in ast.walk(tree_of(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "__import__"
    ]
    assert calls == []
