"""``libya-explore serve``: the explorer in a real headless browser (Debian's chromium through
selenium and chromium-driver), and the command's checks (database, address, port).

The browser test reads what xterm.js (textual-serve's terminal in the page) shows: a script run
before the page's own catches the terminal object as the page creates it, and the test reads its
screen buffer through xterm's public API (``buffer.active.getLine(i).translateToString()``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from explorer.cli import main
from explorer.labels import ENTITY_TYPES
from explorer.pipeline.ingest import IngestOptions, ingest
from explorer.store import queries
from explorer.store.connect import open_for_reading

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STARTUP_SECONDS = 60
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

#: Run before the page's scripts: keep the xterm.js Terminal the page assigns to `.terminal`.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, 'terminal', {
  configurable: true,
  set(value) {
    if (value && value.buffer && !window.libyaTerminal) window.libyaTerminal = value;
    Object.defineProperty(this, 'terminal',
      {value, writable: true, configurable: true, enumerable: true});
  },
});
"""
#: The terminal's screen, one line per row (null until the terminal exists).
READ_SCREEN = """
const terminal = window.libyaTerminal;
if (!terminal) return null;
const buffer = terminal.buffer.active, lines = [];
for (let i = 0; i < buffer.length; i++) {
  const line = buffer.getLine(i);
  lines.push(line ? line.translateToString(true) : '');
}
return lines.join('\\n');
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's seed articles, ingested as `libya-explore` does on first start."""
    db_path = tmp_path_factory.mktemp("serve") / "seed.db"
    assert ingest([SEEDS], db_path, IngestOptions()).failed == 0
    return db_path


def wait_for_http(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer within {STARTUP_SECONDS}s")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, as a service manager stops it; the explorers it started go with it (they
    share its session: a server that had to be killed takes them along)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def served(seed_db: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "explorer", "serve", "--db", str(seed_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/", process)
        yield base
    finally:
        stop(process)
        process.stderr.close()


@pytest.fixture(scope="module")
def chromium() -> tuple[str, str]:
    """The system's chromium and its driver, or a skip that says what to install."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "no chromium and chromedriver on this machine "
            "(apt-get install chromium chromium-driver; .ci/run installs them)"
        )
    pytest.importorskip("selenium.webdriver", reason="selenium (the test extra)")
    return CHROMIUM, CHROMEDRIVER


@pytest.fixture(scope="module")
def browser(chromium: tuple[str, str], served: str) -> Iterator[object]:
    """Headless chromium (after the server: it closes its tab before the server stops)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = binary  # the system's browser: nothing is downloaded
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,900")
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})
        yield driver
    finally:
        driver.quit()


def screen_once(driver: object, wanted: str, seconds: float = 30) -> str:
    """The terminal's screen as soon as it shows ``wanted``."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = driver.execute_script(READ_SCREEN) or ""  # type: ignore[attr-defined]
        if wanted in text:
            return text
        time.sleep(0.25)
    pytest.fail(f"the page never showed {wanted!r}; it showed:\n{text}")


def actor_rows(screen: str) -> list[tuple[str, str, int]]:
    """``(name, type, mentions)`` of each row of the Actors pane (the left one at this size:
    name, type, mentions, documents)."""
    types = "|".join(sorted(ENTITY_TYPES))
    row = re.compile(rf"(.+?)\s+({types})\s+(\d+)\s+\d+")
    rows = []
    for line in screen.splitlines():
        parts = line.split("│")  # the left pane is the first cell between two borders
        pane = parts[1] if len(parts) > 2 else ""
        pane = "".join(" " if "\u2580" <= ch <= "\u259f" else ch for ch in pane)  # scrollbar
        found = row.fullmatch(pane.strip())
        if found:
            rows.append((found[1].strip(), found[2], int(found[3])))
    return rows


def shown_as(name: str, shown: str) -> bool:
    """Whether a cell shows ``name``, whole or cut with an ellipsis (a search result may add
    the alias that matched: ``Khalifa Haftar ≈Khalifa Hifter``)."""
    return (
        shown == name
        or shown.startswith(f"{name} ≈")
        or (shown.endswith("…") and name.startswith(shown[:-1]))
    )


@pytest.mark.slow
def test_the_browser_shows_the_seed_actors(browser: object, served: str, seed_db: Path):
    conn = open_for_reading(seed_db)
    try:
        expected = queries.top_entities(conn, limit=20)
        haftar = queries.pick_entity(conn, "khalifa hifter")
    finally:
        conn.close()
    browser.get(f"{served}/")  # type: ignore[attr-defined]
    screen = screen_once(browser, expected[0].name)
    assert "Actors" in screen and "Mentions" in screen and "Context" in screen
    rows = actor_rows(screen)
    assert len(rows) >= 10
    for (name, entity_type, mentions), entity in zip(rows, expected, strict=False):
        assert shown_as(entity.name, name), (name, entity.name)
        assert (entity_type, mentions) == (entity.type, entity.mentions)
    # and it answers keys: a fuzzy search for a misspelling puts the actor first
    assert haftar is not None
    from selenium.webdriver.common.action_chains import ActionChains

    browser.execute_script("window.libyaTerminal.focus()")  # type: ignore[attr-defined]
    ActionChains(browser).send_keys("/hifter").perform()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = actor_rows(screen_once(browser, "hifter"))
        if rows and shown_as(haftar.entity.name, rows[0][0]):
            break
        time.sleep(0.25)
    assert rows and shown_as(haftar.entity.name, rows[0][0]), rows


# --------------------------------------------------------------------------- the command


class FakeServer:
    """Stands in for textual-serve's Server: records what the command asked for."""

    made: list[FakeServer] = []

    def __init__(self, command: str, **options: object) -> None:
        self.command, self.options = command, options
        FakeServer.made.append(self)

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[FakeServer]:
    import explorer.web.textual_server

    FakeServer.made = []
    monkeypatch.setattr(explorer.web.textual_server, "ExplorerServer", FakeServer)
    return FakeServer.made


def test_serve_runs_the_explorer_on_loopback_without_a_warning(built_db: Path, fake_server):
    result = CliRunner().invoke(main, ["serve", "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    (server,) = fake_server
    assert server.options["host"] == "127.0.0.1" and server.options["port"] == 8000
    assert server.options["public_url"] == "http://127.0.0.1:8000"
    assert " -m explorer explore --db " in server.command and str(built_db) in server.command


def test_serve_warns_when_it_listens_beyond_this_machine(built_db: Path, fake_server):
    result = CliRunner().invoke(
        main, ["serve", "--db", str(built_db), "--host", "0.0.0.0", "--port", "8080"]
    )
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "no authentication" in result.output
    (server,) = fake_server
    assert server.options["public_url"] == f"http://{socket.gethostname()}:8080"
    quiet = CliRunner().invoke(main, ["serve", "--db", str(built_db), "--host", "localhost"])
    assert "warning" not in quiet.output


def test_serve_refuses_an_unusable_database(tmp_path: Path, fake_server):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1
    assert fake_server == []


@pytest.mark.slow
def test_serve_on_a_busy_port_says_so_in_one_line(built_db: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "explorer", "serve", "--db", str(built_db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_datasette_command_refuses_an_unusable_database(tmp_path: Path):
    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    for args in (["datasette", str(tmp_path / "missing.db")], ["datasette", "--db", str(text)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1
