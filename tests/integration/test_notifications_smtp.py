"""The clinic's e-mail about a new callback request, sent by the staff command
line (`notify`, and the `notify --repeat` loop that `make run` starts) to a real
local SMTP server (aiosmtpd) started here: one mail per request, no personal
details in it or in the log, and nothing lost while the mail server is down."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
from email.message import Message
from pathlib import Path
from typing import Callable, Dict, List

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import create_engine, text

from bot.staff.cli import main
from bot.storage.callbacks import CallbackStore
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
NAME, PHONE, EMAIL = "Zelda Quartz", "+44 20 7946 0958", "zelda@example.com"
PERSONAL = ("Zelda", "Quartz", "7946", "zelda@example.com", "conv-")
CLINIC_INBOX = "desk@clinic.example"
CONSOLE = "https://console.clinic.example"


class Inbox:
    """aiosmtpd's handler: keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: List[Message] = []
        self.recipients: List[List[str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def mail_server(port: int, inbox: Inbox, **smtp_options) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    return controller


@pytest.fixture
def clinic(tmp_path) -> CallbackStore:
    store = CallbackStore(f"sqlite:///{tmp_path / 'clinic.db'}")
    yield store
    store.dispose()


def new_request(store: CallbackStore, conversation: str = "conv-1") -> int:
    return store.save_callback(conversation, NAME, phone=PHONE, email=EMAIL, consent=True)


def outbox(store: CallbackStore) -> List[tuple]:
    engine = create_engine(store.url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT callback_request_id, attempts, sent_at IS NOT NULL, last_error "
                    "FROM notification_outbox ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()


def smtp_env(port: int, **extra: str) -> Dict[str, str]:
    return dict(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(port),
        SMTP_STARTTLS="0",
        CLINIC_NOTIFY_EMAIL=CLINIC_INBOX,
        SMTP_FROM="assistant@clinic.example",
        CONSOLE_URL=CONSOLE,
        **extra,
    )


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_one_mail_per_request_with_a_console_link_and_nothing_personal(
    clinic, monkeypatch, capsys
):
    port, inbox = free_port(), Inbox()
    for name, value in smtp_env(port).items():
        monkeypatch.setenv(name, value)
    first, second = new_request(clinic, "conv-1"), new_request(clinic, "conv-2")
    server = mail_server(port, inbox)
    try:
        assert main(["--database-url", clinic.url, "notify"]) == 0
        log = capsys.readouterr().out
        assert main(["--database-url", clinic.url, "notify"]) == 0  # nothing sent twice
        assert "No notification is due." in capsys.readouterr().out
    finally:
        server.stop()
    assert len(inbox.messages) == 2 and inbox.recipients == [[CLINIC_INBOX]] * 2
    links = sorted(message.get_payload(decode=True).decode() for message in inbox.messages)
    assert f"{CONSOLE}/callbacks/{first}\r\n" in links[0]
    assert f"{CONSOLE}/callbacks/{second}\r\n" in links[1]
    assert inbox.messages[0]["To"] == CLINIC_INBOX
    for message in inbox.messages:
        for personal in PERSONAL:
            assert personal not in message.as_string()
    assert f"notification #1: sent callback request #{first} to the clinic's address" in log
    assert not any(personal in log for personal in PERSONAL)
    assert outbox(clinic) == [(first, 0, True, None), (second, 0, True, None)]


def test_nothing_is_lost_while_the_mail_server_is_down_then_up(clinic, tmp_path):
    """The loop `make run` starts: the server is down (refused, tried again
    with a longer wait each time, the request kept), then comes up: sent once."""
    port, inbox = free_port(), Inbox()
    callback_id = new_request(clinic)
    log_path = tmp_path / "notify.log"
    env = dict(
        os.environ,
        DATABASE_URL=clinic.url,
        NOTIFY_INTERVAL_SECONDS="0.2",
        NOTIFY_RETRY_SECONDS="0.5",
        NOTIFY_RETRY_MAX_SECONDS="2",
        **smtp_env(port),
    )
    with open(log_path, "w") as log:
        loop = subprocess.Popen(
            [sys.executable, "-m", "bot.staff.cli", "notify", "--repeat"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = None
    try:
        assert wait_for(lambda: outbox(clinic)[0][1] >= 2), log_path.read_text()
        (row,) = outbox(clinic)
        assert not row[2] and row[3] == "ConnectionRefusedError"  # kept, not sent
        server = mail_server(port, inbox)
        assert wait_for(lambda: len(inbox.messages) == 1), log_path.read_text()
        assert wait_for(lambda: bool(outbox(clinic)[0][2]))
        time.sleep(1.0)  # a few more rounds of the loop: still one mail
        assert len(inbox.messages) == 1
    finally:
        loop.send_signal(signal.SIGTERM)
        loop.wait(timeout=20)
        if server is not None:
            server.stop()
    log = log_path.read_text()
    assert (
        f"notification #1: callback request #{callback_id} not sent "
        "(ConnectionRefusedError, try 1); kept, next try in 0.5 s." in log
    )
    assert "(ConnectionRefusedError, try 2); kept, next try in 1 s." in log
    assert f"notification #1: sent callback request #{callback_id}" in log
    assert not any(personal in log for personal in PERSONAL)
    assert f"{CONSOLE}/callbacks/{callback_id}" in inbox.messages[0].as_string()


def test_signing_in_to_the_mail_server(clinic, monkeypatch, capsys):
    port, inbox = free_port(), Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == LoginPassword(
            b"assistant", b"right horse battery"
        )
        return AuthResult(success=ok, handled=False)  # refused: aiosmtpd answers 535

    for name, value in smtp_env(port, SMTP_USER="assistant").items():
        monkeypatch.setenv(name, value)
    callback_id = new_request(clinic)
    server = mail_server(
        port,
        inbox,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    try:
        monkeypatch.setenv("SMTP_PASSWORD", "wrong staple")
        assert main(["--database-url", clinic.url, "notify"]) == 0
        refused = capsys.readouterr().out
        assert inbox.messages == []
        assert outbox(clinic)[0][1:] == (1, False, "SMTPAuthenticationError 535")
        assert "wrong staple" not in refused
        assert "not sent (SMTPAuthenticationError 535, try 1); kept" in refused

        monkeypatch.setenv("SMTP_PASSWORD", "right horse battery")
        # The retry was scheduled a minute out (NOTIFY_RETRY_SECONDS): bring it forward.
        engine = create_engine(clinic.url, future=True)
        with engine.begin() as connection:
            connection.execute(text("UPDATE notification_outbox SET next_attempt_at = created_at"))
        engine.dispose()
        assert main(["--database-url", clinic.url, "notify"]) == 0
    finally:
        server.stop()
    assert len(inbox.messages) == 1
    assert outbox(clinic) == [(callback_id, 1, True, None)]


def test_notifications_off_without_settings_keep_the_requests_waiting(clinic, monkeypatch, capsys):
    for name in ("SMTP_HOST", "CLINIC_NOTIFY_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    new_request(clinic)
    assert main(["--database-url", clinic.url, "notify", "--repeat"]) == 0
    out = capsys.readouterr().out
    assert "E-mail notifications are off" in out and "Waiting in the outbox: 1." in out
    assert outbox(clinic)[0][1:3] == (0, False)
