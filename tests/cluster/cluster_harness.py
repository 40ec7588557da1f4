"""Helpers of the cluster tests. conftest.py starts a whole cluster
(scripts/cluster.sh) once per test module: two Rasa servers and two action
servers behind nginx, on free ports, against PostgreSQL and Redis.

Every run has its own PostgreSQL databases (rasa_tracker_t<id>, clinic_t<id>,
dropped afterwards), its own Redis key prefix (t<id>, its keys deleted
afterwards) and its own directory var/cluster-test-<id>/ (pids, logs; kept
when a test failed). PostgreSQL, Redis or nginx missing: the tests are skipped,
saying which, or fail when the environment variable CI is set.

Settings: CLUSTER_TEST_POSTGRES (postgresql://postgres@127.0.0.1:5432),
CLUSTER_TEST_REDIS (redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "cluster-test-token"
POSTGRES = os.environ.get("CLUSTER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("CLUSTER_TEST_REDIS", "redis://127.0.0.1:6379/0")

# Figures of each test, printed at the end of the pytest run.
FIGURES: List[str] = []


def report(line: str) -> None:
    """Notes a figure for the end-of-run summary (and prints it with -s)."""
    FIGURES.append(line)
    print(line)


def unavailable(reason: str) -> None:
    """Skip, or fail under CI: the cluster tests must run there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


def _free_ports(count: int) -> List[int]:
    sockets, ports = [], []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
        ports.append(sock.getsockname()[1])
    for sock in sockets:
        sock.close()
    return ports


def _pg_connect(dbname: str = "postgres"):
    import psycopg2

    parts = urlsplit(POSTGRES)
    return psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname,
        connect_timeout=5,
    )


def _redis_client():
    import redis

    return redis.Redis.from_url(REDIS, socket_connect_timeout=5)


def _check_prerequisites() -> str:
    """The nginx binary, or a skip/fail naming what is missing."""
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if nginx is None:
        unavailable("nginx is not installed (Debian: apt-get install -y nginx)")
    try:
        _pg_connect().close()
    except Exception as error:  # psycopg2 missing or server down
        unavailable(f"PostgreSQL is not reachable at {POSTGRES}: {str(error).strip()}")
    try:
        _redis_client().ping()
    except Exception as error:
        unavailable(f"Redis is not reachable at {REDIS}: {error}")
    if not (ROOT / "models" / "intake.tar.gz").is_file():
        unavailable("no trained model at models/intake.tar.gz: run make setup")
    return nginx


@dataclass
class Reply:
    messages: List[Dict[str, Any]]
    upstream: str  # X-Upstream of nginx's internal side ("" when sent to a server directly)
    status: int

    def texts(self) -> str:
        return "\n".join(message.get("text", "") for message in self.messages)

    def summary(self) -> Optional[Dict[str, Any]]:
        return next(
            (
                m["custom"]["intake_summary"]
                for m in self.messages
                if "intake_summary" in (m.get("custom") or {})
            ),
            None,
        )


@dataclass
class Cluster:
    directory: Path
    env: Dict[str, str]
    nginx_url: str  # the public side: the website and socket.io only
    internal_url: str  # nginx's internal side: REST and Rasa's HTTP API, balanced
    rasa_ports: List[int]
    action_ports: List[int]
    tracker_db: str
    clinic_db: str
    key_prefix: str
    restarts: int = 0
    session: requests.Session = field(default_factory=requests.Session)

    def rasa_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[index]}"

    def upstream(self, index: int) -> str:
        return f"127.0.0.1:{self.rasa_ports[index]}"

    def say(
        self, sender: str, message: str, url: Optional[str] = None, timeout: float = 120
    ) -> Reply:
        """One turn over REST: through nginx's internal side unless `url` is given."""
        response = requests.post(
            f"{url or self.internal_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return Reply(response.json(), response.headers.get("X-Upstream", ""), response.status_code)

    def tracker(self, sender: str, url: Optional[str] = None) -> Dict[str, Any]:
        url = url or self.rasa_url(0)
        # nginx's internal side takes the token in a header (never in a URL);
        # a Rasa server itself only as ?token=.
        through_nginx = url == self.internal_url
        response = requests.get(
            f"{url}/conversations/{sender}/tracker",
            params=None if through_nginx else {"token": TOKEN},
            headers={"X-Rasa-Token": TOKEN} if through_nginx else None,
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def script(self, command: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [str(ROOT / "scripts" / "cluster.sh"), command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        output = result.stdout + result.stderr
        if result.returncode != 0:
            raise RuntimeError(
                f"scripts/cluster.sh {command} failed:\n{output}\n" + self.log_tails()
            )
        return output

    def start(self) -> float:
        """Starts whatever is not running; returns the seconds it took."""
        started = time.monotonic()
        self.script("start")
        return time.monotonic() - started

    def pid(self, name: str) -> int:
        return int((self.directory / f"{name}.pid").read_text())

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kills one component's process group and waits until it is gone."""
        pid = self.pid(name)
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        os.killpg(pid, signal.SIGKILL)

    def log_tails(self, lines: int = 15) -> str:
        parts = []
        for log in sorted(self.directory.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {log.name}\n" + "\n".join(tail))
        return "\n".join(parts)


def _drop_databases(*names: str) -> None:
    connection = _pg_connect()
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()
