"""The clinic's database: the engine, the tables and what every store shares.

`Base.metadata` describes every clinic table (intake summaries, the therapist
directory, callback requests); the Alembic migrations in `bot/storage/migrations/`
are the one source of the schema: a store runs them (`alembic upgrade head`) on
first use instead of `create_all`.

Every public call of a store is one transaction, rolled back on any error, so
bad input never leaves partial data. Values always travel as bound parameters,
never inside SQL text.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy import (
    true as sa_true,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from bot.runtime.settings import get_settings

MAX_CONVERSATION_ID_LENGTH = 255

Base = declarative_base()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use timezone-aware UTC")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[datetime], dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class IntakeSummaryRow(Base):
    __tablename__ = "intake_summaries"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(
        String(MAX_CONVERSATION_ID_LENGTH), nullable=False, unique=True, index=True
    )
    recommended_style = Column(String(32), nullable=True)
    summary = Column(Text, nullable=False)  # JSON text
    created_at = Column(UTCDateTime(), nullable=False, default=utc_now)
    updated_at = Column(UTCDateTime(), nullable=False, default=utc_now)


# Callback request statuses, in the order staff move through them.
CALLBACK_STATUSES = ("new", "contacted", "closed")


class TherapistRow(Base):
    """One massage therapist of the clinic (see bot.storage.therapists for the fields)."""

    __tablename__ = "therapists"
    __table_args__ = (
        UniqueConstraint("licensing_body", "licence_number", name="uq_therapists_licence"),
        CheckConstraint(
            "pressure_min >= 1 AND pressure_min <= pressure_max AND pressure_max <= 10",
            name="ck_therapists_pressure_range",
        ),
        CheckConstraint("years_practice >= 0 AND fibro_years >= 0", name="ck_therapists_years"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(120), nullable=False)
    bio = Column(Text, nullable=False)
    licence_number = Column(String(64), nullable=False)
    licensing_body = Column(String(120), nullable=False)
    years_practice = Column(Integer, nullable=False)
    styles = Column(JSON, nullable=False)  # list of style ids
    fibro_years = Column(Integer, nullable=False)  # years with fibromyalgia / chronic
    # pain clients
    pressure_min = Column(Integer, nullable=False)  # 1-10 therapist scale
    pressure_max = Column(Integer, nullable=False)
    hot_cold_packs = Column(Boolean, nullable=False)
    sessions = Column(JSON, nullable=False)  # [{"minutes": 45, "price": 65.0}, ...]
    languages = Column(JSON, nullable=False)  # ["english", "spanish"]
    gender = Column(String(16), nullable=False)
    locations = Column(JSON, nullable=False)  # ["Riverside", ...]
    step_free_access = Column(Boolean, nullable=False)
    adjustable_table = Column(Boolean, nullable=False)
    availability = Column(JSON, nullable=False)  # {"mon": ["09:00-13:00"], ...}
    # Deactivated rather than deleted (staff console): never suggested, still
    # named on the callback requests that chose them.
    active = Column(Boolean, nullable=False, default=True, server_default=sa_true())
    created_at = Column(UTCDateTime(), nullable=False, default=utc_now)
    updated_at = Column(UTCDateTime(), nullable=False, default=utc_now)


class CallbackRequestRow(Base):
    """A person's request to be called or e-mailed back (only with consent)."""

    __tablename__ = "callback_requests"
    __table_args__ = (
        CheckConstraint(
            "phone IS NOT NULL OR email IS NOT NULL", name="ck_callback_requests_contact"
        ),
        CheckConstraint(
            "status IN ('new', 'contacted', 'closed')", name="ck_callback_requests_status"
        ),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(MAX_CONVERSATION_ID_LENGTH), nullable=False, index=True)
    intake_summary_id = Column(
        Integer,
        ForeignKey(
            "intake_summaries.id", ondelete="SET NULL", name="fk_callback_requests_intake_summary"
        ),
        nullable=True,
    )
    therapist_id = Column(
        Integer,
        ForeignKey("therapists.id", ondelete="SET NULL", name="fk_callback_requests_therapist"),
        nullable=True,
    )
    name = Column(String(120), nullable=False)
    phone = Column(String(32), nullable=True)
    email = Column(String(254), nullable=True)
    preferred_times = Column(Text, nullable=True)
    status = Column(String(16), nullable=False, default="new")
    # The staff's note when they mark it ("left a voicemail"); erased with the request.
    note = Column(Text, nullable=True)
    created_at = Column(UTCDateTime(), nullable=False, default=utc_now)
    updated_at = Column(UTCDateTime(), nullable=False, default=utc_now)


# Staff console roles: the front desk sees callbacks, summaries and briefs; an
# admin also the therapist directory, staff users, retention and the audit log.
STAFF_ROLES = ("front_desk", "admin")


class StaffUserRow(Base):
    """A person who signs in to the staff console (argon2 password hash only)."""

    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("role IN ('front_desk', 'admin')", name="ck_staff_users_role"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(254), nullable=False, unique=True, index=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    # What the session cookie names instead of the id: a new one signs the user
    # out everywhere (sign-out, new password, deactivation).
    session_token = Column(String(64), nullable=False, unique=True)
    created_at = Column(UTCDateTime(), nullable=False, default=utc_now)
    last_sign_in_at = Column(UTCDateTime(), nullable=True)


class AuditEntryRow(Base):
    """Who viewed or changed which record, when: ids and kinds only, never
    what the record says (no health details, names or contact details)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(UTCDateTime(), nullable=False, default=utc_now, index=True)
    staff_user_id = Column(
        Integer,
        ForeignKey("staff_users.id", ondelete="SET NULL", name="fk_audit_log_staff_user"),
        nullable=True,
    )
    staff_email = Column(String(254), nullable=True)  # kept when the user is removed
    action = Column(String(40), nullable=False)
    record_type = Column(String(40), nullable=True)
    record_id = Column(String(MAX_CONVERSATION_ID_LENGTH), nullable=True)
    detail = Column(String(200), nullable=True)  # e.g. "status: contacted", counts


class NotificationRow(Base):
    """The outbox: an e-mail to the clinic about a new callback request, written
    in the callback's own transaction and sent by `bot.staff.cli notify`. It
    holds the request's id only (the mail links to the console); it goes with
    the request when that is deleted."""

    __tablename__ = "notification_outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    callback_request_id = Column(
        Integer,
        ForeignKey(
            "callback_requests.id", ondelete="CASCADE", name="fk_notification_outbox_callback"
        ),
        nullable=False,
        index=True,
    )
    created_at = Column(UTCDateTime(), nullable=False, default=utc_now)
    attempts = Column(Integer, nullable=False, default=0)
    # Not sent: when to try (claimed by a sender: its lease ends then). Sent: NULL.
    next_attempt_at = Column(UTCDateTime(), nullable=True, index=True)
    sent_at = Column(UTCDateTime(), nullable=True)
    last_error = Column(String(120), nullable=True)  # the error's kind, never its text


class FunnelCountRow(Base):
    """One count of the funnel report: conversations of an ISO week (by when
    they started) that reached a step (bot.domain.funnel's metrics)."""

    __tablename__ = "funnel_counts"

    week = Column(String(8), primary_key=True)  # "2026-W48"
    metric = Column(String(64), primary_key=True)
    count = Column(Integer, nullable=False, default=0)


class FunnelProgressRow(Base):
    """How far one conversation got, so that each counts once per step and the
    last open question can be moved: a one-way hash of the conversation id,
    step names and a question's slot name, never what was said or answered.
    Deleted once idle longer than the conversation history is kept."""

    __tablename__ = "funnel_progress"

    conversation_key = Column(String(64), primary_key=True)
    week = Column(String(8), nullable=False)
    reached = Column(JSON, nullable=False)  # step names
    open_question = Column(String(64), nullable=True)
    submitting = Column(Boolean, nullable=False, default=False)
    updated_at = Column(UTCDateTime(), nullable=False, default=utc_now, index=True)


def check_conversation_id(conversation_id: Any) -> str:
    if not isinstance(conversation_id, str):
        raise TypeError("conversation_id must be a string")
    if not conversation_id:
        raise ValueError("conversation_id must not be empty")
    if len(conversation_id) > MAX_CONVERSATION_ID_LENGTH:
        raise ValueError(f"conversation_id is longer than {MAX_CONVERSATION_ID_LENGTH} characters")
    return conversation_id


def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder created and
    foreign keys enforced (ON DELETE SET NULL works as on PostgreSQL). Errors
    never show the bound values (names, phone numbers, answers) in logs."""
    parsed = make_url(url)
    kwargs: Dict[str, Any] = {"future": True, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        database = parsed.database
        if not database or database == ":memory:":
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    return create_engine(url, **kwargs)


class DatabaseStore:
    """What every clinic store shares: an engine made on first use, after the
    migrations have brought the schema to the newest revision.

    `url` None means `get_settings().database_url`.
    """

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url if url is not None else get_settings().database_url
        self._engine: Optional[Engine] = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    from bot.storage.migrations import ensure_schema

                    engine = make_engine(self.url)
                    try:
                        ensure_schema(engine)
                    except Exception:
                        engine.dispose()
                        raise
                    self._engine = engine
        return self._engine

    def _session(self) -> Session:
        return Session(self.engine, future=True)

    def expired_rows(self, cutoff: datetime, remove: bool = True) -> Dict[str, int]:
        """Delete (or with `remove` False, count) the intake summaries and
        callback requests last changed before `cutoff`, in one transaction."""
        with self._session() as session, session.begin():
            return expired_clinic_rows(session, cutoff, remove)

    def dispose(self) -> None:
        """Close the engine's connections."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def delete_conversation_rows(session: Session, conversation_id: str) -> Dict[str, int]:
    """Delete, inside the caller's transaction, the intake summary and the
    callback requests of one conversation; the counts per table."""
    callbacks = session.execute(
        delete(CallbackRequestRow)
        .where(CallbackRequestRow.conversation_id == conversation_id)
        .execution_options(synchronize_session=False)
    )
    summaries = session.execute(
        delete(IntakeSummaryRow)
        .where(IntakeSummaryRow.conversation_id == conversation_id)
        .execution_options(synchronize_session=False)
    )
    return {
        "intake_summaries": int(summaries.rowcount or 0),
        "callback_requests": int(callbacks.rowcount or 0),
    }


def expired_clinic_rows(session: Session, cutoff: datetime, remove: bool) -> Dict[str, int]:
    """The intake summaries and callback requests last changed before `cutoff`,
    counted per table, and deleted when `remove` (inside the caller's transaction)."""
    counts = {}
    tables = (("intake_summaries", IntakeSummaryRow), ("callback_requests", CallbackRequestRow))
    for key, table in tables:
        expired = table.updated_at < cutoff
        if remove:
            result = session.execute(
                delete(table).where(expired).execution_options(synchronize_session=False)
            )
            counts[key] = int(result.rowcount or 0)
        else:
            counts[key] = int(
                session.execute(
                    select(func.count()).select_from(table).where(expired)
                ).scalar_one()
            )
    return counts
