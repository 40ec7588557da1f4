"""The clinic's e-mail about a new callback request, and when to try again.

The mail says only that a request arrived and where to read it in the staff
console: no name, contact details or health details travel by e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def callback_notification(callback_id: int, console_url: str, clinic_name: str) -> Mail:
    """The e-mail telling the clinic that callback request `callback_id` arrived."""
    link = f"{console_url.rstrip('/')}/callbacks/{int(callback_id)}"
    return Mail(
        subject=f"New callback request #{int(callback_id)}",
        body=(
            f"A new callback request has arrived for {clinic_name}.\n\n"
            f"Open it in the staff console (sign-in needed):\n{link}\n\n"
            "This e-mail holds no personal details on purpose; they stay in the console.\n"
        ),
    )


def retry_delay(attempts: int, first_seconds: float, most_seconds: float) -> float:
    """Seconds to wait after the `attempts`-th failed try: `first_seconds`,
    doubled after each further failure, never more than `most_seconds`."""
    if attempts < 1:
        return 0.0
    # 2 ** 40 seconds is far past any cap; stop doubling before floats overflow.
    return min(first_seconds * 2 ** min(attempts - 1, 40), most_seconds)
