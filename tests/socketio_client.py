"""A socket.io client that behaves like the website widget (WebSocket
transport, an Origin header, session_request -> session_confirm), for the
integration and cluster tests. python-socketio's client with websocket-client
(requirements-dev.txt)."""

from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Optional

import socketio

REPLY_TIMEOUT = 60.0
QUIET = 1.5  # s without a reply: the turn is over


class SocketPerson:
    def __init__(self, url: str, origin: Optional[str]) -> None:
        # websocket-client sends an Origin of its own unless told otherwise.
        extra = {"origin": origin} if origin else {"suppress_origin": True}
        self.client = socketio.Client(reconnection=False, websocket_extra_options=extra)
        self.replies: List[Dict[str, Any]] = []
        self.confirmations: List[Any] = []
        self.arrived = threading.Event()
        self.client.on("bot_uttered", self._on_reply)
        self.client.on("session_confirm", self._on_confirm)
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def _on_reply(self, data: Dict[str, Any]) -> None:
        self.replies.append(data)
        self.arrived.set()

    def _on_confirm(self, data: Any) -> None:
        self.confirmations.append(data)
        self.arrived.set()

    def request_session(self, request: Optional[Dict[str, Any]] = None) -> Dict[str, str]:
        """Asks for a session (a new one, or `request`'s); returns session_confirm."""
        count = len(self.confirmations)
        self.client.emit("session_request", request or {})
        deadline = time.monotonic() + 10
        while len(self.confirmations) == count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.confirmations) > count, "no session_confirm"
        return self.confirmations[-1]

    def say(self, message: str, session_id: Optional[str] = None, wait: bool = True) -> List:
        """Sends a message; returns the replies of this turn (until QUIET s pass)."""
        start = len(self.replies)
        self.arrived.clear()
        data = {"message": message}
        if session_id is not None:
            data["session_id"] = session_id
        self.client.emit("user_uttered", data)
        if wait:
            assert self.arrived.wait(REPLY_TIMEOUT), f"no reply to {message!r}"
        self.wait_quiet()
        return self.replies[start:]

    def wait_quiet(self) -> None:
        while True:
            self.arrived.clear()
            if not self.arrived.wait(QUIET):
                return

    def texts(self) -> str:
        return "\n".join(str(reply.get("text", "")) for reply in self.replies)

    def close(self) -> None:
        self.client.disconnect()
