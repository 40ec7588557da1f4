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

from typing import Any, Optional

from sanic import Sanic

from bot.domain.input_limits import too_long_reply
from bot.runtime.settings import get_settings


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
