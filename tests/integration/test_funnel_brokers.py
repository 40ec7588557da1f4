"""The funnel report fed by Rasa's event brokers, against real servers.

Embedded (endpoints.yml): conversations over REST with the real Rasa and
action servers (tests/servers.py), the counts then read back from the clinic
database. Production (deploy/endpoints.production.yml): the events of a real
conversation published through Rasa's own PikaEventBroker to the RabbitMQ on
127.0.0.1:5672, counted by the real `funnel-consumer` command. Neither path
leaves any message text or answer in the funnel tables."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.storage.funnel import FunnelStore

ROOT = Path(__file__).resolve().parents[2]
RABBITMQ = ("127.0.0.1", 5672)
TOKEN = "integration-test-token"  # tests/integration/conftest.py's
FINISHED = [
    "my neck hurts, about 5/10, touch doesn't bother me, I like firm pressure",
    "yes",
    "none of these",
    "no",
    "can someone call me back?",
    "Zelda Quartz",
    "zelda@example.com",
    "weekday mornings",
    "yes",
]
EMERGENCY = ["hi", "yes", "I have chest pain right now"]
LEFT_AT_INTENSITY = ["hi", "no", "I'm pregnant and on warfarin", "my lower back"]
SAID = (
    "neck hurts",
    "Zelda",
    "zelda@example.com",
    "weekday",
    "chest pain",
    "warfarin",
    "lower back",
)


def funnel_tables(database_url: str) -> str:
    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            return "\n".join(
                repr(tuple(row))
                for table in ("funnel_counts", "funnel_progress")
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            )
    finally:
        engine.dispose()


def totals(database_url: str) -> Dict[str, int]:
    """Every count, summed over the weeks, by metric."""
    store = FunnelStore(database_url)
    try:
        found: Dict[str, int] = {}
        for metrics in store.counts().values():
            for metric, n in metrics.items():
                found[metric] = found.get(metric, 0) + n
        return found
    finally:
        store.dispose()


def changed(before: Dict[str, int], after: Dict[str, int]) -> Dict[str, int]:
    return {
        metric: after.get(metric, 0) - before.get(metric, 0)
        for metric in set(before) | set(after)
        if after.get(metric, 0) != before.get(metric, 0)
    }


def wait_for_change(database_url: str, before: Dict[str, int], expected: Dict[str, int]):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if changed(before, totals(database_url)) == expected:
            break
        time.sleep(0.3)
    return changed(before, totals(database_url))


EXPECTED = {
    "started": 3,
    "screened": 3,
    "flagged:emergency": 1,
    "stopped:emergency": 1,
    "flagged:caution": 1,
    "recommended": 1,
    "callback_asked": 1,
    "callback_requested": 1,
    "dropped:pain_intensity": 1,
}


def talk(rasa_server, messages: List[str]) -> str:
    sender = f"funnel-{uuid.uuid4().hex[:12]}"
    for message in messages:
        rasa_server.say(sender, message)
    return sender


def settled_totals(database_url: str) -> Dict[str, int]:
    """The counts once the broker has written what came before (the servers'
    warm-up conversation is counted a moment after it ends)."""
    last, deadline = totals(database_url), time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(1)
        now = totals(database_url)
        if now == last and now.get("started"):
            break
        last = now
    return last


def test_conversations_over_rest_are_counted_by_the_embedded_broker(rasa_server):
    before = settled_totals(rasa_server.database_url)
    senders = [talk(rasa_server, m) for m in (FINISHED, EMERGENCY, LEFT_AT_INTENSITY)]
    assert wait_for_change(rasa_server.database_url, before, EXPECTED) == EXPECTED
    stored = funnel_tables(rasa_server.database_url)
    for words in SAID + tuple(senders):
        assert words not in stored


# --- production: Rasa's Pika broker, RabbitMQ, the funnel consumer ----------------------


def rabbitmq_up() -> bool:
    try:
        socket.create_connection(RABBITMQ, timeout=2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def rabbitmq():
    if not rabbitmq_up():
        if os.environ.get("CI"):
            pytest.fail("RabbitMQ is not running on 127.0.0.1:5672")
        pytest.skip("RabbitMQ is not running on 127.0.0.1:5672")
    # A queue and exchange of this test only: nothing else's events are counted.
    name = f"funnel-test-{uuid.uuid4().hex[:8]}"
    yield {
        "RABBITMQ_URL": "amqp://guest:guest@127.0.0.1:5672/",
        "FUNNEL_QUEUE": name,
        "RABBITMQ_EXCHANGE": name,
    }
    asyncio.run(_delete(name))


async def _delete(name: str) -> None:
    import aio_pika

    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(name)
        await channel.exchange_delete(name)


async def _publish_through_rasa(events: List[dict], names: Dict[str, str]) -> None:
    """Rasa's own Pika broker, configured as deploy/endpoints.production.yml does."""
    # Rasa's pika module uses rasa.shared.core.events without importing it (a
    # running server has imported it already).
    import rasa.shared.core.events  # noqa: F401
    from rasa.core.brokers.broker import EventBroker
    from rasa.utils.endpoints import EndpointConfig

    broker = await EventBroker.create(
        EndpointConfig(
            url="127.0.0.1",
            type="pika",
            port="5672",
            username="guest",
            password="guest",
            exchange_name=names["RABBITMQ_EXCHANGE"],
            queues=[names["FUNNEL_QUEUE"]],
        )
    )
    for event in events:
        broker.publish(event)
    while broker._background_tasks:  # Rasa publishes in background tasks
        await asyncio.sleep(0.05)
    await broker.close()


def real_events(rasa_server, messages: List[str]) -> List[dict]:
    """The events of a real conversation, as the tracker store streams them."""
    sender = talk(rasa_server, messages)
    tracker = requests.get(
        f"{rasa_server.url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
    ).json()
    return [dict(event, sender_id=sender) for event in tracker["events"]]


def test_rasas_pika_broker_and_the_consumer_count_the_same(rasa_server, rabbitmq, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    events = [
        event
        for messages in (FINISHED, EMERGENCY, LEFT_AT_INTENSITY)
        for event in real_events(rasa_server, messages)
    ]
    # Published before the consumer runs: the durable queue keeps them for it.
    asyncio.run(_publish_through_rasa(events + [{"not": "an event"}], rabbitmq))
    log_path = tmp_path / "consumer.log"
    with open(log_path, "w") as log:
        consumer = subprocess.Popen(
            [sys.executable, "-m", "bot.staff.cli", "funnel-consumer"],
            cwd=ROOT,
            env=dict(os.environ, DATABASE_URL=database_url, **rabbitmq),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for_change(database_url, {}, EXPECTED) == EXPECTED, log_path.read_text()
    finally:
        consumer.send_signal(signal.SIGTERM)
        consumer.wait(timeout=30)
    log = log_path.read_text()
    assert f"Reading Rasa's events from RabbitMQ queue '{rabbitmq['FUNNEL_QUEUE']}'" in log
    assert f"Stopped after {len(events) + 1} events" in log
    stored = funnel_tables(database_url)
    for words in SAID:
        assert words not in stored and words not in log
