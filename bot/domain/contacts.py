"""Contact details: a person's phone number or e-mail address, checked and
normalised; what they type for the clinic (a name, when to call) made safe to
store and to show on a staff terminal; and what the assistant needs to know of
the clinic's own contact details.

Pure functions: the callback form checks what a person types with them, and
the callback store checks again before anything is written. Phone numbers are
read with `phonenumbers` (Google's libphonenumber): a number without "+" is
read as a number of the clinic's country, which the caller passes in (the
domain never reads the settings). E-mail addresses are read with
`email-validator`, syntax only (no network, RFC lengths), internationalised
ones included.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Optional, Protocol

import phonenumbers
from email_validator import EmailNotValidError
from email_validator import validate_email as _email_validator


class ClinicContact(Protocol):
    """How to reach the clinic. The caller passes it in (the action server passes
    bot.runtime.settings.Settings); the domain never reads the settings itself."""

    clinic_name: str
    clinic_phone: str
    clinic_email: str
    clinic_hours: str


# --- Phone numbers ------------------------------------------------------------------

# What a person may type as a phone number: digits and the usual separators,
# "+" first, and an extension at the end ("212-555-0123 ext 4"). Letters are
# refused: phonenumbers would read "CALL-ME" as keypad digits.
_PHONE_TEXT = re.compile(
    r"^\+?[0-9 ()\-./]+(?:\s*(?:ext\.?|extension|x|#)\s*(?P<extension>[0-9]{1,6}))?$",
    re.IGNORECASE,
)
MAX_PHONE_TEXT = 40
# The longest stored value (the callback_requests.phone column).
MAX_PHONE_STORED = 32
# ISO codes people use that libphonenumber knows under another name.
_REGION_ALIASES = {"UK": "GB"}


def phone_region(country: Any) -> Optional[str]:
    """The libphonenumber region of an ISO country code ("UK" is "GB"); None
    when the code is not a country it knows (then only numbers with "+" are read)."""
    code = str(country or "").strip().upper()
    code = _REGION_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def validate_phone(text: Any, region: Optional[str]) -> Optional[str]:
    """The number in E.164 ("+442079460958", with " ext. 4" when one was given),
    or None when it is not a number that can be dialled. A number without "+"
    is read as a number of `region` (an ISO country code, e.g. the clinic's)."""
    if not isinstance(text, str):
        return None
    candidate = text.strip()
    match = _PHONE_TEXT.match(candidate) if len(candidate) <= MAX_PHONE_TEXT else None
    if not match or candidate.count("(") != candidate.count(")"):
        return None
    try:
        number = phonenumbers.parse(candidate, phone_region(region))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    normalised = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.extension:
        normalised += f" ext. {number.extension}"
    return normalised if len(normalised) <= MAX_PHONE_STORED else None


def phone_for_people(value: str) -> str:
    """A stored number as people read it ("+44 20 7946 0958"); other text as it is."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def example_phone(region: Optional[str]) -> str:
    """A number written the way people of `region` write one, for a hint."""
    number = phonenumbers.example_number(phone_region(region) or "US")
    if phone_region(region) is None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


# --- E-mail addresses -----------------------------------------------------------------


def validate_email(text: Any) -> Optional[str]:
    """The address as email-validator normalises it (the domain in lower case,
    internationalised domains in Unicode), or None when it is not an address."""
    if not isinstance(text, str):
        return None
    try:
        checked = _email_validator(text.strip(), check_deliverability=False, strict=True)
    except EmailNotValidError:
        return None
    # email-validator accepts a one-letter top-level domain; no such domain exists.
    if len(checked.domain.rsplit(".", 1)[-1]) < 2:
        return None
    return checked.normalized


# --- Text typed for the clinic ----------------------------------------------------------

# Terminal escape sequences, removed whole (removing only ESC would leave "[31m").
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x9d-\x9f][^\x07\x9c]*[\x07\x9c]?"  # 8-bit DCS, OSC, PM, APC strings
)
# Invisible characters that reorder what is shown (a name that reads backwards).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _is_hidden_control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS


def clean_text(text: str, keep_newlines: bool = False) -> str:
    """`text` without terminal escape sequences, control characters or bidi
    overrides: one line with single spaces, or (`keep_newlines`, a bio) its
    lines as they were."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    if not keep_newlines:
        return " ".join(_controls_removed(text).split())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_controls_removed(line) for line in lines).strip()


def _controls_removed(text: str) -> str:
    """Tabs and other white space become spaces; every other control character goes."""
    return "".join(
        " " if c.isspace() else c for c in text if c.isspace() or not _is_hidden_control(c)
    )


def visible_text(value: Any) -> str:
    """`value` for a terminal: control characters and bidi overrides shown as
    escapes ("\\x1b"), so stored text can never move the cursor or recolour it."""
    return "".join(
        c.encode("unicode_escape").decode("ascii") if _is_hidden_control(c) else c
        for c in str(value)
    )
