"""An answer restated and corrected in one message ("I said firm but I meant
medium"): the value after the correction word replaces the one given before."""

from __future__ import annotations

import re
from typing import Dict, Mapping

from bot.understanding.preferences import parse_pressure
from bot.understanding.scales import parse_intensity, parse_sensitivity
from bot.vocabulary.slots import Slot

_CORRECTION = re.compile(
    r"\b(?:i meant|meant|i mean|actually|rather|instead|"
    r"change (?:it |that )?to|make (?:it|that))\b",
    re.IGNORECASE,
)
_CORRECTABLE = (
    (Slot.PRESSURE_PREFERENCE, parse_pressure),
    (Slot.TOUCH_SENSITIVITY, parse_sensitivity),
    (Slot.PAIN_INTENSITY, parse_intensity),
)


def corrections(text: str, current: Mapping[str, object]) -> Dict[str, object]:
    """The corrected answers: said before the correction word as the answer
    given earlier, said differently after it."""
    found: Dict[str, object] = {}
    correction = _CORRECTION.search(text)
    if not correction:
        return found
    head, tail = text[: correction.start()], text[correction.end() :]
    for slot, parser in _CORRECTABLE:
        said, meant = parser(head, True), parser(tail, True)
        if said is not None and said == current.get(slot) and meant not in (None, said):
            found[slot] = meant
    return found
