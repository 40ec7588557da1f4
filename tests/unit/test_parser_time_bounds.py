"""The parser's time is bounded on adversarial input (issue 14: one message must
not freeze the service).

Each message is read only up to a cap (MAX_MESSAGE_CHARS, red flags in at most
MAX_SAFETY_WINDOWS windows of it), and no pattern may backtrack
super-linearly within that. The property: however the text is built from the
pieces that stress patterns (digits, separators, negations, repeated
brackets), reading it costs at most a small multiple of reading an ordinary
message of the largest size that is read at all, measured in the same run (so
a slower machine moves both sides). A quadratic pattern, like the old
number-list one that took 35 s on "1" + 32,000 spaces + "x", fails this by
orders of magnitude.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.intake import extract
from bot.understanding.text import MAX_MESSAGE_CHARS, MAX_SAFETY_WINDOWS
from bot.vocabulary.slots import Slot

READ_LIMIT = MAX_MESSAGE_CHARS * MAX_SAFETY_WINDOWS
# Generous: the property catches super-linear growth (factors of 100s), not noise.
SLOWDOWN_ALLOWED = 8
ASKED = (None, Slot.RED_FLAGS, Slot.PAIN_INTENSITY, Slot.PAIN_AREAS, Slot.TOUCH_SENSITIVITY)
STRESS_PIECES = (
    "1",
    "10",
    " ",
    "  ",
    ",",
    ", ",
    "-",
    "/",
    ".",
    "(",
    ")",
    "and",
    " and ",
    "or",
    "no",
    "not ",
    "never ",
    "x",
    "weeks ago ",
    "out of ",
    "to",
    "a",
    "'",
    "\n",
    "chest ",
    "pain",
    "é",
    "\u200b",
)
ORDINARY = (
    "my lower back and both shoulders ache most days, about a 6 out of 10, "
    "and I had my gallbladder out three weeks ago but no fever or chest pain. "
)


def seconds_to_read(text: str, asked) -> float:
    started = time.perf_counter()
    extract(text, "inform", [], asked, {})
    return time.perf_counter() - started


def slowest_ordinary_read() -> float:
    text = (ORDINARY * (READ_LIMIT // len(ORDINARY) + 1))[:READ_LIMIT]
    return max(min(seconds_to_read(text, asked) for _ in range(2)) for asked in ASKED)


REFERENCE_SECONDS = slowest_ordinary_read()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.sampled_from(STRESS_PIECES), min_size=1, max_size=6),
    repeats=st.integers(min_value=1, max_value=40_000),
    tail=st.sampled_from(("", "x", "!", " 5", " no")),
    asked=st.sampled_from(ASKED),
)
def test_reading_any_message_costs_at_most_a_bounded_multiple(pieces, repeats, tail, asked):
    text = ("".join(pieces) * repeats)[:60_000] + tail
    elapsed = seconds_to_read(text, asked)
    assert elapsed <= SLOWDOWN_ALLOWED * REFERENCE_SECONDS + 0.05, (
        f"{len(text)} chars of {pieces!r}: {elapsed:.2f} s, "
        f"an ordinary {READ_LIMIT}-char message {REFERENCE_SECONDS:.2f} s"
    )


def test_the_reported_freeze_is_bounded():
    text = "1" + " " * 32_000 + "x"
    assert seconds_to_read(text, Slot.RED_FLAGS) <= SLOWDOWN_ALLOWED * REFERENCE_SECONDS + 0.05
