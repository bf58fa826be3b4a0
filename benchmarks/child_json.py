"""A benchmark's cold run: a Python snippet in a new process, whose printed JSON is the result.

Imported by the benchmarks beside it (``python benchmarks/bench_x.py`` puts this folder on the
path): ``bench_dirty_cold.py`` and ``bench_memo_bound.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_json_child(code: str, args: list[str], source: Path) -> Any:
    """Run ``code`` with ``args`` in a new interpreter (this one's) and return the JSON it
    prints; a failure exits with one line naming ``source`` and the child's last error line."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"error: {source}: {result.stderr.strip().splitlines()[-1:]}")
    return json.loads(result.stdout)
