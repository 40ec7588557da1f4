"""Scale-out: two Rasa servers behind nginx (round robin, no sticky sessions),
conversations in PostgreSQL, conversation locks in Redis, two action servers.

The tests run in this order on one cluster (conftest.py): alternation through
nginx, 20 concurrent conversations, the Redis lock, the action servers stopped,
then one Rasa server killed and all of them restarted (last, since it restarts).
Each test reports its figures (conversations, turns, restarts) at the end of the
pytest run under "cluster figures".
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import yaml
from cluster_harness import ROOT, Cluster, Reply, _redis_client, report

CONTRACT = [
    "red_flags",
    "pain_areas",
    "pain_intensity",
    "touch_sensitivity",
    "pressure_preference",
    "post_massage_flare",
]

# One whole intake: no red flag, neck, 5/10, no touch sensitivity, firm, no flare.
INTAKE = ["hi", "yes", "none of these", "my neck", "5", "none", "firm", "no"]
INTAKE_STYLE = "deep_tissue"

# (areas, their regions, intensity or None = vary it, sensitivity, pressure, its slot
#  value, flare, expected style): the rule branches of tests/integration.
SCENARIOS = [
    ("my lower back", ["lower_back"], 4, "moderate", "firm", "firm", "yes", "light"),
    ("my lower back", ["lower_back"], 4, "mild", "firm", "firm", "yes", "myofascial_release"),
    (
        "shoulders",
        ["shoulder_left", "shoulder_right"],
        None,
        "moderate",
        "medium",
        "medium",
        "no",
        "myofascial_release",
    ),
    (
        "shoulders",
        ["shoulder_left", "shoulder_right"],
        None,
        "moderate",
        "light",
        "light",
        "no",
        "light",
    ),
    ("my neck", ["neck"], 5, "none", "firm", "firm", "no", "deep_tissue"),
    ("my neck", ["neck"], 8, "mild", "firm", "firm", "no", "myofascial_release"),
    ("my neck", ["neck"], None, "none", "not sure", "unsure", "no", "myofascial_release"),
    ("my neck", ["neck"], None, "none", "light", "light", "no", "light"),
    ("everywhere", None, None, "severe", "medium", "medium", "no", "light"),
    (
        "my lower back",
        ["lower_back"],
        None,
        "mild",
        "medium",
        "medium",
        "no",
        "myofascial_release",
    ),
]


def _sender(tag: str) -> str:
    return f"cluster-{tag}-{time.monotonic_ns() % 10**10}"


def _apology_text() -> str:
    """The domain's utter_technical_problem, or the channel's default wording."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    variants = (domain.get("responses") or {}).get("utter_technical_problem") or []
    texts = [v.get("text") for v in variants if isinstance(v, dict) and v.get("text")]
    return texts[0] if texts else "technical problem"


def _user_texts(tracker: Dict[str, Any]) -> List[str]:
    return [event.get("text") for event in tracker["events"] if event["event"] == "user"]


def _assert_turns_never_interleave(events: List[Dict[str, Any]]) -> None:
    """Every user message comes after action_listen, and is followed by its own
    actions, ending with action_listen, before the next user message."""
    last_action = "action_listen"
    actions_since_user = 1
    for event in events:
        if event["event"] == "user":
            assert last_action == "action_listen" and actions_since_user > 0, (
                "a user message arrived while the previous turn was still running:\n"
                + _event_list(events)
            )
            actions_since_user = 0
        elif event["event"] == "action":
            last_action = event["name"]
            actions_since_user += 1
    assert last_action == "action_listen"


def _event_list(events: List[Dict[str, Any]]) -> str:
    return "\n".join(
        f"{e['event']} {e.get('name') or e.get('text') or ''}"
        for e in events
        if e["event"] in ("user", "action")
    )


def _contract_slots(tracker: Dict[str, Any]) -> Dict[str, Any]:
    slots = tracker["slots"]
    return {name: slots.get(name) for name in CONTRACT + ["requested_slot"]}


def test_a_turns_alternate_between_servers_and_reach_the_same_recommendation(
    cluster: Cluster,
) -> None:
    sender = _sender("alternate")
    replies = [cluster.say(sender, message) for message in INTAKE]
    upstreams = [reply.upstream for reply in replies]
    assert set(upstreams) == {cluster.upstream(0), cluster.upstream(1)}, upstreams
    assert all(a != b for a, b in zip(upstreams, upstreams[1:])), (
        f"consecutive turns went to the same server: {upstreams}"
    )
    summary = replies[-1].summary()
    assert summary is not None, replies[-1].texts()
    assert summary["recommended_style"] == INTAKE_STYLE

    # The same answers on one server only.
    single = _sender("single")
    single_replies = [cluster.say(single, message, url=cluster.rasa_url(0)) for message in INTAKE]
    single_summary = single_replies[-1].summary()
    assert single_summary == summary
    assert [r.texts() for r in single_replies] == [r.texts() for r in replies]
    tracker = cluster.tracker(sender)
    assert _contract_slots(tracker) == _contract_slots(cluster.tracker(single))
    assert _user_texts(tracker) == INTAKE
    report(
        f"a) alternation: 1 conversation x {len(INTAKE)} turns through nginx, upstreams "
        f"{' '.join(u.rsplit(':', 1)[1] for u in upstreams)}; same summary and replies as "
        f"{len(INTAKE)} turns on one server ({INTAKE_STYLE})"
    )


def _scenario_answers(index: int) -> Tuple[List[str], Dict[str, Any], str]:
    areas, regions, intensity, sensitivity, pressure, pressure_slot, flare, style = SCENARIOS[
        index % len(SCENARIOS)
    ]
    intensity = intensity if intensity is not None else 1 + index % 9
    answers = ["hi", "yes", "none of these", areas, str(intensity), sensitivity, pressure, flare]
    expected = {
        "red_flags": [],
        "pain_intensity": float(intensity),
        "touch_sensitivity": sensitivity,
        "pressure_preference": pressure_slot,
        "post_massage_flare": flare == "yes",
        "recommended_style": style,
    }
    if regions is not None:
        expected["pain_areas"] = regions
    return answers, expected, areas


def test_b_twenty_concurrent_conversations_keep_to_their_own_person(cluster: Cluster) -> None:
    count = 20
    start_line = threading.Barrier(count)

    def converse(index: int) -> Dict[str, Any]:
        sender = _sender(f"crowd{index:02d}")
        answers, _, _ = _scenario_answers(index)
        start_line.wait(timeout=60)
        replies = [cluster.say(sender, answer, timeout=300) for answer in answers]
        return {"sender": sender, "replies": replies}

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(converse, range(count)))
    elapsed = time.monotonic() - started

    turns = 0
    servers = set()
    for index, result in enumerate(results):
        sender, replies = result["sender"], result["replies"]
        answers, expected, areas = _scenario_answers(index)
        for answer, reply in zip(answers, replies):
            turns += 1
            servers.add(reply.upstream)
            assert reply.messages, f"{sender}: no answer to {answer!r}"
            wrong = [m for m in reply.messages if m.get("recipient_id") != sender]
            assert not wrong, f"{sender} got someone else's messages: {wrong}"
        summary = replies[-1].summary()
        assert summary is not None, f"{sender}: {replies[-1].texts()}"
        assert summary["recommended_style"] == expected["recommended_style"], (sender, answers)
        tracker = cluster.tracker(sender, url=cluster.internal_url)
        assert tracker["sender_id"] == sender
        assert _user_texts(tracker) == answers, f"{sender}: a turn was lost or duplicated"
        slots = tracker["slots"]
        for name, value in expected.items():
            assert slots[name] == value, (sender, name, slots[name], value)
        if expected.get("pain_areas") is None:
            assert len(slots["pain_areas"]) == 19  # "everywhere"
        _assert_turns_never_interleave(tracker["events"])
    assert servers == {cluster.upstream(0), cluster.upstream(1)}
    report(
        f"b) concurrency: {count} conversations at once through nginx, {turns} turns "
        f"in {elapsed:.0f} s, both servers used; every reply to its own sender, "
        f"no turn lost, no slot leaked"
    )


def test_d_two_messages_of_one_person_at_both_servers_run_one_after_the_other(
    cluster: Cluster,
) -> None:
    client = _redis_client()
    seen_locks: set = set()
    watching = threading.Event()
    watching.set()

    def watch_locks() -> None:
        while watching.is_set():
            for key in client.scan_iter(match=f"{cluster.key_prefix}:*"):
                seen_locks.add(key.decode())
            time.sleep(0.01)

    watcher = threading.Thread(target=watch_locks, daemon=True)
    watcher.start()
    pairs = 5
    try:
        for pair in range(pairs):
            sender = _sender(f"lock{pair}")
            cluster.say(sender, "hi", url=cluster.rasa_url(0))
            cluster.say(sender, "yes", url=cluster.rasa_url(1))
            before = len(cluster.tracker(sender)["events"])
            barrier = threading.Barrier(2)

            def send(index: int, message: str) -> Reply:
                barrier.wait(timeout=30)
                return cluster.say(sender, message, url=cluster.rasa_url(index))

            with ThreadPoolExecutor(max_workers=2) as pool:
                first = pool.submit(send, 0, "none of these")
                second = pool.submit(send, 1, "my neck and shoulders")
                replies = [first.result(), second.result()]
            assert all(reply.messages for reply in replies)
            for url in (cluster.rasa_url(0), cluster.rasa_url(1)):
                tracker = cluster.tracker(sender, url=url)
                events = tracker["events"]
                new = events[before:]
                assert sorted(e["text"] for e in new if e["event"] == "user") == [
                    "my neck and shoulders",
                    "none of these",
                ], _event_list(new)
                _assert_turns_never_interleave(events)
    finally:
        watching.clear()
        watcher.join(timeout=5)
    assert any(":lock:" in key for key in seen_locks), (
        f"no Redis lock with prefix {cluster.key_prefix} was seen"
    )
    report(
        f"d) lock store: {pairs} senders x 2 simultaneous messages (one to each server): "
        f"all {pairs * 2} turns in order (user, its actions, user, its actions); "
        f"Redis locks seen: {len(seen_locks)} key(s) under prefix {cluster.key_prefix}"
    )


def test_e_action_servers_stopped_the_person_gets_an_apology_then_carries_on(
    cluster: Cluster,
) -> None:
    sender = _sender("apology")
    for message in INTAKE[:2]:
        cluster.say(sender, message)
    assert cluster.tracker(sender)["slots"]["requested_slot"] == "red_flags"
    for port in cluster.action_ports:
        cluster.kill(f"action-{port}")
    apology = _apology_text()
    down_turns = 0
    for message in ("none of these", "none of these"):
        reply = cluster.say(sender, message)  # 200, never an error page
        down_turns += 1
        assert apology in reply.texts(), reply.messages
        assert all(m.get("recipient_id") == sender for m in reply.messages)
    seconds = cluster.start()
    cluster.restarts += 1
    assert cluster.tracker(sender)["slots"]["requested_slot"] == "red_flags"
    replies = [cluster.say(sender, message) for message in INTAKE[2:]]
    assert all(apology not in reply.texts() for reply in replies)
    assert replies[-1].summary()["recommended_style"] == INTAKE_STYLE
    slots = cluster.tracker(sender)["slots"]
    assert slots["red_flags"] == [] and slots["pain_areas"] == ["neck"]
    report(
        f"e) action servers down: {down_turns} turns answered with the apology "
        f"({apology[:40]!r}...), action servers restarted in {seconds:.0f} s, then "
        f"{len(replies)} more turns to the recommendation ({INTAKE_STYLE})"
    )


def test_c_a_server_killed_then_all_restarted_nothing_is_lost(cluster: Cluster) -> None:
    # 1. One Rasa server killed (SIGKILL) in the middle of a conversation.
    sender = _sender("killed")
    replies = [cluster.say(sender, message) for message in INTAKE[:3]]
    cluster.kill(f"rasa-{cluster.rasa_ports[0]}")
    replies += [cluster.say(sender, message) for message in INTAKE[3:]]
    after_kill = [reply.upstream for reply in replies[3:]]
    survivor = cluster.upstream(1)
    assert all(upstream.split(", ")[-1] == survivor for upstream in after_kill), after_kill
    assert replies[-1].summary()["recommended_style"] == INTAKE_STYLE
    assert _user_texts(cluster.tracker(sender, url=cluster.rasa_url(1))) == INTAKE
    retried = sum(", " in upstream for upstream in after_kill)

    # 2. Conversations at different questions; every Rasa server restarted.
    stops = {length: _sender(f"resume{length}") for length in (2, 3, 4, 5, 6, 7)}
    for length, name in stops.items():
        for message in INTAKE[:length]:
            cluster.say(name, message)
    before = {
        name: _contract_slots(cluster.tracker(name, url=cluster.rasa_url(1)))
        for name in stops.values()
    }
    asked = sorted({state["requested_slot"] for state in before.values()})
    assert len(asked) == len(stops), before
    for port in cluster.rasa_ports:
        cluster.kill(f"rasa-{port}", sig=15)
    seconds = cluster.start()
    cluster.restarts += 1
    for index in (0, 1):
        for name, state in before.items():
            assert _contract_slots(cluster.tracker(name, url=cluster.rasa_url(index))) == state
    resumed_turns = 0
    for length, name in stops.items():
        for message in INTAKE[length:]:
            reply = cluster.say(name, message)
            resumed_turns += 1
        assert reply.summary()["recommended_style"] == INTAKE_STYLE, name
        assert _user_texts(cluster.tracker(name)) == INTAKE
    report(
        f"c) failover: 1 conversation, Rasa server {cluster.rasa_ports[0]} killed after "
        f"3 of {len(INTAKE)} turns, the other {len(INTAKE) - 3} answered by "
        f"{cluster.rasa_ports[1]} ({retried} retried by nginx); restart: "
        f"{len(stops)} conversations waiting at {', '.join(asked)}, both Rasa servers "
        f"restarted in {seconds:.0f} s, all resumed intact and finished "
        f"({resumed_turns} more turns); restarts in this run: {cluster.restarts}"
    )
