"""The embedded tracker store: Rasa's SQL store, SQLite in write-ahead-log mode."""
from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import yaml
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.settings import embedded_endpoints
from channels.tracker_store import LocalSQLTrackerStore

DOMAIN = Domain.from_yaml("slots:\n  pain_intensity:\n    type: float\n    mappings: []\n")


def _run(coroutine):
    # In a thread of its own: Playwright's sync API (browser tests in the same
    # session) keeps an event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _store(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(embedded_endpoints("http://localhost:1/webhook", tmp_path / "t.db"))
    config = read_endpoint_config(str(endpoints), "tracker_store")
    return TrackerStore.create(config, DOMAIN)


def test_the_embedded_endpoints_load_the_wal_store(tmp_path):
    store = _store(tmp_path)
    assert isinstance(store, LocalSQLTrackerStore)
    mode = sqlite3.connect(tmp_path / "t.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_conversation_survives_a_new_store_on_the_same_file(tmp_path):
    tracker = DialogueStateTracker.from_events(
        "person", [UserUttered("my pain is 6"), SlotSet("pain_intensity", 6.0)],
        slots=DOMAIN.slots)
    _run(_store(tmp_path).save(tracker))
    again = _run(_store(tmp_path).retrieve("person"))
    assert again.get_slot("pain_intensity") == 6.0
    assert again.latest_message.text == "my pain is 6"


def test_tests_and_bench_serve_the_project_endpoints(tmp_path):
    served = yaml.safe_load(embedded_endpoints(None, tmp_path / "t.db"))
    assert "action_endpoint" not in served
    assert served["tracker_store"]["type"] == "channels.tracker_store.LocalSQLTrackerStore"
    assert served["tracker_store"]["db"] == str(tmp_path / "t.db")
