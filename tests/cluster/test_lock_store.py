"""channels/lock_store.py against a real Redis, from several processes at once:
ticket numbers are never handed out twice, and turns under the lock never
overlap. (Rasa's own RedisLockStore fails the first: its read-change-write is
not atomic.)"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
import uuid

import pytest
from cluster_harness import REDIS, _redis_client, report, unavailable

PROCESSES = 4
TURNS = 8


@pytest.fixture(scope="module")
def redis_settings():
    try:
        _redis_client().ping()
    except Exception as error:
        unavailable(f"Redis is not reachable at {REDIS}: {error}")
    client = _redis_client()
    kwargs = client.connection_pool.connection_kwargs
    prefix = f"locktest{uuid.uuid4().hex[:8]}"
    yield dict(
        host=kwargs.get("host", "127.0.0.1"),
        port=kwargs.get("port", 6379),
        db=kwargs.get("db", 0),
        key_prefix=prefix,
    )
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def _store(settings):
    from channels.lock_store import AtomicRedisLockStore

    return AtomicRedisLockStore(**settings)


def _issue(settings, conversation_id, start_at, queue):
    store = _store(settings)
    while time.time() < start_at:
        time.sleep(0.001)
    queue.put([store.issue_ticket(conversation_id, 60) for _ in range(TURNS)])


def _turns(settings, conversation_id, log_key, start_at, queue):
    store = _store(settings)
    client = store.red

    async def run() -> None:
        for _ in range(TURNS):
            async with store.lock(conversation_id, 60, wait_time_in_seconds=0.01):
                client.rpush(log_key, "enter")
                await asyncio.sleep(0.02)
                client.rpush(log_key, "exit")

    while time.time() < start_at:
        time.sleep(0.001)
    asyncio.run(run())
    queue.put("done")


def _run_processes(target, args):
    import channels.lock_store  # noqa: F401  (imported once, before the fork)

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start_at = time.time() + 1.0
    processes = [
        context.Process(target=target, args=(*args, start_at, queue)) for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    results = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return results


def test_tickets_are_unique_across_processes(redis_settings):
    conversation_id = f"tickets-{uuid.uuid4().hex[:8]}"
    results = _run_processes(_issue, (redis_settings, conversation_id))
    tickets = [ticket for result in results for ticket in result]
    assert sorted(tickets) == list(range(PROCESSES * TURNS))
    report(
        f"lock store: {PROCESSES} processes x {TURNS} tickets at once: "
        f"{len(set(tickets))} unique ticket numbers"
    )


def test_turns_under_the_lock_never_overlap_across_processes(redis_settings):
    conversation_id = f"turns-{uuid.uuid4().hex[:8]}"
    log_key = f"{redis_settings['key_prefix']}log{conversation_id}"
    _run_processes(_turns, (redis_settings, conversation_id, log_key))
    log = [entry.decode() for entry in _redis_client().lrange(log_key, 0, -1)]
    assert log == ["enter", "exit"] * (PROCESSES * TURNS)
    report(
        f"lock store: {PROCESSES} processes x {TURNS} locked turns of one conversation: "
        f"none overlapped"
    )
