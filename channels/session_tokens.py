"""Conversation ids the socket.io channel issues, and the tokens that prove them.

A conversation id is the key to a person's answers (red flags, the intake
summary, "delete my data"), so a client may never choose one: the server picks
a fresh, unguessable id (128 random bits) and hands the client a token with it,
HMAC-SHA256 of the id under a server secret. Resuming a conversation (a reload
of the page) takes the id *and* its token; a client-chosen id has no valid
token and is refused (the client gets a new conversation instead).

The secret is SESSION_SECRET. Every Rasa server behind one nginx must share it
(a token issued by one server is checked by another after a reconnect), so the
production configuration requires it (scripts/production_env.sh); `make run`
generates one into var/session_secret (mode 0600) so a reload after a restart
still continues. Without it a process makes up its own: sessions then last as
long as that process.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from typing import Any, Tuple

logger = logging.getLogger(__name__)

# secrets.token_hex(16): 32 lowercase hex digits.
SESSION_ID = re.compile(r"[0-9a-f]{32}")
# Separates these tokens from any other use of the same secret.
_PURPOSE = b"fibromassage socket.io session\x00"


class SessionIssuer:
    def __init__(self, secret: str) -> None:
        if not secret:
            logger.warning(
                "SESSION_SECRET is not set: socket.io sessions are signed with a key of "
                "this process only, so they cannot continue after a restart or on another "
                "server. Set SESSION_SECRET (the same on every Rasa server)."
            )
            secret = secrets.token_hex(32)
        self._key = secret.encode("utf-8")

    def issue(self) -> Tuple[str, str]:
        """A new conversation id and its token."""
        session_id = secrets.token_hex(16)
        return session_id, self.token_for(session_id)

    def token_for(self, session_id: str) -> str:
        digest = hmac.new(self._key, _PURPOSE + session_id.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()

    def verify(self, session_id: Any, token: Any) -> bool:
        """True only for an id this secret issued, with its token."""
        if not isinstance(session_id, str) or not isinstance(token, str):
            return False
        if not SESSION_ID.fullmatch(session_id):
            return False
        return hmac.compare_digest(self.token_for(session_id), token)
