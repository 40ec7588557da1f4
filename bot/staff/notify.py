"""Sends the outbox's e-mails to the clinic (`python -m bot.staff.cli notify`).

Each try is one log line, without personal data: the notification's and the
request's numbers, sent or the kind of error, and when the next try is. A mail
server that is down, refuses the sign-in or times out loses nothing: the
notification stays in the outbox and is tried again later, waiting longer after
each failure (bot.domain.notifications.retry_delay).
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Callable, List

from bot.domain.notifications import Mail, callback_notification, retry_delay
from bot.runtime.settings import NotificationSettings
from bot.storage.notifications import OutboxStore, PendingNotification

SMTP_TIMEOUT_SECONDS = 20
# A claimed mail is not taken by another sender for this long (a sender that
# died mid-send leaves it due again after it).
CLAIM_LEASE = timedelta(minutes=5)

Send = Callable[[NotificationSettings, EmailMessage], None]


def smtp_send(settings: NotificationSettings, message: EmailMessage) -> None:
    """One SMTP session: STARTTLS (certificate checked) and sign-in when configured."""
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def email_message(mail: Mail, settings: NotificationSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = settings.sender
    message["To"] = settings.clinic_notify_email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="clinic-assistant")
    message.set_content(mail.body)
    return message


def send_due(
    store: OutboxStore,
    settings: NotificationSettings,
    clinic_name: str,
    now: Callable[[], datetime],
    send: Send = smtp_send,
) -> List[str]:
    """Try every notification that is due; one log line per try."""
    lines = []
    for pending in store.claim_due(now(), CLAIM_LEASE):
        mail = callback_notification(
            pending.callback_request_id, settings.console_url, clinic_name
        )
        try:
            send(settings, email_message(mail, settings))
        except (OSError, smtplib.SMTPException) as error:  # refused, down, timed out, TLS
            lines.append(_failed(store, settings, pending, error, now()))
            continue
        store.mark_sent(pending.id, now())
        lines.append(
            f"notification #{pending.id}: sent callback request "
            f"#{pending.callback_request_id} to the clinic's address "
            f"(try {pending.attempts + 1})."
        )
    return lines


def _failed(
    store: OutboxStore,
    settings: NotificationSettings,
    pending: PendingNotification,
    error: BaseException,
    at: datetime,
) -> str:
    delay = retry_delay(pending.attempts + 1, settings.retry_seconds, settings.retry_max_seconds)
    # The error's kind and SMTP code only: its text may quote addresses.
    kind = type(error).__name__
    code = getattr(error, "smtp_code", None)
    kind = f"{kind} {code}" if code else kind
    attempts = store.mark_failed(pending.id, kind, at + timedelta(seconds=delay))
    return (
        f"notification #{pending.id}: callback request #{pending.callback_request_id} "
        f"not sent ({kind}, try {attempts}); kept, next try in {delay:g} s."
    )
