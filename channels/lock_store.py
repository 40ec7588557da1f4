"""Rasa's Redis lock store, made safe for several Rasa servers.

Rasa Open Source 3.6's ``RedisLockStore`` changes a conversation's ticket lock
by reading it, changing it in Python and writing it back, in three separate
Redis calls. Two servers receiving a message of the same person at the same
moment both read "no lock", both issue ticket 0 and both run their turn at once:
the turns interleave and one of them is lost from the tracker (found by
tests/cluster: two messages sent to both servers together, the tracker kept
one). Rasa documents the problem (issue #9213) and fixed it only in the
commercial Rasa Pro (``ConcurrentRedisLockStore``).

Here every change of a lock (issuing a ticket, dropping expired tickets,
finishing a ticket and deleting the lock when no one waits) is one optimistic
Redis transaction (WATCH / MULTI / EXEC, retried when another server changed
the lock in between), so ticket numbers are unique across servers and turns of
one conversation run strictly one after the other. Same keys, same settings
and same format as ``RedisLockStore``:

    lock_store:
      type: channels.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      db: ${REDIS_DB}
      password: ${REDIS_PASSWORD}
      key_prefix: ${LOCK_KEY_PREFIX}
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import WatchError

logger = logging.getLogger(__name__)

_KEEP = object()  # a change that leaves the stored lock as it is
_DELETE = object()  # a change that deletes the stored lock


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose lock changes are atomic across processes."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = dict(endpoint_config.kwargs, **kwargs)
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        for name in ("port", "db"):
            if isinstance(kwargs.get(name), str) and kwargs[name].strip():
                kwargs[name] = int(kwargs[name])
        if kwargs.get("password") == "":
            kwargs["password"] = None
        super().__init__(**kwargs)

    def _change(
        self, conversation_id: Text, change: Callable[[Optional[TicketLock]], Tuple[Any, Any]]
    ) -> Any:
        """Applies `change` to the stored lock in one transaction; returns its result.

        `change(lock)` returns (the new lock, or _KEEP, or _DELETE; a result).
        """
        key = self.key_prefix + conversation_id
        while True:
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    serialised = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(serialised)) if serialised else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is _DELETE:
                        pipe.delete(key)
                    elif new_lock is not _KEEP:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except WatchError:
                    logger.debug("Lock of '%s' changed meanwhile; retrying.", conversation_id)
                    continue

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: Optional[TicketLock]) -> Tuple[Any, Any]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, change)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}")

    def _edit_if_present(self, conversation_id: Text, edit: Callable[[TicketLock], None]) -> None:
        """Edits the stored lock in one transaction; no lock, nothing to do."""

        def change(lock: Optional[TicketLock]) -> Tuple[Any, Any]:
            if lock is None:
                return _KEEP, None
            edit(lock)
            return lock, None

        self._change(conversation_id, change)

    def update_lock(self, conversation_id: Text) -> None:
        self._edit_if_present(conversation_id, TicketLock.remove_expired_tickets)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._edit_if_present(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]) -> Tuple[Any, Any]:
            if lock is None:
                return _KEEP, None
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                return lock, None
            return _DELETE, None

        self._change(conversation_id, change)
