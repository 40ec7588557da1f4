"""The website's socket.io channel: Rasa 3.6's own, with three fixes.

1. Origins. Rasa's channel builds its socket.io server with
   ``cors_allowed_origins=[]``, which switches the origin check off, and
   ``rasa run --cors`` only reaches plain HTTP routes: any web page could open a
   WebSocket to the bot. Here only the origins in ``cors_allowed_origins``
   (credentials.yml) or else the environment variable ``CORS_ORIGINS``
   (space-separated, set in scripts/env.sh) may connect.
2. Session persistence. Rasa calls ``sio.enter_room`` without ``await``; in
   python-socketio 5.x it is a coroutine, so the socket never joined the
   session's room and no reply arrived. Here it is awaited.
3. Custom payloads. Rasa's ``send_custom_json`` passes the payload's keys as
   keyword arguments to ``AsyncServer.emit`` and fails for
   ``{"intake_summary": ...}``; here a custom payload is sent as
   ``{"custom": {...}}``, the same shape as on the REST channel.

Everything else (events, ``session_request``/``session_confirm`` persistence,
JWT) behaves as in ``rasa.core.channels.socketio``.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import engineio
import rasa.core.channels.channel
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.rest import apologising

logger = logging.getLogger(__name__)

DEFAULT_ORIGINS = "http://localhost:8000 http://127.0.0.1:8000"


def allowed_origins(configured: Any = None) -> List[str]:
    """The origins allowed to connect: from credentials, else $CORS_ORIGINS."""
    if configured is None:
        configured = os.environ.get("CORS_ORIGINS", DEFAULT_ORIGINS)
    if isinstance(configured, str):
        configured = configured.split()
    return [origin.rstrip("/") for origin in configured if origin]


class _OriginCheckingEngineIO(engineio.AsyncServer):
    """Refuses other origins, but leaves the CORS response headers of the
    long-polling requests to Sanic-CORS (`rasa run --cors`): with both, a
    response would carry Access-Control-Allow-Origin twice, which browsers reject."""

    def _cors_headers(self, environ: Dict) -> List:
        return []


class _OriginCheckingSocketIO(AsyncServer):
    def _engineio_server_class(self) -> type:
        return _OriginCheckingEngineIO


class ClinicSocketIOOutput(SocketIOOutput):
    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        json_message = dict(json_message)
        room = json_message.pop("room", recipient_id)
        await self.sio.emit(self.bot_message_evt, {"custom": json_message}, room=room)


class ClinicSocketIOInput(SocketIOInput):
    """socket.io for the website, limited to the clinic's origins."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "ClinicSocketIOInput":
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        channel.origins = allowed_origins(credentials.get("cors_allowed_origins"))
        return channel

    origins: List[str] = allowed_origins()

    def get_output_channel(self) -> Optional[rasa.core.channels.channel.OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()
        return ClinicSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # A short apology when the action server fails during a turn (channels/rest.py).
        on_new_message = apologising(on_new_message)
        # A list of origins makes python-engineio refuse any other Origin header,
        # for HTTP long-polling and for the WebSocket upgrade alike.
        sio = _OriginCheckingSocketIO(async_mode="sanic", cors_allowed_origins=list(self.origins))
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self.jwt_key:
                return True
            payload = None
            if auth and auth.get("token"):
                payload = rasa.core.channels.channel.decode_bearer_token(
                    auth.get("token"), self.jwt_key, self.jwt_algorithm
                )
            return bool(payload)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"])
                if inspect.isawaitable(joined):  # a coroutine in python-socketio 5.x
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            output_channel = ClinicSocketIOOutput(sio, self.bot_message_evt)
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("socket.io message without a session_id ignored")
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, Text):
                metadata = json.loads(metadata)
            await on_new_message(
                UserMessage(
                    data.get("message", ""),
                    output_channel,
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )

        return socketio_webhook
