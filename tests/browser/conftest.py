"""Browser tests of the website widget: the real action server, Rasa server and
demo page (scripts/run.sh on free ports), driven by Playwright in Debian's
Chromium (/usr/bin/chromium; never a downloaded browser).

Without Chromium or Playwright the tests skip, saying why; with the environment
variable CI set they fail instead, so CI cannot pass without running them.
Screenshots and axe results go to var/artifacts/ (browser_helpers.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

from tests.servers import ROOT, running_servers

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
TOKEN = "browser-test-token"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


class Servers:
    def __init__(self, rasa_url: str, web_url: str, workdir: Path) -> None:
        self.rasa_url = rasa_url
        self.web_url = web_url
        self.workdir = workdir

    @property
    def web_origin(self) -> str:
        return self.web_url.rstrip("/")

    def tracker(self, sender: str) -> Dict:
        response = requests.get(
            f"{self.rasa_url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def log_tail(self) -> str:
        return (self.workdir / "servers.log").read_text()[-5000:]


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not (ROOT / "node_modules" / "socket.io-client").is_dir():
        _unavailable("node_modules is missing: run `make setup` (npm ci)")
    with running_servers(
        tmp_path_factory.mktemp("browser-servers"), TOKEN, with_web=True
    ) as running:
        yield Servers(running.rasa_url, running.web_url, running.workdir)


# Per module, not per session: Playwright's sync API keeps an event loop
# running in the main thread while it is open, and later tests that call
# asyncio.run (tests/unit, tests/integration) would find it there.
@pytest.fixture(scope="module")
def browser() -> Iterator["object"]:
    if not CHROMIUM.exists():
        _unavailable(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: run `make setup`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, servers):
    """Opens pages on the demo site; dialogs (alert) are recorded and dismissed,
    and so is anything the page's Content-Security-Policy blocked (a test tool
    that injects a script of its own passes bypass_csp=True)."""
    contexts: List = []

    def open_page(
        width: int = 1280, height: int = 900, reduced_motion: bool = True, bypass_csp=False
    ):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            reduced_motion="reduce" if reduced_motion else "no-preference",
            bypass_csp=bypass_csp,
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=servers.web_origin)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.console_errors = []
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        page.csp_violations = []
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text
            and page.csp_violations.append(message.text),
        )
        page.goto(servers.web_url)
        return page

    yield open_page
    for context in contexts:
        context.close()
