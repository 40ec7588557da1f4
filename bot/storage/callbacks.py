"""Callback requests: a person asking the clinic to call or e-mail them back.

`CallbackStore(url=None)` writes a request only with the person's consent and
with a valid phone number or e-mail address (bot.domain.contacts), lists them for
staff, moves them through their statuses (CALLBACK_STATUSES) and deletes a
person's data. The tables are bot.storage.database's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, List, Optional

from sqlalchemy import select

from bot.domain.contacts import clean_text, validate_email, validate_phone
from bot.runtime.settings import get_settings
from bot.storage.database import (
    CALLBACK_STATUSES,
    CallbackRequestRow,
    DatabaseStore,
    IntakeSummaryRow,
    TherapistRow,
    check_conversation_id,
    delete_conversation_rows,
    utc_now,
)
from bot.storage.notifications import queue_notification

__all__ = ["CALLBACK_ORDERS", "CALLBACK_STATUSES", "CallbackRequest", "CallbackStore"]

MAX_NAME = 120
MAX_PREFERRED_TIMES = 500


@dataclass(frozen=True)
class CallbackRequest:
    id: int
    conversation_id: str
    name: str
    phone: Optional[str]
    email: Optional[str]
    preferred_times: Optional[str]
    status: str
    therapist_id: Optional[int]
    therapist_name: Optional[str]
    intake_summary_id: Optional[int]
    created_at: datetime
    updated_at: datetime
    note: Optional[str] = None  # the staff's, when they marked it


# How the staff console may sort the queue.
CALLBACK_ORDERS = {
    "newest": (CallbackRequestRow.created_at.desc(), CallbackRequestRow.id.desc()),
    "oldest": (CallbackRequestRow.created_at, CallbackRequestRow.id),
    "updated": (CallbackRequestRow.updated_at.desc(), CallbackRequestRow.id.desc()),
}
MAX_NOTE = 1000


class CallbackStore(DatabaseStore):
    """Callback requests, and deleting what is stored of a person.
    `url` None means settings.database_url."""

    def save_callback(
        self,
        conversation_id: str,
        name: str,
        phone: Optional[str] = None,
        email: Optional[str] = None,
        preferred_times: Optional[str] = None,
        consent: bool = False,
        therapist_id: Optional[int] = None,
    ) -> int:
        """Store a callback request; its id. Refused (ValueError) without consent,
        without a name, without a valid phone or e-mail, or for an unknown therapist."""
        if consent is not True:
            raise ValueError("a callback request is stored only with the person's consent")
        conversation_id = check_conversation_id(conversation_id)
        if not isinstance(name, str) or not name.strip():
            raise ValueError("name is required")
        name = clean_text(name)  # no control characters or terminal escapes
        if not name:
            raise ValueError("name is required")
        if len(name) > MAX_NAME:
            raise ValueError(f"name must be at most {MAX_NAME} characters")
        clean_phone = clean_email = None
        if phone is not None and str(phone).strip():
            clean_phone = validate_phone(phone, get_settings().clinic_country)
            if clean_phone is None:
                raise ValueError(
                    "phone is not a number that can be dialled: give it with its "
                    "country code (+44 20 7946 0958) or as dialled in the clinic's country"
                )
        if email is not None and str(email).strip():
            clean_email = validate_email(email)
            if clean_email is None:
                raise ValueError("email is not a valid e-mail address")
        if clean_phone is None and clean_email is None:
            raise ValueError("a phone number or an e-mail address is required")
        if preferred_times is not None:
            preferred_times = clean_text(str(preferred_times)) or None
            if preferred_times and len(preferred_times) > MAX_PREFERRED_TIMES:
                raise ValueError(
                    f"preferred times must be at most {MAX_PREFERRED_TIMES} characters"
                )
        if therapist_id is not None and (
            isinstance(therapist_id, bool) or not isinstance(therapist_id, int)
        ):
            raise TypeError("therapist_id must be an int or None")
        now = utc_now()
        with self._session() as session, session.begin():
            if therapist_id is not None and session.get(TherapistRow, therapist_id) is None:
                raise ValueError(f"no therapist with id {therapist_id}")
            summary_id = session.execute(
                select(IntakeSummaryRow.id).where(
                    IntakeSummaryRow.conversation_id == conversation_id
                )
            ).scalar_one_or_none()
            row = CallbackRequestRow(
                conversation_id=conversation_id,
                intake_summary_id=summary_id,
                therapist_id=therapist_id,
                name=name,
                phone=clean_phone,
                email=clean_email,
                preferred_times=preferred_times,
                status="new",
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            # The clinic's e-mail, in the same transaction: stored together or not at all.
            queue_notification(session, row.id, now)
            return int(row.id)

    def _callbacks(self, where=None, order: str = "oldest") -> List[CallbackRequest]:
        query = (
            select(CallbackRequestRow, TherapistRow.name)
            .outerjoin(TherapistRow, CallbackRequestRow.therapist_id == TherapistRow.id)
            .order_by(*CALLBACK_ORDERS[order])
        )
        if where is not None:
            query = query.where(*where) if isinstance(where, tuple) else query.where(where)
        with self._session() as session:
            return [
                CallbackRequest(
                    id=row.id,
                    conversation_id=row.conversation_id,
                    name=row.name,
                    phone=row.phone,
                    email=row.email,
                    preferred_times=row.preferred_times,
                    status=row.status,
                    therapist_id=row.therapist_id,
                    therapist_name=therapist,
                    intake_summary_id=row.intake_summary_id,
                    created_at=row.created_at,
                    updated_at=row.updated_at,
                    note=row.note,
                )
                for row, therapist in session.execute(query).all()
            ]

    def list_callbacks(self, status: Optional[str] = None) -> List[CallbackRequest]:
        """Callback requests, oldest first; only those with `status` when given."""
        if status is None:
            return self._callbacks()
        if status not in CALLBACK_STATUSES:
            raise ValueError(f"status must be one of {', '.join(CALLBACK_STATUSES)}")
        return self._callbacks(CallbackRequestRow.status == status)

    def query_callbacks(
        self,
        status: Optional[str] = None,
        received_from: Optional[datetime] = None,
        received_before: Optional[datetime] = None,
        order: str = "newest",
    ) -> List[CallbackRequest]:
        """The staff console's queue: by status and the time received
        (from inclusive, before exclusive; timezone-aware), sorted by `order`
        (CALLBACK_ORDERS)."""
        if order not in CALLBACK_ORDERS:
            raise ValueError(f"order must be one of {', '.join(CALLBACK_ORDERS)}")
        conditions = []
        if status is not None:
            if status not in CALLBACK_STATUSES:
                raise ValueError(f"status must be one of {', '.join(CALLBACK_STATUSES)}")
            conditions.append(CallbackRequestRow.status == status)
        if received_from is not None:
            conditions.append(CallbackRequestRow.created_at >= received_from)
        if received_before is not None:
            conditions.append(CallbackRequestRow.created_at < received_before)
        return self._callbacks(tuple(conditions) if conditions else None, order)

    def callbacks_of(self, conversation_id: str) -> List[CallbackRequest]:
        """The callback requests of one conversation, oldest first."""
        return self._callbacks(CallbackRequestRow.conversation_id == conversation_id)

    def get_callback(self, callback_id: int) -> Optional[CallbackRequest]:
        found = self._callbacks(CallbackRequestRow.id == int(callback_id))
        return found[0] if found else None

    def mark_callback(self, callback_id: int, status: str, note: Optional[str] = None) -> bool:
        """Set the status (and, when given, the staff's note, cleaned of control
        characters); False when there is no such request."""
        if status not in CALLBACK_STATUSES:
            raise ValueError(f"status must be one of {', '.join(CALLBACK_STATUSES)}")
        if note is not None:
            note = clean_text(str(note), keep_newlines=True) or None
            if note and len(note) > MAX_NOTE:
                raise ValueError(f"note must be at most {MAX_NOTE} characters")
        with self._session() as session, session.begin():
            row = session.get(CallbackRequestRow, int(callback_id))
            if row is None:
                return False
            row.status = status
            if note is not None:
                row.note = note
            row.updated_at = utc_now()
            return True

    def delete_person(self, conversation_id: str) -> Dict[str, int]:
        """Delete the intake summary and the callback requests of one conversation
        in one transaction; the counts ({"intake_summaries": n, "callback_requests": m})."""
        conversation_id = check_conversation_id(conversation_id)
        with self._session() as session, session.begin():
            return delete_conversation_rows(session, conversation_id)
