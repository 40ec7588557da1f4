"""The REST channel, with a short apology when the action server cannot answer.

Rasa 3.6 on its own logs a failed custom action ("Failed to execute custom
action ... Couldn't connect to the server") and carries on: the person gets no
answer at all, or a question repeated without a word of explanation. Here every
turn runs inside a context that notes such failures, and when one happened the
person gets one kind apology after whatever else the bot said:

    "Sorry, I'm having a technical problem right now..."

The text is the domain's response ``utter_technical_problem`` when the domain has
one, otherwise ``DEFAULT_APOLOGY``. Nothing else changes: same URL
(``/webhooks/rest/webhook``), same request and response format as Rasa's
``rest`` channel. The conversation goes on once the action server is back (the
failed turn's slot changes are lost, so the person answers that question again).

How failures are noticed: ``RemoteAction.run`` (the one place where Rasa calls
the action server: custom actions, form validation, custom slot mappings) is
wrapped once, to record the failure in a ``contextvars`` list of the running turn
and re-raise it unchanged. Outside a turn of these channels nothing is recorded.
``ActionExecutionRejection`` (a form rejecting an answer) is not a failure.
``apologising(on_new_message)`` is the same wrapper for any other input channel
(the socket.io channel uses it too).
"""

from __future__ import annotations

import contextvars
import functools
import logging
from typing import Any, Awaitable, Callable, List, Optional, Text

from rasa.core.actions import action as rasa_action
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.runtime.startup_memory import freeze_startup_objects

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_technical_problem"
DEFAULT_APOLOGY = (
    "Sorry, I'm having a technical problem right now and couldn't "
    "take in your last message. Please try again in a minute; "
    "your earlier answers are kept."
)

# The failures of the turn being handled (None outside a turn of these channels).
_turn_failures: contextvars.ContextVar[Optional[List[Optional[Text]]]] = contextvars.ContextVar(
    "clinic_turn_failures", default=None
)


def _apology_from_domain(domain: Any) -> Optional[Text]:
    try:
        variants = domain.responses.get(APOLOGY_RESPONSE) or []
    except AttributeError:
        return None
    for variant in variants:
        if isinstance(variant, dict) and variant.get("text"):
            return variant["text"]
    return None


def _install_failure_recorder() -> None:
    remote_action = rasa_action.RemoteAction
    if getattr(remote_action.run, "_clinic_records_failures", False):
        return
    original_run = remote_action.run

    @functools.wraps(original_run)
    async def run(self, output_channel, nlg, tracker, domain):  # type: ignore[no-untyped-def]
        try:
            return await original_run(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except Exception:
            failures = _turn_failures.get()
            if failures is not None:
                failures.append(_apology_from_domain(domain))
            raise

    run._clinic_records_failures = True  # type: ignore[attr-defined]
    remote_action.run = run  # type: ignore[assignment]


_install_failure_recorder()


def apologising(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[Any]]:
    """`on_new_message`, followed by one apology when the action server failed."""

    @functools.wraps(on_new_message)
    async def handle(message: UserMessage) -> Any:
        failures: List[Optional[Text]] = []
        token = _turn_failures.set(failures)
        try:
            result = await on_new_message(message)
        finally:
            _turn_failures.reset(token)
        if failures:
            text = next((failure for failure in failures if failure), DEFAULT_APOLOGY)
            logger.warning(
                "The action server failed during this turn (%d call(s)); "
                "the person got an apology.",
                len(failures),
            )
            await message.output_channel.send_text_message(message.sender_id, text)
        return result

    return handle


class ClinicRestInput(RestInput):
    """Rasa's REST channel (`/webhooks/rest/webhook`) with the apology above."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(apologising(on_new_message))
        # Runs after Rasa loaded the model (before_server_start).
        blueprint.after_server_start(freeze_startup_objects)
        return blueprint
