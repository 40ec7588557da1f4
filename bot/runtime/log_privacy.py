"""Logs a clinic can keep: no personal data in any record, at any level, and
files that rotate. logging.yml (Rasa's and the action server's
--logging-config-file) puts `PersonalDataFilter` on every handler and writes
the file with `rotating_log_file`.

What a record may carry, and what the filter does with it:

- Rasa's structlog events, rendered as JSON (FORCE_JSON_LOGGING, scripts/env.sh):
  the values of the keys that hold what people typed or what the assistant
  knows of them (`text`, `user_text`, `slot_values`, `tracker_states`...) are
  withheld; a traceback keeps its frames but neither the exception's message
  nor the frames' local variables (structlog adds them, e.g. the message text).
- The same events rendered for a terminal (`text=...`): everything from the
  first such key on.
- Any record with a traceback (exc_info): the traceback is kept, every
  exception message in it (which can quote a message, a name or a phone
  number, e.g. an HTTP error quoting the tracker it was sent) is withheld.
- Messages of the libraries that print slot values or events in plain words
  at DEBUG level (PLAIN_MESSAGES): the part after the known beginning; a
  traceback printed as a message: each exception's message.
- `token=...` in a URL (Rasa's HTTP API takes its token as a query parameter).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any, List, Optional, Tuple, Type

WITHHELD = "[withheld]"

# Keys of Rasa's structlog events whose values are what a person said or what
# is known of them: Rasa's own list for anonymisation (rasa.utils.log_utils),
# with the keys it leaves out that carry the same (e.g. `parse_data`, `events`).
PERSONAL_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "messages",
        "metadata",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "events",
        "tracker_states",
        "current_states",
        "old_states",
        "states",
        "successes",
        "current_entity",
        "next_entity",
        "entity",
        "entities",
        "token_text",
        "user_message",
        "json_message",
        "value",
        "values",
        "slots",
    }
)
# structlog's own key for the event's name ("rest.message.received.failure"):
# it is a fixed identifier, never personal data, and the record is useless without it.
EVENT_NAME_KEY = "event"
EXCEPTION_KEY = "exception"

# Plain-text messages of Rasa and rasa_sdk that carry slot values, events or
# bot messages after a fixed beginning (read in their sources and seen with
# both servers at DEBUG): the rest is withheld.
PLAIN_MESSAGES: Tuple[re.Pattern, ...] = tuple(
    re.compile(pattern, re.DOTALL)
    for pattern in (
        r"^(Validating extracted slots:).*",  # rasa.core.actions.action
        r"^(Contents of ignored event:).*",  # rasa_sdk.executor
        r"^(Received NLG response:).*",  # rasa.core.nlg.callback
    )
)
# rasa.server logs traceback.format_exc() as a message of its own.
TRACEBACK_START = "Traceback (most recent call last):"
CHAIN_SENTENCES = (
    "The above exception was the direct cause of the following exception:",
    "During handling of the above exception, another exception occurred:",
)
CLEANED_MARK = "personal_data_withheld"

# key=value in a terminal rendering of an event: structlog prints the value as
# it is (spaces and all), so nothing tells where it ends; the message is cut
# at the first personal key (the keys come sorted, so little else is lost).
_PERSONAL_PAIR = re.compile(
    r"(?<![\w.])(?P<key>" + "|".join(sorted(PERSONAL_KEYS, key=len, reverse=True)) + r")=",
)
_URL_TOKEN = re.compile(r"([?&](?:token|auth_token|session_token)=)[^&\s\"']+")


class PersonalDataFilter(logging.Filter):
    """Rewrites each record so that it holds no personal data; never drops one.
    A record goes through every handler's filter: it is rewritten once."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, CLEANED_MARK, False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message
            message = str(record.msg)
        record.msg = clean_message(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = withheld_traceback(*record.exc_info)
        elif record.exc_text:
            record.exc_text = _withhold_traceback_text(record.exc_text)
        record.exc_info = None
        setattr(record, CLEANED_MARK, True)
        return True


def clean_message(message: str) -> str:
    """The message of a record without personal data (see the module's doc)."""
    event = _json_event(message)
    if event is not None:
        return json.dumps(_clean_event(event), ensure_ascii=False, default=str)
    for pattern in PLAIN_MESSAGES:
        match = pattern.match(message)
        if match:
            return f"{match.group(1).rstrip()} {WITHHELD}"
    message = _withhold_traceback_text(message)
    personal = _PERSONAL_PAIR.search(message)
    if personal:
        message = f"{message[: personal.start()]}{personal.group('key')}={WITHHELD}"
    return _URL_TOKEN.sub(rf"\1{WITHHELD}", message)


def _json_event(message: str) -> Optional[dict]:
    if not message.startswith("{"):
        return None
    try:
        event = json.loads(message)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _clean_event(event: dict) -> dict:
    cleaned = {}
    for key, value in event.items():
        if key == EVENT_NAME_KEY and isinstance(value, str):
            cleaned[key] = value
        elif key in PERSONAL_KEYS:
            cleaned[key] = WITHHELD
        elif key == EXCEPTION_KEY:
            cleaned[key] = _clean_structured_exception(value)
        elif isinstance(value, str):
            cleaned[key] = _URL_TOKEN.sub(rf"\1{WITHHELD}", value)
        else:
            cleaned[key] = value
    return cleaned


def _clean_structured_exception(value: Any) -> Any:
    """structlog's dict traceback: exception messages and frame locals withheld."""
    if isinstance(value, str):  # a traceback rendered as text
        return _withhold_traceback_text(value)
    if isinstance(value, list):
        return [_clean_structured_exception(item) for item in value]
    if isinstance(value, dict):
        return {
            key: WITHHELD if key in ("exc_value", "locals") else _clean_structured_exception(item)
            for key, item in value.items()
        }
    return value


_EXCEPTION_NAME = re.compile(r"^[A-Za-z_][\w.]*(?=:|$)")


def _withhold_traceback_text(text: str) -> str:
    """A traceback printed as text, each exception's message (all its lines)
    withheld; its frames, and any text before the traceback, kept."""
    lines: List[str] = []
    in_traceback = in_message = False
    for line in text.split("\n"):
        if line.startswith(TRACEBACK_START) or line in CHAIN_SENTENCES:
            in_traceback, in_message = True, False
            lines.append(line)
        elif not in_traceback or not line.strip() or (not in_message and line[0].isspace()):
            lines.append(line)  # before the traceback, a blank line, or a frame
        elif not in_message:
            in_message = True
            name = _EXCEPTION_NAME.match(line)
            lines.append(f"{name.group(0) if name else 'Exception'}: {WITHHELD}")
    return "\n".join(lines)


def withheld_traceback(
    exc_type: Optional[Type[BaseException]],
    exc_value: BaseException,
    exc_traceback: Optional[TracebackType],
) -> str:
    """The traceback as Python prints it (first cause first, every frame),
    with each exception's message withheld: only its type is kept."""
    lines = []
    for exception, sentence_after in _printing_order(exc_value):
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(exception.__traceback__))
        kind = type(exception)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: {WITHHELD}\n")
        if sentence_after:
            lines.append(f"\n{sentence_after}\n\n")
    return "".join(lines).rstrip("\n")


def _printing_order(exception: BaseException) -> List[Tuple[BaseException, str]]:
    """(exception, the sentence printed after it), from the first cause to
    `exception`; each exception once (a chain can loop)."""
    order: List[Tuple[BaseException, str]] = []
    seen = set()
    current: Optional[BaseException] = exception
    sentence_after = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        order.append((current, sentence_after))
        current, sentence_after = _cause_of(current)
    return list(reversed(order))


def _cause_of(exception: BaseException) -> Tuple[Optional[BaseException], str]:
    if exception.__cause__ is not None:
        return (
            exception.__cause__,
            "The above exception was the direct cause of the following exception:",
        )
    if exception.__context__ is not None and not exception.__suppress_context__:
        return (
            exception.__context__,
            "During handling of the above exception, another exception occurred:",
        )
    return None, ""


# --- The rotating file --------------------------------------------------------------

DEFAULT_LOG_FILE = "var/logs/assistant.log"


def rotating_log_file(
    filename: Optional[str] = None,
    maxBytes: int = 10 * 1024 * 1024,  # noqa: N803 - logging's own argument name
    backupCount: int = 10,  # noqa: N803
) -> logging.handlers.RotatingFileHandler:
    """A RotatingFileHandler on LOG_FILE (each server process its own file:
    run.sh and cluster.sh set it), else `filename`, else var/logs/assistant.log;
    10 files of 10 MB at most."""
    path = Path(os.environ.get("LOG_FILE") or filename or DEFAULT_LOG_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    return logging.handlers.RotatingFileHandler(
        path, maxBytes=maxBytes, backupCount=backupCount, encoding="utf-8"
    )
