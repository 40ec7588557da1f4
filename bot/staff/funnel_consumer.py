"""The funnel report in production: reads the events Rasa's Pika event broker
publishes to RabbitMQ (deploy/endpoints.production.yml) and applies the same
aggregation as the embedded broker (bot.domain.funnel, bot.storage.funnel).
`python -m bot.staff.cli funnel-consumer`, started once by `make cluster`.

The queue (FUNNEL_QUEUE) is declared durable and bound to Rasa's fanout
exchange (RABBITMQ_EXCHANGE, Rasa's default `rasa-exchange`) before reading,
so events published while the consumer is away wait for it. Messages are
acknowledged only after their counts are committed: a database that is away
leaves them in RabbitMQ, to be tried again. Nothing of a message is kept but
its funnel step; an unreadable message is counted and dropped.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

import aio_pika
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue

from bot.domain.funnel import Step, funnel_step
from bot.runtime.settings import FunnelBrokerSettings
from bot.storage.funnel import FunnelStore

BATCH_SIZE = 200
IDLE_SECONDS = 0.5
RETRY_SECONDS = 5.0


@dataclass
class ConsumerTally:
    messages: int = 0
    counted: int = 0  # messages that were a funnel step
    unreadable: int = 0


def read_message(body: bytes) -> Optional[Tuple[str, Step]]:
    """(conversation id, funnel step) of one published event, or None."""
    try:
        event = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise ValueError("not a JSON event") from None
    if not isinstance(event, dict):
        raise ValueError("not a JSON event")
    sender, step = event.get("sender_id"), funnel_step(event)
    if step is None or not isinstance(sender, str) or not sender:
        return None
    return sender, step


async def _take_batch(
    queue: AbstractQueue, tally: ConsumerTally
) -> Tuple[List[AbstractIncomingMessage], List[Tuple[str, Step]]]:
    messages: List[AbstractIncomingMessage] = []
    steps: List[Tuple[str, Step]] = []
    while len(messages) < BATCH_SIZE:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        messages.append(message)
        tally.messages += 1
        try:
            found = read_message(message.body)
        except ValueError:
            tally.unreadable += 1
            continue
        if found is not None:
            steps.append(found)
            tally.counted += 1
    return messages, steps


async def consume(
    settings: FunnelBrokerSettings,
    store: FunnelStore,
    stop: asyncio.Event,
    say: Callable[[str], None] = print,
) -> ConsumerTally:
    """Apply the queue's events until `stop` is set; what was read."""
    tally = ConsumerTally()
    connection = await aio_pika.connect_robust(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        # Declared as Rasa declares them, so whichever starts first makes them.
        exchange = await channel.declare_exchange(settings.exchange, aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue(settings.queue, durable=True)
        await queue.bind(exchange, "")
        say(f"Reading Rasa's events from RabbitMQ queue '{settings.queue}'; stop with Ctrl-C.")
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            messages, steps = await _take_batch(queue, tally)
            if not messages:
                await _wait(stop, IDLE_SECONDS)
                continue
            try:
                await loop.run_in_executor(None, store.apply, steps)
            except Exception as error:  # the database away: leave them in RabbitMQ
                for message in messages:
                    await message.nack(requeue=True)
                say(
                    f"The funnel counts could not be written ({type(error).__name__}); "
                    f"{len(messages)} events left in the queue, trying again in "
                    f"{RETRY_SECONDS:g} s."
                )
                await _wait(stop, RETRY_SECONDS)
                continue
            await messages[-1].ack(multiple=True)
    return tally


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
