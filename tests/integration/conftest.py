"""Starts the real action server and Rasa server (scripts/run.sh) once per test
session, on free ports, with a throw-away tracker store and clinic database."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "integration-test-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RasaServer:
    def __init__(self, url: str, database_url: str) -> None:
        self.url = url
        self.database_url = database_url

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = requests.post(f"{self.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()


class Conversation:
    """One person's conversation over the REST channel."""

    def __init__(self, server: RasaServer) -> None:
        self.server = server
        self.sender = f"test-{uuid.uuid4().hex[:12]}"
        self.replies: List[Dict[str, Any]] = []

    def say(self, message: str) -> List[Dict[str, Any]]:
        self.replies = self.server.say(self.sender, message)
        return self.replies

    def texts(self) -> str:
        return "\n".join(reply.get("text", "") for reply in self.replies)

    def slots(self) -> Dict[str, Any]:
        return self.server.tracker(self.sender)["slots"]

    def summary(self) -> Optional[Dict[str, Any]]:
        return next((reply["custom"]["intake_summary"] for reply in self.replies
                     if "intake_summary" in (reply.get("custom") or {})), None)


def _ready(url: str, action_url: str) -> bool:
    try:
        status = requests.get(f"{url}/status", params={"token": TOKEN}, timeout=2)
        actions = requests.get(f"{action_url}/health", timeout=2)
    except requests.RequestException:
        return False
    return status.ok and bool(status.json().get("model_file")) and actions.ok


def _wait_until_ready(url: str, action_url: str, process: subprocess.Popen,
                      timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the servers exited during start-up")
        if _ready(url, action_url):
            return
        time.sleep(1)
    raise RuntimeError(f"the servers at {url} were not ready after {timeout} s")


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    workdir = tmp_path_factory.mktemp("servers")
    rasa_port, action_port = _free_port(), _free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://localhost:{action_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{workdir}/tracker.db"\n')
    database_url = f"sqlite:///{workdir}/clinic.db"
    env = dict(os.environ, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port),
               ENDPOINTS=str(endpoints), RASA_AUTH_TOKEN=TOKEN, DATABASE_URL=database_url)
    # The clinic's demo directory, as `make setup` loads it.
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.cli", "therapists",
                    "load-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(workdir / "servers.log", "w")
    process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://localhost:{rasa_port}"
    try:
        _wait_until_ready(url, f"http://localhost:{action_port}", process, timeout=240)
        yield RasaServer(url, database_url)
    except RuntimeError:
        log.flush()
        print((workdir / "servers.log").read_text()[-5000:])
        raise
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@pytest.fixture
def conversation(rasa_server: RasaServer) -> Conversation:
    return Conversation(rasa_server)
