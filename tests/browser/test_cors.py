"""The Rasa server answers REST and socket.io only for the configured origins
(CORS_ORIGINS): a foreign page gets no Access-Control-Allow-Origin and cannot
open a socket.io session."""

from __future__ import annotations

import requests

FOREIGN = "http://evil.example"


def test_rest_preflight_and_request_from_a_foreign_origin_are_not_allowed(servers):
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    preflight = requests.options(
        url,
        headers={
            "Origin": FOREIGN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    reply = requests.post(
        url, json={"sender": "cors-test", "message": "hi"}, headers={"Origin": FOREIGN}, timeout=60
    )
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_rest_from_the_clinic_page_is_allowed(servers):
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    preflight = requests.options(
        url,
        headers={
            "Origin": servers.web_origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") == servers.web_origin


def test_socketio_refuses_a_foreign_origin(servers):
    url = f"{servers.rasa_url}/socket.io/"
    for transport in ("polling", "websocket"):
        refused = requests.get(
            url,
            params={"EIO": "4", "transport": transport},
            headers={"Origin": FOREIGN},
            timeout=10,
        )
        assert refused.status_code == 400, transport
        assert "Access-Control-Allow-Origin" not in refused.headers
    allowed = requests.get(
        url,
        params={"EIO": "4", "transport": "polling"},
        headers={"Origin": servers.web_origin},
        timeout=10,
    )
    assert allowed.ok
    # exactly one Access-Control-Allow-Origin (two would make browsers refuse it)
    assert allowed.raw.headers.getlist("Access-Control-Allow-Origin") == [servers.web_origin]
