"""Kept-alive connections for Rasa's HTTP calls to the action server.

Rasa 3.6 (`EndpointConfig.request`) opens a new aiohttp `ClientSession`, so a
new TCP connection, for every call: two action-server calls a turn in the
intake, and py-spy put about a tenth of the Rasa server's busy time in aiohttp,
much of it setting up and tearing down those connections (bench/README.md).
Here each endpoint gets one session per event loop, whose connections are
reused. An idle connection is closed after KEEPALIVE_SECONDS, before the action
server (Sanic: 5 s) closes it, so a call never goes out on a connection the
server is closing. The sessions are closed when the server stops.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Tuple

import aiohttp
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

KEEPALIVE_SECONDS = 2.0
# Rasa's own, used where there is no running event loop.
rasa_session = EndpointConfig.session

# (id of endpoint, id of loop) -> (endpoint, loop, session); the objects are kept
# so that a reused id never finds another endpoint's session.
_shared: Dict[Tuple[int, int], Tuple[EndpointConfig, Any, aiohttp.ClientSession]] = {}


class _Borrowed:
    """`async with` on a shared session: it stays open afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *_exc: Any) -> None:
        return None


def _new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """A session as Rasa configures one, with connections kept alive briefly."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
    )


def shared_session(self: EndpointConfig) -> Any:
    """`EndpointConfig.session`: the endpoint's session on the running loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return rasa_session(self)
    key = (id(self), id(loop))
    found = _shared.get(key)
    if found is None or found[0] is not self or found[1] is not loop or found[2].closed:
        found = (self, loop, _new_session(self))
        _shared[key] = found
    return _Borrowed(found[2])


async def close_shared_sessions(*_listener_args: Any) -> None:
    """Closes the sessions of the running loop (a Sanic after_server_stop listener)."""
    loop = asyncio.get_running_loop()
    for key, (_, owner, session) in list(_shared.items()):
        if owner is loop:
            del _shared[key]
            await session.close()


def install() -> None:
    EndpointConfig.session = shared_session
