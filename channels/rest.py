"""The REST channel: a short apology when the action server cannot answer, and
strict input (``ClinicRestInput`` below: JSON only, a sender required, bounded).

Rasa 3.6 on its own logs a failed custom action ("Failed to execute custom
action ... Couldn't connect to the server") and carries on: the person gets no
answer at all, or a question repeated without a word of explanation. Here every
turn runs inside a context that notes such failures, and when one happened the
person gets one kind apology after whatever else the bot said:

    "Sorry, I'm having a technical problem right now..."

The text is the domain's response ``utter_technical_problem`` when the domain has
one, otherwise ``DEFAULT_APOLOGY``. Same URL (``/webhooks/rest/webhook``), same
request and response format as Rasa's ``rest`` channel. The conversation goes on
once the action server is back (the failed turn's slot changes are lost, so the
person answers that question again).

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
import json
import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Union

import rasa.utils.endpoints
from rasa.core.actions import action as rasa_action
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.runtime.startup_memory import freeze_startup_objects
from channels.action_connections import close_shared_sessions
from channels.input_bounds import BoundedBlueprintMixin, cleaned_message, oversized_reply

logger = logging.getLogger(__name__)

APOLOGY_RESPONSE = "utter_technical_problem"
DEFAULT_APOLOGY = (
    "Sorry, I'm having a technical problem right now and couldn't "
    "take in your last message. Please try again in a minute; "
    "your earlier answers are kept."
)

# A conversation id longer than this is refused (Rasa's tracker stores take 255).
MAX_SENDER_CHARS = 200

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


class _RestBlueprint(BoundedBlueprintMixin, Blueprint):
    pass


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _is_json(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower() == "application/json"


def _read_body(request: Request) -> Union[Dict[Text, Any], HTTPResponse]:
    """The request's JSON object, or the response that refuses it."""
    if not _is_json(request):
        # A cross-site form or text/plain POST needs no CORS preflight: refuse it.
        return _error(415, "Send the message as JSON, with Content-Type: application/json.")
    try:
        body = json.loads(request.body or b"")
    except (ValueError, RecursionError):  # RecursionError: nesting thousands deep
        return _error(400, "The request body is not valid JSON.")
    if not isinstance(body, dict):
        return _error(400, 'Send a JSON object: {"sender": "...", "message": "..."}.')
    return body


def _field_error(body: Dict[Text, Any]) -> Optional[Text]:
    """What is wrong with the fields of a message, or None."""
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        # Without this every such call would share one conversation, "default".
        return '"sender" is required: a conversation id of your own choosing.'
    if len(sender) > MAX_SENDER_CHARS or not sender.isprintable():
        return f'"sender" must be at most {MAX_SENDER_CHARS} printable characters.'
    if not isinstance(body.get("message"), str):
        return '"message" is required and must be text.'
    if not isinstance(body.get("metadata", {}), (dict, type(None))):
        return '"metadata" must be a JSON object.'
    return None


class ClinicRestInput(RestInput):
    """Rasa's REST channel (`/webhooks/rest/webhook`, same request and answer)
    with the apology above, and stricter about what it takes in:

    - only ``Content-Type: application/json`` (415 otherwise);
    - a JSON object with a non-empty ``sender`` and a text ``message`` (400 with
      a JSON ``error`` otherwise, instead of Rasa's shared "default" conversation);
    - a message over the length cap is answered with a request for a shorter one
      and never reaches Rasa; bodies over MAX_REQUEST_BYTES get 413
      (channels/input_bounds.py);
    - the channel is always "rest" (Rasa let the body name another), and a
      failed turn is logged without the message text.
    """

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = apologising(on_new_message)
        blueprint = _RestBlueprint(f"custom_webhook_{type(self).__name__}", __name__)
        # Runs after Rasa loaded the model (before_server_start).
        blueprint.after_server_start(freeze_startup_objects)
        blueprint.after_server_stop(close_shared_sessions)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            body = _read_body(request)
            if isinstance(body, HTTPResponse):
                return body
            problem = _field_error(body)
            if problem:
                return _error(400, problem)
            sender, text = body["sender"], cleaned_message(body["message"])
            too_long = oversized_reply(text)
            if too_long:
                return response.json([{"recipient_id": sender, "text": too_long}])
            metadata = body.get("metadata")
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                stream = self.stream_response(on_new_message, text, sender, self.name(), metadata)
                return response.stream(stream, content_type="text/event-stream")
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text, collector, sender, input_channel=self.name(), metadata=metadata
                    )
                )
            except CancelledError:
                logger.error("A REST turn timed out (message text not logged).")
            except Exception as error:  # the person still gets what was said so far
                logger.error(
                    "A REST turn failed: %s (message text not logged).", type(error).__name__
                )
            return response.json(collector.messages)

        return blueprint
