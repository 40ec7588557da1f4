"""Issue 14, point 5, end to end: the real servers of scripts/run.sh at DEBUG
level (the most they ever log) hold a whole conversation with a red flag, a
name, a phone number and a note; none of it reaches their terminal output or
their log files (logging.yml, bot/runtime/log_privacy.py). Before, the Rasa
server's output held 23 lines with them (message texts, slot values, events)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.servers import RunningServers, running_servers

TOKEN = "log-privacy-test-token"
# Words that are in the conversation only, nowhere in the assistant's own texts.
NAME = "Zebulon Quartermaine"
NOTE = "after the school run Xylophonic"
PHONE = "+1 212 555 0199"
PERSONAL = ("Zebulon", "Quartermaine", "Xylophonic", "warfarin", "212 555", "2125550199")
CONVERSATION: List[str] = [
    "hi",
    "yes",
    "I am on warfarin",
    "my neck",
    "5",
    "a little",
    "medium",
    "no",
    "can someone call me back?",
    NAME,
    PHONE,
    NOTE,
    "yes",
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    with running_servers(
        tmp_path_factory.mktemp("log-privacy"), TOKEN, extra_env={"LOG_LEVEL": "DEBUG"}
    ) as running:
        sender = f"logs-{uuid.uuid4().hex[:10]}"
        for message in CONVERSATION:
            requests.post(
                f"{running.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
                timeout=60,
            ).raise_for_status()
        yield running


def _logs(servers: RunningServers) -> List[Path]:
    return [servers.workdir / "servers.log", *sorted(servers.log_dir.iterdir())]


def test_the_conversation_happened_and_was_logged_at_debug_level(servers):
    # The personal data went all the way through both servers: the request is stored.
    engine = create_engine(servers.database_url, future=True)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT phone, preferred_times FROM callback_requests WHERE name = :n"),
                {"n": NAME},
            ).all()
    finally:
        engine.dispose()
    assert stored == [("+12125550199", NOTE)]
    names = sorted(path.name for path in servers.log_dir.iterdir())
    assert names == ["actions.log", "rasa.log"]
    rasa_log = (servers.log_dir / "rasa.log").read_text(encoding="utf-8")
    actions_log = (servers.log_dir / "actions.log").read_text(encoding="utf-8")
    # Rasa's own events of every turn are there, by name, at DEBUG.
    assert rasa_log.count('"event": "processor.message.parse"') >= len(CONVERSATION)
    assert "DEBUG" in rasa_log and "DEBUG" in actions_log
    assert "rasa_sdk.executor" in actions_log


@pytest.mark.parametrize("words", PERSONAL)
def test_nothing_personal_in_any_output_or_log_file(servers, words):
    for path in _logs(servers):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert words not in text, f"{words!r} is in {path.name}"
