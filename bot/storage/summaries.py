"""The clinic's store of intake summaries (SQLAlchemy 1.4, 2.0-style API).

Only conversations whose person consented are written here; that decision is
the caller's. The table and the engine are bot.storage.database's.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.storage.database import (
    DatabaseStore,
    IntakeSummaryRow,
    check_conversation_id,
    delete_conversation_rows,
    utc_now,
)
from bot.vocabulary.slots import Slot

# A summary larger than this (UTF-8 JSON bytes) is refused.
MAX_SUMMARY_BYTES = 1_000_000


def _summary_json(summary: Any) -> str:
    if not isinstance(summary, dict):
        raise TypeError("summary must be a dict")
    try:
        text = json.dumps(summary, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"summary is not JSON-serialisable: {error}") from error
    if len(text.encode("utf-8")) > MAX_SUMMARY_BYTES:
        raise ValueError(f"summary is larger than {MAX_SUMMARY_BYTES} bytes")
    return text


def _style_of(summary: Dict[str, Any]) -> Optional[str]:
    style = summary.get(Slot.RECOMMENDED_STYLE)
    return str(style)[:32] if style is not None else None


class IntakeStore(DatabaseStore):
    """Intake summaries, one per conversation.

    `url` None means `get_settings().database_url`. The schema is migrated on first use.
    """

    def save_summary(self, conversation_id: str, summary: Dict[str, Any]) -> None:
        """Store the summary; a later one for the same conversation replaces it."""
        conversation_id = check_conversation_id(conversation_id)
        text = _summary_json(summary)
        style = _style_of(summary)
        try:
            self._upsert(conversation_id, text, style)
        except IntegrityError:
            # Another writer inserted the same conversation meanwhile: update it.
            self._upsert(conversation_id, text, style)

    def _upsert(self, conversation_id: str, text: str, style: Optional[str]) -> None:
        with self._session() as session, session.begin():
            row = session.execute(
                select(IntakeSummaryRow).where(IntakeSummaryRow.conversation_id == conversation_id)
            ).scalar_one_or_none()
            now = utc_now()
            if row is None:
                session.add(
                    IntakeSummaryRow(
                        conversation_id=conversation_id,
                        recommended_style=style,
                        summary=text,
                        created_at=now,
                        updated_at=now,
                    )
                )
            else:
                row.summary = text
                row.recommended_style = style
                row.updated_at = now

    def get_summary(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        """The stored summary, or None."""
        conversation_id = check_conversation_id(conversation_id)
        with self._session() as session:
            text = session.execute(
                select(IntakeSummaryRow.summary).where(
                    IntakeSummaryRow.conversation_id == conversation_id
                )
            ).scalar_one_or_none()
        return json.loads(text) if text is not None else None

    def list_summaries(self) -> List[Dict[str, Any]]:
        """Every stored conversation, oldest first (without the summaries)."""
        with self._session() as session:
            rows = session.execute(
                select(
                    IntakeSummaryRow.id,
                    IntakeSummaryRow.conversation_id,
                    IntakeSummaryRow.recommended_style,
                    IntakeSummaryRow.created_at,
                    IntakeSummaryRow.updated_at,
                ).order_by(IntakeSummaryRow.created_at, IntakeSummaryRow.id)
            ).all()
        return [
            {
                "id": row.id,
                "conversation_id": row.conversation_id,
                Slot.RECOMMENDED_STYLE: row.recommended_style,
                "created_at": row.created_at,
                "updated_at": row.updated_at,
            }
            for row in rows
        ]

    def summary_record(self, summary_id: int) -> Optional[Dict[str, Any]]:
        """One stored summary by its row id: {id, conversation_id, created_at,
        updated_at, summary}, or None."""
        with self._session() as session:
            row = session.get(IntakeSummaryRow, int(summary_id))
            if row is None:
                return None
            return {
                "id": row.id,
                "conversation_id": row.conversation_id,
                "created_at": row.created_at,
                "updated_at": row.updated_at,
                "summary": json.loads(row.summary),
            }

    def delete_conversation(self, conversation_id: str) -> int:
        """Remove what is stored for this conversation (its intake summary and
        callback requests); the number of rows deleted."""
        conversation_id = check_conversation_id(conversation_id)
        with self._session() as session, session.begin():
            return sum(delete_conversation_rows(session, conversation_id).values())
