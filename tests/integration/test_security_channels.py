"""The channel attacks of issue 14 replayed against the real servers
(scripts/run.sh through tests/servers.py) with a real socket.io client: each
is refused, and what the victim's conversation holds is read back over Rasa's
HTTP API (with the test token) and found unchanged.

- socket.io: a client naming someone else's conversation id (in
  session_request, with no token or a forged one, or in user_uttered) gets
  none of their replies and changes nothing; no Origin header: refused.
- REST: no sender is 400 (not the shared "default" conversation), a
  cross-site text/plain POST is 415, a 10 MB body is 413 at once.
- Bounded input: an over-long message gets a kind request for a shorter one
  and leaves the conversation as it was (REST and socket.io); a long
  adversarial message does not hold up another person's greeting.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests
import socketio

from bot.runtime.settings import DEFAULT_MAX_MESSAGE_CHARS
from tests.servers import ROOT, RunningServers, running_servers
from tests.socketio_client import SocketPerson

TOKEN = "security-test-token"
ORIGIN = "http://localhost:8000"  # CORS_ORIGINS of scripts/env.sh
TOO_LONG = "too long for me to read"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServers]:
    with running_servers(tmp_path_factory.mktemp("security-servers"), TOKEN) as running:
        yield running


def tracker(servers: RunningServers, sender: str) -> Dict[str, Any]:
    response = requests.get(
        f"{servers.rasa_url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
    )
    response.raise_for_status()
    return response.json()


def user_texts(servers: RunningServers, sender: str) -> List[str]:
    return [e["text"] for e in tracker(servers, sender)["events"] if e["event"] == "user"]


def rest(servers: RunningServers, sender: str, message: str) -> requests.Response:
    return requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=120,
    )


@pytest.fixture
def people(servers: RunningServers) -> Iterator:
    opened: List[SocketPerson] = []

    def person(origin: Optional[str] = ORIGIN) -> SocketPerson:
        opened.append(SocketPerson(servers.rasa_url, origin))
        return opened[-1]

    yield person
    for one in opened:
        one.close()


def victim_at_pain_intensity(person: SocketPerson) -> str:
    """A conversation with a red flag and an area, waiting for the pain score."""
    session = person.request_session()
    for message in ["hi", "yes", "I take blood thinners", "my neck"]:
        person.say(message)
    return session["session_id"]


# --- socket.io: sessions issued by the server ---------------------------------


def test_the_server_issues_an_unguessable_session_with_a_token(people):
    first, second = people().request_session(), people().request_session()
    for session in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}", session["session_id"])
        assert re.fullmatch(r"[0-9a-f]{64}", session["session_token"])
    assert first["session_id"] != second["session_id"]


def test_a_client_chosen_id_is_refused_and_gets_a_new_conversation(people, servers):
    chosen = uuid.uuid4().hex
    session = people().request_session({"session_id": chosen})
    assert session["session_id"] != chosen
    assert user_texts(servers, chosen) == []


def test_hijacking_a_conversation_over_socketio_gets_nothing_and_changes_nothing(people, servers):
    victim = people()
    victim_id = victim_at_pain_intensity(victim)
    before = tracker(servers, victim_id)
    assert before["slots"]["red_flags"] == ["blood_thinners"]

    # The attacker names the victim's id: without a token, with a forged one,
    # with the token of its own conversation.
    attacker = people()
    own = attacker.request_session()
    for forged in (
        {"session_id": victim_id},
        {"session_id": victim_id, "session_token": "0" * 64},
        {"session_id": victim_id, "session_token": own["session_token"]},
    ):
        assert attacker.request_session(forged)["session_id"] != victim_id
    # ...and sends messages naming it: "why?" would repeat the red flags, a new
    # score would change the answers and bring the summary, or delete it all.
    for message in ["why?", "my pain is more like 8", "delete my data"]:
        attacker.say(message, session_id=victim_id, wait=False)

    after = tracker(servers, victim_id)
    assert after["events"] == before["events"]
    assert after["slots"] == before["slots"]
    assert attacker.replies == []

    # The victim goes on; the attacker, still connected, hears none of it.
    victim.say("5")
    assert tracker(servers, victim_id)["slots"]["pain_intensity"] == 5
    assert attacker.replies == []
    assert "blood thinner" not in attacker.texts()


def test_the_holder_of_the_token_continues_on_a_new_socket(people, servers):
    first = people()
    session = first.request_session()
    first.say("hi")
    first.close()

    again = people()
    assert again.request_session(session) == session
    replies = again.say("yes")
    assert replies, "the continued conversation answers on the new socket"
    assert user_texts(servers, session["session_id"]) == ["hi", "yes"]


def test_a_message_naming_another_conversation_is_logged_without_its_text(people, servers):
    victim_id = people().request_session()["session_id"]
    marker = f"hijack-{uuid.uuid4().hex}"
    attacker = people()
    attacker.request_session()
    attacker.say(f"{marker} my pain is 9", session_id=victim_id, wait=False)
    # The terminal output and the log files (scripts/run.sh, LOG_DIR).
    log = "".join(path.read_text() for path in sorted(servers.workdir.rglob("*.log*")))
    assert "a message naming another conversation was refused" in log
    assert marker not in log
    assert user_texts(servers, victim_id) == []


def test_a_message_before_any_session_request_is_ignored(people, servers):
    person = people()
    assert person.say("hi", wait=False) == []


@pytest.mark.parametrize("origin", [None, "http://evil.example"])
def test_a_socket_without_an_allowed_origin_is_refused(servers, origin):
    with pytest.raises(socketio.exceptions.ConnectionError):
        SocketPerson(servers.rasa_url, origin)


# --- REST ---------------------------------------------------------------------


@pytest.mark.parametrize("body", [{"message": "hi"}, {"sender": "", "message": "hi"}])
def test_rest_without_a_sender_is_refused_not_the_shared_default(servers, body):
    response = requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
    assert response.status_code == 400
    assert "sender" in response.json()["error"]
    assert user_texts(servers, "default") == []


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_rest_takes_json_only_so_a_cross_site_form_post_does_nothing(servers, content_type):
    sender = f"cross-site-{uuid.uuid4().hex[:8]}"
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": "delete my data"}),
        headers={"Content-Type": content_type, "Origin": "http://evil.example"},
        timeout=30,
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]
    assert user_texts(servers, sender) == []


@pytest.mark.parametrize(
    "body, problem",
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "JSON object"),
        ('{"sender": "s", "message": 5}', "message"),
        ('{"sender": "s", "message": "hi", "metadata": "x"}', "metadata"),
        ('{"sender": "' + "s" * 300 + '", "message": "hi"}', "sender"),
    ],
)
def test_rest_explains_a_malformed_request(servers, body, problem):
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert problem in response.json()["error"]


def test_a_10_mb_body_is_refused_at_once(servers):
    body = json.dumps({"sender": "huge", "message": "a " * 5_000_000})
    started = time.monotonic()
    try:
        response = requests.post(
            f"{servers.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        status = response.status_code
    except requests.ConnectionError:  # the server may close before reading it all
        status = 413
    assert status == 413
    assert time.monotonic() - started < 5
    assert user_texts(servers, "huge") == []


# --- bounded input ------------------------------------------------------------


def test_an_over_long_message_over_rest_gets_a_kind_answer_and_changes_nothing(servers):
    sender = f"long-{uuid.uuid4().hex[:8]}"
    for message in ["hi", "yes", "none of these", "my neck"]:
        rest(servers, sender, message).raise_for_status()
    before = tracker(servers, sender)
    message = "my pain is 9 and " + "it hurts a lot " * 200
    assert len(message) > DEFAULT_MAX_MESSAGE_CHARS

    response = rest(servers, sender, message)
    assert response.status_code == 200
    (reply,) = response.json()
    assert TOO_LONG in reply["text"] and f"{DEFAULT_MAX_MESSAGE_CHARS:,}" in reply["text"]
    after = tracker(servers, sender)
    assert after["events"] == before["events"] and after["slots"] == before["slots"]

    # The question is still open and a short answer is taken as usual.
    rest(servers, sender, "my pain is 9").raise_for_status()
    assert tracker(servers, sender)["slots"]["pain_intensity"] == 9


def test_a_message_at_the_cap_is_still_read(servers):
    sender = f"cap-{uuid.uuid4().hex[:8]}"
    message = "hi" + " " * (DEFAULT_MAX_MESSAGE_CHARS - 2)
    response = rest(servers, sender, message)
    assert TOO_LONG not in response.text
    assert len(user_texts(servers, sender)) == 1


def test_an_over_long_message_over_socketio_gets_a_kind_answer_and_changes_nothing(
    people, servers
):
    person = people()
    session_id = victim_at_pain_intensity(person)
    before = tracker(servers, session_id)
    replies = person.say("8 " * DEFAULT_MAX_MESSAGE_CHARS)
    assert [TOO_LONG in reply.get("text", "") for reply in replies] == [True]
    after = tracker(servers, session_id)
    assert after["events"] == before["events"] and after["slots"] == before["slots"]


def test_a_socketio_packet_over_the_body_limit_closes_that_socket_only(people, servers):
    person = people()
    session_id = person.request_session()["session_id"]
    person.client.emit("user_uttered", {"message": "x" * 100_000})
    deadline = time.monotonic() + 10
    while person.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not person.client.connected
    assert user_texts(servers, session_id) == []
    other = people()
    other.request_session()
    assert other.say("hi"), "the server still answers everyone else"


def _greeting_seconds(servers: RunningServers) -> float:
    started = time.monotonic()
    rest(servers, f"greet-{uuid.uuid4().hex[:8]}", "hi").raise_for_status()
    return time.monotonic() - started


def test_a_long_adversarial_message_does_not_hold_up_another_persons_greeting(servers):
    attacker = f"adversary-{uuid.uuid4().hex[:8]}"
    for message in ["hi", "yes"]:  # at the checklist, where numbers are read
        rest(servers, attacker, message).raise_for_status()
    alone = statistics.median(_greeting_seconds(servers) for _ in range(5))
    attacks = [
        "1" + " " * (DEFAULT_MAX_MESSAGE_CHARS - 2) + "x",  # just under the cap: parsed
        "1" + " " * 32_000 + "x",  # the issue's 35 s message
        ("my neck and shoulders hurt since the accident " * 2300)[:100_000],
    ]
    with ThreadPoolExecutor(max_workers=len(attacks)) as pool:
        sent = [pool.submit(rest, servers, attacker, attack) for attack in attacks]
        time.sleep(0.2)
        during = max(_greeting_seconds(servers) for _ in range(3))
        statuses = [future.result().status_code for future in sent]
    print(f"greeting alone {alone * 1000:.0f} ms, during the attack {during * 1000:.0f} ms")
    assert statuses == [200, 200, 413]
    # A safety bound, not a benchmark: before the cap the greeting waited 8 s.
    assert during < max(10 * alone, alone + 2.0), (alone, during)


def test_the_embedded_session_secret_is_kept_owner_only(servers):
    if os.environ.get("SESSION_SECRET"):
        pytest.skip("SESSION_SECRET is set: scripts/run.sh keeps none in var/")
    secret = Path(ROOT) / "var" / "session_secret"
    assert secret.is_file(), "scripts/run.sh keeps the socket.io signing key in var/"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert len(secret.read_text().strip()) == 64
