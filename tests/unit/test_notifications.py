"""The clinic's e-mail about a new callback request: its settings, its words
(no personal details), the backoff, and the outbox row written in the callback
request's own transaction, read back from the database."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

import bot.storage.callbacks as callbacks_module
from bot.domain.notifications import callback_notification, retry_delay
from bot.runtime.settings import NotificationSettings
from bot.storage.callbacks import CallbackStore


@pytest.fixture
def store(tmp_path):
    callback_store = CallbackStore(f"sqlite:///{tmp_path / 'clinic.db'}")
    yield callback_store
    callback_store.dispose()


def rows(store: CallbackStore, sql: str):
    engine = create_engine(store.url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).all()
    finally:
        engine.dispose()


def save(store: CallbackStore, conversation: str = "conv-1") -> int:
    return store.save_callback(
        conversation,
        "Zelda Quartz",
        phone="+44 20 7946 0958",
        email="zq@example.com",
        consent=True,
    )


def test_settings_are_off_until_a_server_and_an_inbox_are_given():
    assert not NotificationSettings.from_env({}).enabled
    assert not NotificationSettings.from_env({"SMTP_HOST": "mail.example"}).enabled
    settings = NotificationSettings.from_env(
        {
            "SMTP_HOST": "mail.example",
            "SMTP_PORT": "2525",
            "SMTP_USER": "bot",
            "SMTP_PASSWORD": " s3cret ",
            "SMTP_STARTTLS": "0",
            "CLINIC_NOTIFY_EMAIL": "desk@clinic.example",
            "CONSOLE_URL": "https://console.clinic.example/",
        }
    )
    assert settings.enabled and settings.smtp_port == 2525 and not settings.smtp_starttls
    assert settings.sender == "desk@clinic.example"
    assert settings.console_url == "https://console.clinic.example"
    assert settings.smtp_password == " s3cret " and "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    "name, value",
    [
        ("SMTP_PORT", "smtp"),
        ("SMTP_STARTTLS", "maybe"),
        ("NOTIFY_RETRY_SECONDS", "-1"),
        ("NOTIFY_INTERVAL_SECONDS", "0"),
    ],
)
def test_bad_settings_are_refused_by_name(name, value):
    with pytest.raises(ValueError, match=name):
        NotificationSettings.from_env({name: value})


def test_the_mail_links_to_the_console_and_says_nothing_personal():
    mail = callback_notification(42, "https://console.clinic.example/", "Riverside Pain Clinic")
    assert "https://console.clinic.example/callbacks/42" in mail.body
    assert mail.subject == "New callback request #42"
    assert "Riverside Pain Clinic" in mail.body


def test_the_wait_doubles_after_each_failure_up_to_the_most():
    assert [retry_delay(n, 60, 3600) for n in range(1, 8)] == [60, 120, 240, 480, 960, 1920, 3600]
    assert retry_delay(10_000, 60, 3600) == 3600  # no overflow after many failures


def test_a_callback_request_and_its_notification_are_stored_together(store):
    callback_id = save(store)
    assert rows(
        store, "SELECT callback_request_id, attempts, sent_at FROM notification_outbox"
    ) == [(callback_id, 0, None)]
    outbox_text = repr(rows(store, "SELECT * FROM notification_outbox"))
    for personal in ("Zelda", "7946", "zq@example.com", "conv-1"):
        assert personal not in outbox_text


def test_no_notification_no_request(store, monkeypatch):
    """If the outbox row cannot be written, the request is not stored either
    (so a stored request always has its mail)."""

    def broken(session, callback_request_id, now):
        raise RuntimeError("outbox table locked")

    monkeypatch.setattr(callbacks_module, "queue_notification", broken)
    with pytest.raises(RuntimeError):
        save(store)
    assert rows(store, "SELECT count(*) FROM callback_requests") == [(0,)]
    assert rows(store, "SELECT count(*) FROM notification_outbox") == [(0,)]


def test_deleting_a_person_takes_their_unsent_notification_too(store):
    save(store, "conv-1")
    other = save(store, "conv-2")
    assert store.delete_person("conv-1")["callback_requests"] == 1
    assert rows(store, "SELECT callback_request_id FROM notification_outbox") == [(other,)]
