"""What happened in the conversation, as plain data, and what it tells.

The action server turns Rasa's tracker events into a list of `Happened`
(oldest first); the decisions here read only that list:

- `failed_answers`: how many answers to the question asked now could not be read
  in a row (after two, the question is offered as buttons only);
- `set_this_turn`: whether the person's last message changed one of some slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Optional, Sequence

from bot.vocabulary.slots import Slot

# Kinds of `Happened`.
MESSAGE = "message"  # the person wrote (or clicked) something
SLOT_SET = "slot_set"  # a slot was set: `slot` and `value`
NOT_UNDERSTOOD = "not_understood"  # an answer could not be read, and we said so


@dataclass(frozen=True)
class Happened:
    """One thing that happened in the conversation."""

    kind: str
    slot: Optional[str] = None
    value: Any = None


def failed_answers(history: Sequence[Happened], requested: Optional[str]) -> int:
    """How many answers to the question asked now (`requested`) could not be read
    in a row: those since the form last asked for another slot."""
    failures = 0
    for happened in reversed(history):
        if (
            happened.kind == SLOT_SET
            and happened.slot == Slot.REQUESTED
            and happened.value != requested
        ):
            break
        if happened.kind == NOT_UNDERSTOOD:
            failures += 1
    return failures


def set_this_turn(history: Sequence[Happened], slots: Collection[str]) -> bool:
    """Whether one of these slots was set since the person's last message."""
    for happened in reversed(history):
        if happened.kind == MESSAGE:
            return False
        if happened.kind == SLOT_SET and happened.slot in slots:
            return True
    return False
