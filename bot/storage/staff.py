"""Staff users of the console and the audit log of what they viewed or changed.

- `StaffStore(url=None)`: users with an e-mail address, a role (STAFF_ROLES) and
  an argon2id password hash (argon2-cffi's defaults, RFC 9106's recommended
  settings); there is no default user and no default password. Each user has a
  random session token that the console's session cookie carries instead of the
  id: replacing it (sign-out, a new password, deactivation) ends every session.
- The audit log (`record`, `audit_entries`): who, when, which action on which
  record (its kind and id). Never a record's content: callers pass ids and short
  fixed details (a status, counts), and the detail is cut to its column.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError
from email_validator import validate_email as _check_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.storage.database import (
    STAFF_ROLES,
    AuditEntryRow,
    DatabaseStore,
    StaffUserRow,
    utc_now,
)

__all__ = [
    "STAFF_ROLES",
    "ADMIN",
    "FRONT_DESK",
    "MIN_PASSWORD_LENGTH",
    "MAX_PASSWORD_LENGTH",
    "StaffUser",
    "AuditEntry",
    "StaffStore",
    "password_problem",
]

FRONT_DESK, ADMIN = STAFF_ROLES
# NIST SP 800-63B: length matters, composition rules do not; a pass phrase fits.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_DETAIL_LENGTH = 200

_HASHER = PasswordHasher()
# Verified when the e-mail address is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class StaffUser:
    id: int
    email: str
    role: str
    active: bool
    session_token: str
    created_at: datetime
    last_sign_in_at: Optional[datetime]

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    staff_email: Optional[str]
    action: str
    record_type: Optional[str]
    record_id: Optional[str]
    detail: Optional[str]


def normalise_email(email: str) -> str:
    """The address as stored: syntax checked (no DNS), lower case."""
    try:
        checked = _check_email(str(email).strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"email: {error}") from None
    return checked.normalized.lower()


def password_problem(password: str, email: str = "") -> Optional[str]:
    """Why this password cannot be used, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters (a few words make a good one)"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"must be at most {MAX_PASSWORD_LENGTH} characters"
    if email and password.strip().lower() == email.strip().lower():
        return "must not be the e-mail address"
    return None


def _user(row: StaffUserRow) -> StaffUser:
    return StaffUser(
        id=row.id,
        email=row.email,
        role=row.role,
        active=bool(row.active),
        session_token=row.session_token,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
    )


def _entry(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        staff_email=row.staff_email,
        action=row.action,
        record_type=row.record_type,
        record_id=row.record_id,
        detail=row.detail,
    )


class StaffStore(DatabaseStore):
    """Staff users and the audit log. `url` None means settings.database_url."""

    # --- users ---------------------------------------------------------------------

    def add_user(self, email: str, password: str, role: str) -> StaffUser:
        """A new active user; ValueError ("field: why") for a bad or taken address,
        a weak password or an unknown role."""
        email = normalise_email(email)
        if role not in STAFF_ROLES:
            raise ValueError(f"role: must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
        problem = password_problem(password, email)
        if problem:
            raise ValueError(f"password: {problem}")
        row = StaffUserRow(
            email=email,
            password_hash=_HASHER.hash(password),
            role=role,
            active=True,
            session_token=secrets.token_hex(32),
            created_at=utc_now(),
        )
        try:
            with self._session() as session, session.begin():
                session.add(row)
                session.flush()
                return _user(row)
        except IntegrityError:
            raise ValueError(f"email: {email} already has an account") from None

    def authenticate(self, email: str, password: str) -> Optional[StaffUser]:
        """The active user with this address and password, else None (in about
        the same time either way). Updates an outdated hash and the sign-in time."""
        try:
            email = normalise_email(email)
        except ValueError:
            email = ""
        with self._session() as session, session.begin():
            row = session.execute(
                select(StaffUserRow).where(StaffUserRow.email == email)
            ).scalar_one_or_none()
            if not _password_matches(row, password):
                return None
            if _HASHER.check_needs_rehash(row.password_hash):
                row.password_hash = _HASHER.hash(password)
            row.last_sign_in_at = utc_now()
            return _user(row)

    def find_email(self, email: str) -> Optional[StaffUser]:
        try:
            email = normalise_email(email)
        except ValueError:
            return None
        with self._session() as session:
            row = session.execute(
                select(StaffUserRow).where(StaffUserRow.email == email)
            ).scalar_one_or_none()
            return _user(row) if row is not None else None

    def by_session_token(self, token: str) -> Optional[StaffUser]:
        """The active user whose session this token is (the console's user loader)."""
        if not token or not isinstance(token, str):
            return None
        with self._session() as session:
            row = session.execute(
                select(StaffUserRow).where(
                    StaffUserRow.session_token == token, StaffUserRow.active.is_(True)
                )
            ).scalar_one_or_none()
            return _user(row) if row is not None else None

    def list_users(self) -> List[StaffUser]:
        with self._session() as session:
            rows = session.execute(select(StaffUserRow).order_by(StaffUserRow.email)).scalars()
            return [_user(row) for row in rows]

    def get_user(self, user_id: int) -> Optional[StaffUser]:
        with self._session() as session:
            row = session.get(StaffUserRow, int(user_id))
            return _user(row) if row is not None else None

    def count_admins(self) -> int:
        with self._session() as session:
            return int(
                session.execute(
                    select(func.count(StaffUserRow.id)).where(
                        StaffUserRow.role == ADMIN, StaffUserRow.active.is_(True)
                    )
                ).scalar_one()
            )

    def end_sessions(self, user_id: int) -> None:
        """Sign the user out everywhere: a new session token."""
        self._change(user_id, session_token=secrets.token_hex(32))

    def set_active(self, user_id: int, active: bool) -> None:
        """(De)activate; deactivation also ends the user's sessions."""
        self._change(user_id, active=bool(active), session_token=secrets.token_hex(32))

    def set_role(self, user_id: int, role: str) -> None:
        if role not in STAFF_ROLES:
            raise ValueError(f"role: must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
        self._change(user_id, role=role)

    def set_password(self, user_id: int, password: str) -> None:
        """A new password; every session of the user ends."""
        user = self.get_user(user_id)
        if user is None:
            raise ValueError(f"no staff user #{user_id}")
        problem = password_problem(password, user.email)
        if problem:
            raise ValueError(f"password: {problem}")
        self._change(
            user_id, password_hash=_HASHER.hash(password), session_token=secrets.token_hex(32)
        )

    def _change(self, user_id: int, **values) -> None:
        with self._session() as session, session.begin():
            row = session.get(StaffUserRow, int(user_id))
            if row is None:
                raise ValueError(f"no staff user #{user_id}")
            for column, value in values.items():
                setattr(row, column, value)

    # --- the audit log ---------------------------------------------------------------

    def record(
        self,
        user: Optional[StaffUser],
        action: str,
        record_type: Optional[str] = None,
        record_id: Optional[object] = None,
        detail: Optional[str] = None,
    ) -> None:
        """One audit entry: `user` did `action` on the record `record_type` #`record_id`."""
        with self._session() as session, session.begin():
            session.add(
                AuditEntryRow(
                    at=utc_now(),
                    staff_user_id=user.id if user else None,
                    staff_email=user.email if user else None,
                    action=action[:40],
                    record_type=record_type[:40] if record_type else None,
                    record_id=str(record_id)[:255] if record_id is not None else None,
                    detail=detail[:_DETAIL_LENGTH] if detail else None,
                )
            )

    def audit_entries(
        self, limit: int = 100, offset: int = 0, action: Optional[str] = None
    ) -> List[AuditEntry]:
        """The newest entries first."""
        query = select(AuditEntryRow).order_by(AuditEntryRow.at.desc(), AuditEntryRow.id.desc())
        if action:
            query = query.where(AuditEntryRow.action == action)
        with self._session() as session:
            rows = session.execute(query.limit(limit).offset(offset)).scalars()
            return [_entry(row) for row in rows]

    def audit_actions(self) -> List[str]:
        with self._session() as session:
            return list(
                session.execute(
                    select(AuditEntryRow.action).distinct().order_by(AuditEntryRow.action)
                ).scalars()
            )


def _password_matches(row: Optional[StaffUserRow], password: str) -> bool:
    if row is None or not row.active:
        try:
            _HASHER.verify(_DUMMY_HASH, "x" + password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return _HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
