"""Starts the project's real servers (scripts/run.sh) for a test session: free
ports, a throw-away tracker store and clinic database with the demo therapist
directory, Rasa's HTTP API on with a token, the action server's secret and the
log files in the session's directory. Shared by the integration and the browser
tests."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Mapping, Optional

import requests

from bot.runtime.settings import embedded_endpoints

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServers:
    rasa_url: str
    action_url: str
    web_url: Optional[str]
    database_url: str
    workdir: Path
    action_secret: str = ""  # ACTION_SERVER_SECRET of this session's servers

    @property
    def log_dir(self) -> Path:
        """The rotated log files of the two servers (rasa.log, actions.log)."""
        return self.workdir / "logs"

    def log_tail(self) -> str:
        return (self.workdir / "servers.log").read_text()[-5000:]


def _ready(servers: RunningServers, token: str) -> bool:
    try:
        status = requests.get(f"{servers.rasa_url}/status", params={"token": token}, timeout=2)
        actions = requests.get(f"{servers.action_url}/health", timeout=2)
        page_ok = servers.web_url is None or requests.get(servers.web_url, timeout=2).ok
    except requests.RequestException:
        return False
    return status.ok and bool(status.json().get("model_file")) and actions.ok and page_ok


@contextmanager
def running_servers(
    workdir: Path,
    token: str,
    with_web: bool = False,
    extra_env: Optional[Mapping[str, str]] = None,
) -> Iterator[RunningServers]:
    rasa_port, action_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        embedded_endpoints(f"http://localhost:{action_port}/webhook", workdir / "tracker.db")
    )
    servers = RunningServers(
        f"http://localhost:{rasa_port}",
        f"http://localhost:{action_port}",
        None,
        f"sqlite:///{workdir}/clinic.db",
        workdir,
        action_secret=secrets.token_hex(32),
    )
    env: Dict[str, str] = dict(
        os.environ,
        RASA_PORT=str(rasa_port),
        ACTION_PORT=str(action_port),
        ENDPOINTS=str(endpoints),
        RASA_AUTH_TOKEN=token,
        DATABASE_URL=servers.database_url,
        ACTION_SERVER_SECRET=servers.action_secret,
        LOG_DIR=str(servers.log_dir),
        **{"CONSOLE_PORT": str(free_port()), **(extra_env or {})},  # never the shared 8010
    )
    if with_web:
        web_port = free_port()
        servers.web_url = f"http://localhost:{web_port}/"
        env.update(
            WEB_PORT=str(web_port),
            WEB_BUILD_DIR=str(workdir / "web"),
            RASA_URL=servers.rasa_url,
            CORS_ORIGINS=f"http://localhost:{web_port} http://127.0.0.1:{web_port}",
        )
    # The clinic's demo directory, as `make setup` loads it.
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.staff.cli", "therapists", "load-demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = open(workdir / "servers.log", "w")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _ready(servers, token):
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("the servers did not start:\n" + servers.log_tail())
            time.sleep(1)
        # One warm-up turn: the first turn of fresh servers is the slowest.
        requests.post(
            f"{servers.rasa_url}/webhooks/rest/webhook",
            json={"sender": "warm-up", "message": "hi"},
            timeout=120,
        )
        yield servers
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
