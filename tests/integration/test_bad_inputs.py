"""Issue 14's corpus of bad inputs, replayed against the real servers over REST.

Each row of `bad_inputs/corpus.yml` (empty and whitespace messages, 100 kB to
10 MB messages, control characters, ANSI escapes, emoji, right-to-left and
zero-width text, look-alike scripts, HTML/JS, SQL-looking text, JSON fragments,
format strings, long words, odd numbers, forged button payloads, other
languages, malformed request bodies) is sent to a conversation brought to a
known state first: consent given, pregnancy and warfarin recorded as red flags,
pain areas and pain score answered ("mid_intake"), and the same conversation
after its recommendation was given and stored ("after_recommendation").

For every row the test asserts, reading the tracker through Rasa's HTTP API and
the intake summary straight from the clinic database:

- an HTTP answer that is not a 5xx: a non-empty, kind reply with no sign of a
  crash, or a clear 4xx JSON error where the row allows one (malformed bodies,
  413 for an over-limit body; a message over the length cap must get a kind
  "send a shorter message" reply);
- nothing the row must keep has changed (`keeps`), red flags are never removed
  and the recommended and alternative styles never change, the stored summary
  included, and the clinic's tables are all still there;
- the conversation still answers a normal message afterwards.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import pytest
import requests
import yaml

from bot.vocabulary.slots import (
    CALLBACK_SLOTS,
    CONTRACT_SLOTS,
    INTAKE_SLOTS,
    SAFETY_SLOTS,
    STYLE_SLOTS,
    Slot,
)

CORPUS_FILE = Path(__file__).parent / "bad_inputs" / "corpus.yml"
# Generous: a bounded server answers any of these in well under a second.
ANSWER_TIMEOUT = 120

# What a row may expect (see the corpus file's header).
ANSWER, ANSWER_OR_REFUSED, REFUSED, SHORTER = "answer", "answer_or_refused", "refused", "shorter"
EVERYTHING, RECORDED = "everything", "recorded"

# Every slot a bad input could tamper with; `everything` keeps all of them.
WATCHED_SLOTS: Tuple[str, ...] = (
    INTAKE_SLOTS
    + (Slot.SAFETY_SCREENED,)
    + SAFETY_SLOTS
    + STYLE_SLOTS
    + (Slot.RECOMMENDATION_GIVEN,)
    + CALLBACK_SLOTS
    + (Slot.REQUESTED,)
)

# What the REST channel says when the action server failed during the turn
# (channels/rest.py): after a bad input it means something crashed.
CRASH_APOLOGY = "technical problem"
# Over the length cap: bot/domain/input_limits.py asks for a shorter message.
SHORTER_PLEASE = re.compile(r"\b(shorter|too long)\b", re.IGNORECASE)
# The bot's own sentences never hold markup, terminal escapes or control
# characters: one in a reply is the person's input echoed back.
ECHOED_INPUT = re.compile(
    r"<\s*/?\s*(script|img|svg|iframe|style|input|a)\b|\bon\w+\s*=|javascript:"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BadInput:
    id: str
    category: str
    text: Optional[str]  # a chat message, or None for a raw body
    body: Optional[bytes]  # a raw REST body with {sender} still in it
    content_type: str
    expect: str
    says: str  # a word a 4xx error must contain ("": any explanation)
    keeps: str

    @property
    def is_body(self) -> bool:
        return self.body is not None

    def preview(self) -> str:
        # Bodies are shown byte for byte (latin-1), invalid UTF-8 included.
        sent = self.text if self.text is not None else (self.body or b"").decode("latin-1")
        shown = repr(sent[:80]) + ("..." if len(sent) > 80 else "")
        return f"{shown} ({len(sent):,} characters)"


def _built(row: Mapping[str, Any], template: str) -> str:
    """`template` with {repeat} replaced by the row's prefix + unit * times + suffix."""
    unit, times = row.get("repeat") or ("", 0)
    repeated = row.get("prefix", "") + unit * times + row.get("suffix", "")
    return template.replace("{repeat}", repeated)


def _bad_input(row: Mapping[str, Any]) -> BadInput:
    body = None
    text = row.get("text")
    if "body" in row:
        body = _built(row, row["body"]).encode(row.get("encoding", "utf-8"))
    elif text is None:
        text = _built(row, "{repeat}")
    default_expect = ANSWER_OR_REFUSED if body is not None else ANSWER
    return BadInput(
        id=str(row["id"]),
        category=row["category"],
        text=text,
        body=body,
        content_type=row.get("type", "application/json"),
        expect=row.get("expect", default_expect),
        says=row.get("says", ""),
        keeps=row.get("keeps", EVERYTHING),
    )


def load_corpus() -> List[BadInput]:
    return [_bad_input(row) for row in yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))]


CORPUS = load_corpus()


@dataclass(frozen=True)
class State:
    """A conversation brought to a known state, and a normal message that must
    still be answered after the bad input."""

    name: str
    messages: Tuple[str, ...]
    follow_up: str
    follow_up_answered: str  # a slot that must be set after the follow-up ("": none)
    follow_up_text: str  # words the follow-up's answer must contain ("": any answer)


MID_INTAKE = State(
    "mid_intake",
    ("hi", "yes", "I'm pregnant and on warfarin", "my neck and lower back", "6"),
    follow_up="mild",
    follow_up_answered=Slot.TOUCH_SENSITIVITY,
    follow_up_text="",
)
AFTER_RECOMMENDATION = State(
    "after_recommendation",
    MID_INTAKE.messages + ("mild", "medium", "no"),
    follow_up="what is myofascial release?",
    follow_up_answered="",
    follow_up_text="fascia",
)
# Raw bodies never reach the dialogue, so one state is enough for them.
CASES = [
    pytest.param(bad, state, id=f"{bad.id}@{state.name}")
    for bad in CORPUS
    for state in ((MID_INTAKE,) if bad.is_body else (MID_INTAKE, AFTER_RECOMMENDATION))
]


# --- talking to the servers ---------------------------------------------------


@dataclass
class Sent:
    status: Optional[int]  # None: no answer within ANSWER_TIMEOUT
    payload: Any
    raw: str


def _post(rasa_url: str, **kwargs: Any) -> Sent:
    try:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook", timeout=ANSWER_TIMEOUT, **kwargs
        )
    except requests.Timeout:
        return Sent(None, None, "")
    try:
        payload = response.json()
    except ValueError:
        payload = None
    return Sent(response.status_code, payload, response.text[:300])


def say(rasa_url: str, sender: str, message: str) -> Sent:
    return _post(rasa_url, json={"sender": sender, "message": message})


def send(rasa_url: str, sender: str, bad: BadInput) -> Sent:
    if bad.body is None:
        return say(rasa_url, sender, bad.text or "")
    body = bad.body.replace(b"{sender}", sender.encode())
    return _post(rasa_url, data=body, headers={"Content-Type": bad.content_type})


def texts(sent: Sent) -> List[str]:
    messages = sent.payload if isinstance(sent.payload, list) else []
    return [m.get("text") or "" for m in messages if isinstance(m, dict)]


def stored_summary(rasa_server: Any, sender: str) -> Optional[Dict[str, Any]]:
    rows = rasa_server.query(
        "SELECT summary FROM intake_summaries WHERE conversation_id = :id", id=sender
    )
    return json.loads(rows[0][0]) if rows else None


def clinic_tables(rasa_server: Any) -> List[str]:
    """The clinic database's tables (tests/servers.py gives the servers SQLite)."""
    rows = rasa_server.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [name for (name,) in rows]


# --- what a bad input may and may not do ----------------------------------------


def kind_answer_problems(sent: Sent) -> List[str]:
    if sent.status != 200 or not isinstance(sent.payload, list):
        return [f"no reply list: HTTP {sent.status} {sent.raw!r}"]
    said = texts(sent)
    problems = []
    if not any(text.strip() for text in said):
        problems.append(f"no reply at all: {sent.raw!r}")
    if any(CRASH_APOLOGY in text for text in said):
        problems.append(f"the action server failed (the apology was sent): {said!r}")
    echoed = [text for text in said if ECHOED_INPUT.search(text)]
    if echoed:
        problems.append(f"a reply echoes markup or control characters: {echoed!r}")
    return problems


def json_error_problems(sent: Sent, says: str = "") -> List[str]:
    if sent.status is None or not 400 <= sent.status < 500:
        return [f"expected a 4xx JSON error, got HTTP {sent.status} {sent.raw!r}"]
    explanations = [
        value
        for value in (sent.payload.values() if isinstance(sent.payload, dict) else ())
        if isinstance(value, str) and value.strip()
    ]
    if not explanations:
        return [f"HTTP {sent.status} without a JSON explanation: {sent.raw!r}"]
    if says.lower() not in " ".join(explanations).lower():
        return [
            f"HTTP {sent.status}: the error does not say what was wrong ({says}): {sent.raw!r}"
        ]
    return []


def answer_problems(bad: BadInput, sent: Sent) -> List[str]:
    if sent.status is None:
        return [f"no answer within {ANSWER_TIMEOUT} s"]
    if sent.status >= 500:
        return [f"HTTP {sent.status}: {sent.raw!r}"]
    if bad.expect == REFUSED:
        return json_error_problems(sent, bad.says)
    if bad.expect == SHORTER:
        if sent.status == 413:
            return json_error_problems(sent)
        problems = kind_answer_problems(sent)
        if not any(SHORTER_PLEASE.search(text) for text in texts(sent)):
            problems.append(f"no request for a shorter message: {texts(sent)!r}")
        return problems
    if bad.expect == ANSWER_OR_REFUSED and 400 <= sent.status < 500:
        return json_error_problems(sent, bad.says)
    return kind_answer_problems(sent)


def kept_slots(keeps: str, before: Mapping[str, Any]) -> Sequence[str]:
    if keeps == EVERYTHING:
        return WATCHED_SLOTS
    return [s for s in WATCHED_SLOTS if before.get(s) is not None and s != Slot.REQUESTED]


def change_problems(
    where: str, keeps: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> List[str]:
    """What changed that must not have: `before` and `after` are slots (or the
    stored summary, which holds the contract slots and styles)."""
    problems = []
    lost_flags = set(before.get(Slot.RED_FLAGS) or []) - set(after.get(Slot.RED_FLAGS) or [])
    if lost_flags:
        problems.append(f"{where}: red flags removed: {sorted(lost_flags)}")
    for slot in set(kept_slots(keeps, before)) | set(STYLE_SLOTS):
        if slot in before and slot != Slot.RED_FLAGS and before[slot] != after.get(slot):
            problems.append(f"{where}: {slot} changed: {before[slot]!r} -> {after.get(slot)!r}")
    return problems


def follow_up_problems(
    rasa_server: Any, sender: str, state: State, still_asked: bool
) -> List[str]:
    """The normal message after the bad input is answered; when the question
    asked before the bad input is still the one asked, it is taken as its answer."""
    sent = say(rasa_server.url, sender, state.follow_up)
    problems = [f"then {state.follow_up!r}: {p}" for p in kind_answer_problems(sent)]
    if state.follow_up_text and not any(state.follow_up_text in t for t in texts(sent)):
        problems.append(f"then {state.follow_up!r}: not answered: {texts(sent)!r}")
    if state.follow_up_answered and still_asked:
        slots = rasa_server.tracker(sender)["slots"]
        if slots.get(state.follow_up_answered) is None:
            problems.append(f"then {state.follow_up!r}: {state.follow_up_answered} still unset")
    return problems


def prepare(rasa_server: Any, state: State) -> str:
    sender = f"bad-{uuid.uuid4().hex[:12]}"
    for message in state.messages:
        sent = say(rasa_server.url, sender, message)
        assert sent.status == 200 and texts(sent), f"preparing {state.name}: {message!r}: {sent}"
    return sender


# --- the corpus itself ---------------------------------------------------------------

BRIEF_CATEGORIES = {
    "empty",
    "whitespace",
    "oversized",
    "control",
    "ansi",
    "emoji",
    "rtl",
    "zero-width",
    "mixed-script",
    "html-js",
    "sql",
    "json-text",
    "malformed-body",
    "format-string",
    "long-word",
    "number",
    "forged-payload",
    "non-english",
}


def test_the_corpus_holds_at_least_200_inputs_of_every_kind_the_issue_names():
    ids = [bad.id for bad in CORPUS]
    assert len(CORPUS) >= 200
    assert len(set(ids)) == len(ids), "ids must be unique"
    assert {bad.category for bad in CORPUS} == BRIEF_CATEGORIES
    for bad in CORPUS:
        assert bad.expect in (ANSWER, ANSWER_OR_REFUSED, REFUSED, SHORTER), bad.id
        assert bad.keeps in (EVERYTHING, RECORDED), bad.id
        assert (bad.text is None) != (bad.body is None), bad.id
    sends_nothing = [bad.id for bad in CORPUS if bad.text == "" or bad.body == b""]
    assert sends_nothing == ["empty", "body-empty"]
    sizes = {len(bad.text or "") for bad in CORPUS if bad.expect == SHORTER}
    assert {100 * 1024, 1024 * 1024} <= sizes, "100 kB and 1 MB messages"


def test_forged_payloads_name_every_contract_safety_and_style_slot():
    payloads = " ".join(bad.text or "" for bad in CORPUS if bad.category == "forged-payload")
    for slot in CONTRACT_SLOTS + SAFETY_SLOTS + STYLE_SLOTS:
        assert f'"{slot}"' in payloads, slot
    assert "/restart" in payloads and "/nonexistent" in payloads


# --- the replay ---------------------------------------------------------------------


@pytest.mark.parametrize("bad, state", CASES)
def test_a_bad_input_gets_a_kind_answer_and_changes_nothing_it_should_not(
    rasa_server, bad: BadInput, state: State
):
    sender = prepare(rasa_server, state)
    before = rasa_server.tracker(sender)["slots"]
    stored_before = stored_summary(rasa_server, sender)
    tables_before = clinic_tables(rasa_server)

    sent = send(rasa_server.url, sender, bad)

    problems = answer_problems(bad, sent)
    after = rasa_server.tracker(sender)["slots"]
    problems += change_problems("slots", bad.keeps, before, after)
    if stored_before is not None:
        stored_after = stored_summary(rasa_server, sender) or {}
        problems += change_problems("stored summary", bad.keeps, stored_before, stored_after)
    if clinic_tables(rasa_server) != tables_before:
        problems.append(f"clinic tables changed: {tables_before} -> {clinic_tables(rasa_server)}")
    still_asked = after.get(Slot.REQUESTED) == before.get(Slot.REQUESTED)
    problems += follow_up_problems(rasa_server, sender, state, still_asked)
    assert not problems, (
        f"[{bad.category}] {bad.preview()} at {state.name}: HTTP {sent.status}, "
        f"replies {texts(sent)!r}\n- " + "\n- ".join(problems)
    )
