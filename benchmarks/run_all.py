"""All the benchmarks, each measured side by side with its reference in one run: ``make bench``.

1. ingest words/s against raw ``nlp.pipe`` (same components, same texts), and ``--workers 2``;
2. per-keystroke search latency at 10k / 100k / 1M aliases, against brute force and
   ``fzf --filter``; search quality (top-1/top-3/MRR) on labelled queries beside WRatio and fzf;
3. explorer start (process start to first frame) against a bare Textual app, and peak RSS;
4. first page of the mentions of an actor with 100k mentions;
5. ``libya-explore search`` as a whole process against ``python -c "import textual"``.

Options: ``--quick`` (smaller corpus and fewer queries), ``--skip ingest,search,...``. Synthetic
databases are cached in ``benchmarks/data/`` (git-ignored); the BBC corpus is read from
``/work/shared/corpora/bbc`` (or ``$BBC_CORPUS``) into a temporary file, never into the repo.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "benchmarks" / "data"
BIN = Path(sys.executable).parent
EXPLORE = str(BIN / "libya-explore")
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
HUGE_ACTOR_MENTIONS = 100_000


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def wall(cmd: list[str], **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


# --------------------------------------------------------------------------- 1. ingest


def bench_ingest(words: int, rounds: int) -> list[str]:
    """Raw ``nlp.pipe``, ``libya-explore ingest`` and ``--workers 2``: see bench_ingest.py."""
    import bench_ingest

    return bench_ingest.run(words, rounds)


# --------------------------------------------------------------------------- 2. search


def synthetic_db(label: str) -> Path:
    import synth

    path = DATA / f"names_{label.lower()}.db"
    if not path.exists() or Path(str(path) + "-wal").exists() and path.stat().st_size < 10_000:
        DATA.mkdir(parents=True, exist_ok=True)
        huge = HUGE_ACTOR_MENTIONS if label == "1M" else 0
        print(f"  generating {path} ({label} aliases)…", flush=True)
        synth.build(path, SIZES[label], huge_actor=huge)
    _upgrade_cached(path)
    return path


def _upgrade_cached(path: Path) -> None:
    """A database cached by an older version: migrate it (as `libya-explore upgrade` would)."""
    import sqlite3

    from explorer.store.connect import open_for_writing
    from explorer.store.schema import SCHEMA_VERSION

    with contextlib.closing(sqlite3.connect(path)) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        print(f"  upgrading {path} (schema {version})…", flush=True)
        db = open_for_writing(path)
        db.conn.execute("ANALYZE")
        db.close()


def bench_search(labels: list[str], quick: bool) -> list[str]:
    """Latency per keystroke on the synthetic databases; quality on the labelled queries."""
    import bench_search
    from bench_ingest import BBC

    figures = [
        bench_search.run(
            synthetic_db(label),
            n_typed=15 if quick else 40,
            # the brute force scores every string in Python: seconds a query at 1M
            n_brute=0 if label == "1M" else (20 if quick else 60),
        )
        for label in labels
    ]
    lines = bench_search.latency_lines(figures)
    if BBC.exists():
        lines += ["", *bench_search.quality_lines(bench_search.labelled_databases())]
    else:
        lines.append(f"search quality: left out (no BBC corpus at {BBC}; set $BBC_CORPUS)")
    return lines


# --------------------------------------------------------------------------- 3. explorer start


BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()
Bare().run()
"""


def first_frame(cmd: list[str], timeout: float = 30.0) -> tuple[float | None, int | None]:
    """Seconds from spawn to the end of the first full screen write in a pseudo-terminal, and
    the peak RSS (KB) at that moment (``VmHWM``)."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.execvp(cmd[0], cmd)
    started = time.perf_counter()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    frame_at = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                # a full frame written and nothing since: the screen is drawn
                if b"\x1b[?1049h" in seen and len(seen) > 2000 and frame_at is not None:
                    break
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"\x1b[?1049h" in seen and (b"\x1b[?2026l" in seen or len(seen) > 4000):
                frame_at = frame_at or time.perf_counter() - started
                if b"\x1b[?2026l" in seen:
                    break
        rss = _peak_rss_kb(pid)
    finally:
        os.kill(pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(fd)
    return frame_at, rss


def _peak_rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def app_available() -> bool:
    return (ROOT / "explorer" / "tui" / "app.py").exists()


def byte_compile_package() -> None:
    """Compile the package's bytecode, as ``pip install`` does for Textual and every other
    installed package: an editable install under ``PYTHONDONTWRITEBYTECODE`` (this machine's
    setting) would otherwise compile every explorer module from source on each start, which is
    not what a user's install does and would not be a fair comparison with the bare app."""
    import compileall

    compileall.compile_dir(ROOT / "explorer", quiet=1)


def bench_start(seed_db: Path, big_db: Path, runs: int) -> list[str]:
    """The bare app and the explorer on each database, interleaved round by round so that a
    burst of load on the shared machine hits all of them alike."""
    byte_compile_package()
    explorer = app_available()
    commands = {"bare": [sys.executable, "-c", BARE_APP]}
    if explorer:
        commands["seed DB"] = [EXPLORE, "explore", "--db", str(seed_db)]
        commands["1M-alias DB"] = [EXPLORE, "explore", "--db", str(big_db)]
    results: dict[str, list[tuple[float | None, int | None]]] = {k: [] for k in commands}
    for _ in range(runs):
        for label, command in commands.items():
            results[label].append(first_frame(command))
    bare_ms = statistics.median([t for t, _ in results["bare"] if t is not None]) * 1000
    lines = [
        f"explorer start (pseudo-terminal, first frame; median of {runs}, interleaved; ratio: "
        "median of the per-round ratios; package byte-compiled):"
    ]
    lines.append(f"  bare Textual app                {bare_ms:7.0f} ms")
    if not explorer:
        lines.append("  explorer: skipped (explorer/tui/app.py has not landed on this branch)")
        return lines
    for label in ("seed DB", "1M-alias DB"):
        times = [t for t, _ in results[label] if t is not None]
        rss = max((r for _, r in results[label] if r is not None), default=None)
        if not times:
            lines.append(f"  explorer, {label}: no frame detected")
            continue
        ms = statistics.median(times) * 1000
        ratio = statistics.median(
            app / bare
            for (app, _), (bare, _) in zip(results[label], results["bare"], strict=True)
            if app is not None and bare is not None
        )
        line = (
            f"  explorer, {label:12}         {ms:7.0f} ms  {ratio:.2f}x bare "
            f"(target <= 1.3x: {verdict(ratio <= 1.3)})"
        )
        if label.startswith("1M") and rss is not None:
            line += (
                f"; peak RSS {rss / 1024:.0f} MB (target <= 150 MB: {verdict(rss <= 150 * 1024)})"
            )
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- 4. huge actor


def bench_huge_actor(big_db: Path) -> list[str]:
    from explorer.store import queries
    from explorer.store.connect import open_for_reading

    conn = open_for_reading(big_db)
    row = conn.execute(
        "SELECT id, mention_count FROM entities ORDER BY mention_count DESC LIMIT 1"
    ).fetchone()
    entity_id, n = row[0], row[1]
    timings = {}
    for name, call in (
        (
            "first page (entity_mentions, 100 rows)",
            lambda: queries.entity_mentions(conn, entity_id),
        ),
        ("count_mentions", lambda: queries.count_mentions(conn, entity_id)),
        ("mentions_per_document", lambda: queries.mentions_per_document(conn, entity_id)),
        ("page 500 (offset 50,000)", lambda: queries.entity_mentions(conn, entity_id, 50_000)),
    ):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = statistics.median(samples)
    conn.close()
    first = timings["first page (entity_mentions, 100 rows)"]
    lines = [f"mentions of an actor with {n:,} mentions (1M-alias DB, median of 5):"]
    for name, ms in timings.items():
        lines.append(f"  {name:40} {ms:7.1f} ms")
    lines.append(f"  first rows {first:.1f} ms (target <= 100 ms: {verdict(first <= 100)})")
    return lines


# --------------------------------------------------------------------------- 5. one-liners


SEARCH_PROXY = """
import sys
from explorer.store import queries
from explorer.store.connect import open_for_reading
for hit in queries.search_entities(open_for_reading(sys.argv[1]), sys.argv[2], limit=10):
    print(hit.name)
"""


def bench_one_liners(seed_db: Path, runs: int) -> list[str]:
    textual = statistics.median(wall([sys.executable, "-c", "import textual"]) for _ in range(runs))
    has_search = (
        subprocess.run([EXPLORE, "search", "--help"], capture_output=True, check=False).returncode
        == 0
    )
    if has_search:
        cmd, what = [EXPLORE, "search", "haftar", "--db", str(seed_db)], "libya-explore search"
    else:
        cmd = [sys.executable, "-c", SEARCH_PROXY, str(seed_db), "haftar"]
        what = "search_entities (no `search` command yet)"
    search = statistics.median(wall(cmd) for _ in range(runs))
    ratio = search / textual
    return [
        f"one-liners (whole process, median of {runs}):",
        f'  python -c "import textual"      {textual * 1000:7.0f} ms',
        f"  {what:31} {search * 1000:7.0f} ms  {ratio:.2f}x "
        f"(target <= 1.5x: {verdict(ratio <= 1.5)})",
    ]


# --------------------------------------------------------------------------- main


def seed_database(tmp: Path) -> Path:
    db = tmp / "seed.db"
    subprocess.run(
        [EXPLORE, "ingest", str(ROOT / "seeds"), "--db", str(db), "-q"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return db


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.node()}: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"load average {load:.1f} at start"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="libya-explore benchmarks")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--skip", default="", help="comma-separated: ingest,search,start,huge,oneliners"
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    runs = 3 if args.quick else 5
    print(machine(), flush=True)
    print(f"fzf: {shutil.which('fzf') or 'not installed'}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        seed_db = seed_database(Path(tmp))
        sections = []
        if "ingest" not in skip:
            sections.append(
                lambda: bench_ingest(30_000 if args.quick else 200_000, 1 if args.quick else 3)
            )
        if "search" not in skip:
            labels = ["10k", "100k"] if args.quick else list(SIZES)
            sections.append(lambda: bench_search(labels, args.quick))
        big = None if args.quick else synthetic_db("1M")
        if "start" not in skip:
            start_runs = 5 if args.quick else 15  # a start is 0.2 s: more rounds, steadier
            sections.append(lambda: bench_start(seed_db, big or synthetic_db("100k"), start_runs))
        if "huge" not in skip and big is not None:
            sections.append(lambda: bench_huge_actor(big))
        if "oneliners" not in skip:
            sections.append(lambda: bench_one_liners(seed_db, runs))
        for section in sections:
            print()
            for line in section():
                print(line, flush=True)


if __name__ == "__main__":
    main()
