"""Rasa's lookup of an event class by its type name, remembered.

Every event Rasa reads back from the tracker store (every turn, the whole
session) or from the action server's answer goes through
`Event.resolve_by_type`, which walks the whole `Event` class tree again
(`all_subclasses`, recursive, with `inspect.isabstract` on each class): about
half the time of loading a conversation in the bench's profile. The answer is
the same as long as no new event class is imported, so it is kept per type
name; a name not found is looked up again the slow way (a class imported later
is still found) and then answered as Rasa answers it.
"""

from __future__ import annotations

from typing import Dict, Optional, Text, Type

import rasa.shared.utils.common
from rasa.shared.core import events as rasa_events

_original_resolve_by_type = rasa_events.Event.resolve_by_type
_known: Dict[Text, Type[rasa_events.Event]] = {}


def _remember_event_classes() -> None:
    # Rasa returns the first class of all_subclasses with the name: keep that one.
    for cls in reversed(rasa.shared.utils.common.all_subclasses(rasa_events.Event)):
        _known[cls.type_name] = cls


def resolve_by_type(
    type_name: Text, default: Optional[Type[rasa_events.Event]] = None
) -> Optional[Type[rasa_events.Event]]:
    """`Event.resolve_by_type`, without walking the class tree for a known name."""
    found = _known.get(type_name)
    if found is None:
        _remember_event_classes()
        found = _known.get(type_name)
    if found is not None:
        return found
    return _original_resolve_by_type(type_name, default)


def install() -> None:
    rasa_events.Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
