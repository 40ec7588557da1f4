"""The website's socket.io channel: Rasa 3.6's, with sessions issued by the server.

1. Sessions. Rasa's channel joins whatever conversation a client names in
   ``session_request`` and trusts the ``session_id`` of every ``user_uttered``:
   anyone holding (or guessing) an id could read and change that person's
   answers. Here the server issues every conversation id, with a token
   (channels/session_tokens.py): ``session_confirm`` carries
   ``{"session_id", "session_token"}``. A client resumes a conversation only
   with an id *and* its valid token; any other id gets a new conversation. The
   socket is bound to its conversation on the server (``sio.save_session``) and
   ``user_uttered`` always speaks for that conversation: a message naming
   another ``session_id`` is refused (logged without its text).
2. Origins. Rasa's channel builds its socket.io server with
   ``cors_allowed_origins=[]``, which switches the origin check off. Here only
   the origins in ``cors_allowed_origins`` (credentials.yml) or else
   ``CORS_ORIGINS`` (space-separated, scripts/env.sh) may connect, a socket
   without an Origin header is refused too, and an empty list or ``*`` stops
   the server at start-up instead of allowing everyone.
3. Bounds. socket.io packets and WebSocket frames are limited to
   MAX_REQUEST_BYTES, and a message over MAX_MESSAGE_CHARS is answered with a
   request for a shorter one without reaching Rasa (channels/input_bounds.py).
4. Rasa 3.6 calls ``sio.enter_room`` without ``await`` (a coroutine in
   python-socketio 5.x: the socket never joined its room), and its
   ``send_custom_json`` fails for ``{"intake_summary": ...}``; here rooms are
   awaited and a custom payload is sent as ``{"custom": {...}}``, the same
   shape as on the REST channel.

The optional JWT check on connect (``jwt_key``) behaves as in Rasa's channel.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import engineio
import rasa.core.channels.channel
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.runtime.settings import get_settings
from channels.input_bounds import BoundedBlueprintMixin, cleaned_message, oversized_reply
from channels.rest import apologising
from channels.session_tokens import SessionIssuer

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8000 http://127.0.0.1:8000"


class OriginsNotConfigured(ValueError):
    pass


def allowed_origins(configured: Any = None) -> List[str]:
    """The origins allowed to connect: from credentials, else $CORS_ORIGINS.
    Fails closed: nothing configured, or "*", is an error, never "everyone"."""
    if configured is None:
        configured = os.environ.get("CORS_ORIGINS", DEFAULT_ORIGINS)
    if isinstance(configured, str):
        configured = configured.split()
    origins = [str(origin).rstrip("/") for origin in configured or [] if origin]
    if not origins or "*" in origins:
        raise OriginsNotConfigured(
            "The socket.io channel needs the web origins allowed to open the chat, e.g. "
            "CORS_ORIGINS='https://clinic.example' (space-separated); it got "
            f"{' '.join(origins) or 'nothing'!r}, which would let any website talk to the bot."
        )
    return origins


async def _maybe_await(result: Any) -> None:
    # python-socketio 5.x: enter_room/leave_room are coroutines on AsyncServer.
    if inspect.isawaitable(result):
        await result


def _client_metadata(value: Any) -> Dict[Text, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return {}
    return value if isinstance(value, dict) else {}


class _OriginCheckingEngineIO(engineio.AsyncServer):
    """Refuses other origins, but leaves the CORS response headers of the
    long-polling requests to Sanic-CORS (`rasa run --cors`): with both, a
    response would carry Access-Control-Allow-Origin twice, which browsers reject."""

    def _cors_headers(self, environ: Dict) -> List:
        return []


class _OriginCheckingSocketIO(AsyncServer):
    def _engineio_server_class(self) -> type:
        return _OriginCheckingEngineIO


class _SocketBlueprint(BoundedBlueprintMixin, SocketBlueprint):
    pass


class ClinicSocketIOOutput(SocketIOOutput):
    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        json_message = dict(json_message)
        room = json_message.pop("room", recipient_id)
        await self.sio.emit(self.bot_message_evt, {"custom": json_message}, room=room)


class ClinicSocketIOInput(SocketIOInput):
    """socket.io for the website: server-issued sessions, the clinic's origins."""

    def __init__(self, *args: Any, origins: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.origins = allowed_origins(origins)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ClinicSocketIOInput":
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
            origins=credentials.get("cors_allowed_origins"),
        )

    def get_output_channel(self) -> Optional[rasa.core.channels.channel.OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return ClinicSocketIOOutput(self.sio, self.bot_message_evt)

    def _origin_allowed(self, environ: Dict) -> bool:
        return environ.get("HTTP_ORIGIN", "").rstrip("/") in self.origins

    def _jwt_valid(self, auth: Optional[Dict]) -> bool:
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        if not token:
            return False
        payload = rasa.core.channels.channel.decode_bearer_token(
            token, self.jwt_key, self.jwt_algorithm
        )
        return bool(payload)

    def _session_for(self, sessions: SessionIssuer, request: Any) -> Tuple[str, str, bool]:
        """(id, token, resumed): the conversation the client proved, else a new one."""
        request = request if isinstance(request, dict) else {}
        session_id, token = request.get("session_id"), request.get("session_token")
        if self.session_persistence and sessions.verify(session_id, token):
            return session_id, token, True
        if session_id:
            # An id this server never issued, or without its token: someone else's
            # conversation, or a client of the old protocol. Never join it.
            logger.warning("socket.io: a session id without a valid token was refused")
        return (*sessions.issue(), False)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # A short apology when the action server fails during a turn (channels/rest.py).
        on_new_message = apologising(on_new_message)
        settings = get_settings()
        sessions = SessionIssuer(settings.session_secret)
        # A list of origins makes python-engineio refuse any other Origin header,
        # for HTTP long-polling and for the WebSocket upgrade alike.
        sio = _OriginCheckingSocketIO(
            async_mode="sanic",
            cors_allowed_origins=list(self.origins),
            max_http_buffer_size=settings.max_request_bytes,
        )
        socketio_webhook = _SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self._origin_allowed(environ):
                # engineio lets a request without any Origin header through.
                logger.warning("socket.io: a connection without an allowed Origin was refused")
                return False
            return self._jwt_valid(auth)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            session_id, token, _ = self._session_for(sessions, data)
            bound = await sio.get_session(sid, namespace=self.namespace)
            previous = bound.get("session_id")
            if previous and previous != session_id:
                await _maybe_await(sio.leave_room(sid, previous, namespace=self.namespace))
            await sio.save_session(sid, {"session_id": session_id}, namespace=self.namespace)
            await _maybe_await(sio.enter_room(sid, session_id, namespace=self.namespace))
            await sio.emit(
                "session_confirm",
                {"session_id": session_id, "session_token": token},
                room=sid,
                namespace=self.namespace,
            )

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            bound = await sio.get_session(sid, namespace=self.namespace)
            session_id = bound.get("session_id")
            if not session_id or not isinstance(data, dict):
                logger.warning("socket.io: a message before session_request was ignored")
                return
            if data.get("session_id") not in (None, "", session_id):
                logger.warning("socket.io: a message naming another conversation was refused")
                return
            text = data.get("message", "")
            if not isinstance(text, str):
                logger.warning("socket.io: a message that is not text was ignored")
                return
            text = cleaned_message(text)
            output_channel = ClinicSocketIOOutput(sio, self.bot_message_evt)
            too_long = oversized_reply(text)
            if too_long:
                await output_channel.send_text_message(session_id, too_long)
                return
            await on_new_message(
                UserMessage(
                    text,
                    output_channel,
                    session_id,
                    input_channel=self.name(),
                    metadata=_client_metadata(data.get(self.metadata_key)),
                )
            )

        return socketio_webhook
