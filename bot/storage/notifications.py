"""The outbox of e-mail notifications (table `notification_outbox`).

A callback request and its notification are written in one transaction
(`queue_notification`, called by CallbackStore.save_callback), so a request is
never stored without the mail that announces it, whatever the mail server is
doing. `OutboxStore` hands the due ones to the sender (bot.staff.notify) one
claim at a time, so two senders never send the same mail at once, and records
each try: sent, or failed with its kind of error and the time of the next try.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.storage.database import DatabaseStore, NotificationRow

MAX_ERROR = 120


@dataclass(frozen=True)
class PendingNotification:
    id: int
    callback_request_id: int
    attempts: int  # failed tries so far


def queue_notification(session: Session, callback_request_id: int, now: datetime) -> None:
    """Add the notification of a new callback request inside the caller's transaction."""
    session.add(
        NotificationRow(
            callback_request_id=callback_request_id,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )


class OutboxStore(DatabaseStore):
    """The notifications waiting to be sent. `url` None means settings.database_url."""

    def claim_due(
        self, now: datetime, lease: timedelta, limit: int = 20
    ) -> List[PendingNotification]:
        """The notifications due at `now`, oldest first, each claimed for `lease`
        (no other sender takes it meanwhile; after it, an unfinished one is due again)."""
        with self._session() as session, session.begin():
            due = session.execute(
                select(NotificationRow.id, NotificationRow.next_attempt_at)
                .where(NotificationRow.sent_at.is_(None), NotificationRow.next_attempt_at <= now)
                .order_by(NotificationRow.next_attempt_at, NotificationRow.id)
                .limit(limit)
            ).all()
        claimed = []
        for row_id, seen in due:
            with self._session() as session, session.begin():
                # Only if nobody claimed it since we looked (the same time is still there).
                taken = session.execute(
                    update(NotificationRow)
                    .where(NotificationRow.id == row_id, NotificationRow.next_attempt_at == seen)
                    .values(next_attempt_at=now + lease)
                    .execution_options(synchronize_session=False)
                )
                if taken.rowcount == 1:
                    row = session.get(NotificationRow, row_id)
                    claimed.append(
                        PendingNotification(row.id, row.callback_request_id, row.attempts)
                    )
        return claimed

    def mark_sent(self, notification_id: int, now: datetime) -> None:
        with self._session() as session, session.begin():
            row = session.get(NotificationRow, notification_id)
            if row is not None:  # deleted meanwhile with its request: nothing to record
                row.sent_at = now
                row.next_attempt_at = None
                row.last_error = None

    def mark_failed(self, notification_id: int, error_kind: str, retry_at: datetime) -> int:
        """Record a failed try and when to try again; the failed tries so far."""
        with self._session() as session, session.begin():
            row = session.get(NotificationRow, notification_id)
            if row is None:
                return 0
            row.attempts += 1
            row.last_error = error_kind[:MAX_ERROR]
            row.next_attempt_at = retry_at
            return int(row.attempts)

    def waiting(self) -> int:
        """How many notifications are not sent yet."""
        with self._session() as session:
            return int(
                session.execute(
                    select(func.count())
                    .select_from(NotificationRow)
                    .where(NotificationRow.sent_at.is_(None))
                ).scalar_one()
            )

    def next_due(self) -> Optional[datetime]:
        with self._session() as session:
            return session.execute(
                select(func.min(NotificationRow.next_attempt_at)).where(
                    NotificationRow.sent_at.is_(None)
                )
            ).scalar_one()
