"""Consent and retention, true (issue 14, point 2): the purge rules as pure
functions, then the conversation histories and the clinic's tables on SQLite
and PostgreSQL, written by the real Rasa-side tracker store
(channels/tracker_store.py) and read back with plain SQL."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from datetime import datetime, timedelta, timezone
from typing import List

import pytest
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from actions.tracker_state import consent_question
from bot.domain import questions
from bot.domain.repair import deleted_text
from bot.runtime import settings as settings_module
from bot.runtime.settings import (
    PROJECT_ROOT,
    RetentionSettings,
    tracker_database_url,
    tracker_url_from_endpoint,
)
from bot.staff import cli
from bot.storage.callbacks import CallbackStore
from bot.storage.conversations import ERASE_ACTION, ConversationHistory
from bot.storage.database import make_engine
from bot.storage.privacy import erase_person, purge
from bot.storage.retention import (
    EXPIRED,
    UNCONSENTED,
    ConversationActivity,
    RetentionPolicy,
    consent_after,
    erase_reason,
)
from bot.storage.summaries import IntakeStore
from channels.tracker_store import ClinicSQLTrackerStore, turn_erases_conversation

MINUTE, DAY = 60.0, 24 * 60 * 60.0
POLICY = RetentionPolicy(
    unconsented_idle_seconds=30 * MINUTE,
    tracker_retention_seconds=30 * DAY,
    clinic_retention_seconds=90 * DAY,
)
NOW = 1_800_000_000.0  # a fixed "now" for the pure rules

# --- The rules, pure --------------------------------------------------------------------------


def activity(idle: float, consented: bool, ended: bool = False) -> ConversationActivity:
    return ConversationActivity("someone", NOW - idle, consented, ended)


@pytest.mark.parametrize(
    "idle, consented, ended, reason",
    [
        (29 * MINUTE, False, False, None),  # still talking, maybe
        (30 * MINUTE, False, False, UNCONSENTED),
        (10.0, False, True, UNCONSENTED),  # said goodbye: the conversation ended
        (2 * DAY, True, False, None),  # consent: kept until its retention
        (10.0, True, True, None),
        (30 * DAY - 1, True, False, None),
        (30 * DAY, True, False, EXPIRED),
        (31 * DAY, False, False, EXPIRED),
    ],
)
def test_erase_reason(idle, consented, ended, reason):
    assert erase_reason(activity(idle, consented, ended), POLICY, NOW) == reason


@pytest.mark.parametrize(
    "type_name, data, consented",
    [
        ("slot", '{"event": "slot", "name": "data_consent", "value": true}', True),
        ("slot", '{"event": "slot", "name": "data_consent", "value": false}', False),
        ("slot", '{"event": "slot", "name": "data_consent", "value": null}', False),
        ("slot", '{"event": "slot", "name": "data_consent", "value": "true"}', False),
        ("slot", '{"event": "slot", "name": "callback_consent", "value": true}', False),
        ("reset_slots", '{"event": "reset_slots"}', False),  # "start over"
        ("restart", '{"event": "restart"}', False),
        ("session_started", '{"event": "session_started"}', False),
        ("slot", "not json", False),
        (None, None, False),  # no consent event at all
    ],
)
def test_consent_after(type_name, data, consented):
    assert consent_after(type_name, data) is consented


def test_retention_settings_defaults_values_and_mistakes():
    assert RetentionSettings.from_env({}) == RetentionSettings(30, 30, 90, 5)
    assert RetentionSettings.from_env(
        {
            "UNCONSENTED_IDLE_MINUTES": "0",
            "TRACKER_RETENTION_DAYS": "7",
            "CLINIC_RETENTION_DAYS": " 365 ",
            "PURGE_INTERVAL_MINUTES": "0.5",
        }
    ) == RetentionSettings(0, 7, 365, 0.5)
    for name, value in [
        ("UNCONSENTED_IDLE_MINUTES", "-1"),
        ("UNCONSENTED_IDLE_MINUTES", "half an hour"),
        ("TRACKER_RETENTION_DAYS", "0"),  # would erase conversations as they happen
        ("CLINIC_RETENTION_DAYS", "inf"),
        ("PURGE_INTERVAL_MINUTES", "nan"),
    ]:
        with pytest.raises(ValueError, match=name):
            RetentionSettings.from_env({name: value})


def test_policy_from_settings():
    assert RetentionPolicy.from_settings(RetentionSettings(30, 30, 90, 5)) == POLICY


def test_consent_question_says_what_is_kept_and_for_how_long(monkeypatch):
    defaults = RetentionSettings()
    assert (
        questions.DEFAULT_CLINIC_DAYS,
        questions.DEFAULT_HISTORY_DAYS,
        questions.DEFAULT_UNCONSENTED_MINUTES,
    ) == (
        defaults.clinic_retention_days,
        defaults.tracker_retention_days,
        defaults.unconsented_idle_minutes,
    )
    text_now = questions.QUESTIONS["data_consent"].text
    assert "nothing will be stored" not in text_now
    assert "90 days" in text_now and "30 days" in text_now and "30 minutes" in text_now
    monkeypatch.setenv("CLINIC_RETENTION_DAYS", "60")
    monkeypatch.setenv("TRACKER_RETENTION_DAYS", "14")
    monkeypatch.setenv("UNCONSENTED_IDLE_MINUTES", "1")
    asked = consent_question()
    assert "for 60 days" in asked.text and "kept for 14 days" in asked.text
    assert "erased about 1 minute after" in asked.text
    assert asked.buttons == questions.QUESTIONS["data_consent"].buttons


def test_deleted_text_counts_what_was_removed():
    assert deleted_text(1, 1, 42) == (
        "I've deleted your intake summary, your callback request and the 42 messages "
        "of this conversation so far. Nothing of it is kept now: from your next "
        "message, we start afresh."
    )
    assert deleted_text(0, 2, 1).startswith(
        "I've deleted your 2 callback requests and the 1 message of"
    )
    assert deleted_text(0, 0, 0).startswith("The clinic had nothing stored")


def test_tracker_url_from_the_endpoints_rasa_reads(tmp_path):
    sqlite = {"type": "channels.tracker_store.ClinicSQLTrackerStore", "db": "var/t.db"}
    assert tracker_url_from_endpoint(sqlite, {}) == f"sqlite:///{PROJECT_ROOT}/var/t.db"
    production = {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "${H}",
        "port": "${P}",
        "db": "${D}",
        "username": "${U}",
        "password": "${W}",
    }
    env = {"H": "db.internal", "P": "5433", "D": "rasa_tracker", "U": "bot", "W": "p@ss/word"}
    assert (
        tracker_url_from_endpoint(production, env)
        == "postgresql://bot:p%40ss%2Fword@db.internal:5433/rasa_tracker"
    )
    assert tracker_url_from_endpoint(production, dict(env, W="")) == (
        "postgresql://bot@db.internal:5433/rasa_tracker"
    )
    whole = {"type": "SQL", "url": "${URL}", "db": "ignored.db"}
    assert tracker_url_from_endpoint(whole, {"URL": "postgresql://u@h/d"}) == "postgresql://u@h/d"
    with pytest.raises(ValueError, match="H, P must be set"):
        tracker_url_from_endpoint({"url": "${H}${P}", "dialect": "postgresql"}, {})
    # The files the project runs with.
    assert tracker_database_url({}) == f"sqlite:///{PROJECT_ROOT}/var/rasa_tracker.db"
    assert tracker_database_url(
        dict(env, ENDPOINTS="deploy/endpoints.production.yml", **_production_parts())
    ) == ("postgresql://postgres@127.0.0.1:5432/rasa_tracker")
    assert tracker_database_url({"TRACKER_STORE_URL": "postgres://u@h/d"}) == "postgresql://u@h/d"
    (tmp_path / "memory.yml").write_text("action_endpoint:\n  url: x\n")
    with pytest.raises(ValueError, match="no SQL database"):
        tracker_database_url({"ENDPOINTS": str(tmp_path / "memory.yml")})


def _production_parts():
    return {
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": "rasa_tracker",
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
    }


# --- Conversations written by the real tracker store ------------------------------------------

DOMAIN = Domain.from_dict(
    {
        "intents": ["greet", "goodbye", "delete_data", "affirm", "deny"],
        "slots": {"data_consent": {"type": "bool", "mappings": [{"type": "custom"}]}},
        "actions": [ERASE_ACTION],
    }
)


def run(coroutine):
    # In a thread of its own: a session-wide Playwright browser (tests/browser)
    # keeps an event loop running in the main thread, where asyncio.run refuses.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def tracker_store(database_url):
    store = ClinicSQLTrackerStore(domain=DOMAIN, host=database_url)
    yield store
    store.engine.dispose()


def rows(url: str, sender: str) -> List[tuple]:
    """The sender's events, read straight from the table."""
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT type_name, intent_name, action_name, data FROM events "
                    "WHERE sender_id = :s ORDER BY id"
                ),
                {"s": sender},
            ).all()
    finally:
        engine.dispose()


def said(message: str, intent: str, at: float) -> List[Event]:
    return [
        UserUttered(message, {"name": intent, "confidence": 1.0}, timestamp=at),
        BotUttered("Noted.", timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def conversation(consent, at: float, last_intent: str = "greet") -> List[Event]:
    """A short conversation whose newest event is at `at`: the pregnancy and the
    warfarin, the consent answer (None: never given), and a last message."""
    events = [ActionExecuted("action_listen", timestamp=at - 60)]
    events += said("I'm pregnant and on warfarin", "greet", at - 50)
    if consent is not None:
        events.append(SlotSet("data_consent", consent, timestamp=at - 40))
    events += said("ok", last_intent, at)
    return events


def store_conversation(store, sender: str, events: List[Event]) -> None:
    run(store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots)))


def one_turn(store, sender: str, new_events: List[Event], meanwhile=None) -> None:
    """Load the conversation, let `meanwhile` run (as the action server does
    during a turn), add the turn's events and save: what Rasa does per message."""
    tracker = run(store.retrieve(sender))
    if meanwhile:
        meanwhile()
    for event in new_events:
        tracker.update(event)
    run(store.save(tracker))


def delete_turn(at: float) -> List[Event]:
    return [
        UserUttered("delete my data", {"name": "delete_data", "confidence": 1.0}, timestamp=at),
        ActionExecuted(ERASE_ACTION, timestamp=at),
        BotUttered("I've deleted the 6 messages of this conversation so far.", timestamp=at),
        SlotSet("data_consent", False, timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def test_an_ordinary_turn_is_saved_exactly_as_rasa_saves_it(tracker_store, database_url):
    rasa_store = SQLTrackerStore(domain=DOMAIN, host=database_url)
    now = time.time()
    for store, sender in ((tracker_store, "ours"), (rasa_store, "rasas")):
        store_conversation(store, sender, conversation(True, now - 5))
        one_turn(store, sender, said("my neck", "greet", now))
    rasa_store.engine.dispose()
    assert len(rows(database_url, "ours")) == 11
    assert rows(database_url, "ours") == rows(database_url, "rasas")
    reloaded = run(tracker_store.retrieve("ours"))
    assert reloaded.get_slot("data_consent") is True and len(reloaded.events) == 11


def test_rasas_own_store_writes_deleted_rows_back(database_url):
    """Why channels/tracker_store.py exists: rows deleted during a turn come back."""
    store = SQLTrackerStore(domain=DOMAIN, host=database_url)
    store_conversation(store, "person", conversation(True, time.time()))
    history = ConversationHistory(database_url)
    one_turn(store, "person", delete_turn(time.time()), lambda: history.erase("person"))
    history.dispose()
    store.engine.dispose()
    assert len(rows(database_url, "person")) == 13  # everything, the diagnosis included


def test_delete_my_data_leaves_no_event(tracker_store, database_url):
    store_conversation(tracker_store, "person", conversation(True, time.time()))
    store_conversation(tracker_store, "someone-else", conversation(True, time.time()))
    history = ConversationHistory(database_url)
    erased = []
    one_turn(
        tracker_store,
        "person",
        delete_turn(time.time()),
        lambda: erased.append(history.erase("person")),
    )
    history.dispose()
    assert (erased[0].events, erased[0].messages) == (8, 4)
    assert rows(database_url, "person") == []
    assert len(rows(database_url, "someone-else")) == 8
    assert run(tracker_store.retrieve("person")) is None  # the next message starts afresh


def test_the_delete_turn_erases_even_when_the_action_server_deleted_nothing(
    tracker_store, database_url
):
    """The action server could not reach the tracker store: the turn still erases it."""
    store_conversation(tracker_store, "person", conversation(False, time.time()))
    one_turn(tracker_store, "person", delete_turn(time.time()))
    assert rows(database_url, "person") == []


def test_rows_deleted_during_a_turn_are_not_written_back(tracker_store, database_url):
    """delete-person (or the purge) while the person's turn runs."""
    store_conversation(tracker_store, "person", conversation(True, time.time()))
    history = ConversationHistory(database_url)
    one_turn(
        tracker_store,
        "person",
        said("my phone is +1 555 0199", "greet", time.time()),
        lambda: history.erase("person"),
    )
    history.dispose()
    assert rows(database_url, "person") == []


def test_turn_erases_conversation_looks_at_this_turn_only():
    earlier = conversation(True, NOW) + delete_turn(NOW) + said("hi", "greet", NOW + 1)
    assert not turn_erases_conversation(DialogueStateTracker.from_events("a", earlier))
    now = conversation(True, NOW) + delete_turn(NOW)
    assert turn_erases_conversation(DialogueStateTracker.from_events("a", now))


def test_errors_never_show_the_values(tracker_store, database_url):
    """hide_parameters: a failing statement's error (what gets logged) has no values."""
    secret = "pregnant and on warfarin, call Anna on +1 555 0199"
    clinic = make_engine(database_url)
    for engine in (tracker_store.engine, clinic):
        with pytest.raises(SQLAlchemyError) as failed:
            with engine.connect() as connection:
                connection.execute(text("SELECT * FROM no_such_table WHERE x = :v"), {"v": secret})
        assert "no_such_table" in str(failed.value) and secret not in str(failed.value)
    clinic.dispose()


# --- The purge --------------------------------------------------------------------------------


@pytest.fixture
def histories(tracker_store, database_url):
    """Conversations of every kind, their newest events at known ages."""
    now = time.time()
    kinds = {
        "unconsented-idle": conversation(False, now - 31 * MINUTE),
        "never-answered-idle": conversation(None, now - 31 * MINUTE),
        "unconsented-recent": conversation(False, now - 5 * MINUTE),
        "unconsented-goodbye": conversation(False, now - 10, last_intent="goodbye"),
        "consented-idle": conversation(True, now - 2 * DAY),
        "consented-goodbye": conversation(True, now - 10, last_intent="goodbye"),
        "consented-expired": conversation(True, now - 31 * DAY),
        # "start over" unset the consent, and it was not given again
        "consent-reset": conversation(True, now - 31 * MINUTE)
        + [AllSlotsReset(timestamp=now - 31 * MINUTE)],
        # a new session carried the consent over (Rasa's SlotSet after session_started)
        "consent-carried-over": conversation(True, now - 40 * MINUTE)
        + [
            SessionStarted(timestamp=now - 31 * MINUTE),
            SlotSet("data_consent", True, timestamp=now - 31 * MINUTE),
        ],
    }
    for sender, events in kinds.items():
        store_conversation(tracker_store, sender, events)
    history = ConversationHistory(database_url)
    yield history
    history.dispose()


def left(url: str) -> dict:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")
            ).all()
    finally:
        engine.dispose()
    return dict(found)


ERASED_BY_THE_PURGE = {
    "unconsented-idle",
    "never-answered-idle",
    "unconsented-goodbye",
    "consented-expired",
    "consent-reset",
}


def test_purge_erases_exactly_what_the_rules_say(histories, database_url):
    before = left(database_url)
    report = histories.purge(POLICY, time.time())
    after = left(database_url)
    assert set(before) - set(after) == ERASED_BY_THE_PURGE
    assert all(after[sender] == before[sender] for sender in after)  # the rest untouched
    assert (report.unconsented, report.expired) == (4, 1)
    assert report.unconsented_events == sum(
        before[s] for s in ERASED_BY_THE_PURGE - {"consented-expired"}
    )
    assert report.expired_events == before["consented-expired"]
    assert not any(
        "warfarin" in (r.data or "") for s in ERASED_BY_THE_PURGE for r in rows(database_url, s)
    )


def test_dry_run_counts_and_erases_nothing(histories, database_url):
    before = left(database_url)
    counted = histories.purge(POLICY, time.time(), remove=False)
    assert left(database_url) == before
    assert histories.purge(POLICY, time.time()) == counted


def test_a_conversation_that_came_back_meanwhile_is_kept(histories, database_url, monkeypatch):
    stale = [a for a in histories.activities() if a.sender_id == "unconsented-idle"]
    store = ClinicSQLTrackerStore(domain=DOMAIN, host=database_url)
    one_turn(store, "unconsented-idle", said("I'm back", "greet", time.time()))
    store.engine.dispose()
    monkeypatch.setattr(histories, "activities", lambda: stale)
    assert histories.purge(POLICY, time.time()).unconsented == 0
    assert len(rows(database_url, "unconsented-idle")) == 11


def test_no_history_yet_is_nothing_to_purge(tmp_path):
    missing = tmp_path / "never-started.db"
    history = ConversationHistory(f"sqlite:///{missing}")
    assert history.purge(POLICY, time.time()).unconsented == 0
    assert history.erase("x").events == 0
    assert not missing.exists()  # nothing is created


# --- The clinic's tables, and both together ---------------------------------------------------


def age_rows(url: str, table: str, conversation_id: str, days: float) -> None:
    when = datetime.now(timezone.utc) - timedelta(days=days)
    engine = create_engine(url, future=True)
    with engine.begin() as connection:
        connection.execute(
            text(f"UPDATE {table} SET updated_at = :w WHERE conversation_id = :c"),
            {"w": when.replace(tzinfo=None), "c": conversation_id},
        )
    engine.dispose()


def clinic_counts(url: str, conversation_id: str) -> tuple:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return tuple(
                connection.execute(
                    text(f"SELECT COUNT(*) FROM {table} WHERE conversation_id = :c"),
                    {"c": conversation_id},
                ).scalar_one()
                for table in ("intake_summaries", "callback_requests")
            )
    finally:
        engine.dispose()


def consented_person(url: str, conversation_id: str) -> None:
    IntakeStore(url).save_summary(conversation_id, {"red_flags": ["pregnancy"]})
    CallbackStore(url).save_callback(
        conversation_id, "Anna", email="anna@example.com", consent=True
    )


@pytest.fixture
def clinic(database_url):
    store = CallbackStore(database_url)
    yield store
    store.dispose()


def test_clinic_rows_go_after_their_retention(clinic, histories, database_url):
    consented_person(database_url, "old")
    consented_person(database_url, "recent")
    for table in ("intake_summaries", "callback_requests"):
        age_rows(database_url, table, "old", 91)
        age_rows(database_url, table, "recent", 89)
    now = datetime.now(timezone.utc)
    counted = purge(clinic, histories, POLICY, now, remove=False)
    assert clinic_counts(database_url, "old") == (1, 1)
    report = purge(clinic, histories, POLICY, now)
    assert report == counted
    assert (report.intake_summaries, report.callback_requests) == (1, 1)
    assert clinic_counts(database_url, "old") == (0, 0)
    assert clinic_counts(database_url, "recent") == (1, 1)
    assert report.history.unconsented == 4 and report.anything


def test_erase_person_removes_everything_of_one_conversation(clinic, tracker_store, database_url):
    for sender in ("person", "someone-else"):
        consented_person(database_url, sender)
        store_conversation(tracker_store, sender, conversation(True, time.time()))
    history = ConversationHistory(database_url)
    erased = erase_person("person", clinic, history)
    assert (erased.intake_summaries, erased.callback_requests) == (1, 1)
    assert (erased.events, erased.messages) == (8, 4)
    assert clinic_counts(database_url, "person") == (0, 0) and rows(database_url, "person") == []
    assert clinic_counts(database_url, "someone-else") == (1, 1)
    assert len(rows(database_url, "someone-else")) == 8
    again = erase_person("person", clinic, history)
    assert not again.anything
    history.dispose()


# --- The staff command line -------------------------------------------------------------------


@pytest.fixture
def staff(database_url, capsys):
    def call(*argv):
        code = cli.main(["--database-url", database_url, "--tracker-url", database_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_cli_delete_person_counts_the_history_too(staff, tracker_store, database_url):
    consented_person(database_url, "conv-1")
    store_conversation(tracker_store, "conv-1", conversation(True, time.time()))
    code, out, _ = staff("delete-person", "conv-1")
    assert code == 0
    assert out.strip() == (
        "Deleted 1 intake summary, 1 callback request and 8 conversation events "
        "(4 messages) for conversation 'conv-1'."
    )
    assert rows(database_url, "conv-1") == [] and clinic_counts(database_url, "conv-1") == (0, 0)
    code, _, err = staff("delete-person", "conv-1")
    assert code == 1 and "Nothing is stored for conversation 'conv-1'" in err


def test_cli_purge_and_dry_run(staff, histories, database_url, monkeypatch):
    consented_person(database_url, "old")
    for table in ("intake_summaries", "callback_requests"):
        age_rows(database_url, table, "old", 91)
    before = left(database_url)
    code, out, _ = staff("purge", "--dry-run")
    assert code == 0 and left(database_url) == before
    assert out.splitlines()[0].startswith("Would remove 4 conversations without consent")
    code, out, _ = staff("purge")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Removed 4 conversations without consent, idle 30 minutes or ended")
    assert lines[1].startswith("Removed 1 conversation idle over 30 days")
    assert lines[2] == (
        "Removed 1 intake summary and 1 callback request unchanged for over 90 days."
    )
    assert set(before) - set(left(database_url)) == ERASED_BY_THE_PURGE
    assert staff("purge")[1].strip() == "Nothing is past its retention."
    monkeypatch.setenv("TRACKER_RETENTION_DAYS", "1")
    assert "Removed 1 conversation idle over 1 day " in staff("purge")[1]


def test_cli_purge_refuses_a_bad_setting_kindly(staff, monkeypatch):
    monkeypatch.setenv("CLINIC_RETENTION_DAYS", "ninety")
    code, _, err = staff("purge")
    assert code == 2 and "CLINIC_RETENTION_DAYS must be a number above 0" in err


def test_cli_purge_repeat_survives_a_database_that_is_down(
    staff, histories, database_url, monkeypatch
):
    """The scheduled purge says when it cannot run and tries again next time."""
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 1:  # the tracker database goes away for the next round
            monkeypatch.setattr(cli, "ConversationHistory", lambda url: unreachable)
        else:
            raise KeyboardInterrupt  # Ctrl-C, as `make run` stops it

    unreachable = ConversationHistory("postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("PURGE_INTERVAL_MINUTES", "0.5")
    monkeypatch.setattr(cli.time, "sleep", nap)
    code, out, err = staff("purge", "--repeat")
    assert code == 0 and naps == [30.0, 30.0]
    assert "Purging every 0.5 minutes" in out and "Removed 4 conversations" in out
    assert "could not run this time (OperationalError); trying again" in err
    assert "nobody" not in err  # no connection details or values


@pytest.fixture(autouse=True)
def _fresh_settings():
    settings_module.clear_settings_cache()
    yield
    settings_module.clear_settings_cache()


def test_messages_copied_into_a_new_session_are_counted_once(database_url):
    from sqlalchemy import create_engine

    from bot.storage.conversations import COPIED_MARK, EVENTS, erase_events

    engine = create_engine(database_url)
    EVENTS.metadata.create_all(engine)
    rows = [
        {"sender_id": "s", "type_name": "user", "timestamp": 1.0, "data": '{"text": "hi"}'},
        {
            "sender_id": "s",
            "type_name": "user",
            "timestamp": 2.0,
            "data": '{"text": "hi", "metadata": {"%s": true}}' % COPIED_MARK,
        },
        {"sender_id": "s", "type_name": "bot", "timestamp": 1.5, "data": "{}"},
    ]
    with engine.begin() as connection:
        connection.execute(EVENTS.insert(), rows)
        erased = erase_events(connection, "s")
    engine.dispose()
    assert (erased.events, erased.messages) == (3, 2)
