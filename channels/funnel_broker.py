"""The funnel report's event broker for the embedded setup (`make run`):
Rasa hands it every event of every conversation, and it turns them into
counts in the clinic database (bot.storage.funnel). Configured in endpoints.yml:

    event_broker:
      type: channels.funnel_broker.FunnelEventBroker
      # url: another database than DATABASE_URL (optional)

`publish` runs on Rasa's event loop: it keeps only the funnel step of the
event (bot.domain.funnel.funnel_step: no text, no answers) and queues it; one
thread writes the queued steps in batches, gathered for two seconds, so a
turn never waits for the database. A database that is away is tried again; if
the queue fills up meanwhile, further steps are dropped (the counts are a
report, the chat goes on) and the number dropped is logged. Production uses
RabbitMQ instead (deploy/endpoints.production.yml and `python -m bot.staff.cli funnel-consumer`).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

from bot.domain.funnel import Step, funnel_step
from bot.storage.funnel import FunnelStore

logger = logging.getLogger(__name__)

MAX_QUEUED_STEPS = 50_000
BATCH_SIZE = 500
RETRY_SECONDS = 2.0
# The writer gathers steps this long between batches: one transaction for many
# turns costs the server far less than one for every few (a third of its busy
# time went to per-step writes, py-spy in `make bench`).
GATHER_SECONDS = 2.0
_STOP = None  # the queue's last item: the writer finishes what came before and ends


class FunnelEventBroker(EventBroker):
    def __init__(self, url: Optional[str] = None, max_queued: int = MAX_QUEUED_STEPS) -> None:
        self.store = FunnelStore(url)
        self._queue: "queue.Queue[Optional[Tuple[str, Step]]]" = queue.Queue(max_queued)
        self._dropped = 0
        self._closing = threading.Event()
        self._writer = threading.Thread(target=self._write, name="funnel-broker", daemon=True)
        self._writer.start()

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: Optional[EndpointConfig],
        event_loop: Optional[asyncio.AbstractEventLoop] = None,
    ) -> Optional["FunnelEventBroker"]:
        if broker_config is None:
            return None
        return cls(url=broker_config.url or None)

    def publish(self, event: Dict[Text, Any]) -> None:
        sender = event.get("sender_id")
        step = funnel_step(event)
        if step is None or not isinstance(sender, str) or not sender:
            return
        try:
            self._queue.put_nowait((sender, step))
        except queue.Full:
            self._dropped += 1
            if self._dropped in (1, 100) or self._dropped % 10_000 == 0:
                logger.warning(f"The funnel queue is full: {self._dropped} steps not counted.")

    def is_ready(self) -> bool:
        return self._writer.is_alive()

    async def close(self) -> None:
        """Write what is queued, then stop the writer (at most 10 s)."""
        self._queue.put(_STOP)
        self._closing.set()
        await asyncio.get_running_loop().run_in_executor(None, self._writer.join, 10)
        self.store.dispose()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every step queued so far is written (tests); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self._queue.unfinished_tasks

    def _next_batch(self) -> Tuple[List[Tuple[str, Step]], bool]:
        """The queued steps, up to BATCH_SIZE (waits for the first); True at the end."""
        first = self._queue.get()
        if first is _STOP:
            return [], True
        batch = [first]
        while len(batch) < BATCH_SIZE:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                return batch, True
            batch.append(item)
        return batch, False

    def _write(self) -> None:
        while True:
            batch, last = self._next_batch()
            while batch:
                try:
                    self.store.apply(batch)
                    break
                except Exception as error:  # the database away, locked or restarting
                    # By kind only: a database error's text may quote values.
                    logger.warning(
                        f"The funnel counts could not be written ({type(error).__name__}); "
                        f"trying again in {RETRY_SECONDS:g} s."
                    )
                    if last:
                        break  # shutting down: do not hold Rasa up
                    time.sleep(RETRY_SECONDS)
            for _ in range(len(batch) + (1 if last else 0)):
                self._queue.task_done()
            if last:
                return
            # An event, not a sleep: closing ends the wait, and a profiler sees an idle thread.
            self._closing.wait(GATHER_SECONDS)
