"""Bounds on what one person can send, applied by the channels before Rasa sees
anything (issue 14, "bounded input"):

- a message longer than MAX_MESSAGE_CHARS (bot/runtime/settings.py, 2,000 by
  default) is not passed to Rasa at all: the person gets a kind request for a
  shorter one (`oversized_reply`) and the conversation is left as it was;
- a request body larger than MAX_REQUEST_BYTES (64 kB by default) is refused by
  Sanic with 413 before it is read (REQUEST_MAX_SIZE), and so is a larger
  WebSocket frame (WEBSOCKET_MAX_SIZE). Sanic's own defaults are 100 MB and 1 MB.

Both Sanic limits are set when a channel's blueprint is registered on Rasa's
app (`BoundedBlueprintMixin`), which is before the server builds its protocol
(Sanic reads WEBSOCKET_MAX_SIZE only then). They cover Rasa's HTTP API too.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from sanic import Sanic

from bot.domain.input_limits import too_long_reply
from bot.runtime.settings import get_settings

# Rasa's own commands (rasa.shared.core.constants.DEFAULT_INTENTS) run their
# default actions at once: "/restart" typed into the chat would wipe the red
# flags and answers without a word. A person's "/restart" asks to start over
# (which is confirmed first); "/back" and "/session_start" are read as words.
# ("/nlu_fallback" and "/out_of_scope" only lead to a kind fallback.)
_TYPED_COMMANDS = {
    "restart": "start over",
    "back": "back",
    "session_start": "start",
}
_COMMAND = re.compile(r"^\s*/\s*(?P<name>[A-Za-z_]+)\s*(?:\{.*\})?\s*$", re.DOTALL)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def cleaned_message(text: str) -> str:
    """The message as Rasa may read it: a lone surrogate (not valid Unicode, which
    spaCy cannot encode) becomes U+FFFD, and a typed Rasa command becomes words."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    command = _COMMAND.match(text)
    if command and command.group("name") in _TYPED_COMMANDS:
        return _TYPED_COMMANDS[command.group("name")]
    return text


def oversized_reply(text: Any) -> Optional[str]:
    """The kind answer to a message over the length cap, else None."""
    limit = get_settings().max_message_chars
    if isinstance(text, str) and len(text) > limit:
        return too_long_reply(len(text), limit)
    return None


def limit_request_sizes(app: Sanic) -> None:
    size = get_settings().max_request_bytes
    app.config.REQUEST_MAX_SIZE = size
    app.config.WEBSOCKET_MAX_SIZE = size


class BoundedBlueprintMixin:
    """A Sanic blueprint that sets the body limits on the app it joins."""

    def register(self, app: Sanic, options: Any) -> None:
        limit_request_sizes(app)
        super().register(app, options)  # type: ignore[misc]
