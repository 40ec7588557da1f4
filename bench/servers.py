"""Processes the bench starts: each in its own process group, all killed at exit
(normal end, exception, Ctrl-C or SIGTERM). Memory is read from /proc (psutil is
not a dependency of the project)."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

import requests

_RUNNING: List["Server"] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> List[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def rss_bytes(pid: int) -> int:
    """Resident set size of a process and all its descendants (bytes)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
        todo.extend(_children(current))
    return total


class Server:
    """One server process (its own session and process group)."""

    def __init__(
        self, name: str, cmd: List[str], cwd: Path, env: Dict[str, str], log_path: Path
    ) -> None:
        self.name, self.cmd, self.cwd, self.env, self.log_path = name, cmd, cwd, env, log_path
        self.process: Optional[subprocess.Popen] = None
        self.started_at = 0.0

    def start(self) -> "Server":
        self.log = open(self.log_path, "w")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _RUNNING.append(self)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def rss(self) -> int:
        return rss_bytes(self.pid) if self.alive() else 0

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_until(self, check: Callable[[], bool], timeout: float, what: str) -> float:
        """Polls `check` until true; returns seconds since the process started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited during start-up:\n{self.log_tail()}")
            try:
                if check():
                    return time.monotonic() - self.started_at
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"{self.name}: {what} not reached after {timeout} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            for sig, wait in ((signal.SIGINT, 15), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Anything left in the group (children that outlived the leader).
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self in _RUNNING:
            _RUNNING.remove(self)
        self.log.close()


def stop_all() -> None:
    for server in list(reversed(_RUNNING)):
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - keep killing the others
            pass


def _on_signal(signum, _frame) -> None:
    stop_all()
    raise SystemExit(128 + signum)


atexit.register(stop_all)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGHUP, _on_signal)
