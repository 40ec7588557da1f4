"""Contact details: a person's phone number or e-mail address, checked and
normalised, and what the assistant needs to know of the clinic's own.

Pure functions: the callback form checks what a person types with them, and
the callback store checks again before anything is written.
"""

from __future__ import annotations

import re
from typing import Any, Optional, Protocol


class ClinicContact(Protocol):
    """How to reach the clinic. The caller passes it in (the action server passes
    bot.runtime.settings.Settings); the domain never reads the settings itself."""

    clinic_name: str
    clinic_phone: str
    clinic_email: str
    clinic_hours: str


_EMAIL = re.compile(
    r"^(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$"
)
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")


def validate_email(text: Any) -> Optional[str]:
    """The address with its domain in lower case, or None when it is not an e-mail address."""
    if not isinstance(text, str):
        return None
    candidate = text.strip()
    match = _EMAIL.match(candidate)
    if not match or len(candidate) > 254 or len(match.group("local")) > 64:
        return None
    return f"{match.group('local')}@{match.group('domain').lower()}"


def validate_phone(text: Any) -> Optional[str]:
    """The number as "+" (when given) and digits, or None. 7-15 digits; spaces,
    dashes and brackets are allowed between them, "+" only at the start."""
    if not isinstance(text, str):
        return None
    candidate = text.strip()
    if not candidate or not _PHONE_CHARACTERS.match(candidate):
        return None
    if candidate.count("(") != candidate.count(")"):
        return None
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return None
    return ("+" if candidate.startswith("+") else "") + digits
