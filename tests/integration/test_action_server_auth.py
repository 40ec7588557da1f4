"""Issue 14, point 4: the action server listened on every address and ran any
tracker posted to it; a forged one deleted another conversation's summary and
stored a fake callback request. Replayed against the real servers of
scripts/run.sh (channels/action_server.py), read back from the clinic database."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.storage.summaries import IntakeStore
from channels.action_server import SECRET_HEADER
from tests.servers import RunningServers, running_servers

TOKEN = "action-auth-test-token"
CANARY = "Quillon Farthingale"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    with running_servers(tmp_path_factory.mktemp("action-auth"), TOKEN) as running:
        yield running


def _forged_call(sender: str, action: str, slots: Dict[str, Any]) -> Dict[str, Any]:
    """What Rasa posts to /webhook, made up by someone else."""
    return {
        "next_action": action,
        "sender_id": sender,
        "version": "3.6.21",
        "tracker": {
            "sender_id": sender,
            "slots": slots,
            "latest_message": {"text": "hi", "intent": {"name": "affirm"}, "entities": []},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
            "latest_event_time": time.time(),
        },
        "domain": {"slots": {}, "responses": {}, "forms": {}, "entities": [], "intents": []},
    }


def _forged_callback(sender: str) -> Dict[str, Any]:
    return _forged_call(
        sender,
        "action_submit_callback",
        {
            "data_consent": True,
            "callback_confirmed": True,
            "callback_name": CANARY,
            "callback_contact": "+12125550123",
            "callback_times": "now",
        },
    )


def _count(servers: RunningServers, sql: str, **params: Any) -> int:
    engine = create_engine(servers.database_url, future=True)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql), params).scalar_one())
    finally:
        engine.dispose()


def _summaries(servers: RunningServers, conversation_id: str) -> int:
    return _count(
        servers,
        "SELECT COUNT(*) FROM intake_summaries WHERE conversation_id = :id",
        id=conversation_id,
    )


def _forged_callbacks(servers: RunningServers) -> int:
    return _count(servers, "SELECT COUNT(*) FROM callback_requests WHERE name = :n", n=CANARY)


def _victim(servers: RunningServers) -> str:
    """Another person's conversation, with a stored intake summary."""
    victim = f"victim-{uuid.uuid4().hex[:10]}"
    store = IntakeStore(servers.database_url)
    try:
        store.save_summary(victim, {"recommended_style": "light"})
    finally:
        store.dispose()
    assert _summaries(servers, victim) == 1
    return victim


def _post(servers: RunningServers, body: Dict[str, Any], secret: Optional[str]):
    headers = {} if secret is None else {SECRET_HEADER: secret}
    return requests.post(f"{servers.action_url}/webhook", json=body, headers=headers, timeout=60)


def _listening_addresses(port: int) -> set:
    """The addresses a TCP socket listens on for `port` (Linux /proc/net/tcp*)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only(servers):
    port = int(servers.action_url.rsplit(":", 1)[1])
    addresses = _listening_addresses(port)
    if not addresses:
        pytest.skip("/proc/net/tcp is not readable here")
    # 0100007F is 127.0.0.1 as the kernel writes it; 00000000 would be every address.
    assert addresses == {"0100007F"}


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-of-the-right-length-0123456789"])
def test_a_forged_call_without_the_secret_is_refused_and_changes_nothing(servers, secret):
    victim = _victim(servers)
    before = _forged_callbacks(servers)

    deleting = _post(servers, _forged_call(victim, "action_delete_data", {}), secret)
    storing = _post(servers, _forged_callback(f"forger-{uuid.uuid4().hex[:8]}"), secret)

    assert deleting.status_code == 401 and storing.status_code == 401
    assert "secret" in deleting.json()["error"]
    assert _summaries(servers, victim) == 1  # read back: nothing deleted
    assert _forged_callbacks(servers) == before  # and nothing stored


def test_other_paths_need_the_secret_too_but_the_health_check_does_not(servers):
    assert requests.get(f"{servers.action_url}/actions", timeout=10).status_code == 401
    assert requests.get(f"{servers.action_url}/health", timeout=10).status_code == 200
    listed = requests.get(
        f"{servers.action_url}/actions", headers={SECRET_HEADER: servers.action_secret}, timeout=10
    )
    assert listed.status_code == 200 and {"name": "action_delete_data"} in listed.json()
    unknown = requests.get(
        f"{servers.action_url}/no-such-path",
        headers={SECRET_HEADER: servers.action_secret},
        timeout=10,
    )
    assert unknown.status_code == 404


def test_with_the_secret_the_action_runs(servers):
    """The same calls with the right secret do what they say: the check is
    what stopped them above, not a broken call."""
    victim = _victim(servers)
    before = _forged_callbacks(servers)

    assert _post(servers, _forged_call(victim, "action_delete_data", {}), servers.action_secret).ok
    assert _post(
        servers, _forged_callback(f"caller-{uuid.uuid4().hex[:8]}"), servers.action_secret
    ).ok

    assert _summaries(servers, victim) == 0
    assert _forged_callbacks(servers) == before + 1


def test_rasa_sends_the_secret_so_a_whole_turn_with_actions_works(servers):
    sender = f"turn-{uuid.uuid4().hex[:10]}"
    replies = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "hi"},
        timeout=60,
    ).json()
    replies += requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "yes"},
        timeout=60,
    ).json()
    # The safety question is asked by the intake form's validation, an action.
    assert any("Do any of these apply" in reply.get("text", "") for reply in replies), replies


def test_a_failing_action_answers_without_echoing_the_tracker(servers):
    broken = _forged_call("broken", "action_delete_data", {})
    broken["tracker"] = {"latest_message": {"text": CANARY}}  # no sender_id: the action fails
    answer = _post(servers, broken, servers.action_secret)
    assert answer.status_code == 500
    assert CANARY not in answer.text  # rasa_sdk's answer held the whole request
