"""channels/rest.py: a failed call to the action server during a turn ends the
turn with one apology (the domain's utter_technical_problem, else the default);
a rejected form answer or a turn without failures adds nothing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from channels.rest import DEFAULT_APOLOGY, apologising


def _run(coroutine) -> None:
    # In a thread of its own: Playwright's sync API (browser tests in the same
    # session) keeps an event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _turn(domain: Domain, fail: bool = True, action_count: int = 2):
    async def on_new_message(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "a question")
        for _ in range(action_count if fail else 0):
            try:  # no action endpoint configured: Rasa raises, as when the server is down
                await RemoteAction("action_anything", None).run(
                    message.output_channel, None, DialogueStateTracker("me", []), domain
                )
            except Exception:
                pass  # Rasa's processor logs it and carries on

    collector = CollectingOutputChannel()
    _run(apologising(on_new_message)(UserMessage("hi", collector, "me")))
    return [(m["recipient_id"], m.get("text")) for m in collector.messages]


def test_one_apology_after_the_turn_when_the_action_server_failed():
    assert _turn(Domain.empty()) == [("me", "a question"), ("me", DEFAULT_APOLOGY)]


def test_the_apology_comes_from_the_domain_when_it_has_one():
    domain = Domain.from_dict(
        {"responses": {"utter_technical_problem": [{"text": "Sorry, a technical problem."}]}}
    )
    assert _turn(domain)[-1] == ("me", "Sorry, a technical problem.")


def test_no_apology_without_a_failure_or_outside_a_turn():
    assert _turn(Domain.empty(), fail=False) == [("me", "a question")]

    async def outside() -> None:
        try:
            await RemoteAction("action_anything", None).run(
                CollectingOutputChannel(), None, DialogueStateTracker("me", []), Domain.empty()
            )
        except Exception:
            pass

    _run(outside())  # nothing recorded, nothing raised by the wrapper


def test_a_rejected_form_answer_is_not_a_failure(monkeypatch):
    def reject(self, tracker, domain):
        raise ActionExecutionRejection("validate_intake_form")

    # RemoteAction.run starts with _action_call_format: make it reject.
    monkeypatch.setattr(RemoteAction, "_action_call_format", reject)
    assert _turn(Domain.empty()) == [("me", "a question")]
