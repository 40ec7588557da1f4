"""Reaching a person at the clinic: the callback request and its consent rules,
and the clinic's contact details when someone asks to talk to a person.

Consent rules (a callback is stored only with the person's consent):
  - consent to keep the intake answers (`data_consent`) covers the callback too:
    the callback's own consent question is not asked;
  - without it, the callback form asks for consent first (`callback_consent`);
    a "no" ends the form: nothing is collected;
  - the request is sent only with consent and after the person confirmed the
    details read back to them;
  - when consent came with the callback and a recommendation was given, the
    intake summary is stored with the request (the clinic sees what it refers to);
  - once sent, the person has consented to the clinic keeping their data.

The wording of the callback questions is in `questions` (CALLBACK_QUESTIONS).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.domain.contacts import (
    ClinicContact,
    clean_text,
    example_phone,
    phone_for_people,
    validate_email,
    validate_phone,
)
from bot.vocabulary.slots import Slot

MAX_NAME_CHARS = 100
MAX_TIMES_CHARS = 200
ANY_TIME = "any time"

NAME_NOT_CAUGHT_TEXT = "Sorry, I didn't catch a name. What should they call you?"
NOT_SENT_TEXT = "OK, I haven't sent anything. You can ask for a callback again at any time."
SENT_TEXT = "Done: the clinic will contact you. Take care until then."
CONFIRM_BUTTONS: List[Dict[str, str]] = [
    {"title": "Yes, send it", "payload": "/affirm"},
    {"title": "No, don't send", "payload": "/deny"},
]


# --- Consent --------------------------------------------------------------------------


def slots_to_ask(form_slots: Sequence[str], data_consent: Any, callback_consent: Any) -> List[str]:
    """The callback form's questions still to ask, of `form_slots`."""
    if data_consent is True:
        return [slot for slot in form_slots if slot != Slot.CALLBACK_CONSENT]
    if callback_consent is False:
        return []  # no consent: nothing is collected
    return list(form_slots)


def may_send(data_consent: Any, callback_consent: Any, confirmed: Any) -> bool:
    """Whether the request may be sent: consent given, and the details confirmed."""
    consent = data_consent is True or callback_consent is True
    return consent and confirmed is True


def summary_goes_with_it(recommendation_given: Any, data_consent: Any) -> bool:
    """Whether to store the intake summary with the request: consent came with
    the callback (the summary was not stored yet) and there is a recommendation."""
    return bool(recommendation_given) and data_consent is not True


# --- The answers ----------------------------------------------------------------------


def read_name(value: Any) -> Optional[str]:
    """The name to ask for, or None when the answer is not a name. Control
    characters and terminal escapes are removed (staff read it in a terminal)."""
    name = clean_text(str(value or ""))[:MAX_NAME_CHARS]
    if not name or name.startswith("/") or not any(c.isalpha() for c in name):
        return None
    return name


def read_contact(value: Any, region: Optional[str]) -> Optional[str]:
    """The e-mail address or phone number, normalised (a number without "+" is
    one of `region`, the clinic's country); None when it is neither."""
    text = str(value or "")
    return validate_email(text) or validate_phone(text, region)


def contact_not_read_text(region: Optional[str]) -> str:
    """The contact was not read: asked again, with an example number written
    the way people write one in the clinic's country."""
    return (
        "That doesn't look like a phone number or an e-mail address. Could you "
        f"type it again, e.g. {example_phone(region)} or name@example.com?"
    )


def read_times(value: Any) -> str:
    """When to call, as said (without control characters); "any time" when
    nothing was said."""
    return clean_text(str(value or ""))[:MAX_TIMES_CHARS] or ANY_TIME


def phone_and_email(contact: str) -> Tuple[Optional[str], Optional[str]]:
    """The contact as (phone, e-mail): one of them is None."""
    email = validate_email(contact)
    return (None if email else contact), email


# --- What is said ----------------------------------------------------------------------


def confirm_text(name: Any, contact: Any, times: Any) -> str:
    """The details read back before anything is sent."""
    shown = phone_for_people(contact) if isinstance(contact, str) else contact
    return f"I'll ask the clinic to contact {name} at {shown} ({times}). Shall I send this?"


def not_sent_error_text(clinic: ClinicContact) -> str:
    """When the request could not be stored: how to reach the clinic instead."""
    return (
        f"Sorry, I couldn't send your request. Please call {clinic.clinic_phone} "
        f"or e-mail {clinic.clinic_email}."
    )


def handoff_text(clinic: ClinicContact) -> str:
    """ "Talk to a person": the clinic's contact details."""
    return (
        f"You can talk to someone at {clinic.clinic_name}: call "
        f"{clinic.clinic_phone} or e-mail {clinic.clinic_email} "
        f"({clinic.clinic_hours}). You can also ask me for a callback."
    )


def handoff_payload(clinic: ClinicContact, conversation_id: str) -> Dict[str, Any]:
    """The machine-readable handoff the website receives."""
    return {
        "handoff": {
            "clinic": clinic.clinic_name,
            "phone": clinic.clinic_phone,
            "email": clinic.clinic_email,
            "hours": clinic.clinic_hours,
            "conversation_id": conversation_id,
        }
    }
