"""The pieces of the channels' protections that need no server: session tokens
(channels/session_tokens.py), origins that fail closed (channels/socketio.py),
the message length cap and the body limits (channels/input_bounds.py)."""

from __future__ import annotations

import pytest
from sanic import Sanic

from bot.runtime.settings import Settings, clear_settings_cache
from channels.input_bounds import limit_request_sizes, oversized_reply
from channels.session_tokens import SessionIssuer
from channels.socketio import ClinicSocketIOInput, OriginsNotConfigured, allowed_origins


def test_issued_sessions_verify_only_with_their_own_token_and_secret():
    issuer = SessionIssuer("secret-a")
    session_id, token = issuer.issue()
    other_id, other_token = issuer.issue()
    assert session_id != other_id
    assert issuer.verify(session_id, token)
    # Another server with the same secret accepts it (one nginx, several servers).
    assert SessionIssuer("secret-a").verify(session_id, token)
    assert not SessionIssuer("secret-b").verify(session_id, token)
    assert not issuer.verify(session_id, other_token)
    assert not issuer.verify(session_id, token[:-1] + ("0" if token[-1] != "0" else "1"))
    for forged in (None, "", 42, token.upper()):
        assert not issuer.verify(session_id, forged)


def test_a_client_chosen_id_never_verifies():
    issuer = SessionIssuer("secret-a")
    for chosen in ("default", "my-session", "a" * 32, "../../etc", "A" * 32):
        assert not issuer.verify(chosen, "0" * 64)
    # Only ids of the issued shape count, even with their signature.
    assert not issuer.verify("default", issuer.token_for("default"))


def test_without_a_secret_each_process_makes_up_its_own():
    first, second = SessionIssuer(""), SessionIssuer("")
    session_id, token = first.issue()
    assert first.verify(session_id, token) and not second.verify(session_id, token)


@pytest.mark.parametrize("configured", ["", "   ", "*", "http://clinic.example *", [], ["*"]])
def test_origins_fail_closed(configured):
    with pytest.raises(OriginsNotConfigured, match="CORS_ORIGINS"):
        allowed_origins(configured)


def test_origins_from_the_environment_and_credentials(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://clinic.example/ http://localhost:8000")
    assert allowed_origins() == ["https://clinic.example", "http://localhost:8000"]
    monkeypatch.setenv("CORS_ORIGINS", "")
    with pytest.raises(OriginsNotConfigured):
        ClinicSocketIOInput.from_credentials({})
    channel = ClinicSocketIOInput.from_credentials({"cors_allowed_origins": "https://a.example"})
    assert channel.origins == ["https://a.example"]


@pytest.fixture
def limits(monkeypatch):
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "10")
    monkeypatch.setenv("MAX_REQUEST_BYTES", "2048")
    clear_settings_cache()
    yield
    clear_settings_cache()


def test_a_message_over_the_cap_gets_a_kind_answer(limits):
    assert oversized_reply("x" * 10) is None
    assert oversized_reply(None) is None
    reply = oversized_reply("x" * 11)
    assert "too long" in reply and "11 characters" in reply and "10 at a time" in reply
    assert "Nothing you told me before is lost" in reply


def test_the_body_limits_are_set_on_the_app(limits):
    app = Sanic("bounds_test_app")
    limit_request_sizes(app)
    assert app.config.REQUEST_MAX_SIZE == 2048
    assert app.config.WEBSOCKET_MAX_SIZE == 2048


@pytest.mark.parametrize("value", ["0", "-5", "lots", "1.5"])
def test_a_limit_that_is_not_a_positive_number_is_refused(value):
    with pytest.raises(ValueError, match="MAX_MESSAGE_CHARS"):
        Settings.from_env({"MAX_MESSAGE_CHARS": value})


def test_the_session_secret_never_shows_in_the_settings_repr():
    settings = Settings.from_env({"SESSION_SECRET": "do-not-print-me"})
    assert settings.session_secret == "do-not-print-me"
    assert "do-not-print-me" not in repr(settings)
