"""Browser tests of the website widget: the real action server, Rasa server and
demo page (scripts/run.sh on free ports), driven by Playwright in Debian's
Chromium (/usr/bin/chromium; never a downloaded browser).

Without Chromium or Playwright the tests skip, saying why; with the environment
variable CI set they fail instead, so CI cannot pass without running them.
Screenshots and axe results go to var/artifacts/ (browser_helpers.py).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
TOKEN = "browser-test-token"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Servers:
    def __init__(self, rasa_url: str, web_url: str, workdir: Path) -> None:
        self.rasa_url = rasa_url
        self.web_url = web_url
        self.workdir = workdir

    @property
    def web_origin(self) -> str:
        return self.web_url.rstrip("/")

    def tracker(self, sender: str) -> Dict:
        response = requests.get(f"{self.rasa_url}/conversations/{sender}/tracker",
                                params={"token": TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def log_tail(self) -> str:
        return (self.workdir / "servers.log").read_text()[-5000:]


def _ready(rasa_url: str, action_url: str, web_url: str) -> bool:
    try:
        status = requests.get(f"{rasa_url}/status", params={"token": TOKEN}, timeout=2)
        actions = requests.get(f"{action_url}/health", timeout=2)
        page = requests.get(web_url, timeout=2)
    except requests.RequestException:
        return False
    return (status.ok and bool(status.json().get("model_file")) and actions.ok and page.ok)


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not (ROOT / "node_modules" / "socket.io-client").is_dir():
        _unavailable("node_modules is missing: run `make setup` (npm ci)")
    workdir = tmp_path_factory.mktemp("browser-servers")
    rasa_port, action_port, web_port = _free_port(), _free_port(), _free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://localhost:{action_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir}/tracker.db"\n')
    env = dict(os.environ, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port),
               WEB_PORT=str(web_port), ENDPOINTS=str(endpoints), RASA_AUTH_TOKEN=TOKEN,
               DATABASE_URL=f"sqlite:///{workdir}/clinic.db",
               WEB_BUILD_DIR=str(workdir / "web"),
               RASA_URL=f"http://localhost:{rasa_port}",
               CORS_ORIGINS=f"http://localhost:{web_port} http://127.0.0.1:{web_port}")
    log = open(workdir / "servers.log", "w")
    process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    rasa_url, web_url = f"http://localhost:{rasa_port}", f"http://localhost:{web_port}/"
    try:
        deadline = time.monotonic() + 240
        while not _ready(rasa_url, f"http://localhost:{action_port}", web_url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("the servers did not start:\n"
                                   + (workdir / "servers.log").read_text()[-5000:])
            time.sleep(1)
        # one warm-up turn over REST: the first turn of fresh servers is the slowest
        requests.post(f"{rasa_url}/webhooks/rest/webhook",
                      json={"sender": "warm-up", "message": "hi"}, timeout=120)
        yield Servers(rasa_url, web_url, workdir)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install Debian's chromium "
                     "(apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: run `make setup`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, servers):
    """Opens pages on the demo site; dialogs (alert) are recorded and dismissed."""
    contexts: List = []

    def open_page(width: int = 1280, height: int = 900, reduced_motion: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            reduced_motion="reduce" if reduced_motion else "no-preference")
        context.grant_permissions(["clipboard-read", "clipboard-write"],
                                  origin=servers.web_origin)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.console_errors = []
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.goto(servers.web_url)
        return page

    yield open_page
    for context in contexts:
        context.close()

