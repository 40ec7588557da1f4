"""Consent and retention, true (issue 14, point 2), against the real servers
(scripts/run.sh, its scheduled purge included) over REST. Everything is read
back directly from the two databases: the tracker store's `events` table and
the clinic's tables.

The servers of this module run with a short idle time for conversations
without consent (UNCONSENTED_IDLE_MINUTES=0.1, 6 s) and a purge every 2.4 s,
so the scheduled purge can be watched at work."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

import tests.servers as servers_module
from bot.runtime.settings import embedded_endpoints
from tests.servers import ROOT, running_servers

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432")
IDLE_MINUTES = 0.1
PURGE_EVERY_MINUTES = 0.04
PURGE_WAIT_SECONDS = 60  # generous: the machine may be busy
DIAGNOSIS = "I'm pregnant and on warfarin"
QUICK_INTAKE = [
    "my neck hurts, about 5/10, touch doesn't bother me, I like firm pressure",
    "yes",
    "none of these",
    "no",
]
CALLBACK = ["can someone call me back?", "Anna", "anna@example.com", "weekday mornings", "yes"]


class Servers:
    def __init__(self, rasa_url: str, database_url: str, tracker_url: str) -> None:
        self.rasa_url = rasa_url
        self.database_url = database_url
        self.tracker_url = tracker_url

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def conversation(self, sender: str, messages: List[str]) -> str:
        """Say each message; the texts of the last replies."""
        replies: List[Dict[str, Any]] = []
        for message in messages:
            replies = self.say(sender, message)
        return "\n".join(reply.get("text") or "" for reply in replies)

    @staticmethod
    def _scalar(url: str, sql: str, **params: Any) -> int:
        engine = create_engine(url, future=True)
        try:
            with engine.connect() as connection:
                return int(connection.execute(text(sql), params).scalar_one())
        finally:
            engine.dispose()

    def events(self, sender: str, containing: str = "") -> int:
        return self._scalar(
            self.tracker_url,
            "SELECT COUNT(*) FROM events WHERE sender_id = :s AND data LIKE :c",
            s=sender,
            c=f"%{containing}%",
        )

    def messages(self, sender: str) -> int:
        return self._scalar(
            self.tracker_url,
            "SELECT COUNT(*) FROM events WHERE sender_id = :s AND type_name IN ('user', 'bot')",
            s=sender,
        )

    def clinic_rows(self, sender: str) -> tuple:
        return tuple(
            self._scalar(
                self.database_url,
                f"SELECT COUNT(*) FROM {table} WHERE conversation_id = :s",
                s=sender,
            )
            for table in ("intake_summaries", "callback_requests")
        )

    def staff(self, *argv: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "-m",
                "bot.staff.cli",
                "--database-url",
                self.database_url,
                "--tracker-url",
                self.tracker_url,
                *argv,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )


@contextmanager
def postgres_tracker_database() -> Iterator[str]:
    """A throw-away PostgreSQL database for the tracker store, dropped afterwards."""
    name = f"rasa_tracker_retention_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        f"{POSTGRES}/postgres",
        future=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL is not reachable at {POSTGRES}: {str(error).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the PostgreSQL run must happen: {reason}")
        pytest.skip(reason)
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def endpoints_with_tracker_url(url: str):
    """tests/servers.py's endpoints, the tracker store moved to `url` (Rasa
    takes a whole database URL in `url`)."""

    def endpoints(action_url: str, tracker_db: Path) -> str:
        config = yaml.safe_load(embedded_endpoints(action_url, tracker_db))
        store = config["tracker_store"]
        store.pop("dialect"), store.pop("db")
        store["url"] = url
        return yaml.safe_dump(config, sort_keys=False)

    return endpoints


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """The servers with the tracker store on SQLite, then on PostgreSQL."""
    workdir = tmp_path_factory.mktemp(f"retention-{request.param}")
    with ExitStack() as stack:
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        patch.setenv("UNCONSENTED_IDLE_MINUTES", str(IDLE_MINUTES))
        patch.setenv("PURGE_INTERVAL_MINUTES", str(PURGE_EVERY_MINUTES))
        tracker_url = f"sqlite:///{workdir / 'tracker.db'}"
        if request.param == "postgresql":
            tracker_url = stack.enter_context(postgres_tracker_database())
            patch.setattr(
                servers_module, "embedded_endpoints", endpoints_with_tracker_url(tracker_url)
            )
        running = stack.enter_context(running_servers(workdir, "retention-test-token"))
        yield Servers(running.rasa_url, running.database_url, tracker_url)


def new_sender() -> str:
    return f"retention-{uuid.uuid4().hex[:12]}"


def wait_until(condition, seconds: float = PURGE_WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def consented_with_callback(servers: Servers, sender: str) -> None:
    """A whole intake with consent, then a callback request (name and e-mail)."""
    servers.conversation(sender, QUICK_INTAKE + CALLBACK)
    assert servers.clinic_rows(sender) == (1, 1), "the intake did not reach the callback"
    assert servers.events(sender, "anna@example.com") >= 1


def test_the_consent_question_says_what_is_kept_and_for_how_long(servers):
    reply = servers.conversation(new_sender(), ["hi"])
    assert "May the clinic keep your answers for 90 days" in reply
    assert "This chat would be kept for 30 days" in reply
    assert "erased about 0.1 minutes after your last message" in reply  # this module's setting
    assert "nothing will be stored" not in reply


def test_without_consent_the_conversation_is_gone_after_the_purge(servers):
    unconsented, consented = new_sender(), new_sender()
    servers.conversation(unconsented, ["hi", "no", DIAGNOSIS])
    servers.conversation(consented, ["hi", "yes", DIAGNOSIS])
    # While the conversation goes on, its history is there (the bot needs it).
    assert servers.events(unconsented, "warfarin") >= 1
    assert wait_until(lambda: servers.events(unconsented) == 0), "the purge did not erase it"
    # Consent: the history stays until its retention (30 days here), whole.
    kept = servers.events(consented)
    assert kept > 0 and servers.events(consented, "warfarin") >= 1
    time.sleep(2 * PURGE_EVERY_MINUTES * 60 + 1)  # at least one more scheduled purge
    assert servers.events(consented) == kept
    # ...and goes once past it (the staff command, with a retention just passed).
    done = servers.staff("purge", TRACKER_RETENTION_DAYS="0.00001")
    assert done.returncode == 0, done.stderr
    assert "conversation" in done.stdout and "idle over" in done.stdout
    assert servers.events(consented) == 0


def test_delete_my_data_leaves_nothing(servers):
    sender = new_sender()
    consented_with_callback(servers, sender)
    events = servers.events(sender)
    reply = servers.conversation(sender, ["delete my data"])
    # First the question: nothing is deleted until the person says yes.
    assert "This can't be undone." in reply
    assert servers.clinic_rows(sender) == (1, 1) and servers.events(sender) > events
    stored_messages = servers.messages(sender)
    reply = servers.conversation(sender, ["yes"])
    assert (
        "I've deleted your intake summary, your callback request and the "
        f"{stored_messages} messages of this conversation so far" in reply
    )
    assert servers.events(sender) == 0  # not even the "delete my data" turn
    assert servers.clinic_rows(sender) == (0, 0)
    # The next message starts a new conversation that knows nothing of the old one.
    reply = servers.conversation(sender, ["hi"])
    assert "May the clinic keep your answers" in reply
    assert servers.events(sender, "anna@example.com") == 0 and servers.events(sender) > 0


def test_no_to_delete_my_data_keeps_everything(servers):
    sender = new_sender()
    consented_with_callback(servers, sender)
    events = servers.events(sender)
    for answer in ("no", "absolutely not"):  # a plain and a strong no
        reply = servers.conversation(sender, ["delete my data", answer])
        assert "nothing was deleted" in reply
    assert servers.clinic_rows(sender) == (1, 1)
    assert servers.events(sender) > events and servers.events(sender, "anna@example.com") >= 1


def test_delete_person_leaves_nothing_and_counts_truthfully(servers):
    sender = new_sender()
    consented_with_callback(servers, sender)
    events, messages = servers.events(sender), servers.messages(sender)
    done = servers.staff("delete-person", sender)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"Deleted 1 intake summary, 1 callback request and {events} conversation events "
        f"({messages} messages) for conversation '{sender}'."
    )
    assert servers.events(sender) == 0 and servers.clinic_rows(sender) == (0, 0)
    done = servers.staff("delete-person", sender)
    assert done.returncode == 1 and "Nothing is stored" in done.stderr
