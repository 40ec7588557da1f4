"""Issue 14, point 5: logs without personal data (bot/runtime/log_privacy.py and
logging.yml). Records are made the way Rasa makes them: its structlog set-up
(rasa.utils.log_utils.configure_structlog) and its calls, copied from
rasa/core/channels/rest.py and rasa/core/processor.py."""

from __future__ import annotations

import copy
import json
import logging
import logging.config
import os
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Iterator, List

import pytest
import structlog
import yaml
from rasa.utils.log_utils import HumanConsoleRenderer, configure_structlog

from bot.runtime.log_privacy import (
    WITHHELD,
    PersonalDataFilter,
    clean_message,
    rotating_log_file,
)

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = "I'm pregnant and on warfarin, call Zebulon on +1 212 555 0199"
PERSONAL = ("pregnant", "warfarin", "Zebulon", "555 0199")


class Collected(logging.Handler):
    """A handler that keeps what it would have written, through the filter."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(PersonalDataFilter())
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s - %(message)s"))
        self.lines: List[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def assert_nothing_personal(text: str) -> None:
    for words in PERSONAL:
        assert words not in text, f"{words!r} was logged:\n{text}"


@pytest.fixture
def collected() -> Iterator[Collected]:
    handler = Collected()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def rasa_structlog(collected) -> Iterator[None]:
    """Rasa's own structlog configuration (JSON, as FORCE_JSON_LOGGING and any
    server without a terminal render it)."""
    configure_structlog(logging.DEBUG)
    yield
    structlog.reset_defaults()


def _handle_rest_message(text: str) -> None:
    """Rasa's REST channel when handling a message fails (rest.py, receive)."""
    structlogger = structlog.get_logger()
    try:
        raise ValueError(f"could not handle {text!r}")
    except Exception:
        structlogger.exception("rest.message.received.failure", text=copy.deepcopy(text))


def test_rasa_rest_failure_logs_neither_the_text_nor_the_locals(collected, rasa_structlog):
    _handle_rest_message(MESSAGE)
    (line,) = collected.lines
    event = json.loads(line.split(" - ", 1)[1])
    assert event["event"] == "rest.message.received.failure" and event["level"] == "error"
    assert event["text"] == WITHHELD
    (exception,) = event["exception"]
    assert exception["exc_type"] == "ValueError" and exception["exc_value"] == WITHHELD
    assert exception["frames"] and all(f["locals"] == WITHHELD for f in exception["frames"])
    assert_nothing_personal(collected.text)


def test_rasa_debug_events_keep_their_names_not_their_values(collected, rasa_structlog):
    structlogger = structlog.get_logger()
    structlogger.debug(
        "processor.message.parse",
        parse_data_text=MESSAGE,
        parse_data_intent={"name": "inform", "confidence": 0.98},
        parse_data_entities=[{"entity": "red_flag", "value": "pregnancy"}],
    )
    structlogger.debug("processor.slots.log", slot_values="\tcallback_name: Zebulon\n")
    structlogger.debug(
        "processor.actions.log",
        action_name="callback_form",
        rasa_events=["SlotSet(key: callback_contact, value: +1 212 555 0199)"],
    )
    structlogger.debug("forms.slots.validate", slot_candidates={"callback_name": "Zebulon"})
    events = [json.loads(line.split(" - ", 1)[1]) for line in collected.lines]
    assert [e["event"] for e in events] == [
        "processor.message.parse",
        "processor.slots.log",
        "processor.actions.log",
        "forms.slots.validate",
    ]
    assert events[0]["parse_data_intent"]["name"] == "inform"  # not personal: kept
    assert events[2]["action_name"] == "callback_form"
    assert_nothing_personal(collected.text)


def test_the_terminal_rendering_of_an_event_is_cleaned_too(collected):
    rendered = HumanConsoleRenderer(colors=False)(
        None, "error", {"event": "rest.message.received.failure", "text": MESSAGE}
    )
    logging.getLogger("rasa.core.channels.rest").error(rendered)
    assert "rest.message.received.failure" in collected.text
    assert f"text={WITHHELD}" in collected.text
    assert_nothing_personal(collected.text)


def _failed_action_call() -> None:
    """Rasa calling an action server that answered 500 with the tracker in its
    body: aiohttp's error quotes the body, Rasa raises its own from it."""
    try:
        raise RuntimeError(json.dumps({"request_body": {"text": MESSAGE}}))
    except RuntimeError as error:
        raise ConnectionError(
            "Failed to execute custom action 'action_submit_callback'"
        ) from error


def test_a_traceback_keeps_its_frames_and_types_not_its_messages(collected):
    try:
        _failed_action_call()
    except ConnectionError:
        logging.getLogger("rasa.core.processor").exception("Encountered an exception")
    text = collected.text
    assert "Encountered an exception" in text
    assert "_failed_action_call" in text  # the frames are there to debug with
    assert f"builtins.RuntimeError: {WITHHELD}" in text
    assert f"builtins.ConnectionError: {WITHHELD}" in text
    assert "The above exception was the direct cause" in text
    assert_nothing_personal(text)


def test_a_record_through_two_handlers_keeps_its_traceback_in_both(collected):
    second = Collected()
    logger = logging.getLogger("tests.two_handlers")
    logger.addHandler(second)
    try:
        try:
            raise ValueError(MESSAGE)
        except ValueError:
            logger.exception("Could not store the callback request")
    finally:
        logger.removeHandler(second)
    for handler in (collected, second):
        assert f"builtins.ValueError: {WITHHELD}" in handler.text
        assert_nothing_personal(handler.text)


def test_plain_messages_with_values_and_printed_tracebacks(collected):
    logging.getLogger("rasa.core.actions.action").debug(
        f"Validating extracted slots: {{'callback_name': 'Zebulon', 'note': {MESSAGE!r}}}"
    )
    logging.getLogger("rasa_sdk.executor").debug(
        "Contents of ignored event: '%s'", {"event": "user", "text": MESSAGE}
    )
    try:
        raise KeyError(MESSAGE)
    except KeyError:
        logging.getLogger("rasa.server").debug(traceback.format_exc())
    text = collected.text
    assert "Validating extracted slots: [withheld]" in text
    assert "Contents of ignored event: [withheld]" in text
    assert f"KeyError: {WITHHELD}" in text and "Traceback (most recent call last):" in text
    assert_nothing_personal(text)


def test_api_tokens_in_urls_are_withheld(collected):
    logging.getLogger("sanic.access").info(
        "GET /conversations/abc/tracker?token=s3cret-token&include_events=ALL 200"
    )
    assert "s3cret-token" not in collected.text
    assert "token=[withheld]&include_events=ALL" in collected.text


def test_ordinary_messages_are_left_as_they_are():
    for message in (
        "Calling action endpoint to run action 'validate_intake_form'.",
        "Predicted next action 'action_listen' with confidence 1.00.",
        "Acquired lock for conversation 'abc'.",
    ):
        assert clean_message(message) == message


# --- logging.yml: applied by Rasa, on every handler, rotating ---------------------------


def test_logging_yml_puts_the_filter_on_every_handler_and_rotates(tmp_path):
    """Applied the way Rasa applies it (rasa.utils.common), from a working
    directory where the project is importable only through PYTHONPATH, as the
    `rasa` command runs (scripts/env.sh sets it)."""
    script = (
        "import logging, logging.handlers\n"
        "from rasa.utils.common import configure_logging_from_file\n"
        f"configure_logging_from_file({str(ROOT / 'logging.yml')!r})\n"
        "handlers = logging.getLogger().handlers\n"
        "print(len(handlers), all(any(type(f).__name__ == 'PersonalDataFilter'"
        " for f in h.filters) for h in handlers),"
        " sum(isinstance(h, logging.handlers.RotatingFileHandler) for h in handlers))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), LOG_FILE=str(tmp_path / "logs" / "rasa.log"))
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "True", "1"]
    assert (tmp_path / "logs" / "rasa.log").exists()


def test_env_sh_makes_the_filter_importable_and_events_json():
    shown = subprocess.run(
        ["bash", "-c", "source scripts/env.sh && echo $PYTHONPATH && echo $FORCE_JSON_LOGGING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert str(ROOT) in shown[0].split(":") and shown[1] == "1"


def test_the_log_file_rotates(tmp_path, monkeypatch):
    monkeypatch.setenv("LOG_FILE", str(tmp_path / "var" / "logs" / "actions.log"))
    handler = rotating_log_file(maxBytes=200, backupCount=2)
    try:
        handler.setFormatter(logging.Formatter("%(message)s"))
        for number in range(30):
            handler.emit(logging.makeLogRecord({"msg": f"line {number:02d} " + "x" * 40}))
    finally:
        handler.close()
    files = sorted(p.name for p in (tmp_path / "var" / "logs").iterdir())
    assert files == ["actions.log", "actions.log.1", "actions.log.2"]  # older ones dropped
    assert all(p.stat().st_size <= 200 for p in (tmp_path / "var" / "logs").iterdir())


def test_the_configured_file_handler_is_the_rotating_one(tmp_path, monkeypatch):
    config = yaml.safe_load((ROOT / "logging.yml").read_text())
    assert config["disable_existing_loggers"] is False  # Rasa's loggers exist already
    assert set(config["root"]["handlers"]) == set(config["handlers"])
    for handler in config["handlers"].values():
        assert handler["filters"] == ["personal_data"]
    monkeypatch.setenv("LOG_FILE", str(tmp_path / "x.log"))
    handler = rotating_log_file()
    try:
        assert handler.maxBytes > 0 and handler.backupCount > 0
        assert Path(handler.baseFilename) == tmp_path / "x.log"
    finally:
        handler.close()
