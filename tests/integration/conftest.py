"""The real action server and Rasa server, started once per test session
(tests/servers.py), and a person's conversation over the REST channel."""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.servers import running_servers

TOKEN = "integration-test-token"


class RasaServer:
    def __init__(self, url: str, database_url: str) -> None:
        self.url = url
        self.database_url = database_url

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def query(self, sql: str, **params: Any) -> List[Any]:
        """Rows from the clinic database the servers write to."""
        engine = create_engine(self.database_url, future=True)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql), params).all()
        finally:
            engine.dispose()

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
        )
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
        return next(
            (
                reply["custom"]["intake_summary"]
                for reply in self.replies
                if "intake_summary" in (reply.get("custom") or {})
            ),
            None,
        )


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    with running_servers(tmp_path_factory.mktemp("servers"), TOKEN) as servers:
        yield RasaServer(servers.rasa_url, servers.database_url)


@pytest.fixture
def conversation(rasa_server: RasaServer) -> Conversation:
    return Conversation(rasa_server)
