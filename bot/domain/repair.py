"""Repair: what the assistant says when an answer could not be read, when it is
not sure what a message meant, when the person wants to change an answer or
start over, or asks for their data to be deleted. The wording of the questions
themselves (and their "why?") is in `questions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot.domain.questions import INTENT_TITLES, QUESTIONS, buttons_only
from bot.understanding.text import normalise
from bot.vocabulary.slots import Slot

REPHRASE_TEXT = "Sorry, could you say that another way?"
PICK_ONE_TEXT = "Let's make it easier: please pick one of these."
NOT_CAUGHT_TEXT = "Sorry, I didn't quite catch that."
WHICH_ANSWER_TEXT = (
    'Which answer would you like to change? For example "change my '
    'pain areas" or "my pain is more like 7".'
)
CHANGE_OK_TEXT = "Of course, let's change that."
START_AGAIN_TEXT = "OK, let's start again from the beginning."
DID_YOU_MEAN_TEXT = "Sorry, I'm not sure what you meant. Did you mean:"
SOMETHING_ELSE_BUTTON = {"title": "Something else", "payload": "/out_of_scope"}
DELETE_FAILED_TEXT = (
    "Sorry, I couldn't delete your data just now. Please ask the clinic "
    "to do it; they can find it by this conversation."
)
DELETE_NOT_CONFIRMED_TEXT = (
    "I wasn't sure that was a yes, so nothing was deleted. If you do want "
    'everything deleted, say "delete my data" and choose "Yes, delete it".'
)
# What the Yes button of utter_confirm_delete (domain.yml) sends.
YES_PAYLOAD = "/affirm"
# Words that make a yes to "Delete everything...?" doubtful. Deleting can't be
# undone, and NLU takes "absolutely not" or "definitely not" for a yes.
_DOUBT = re.compile(
    r"\b(?:no|not|nope|nah|never|don'?t|do not|won'?t|can'?t|shouldn'?t|wouldn'?t|"
    r"didn'?t|isn'?t|keep|cancel|stop|wait|hold on|maybe|perhaps|unsure|"
    r"rather|changed my mind)\b"
)


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def clarification(requested: Optional[str], failures: int) -> Reply:
    """What to say when an answer to `requested` could not be read: a hint the
    first time, the options as buttons only once it failed before (`failures`)."""
    question = QUESTIONS.get(requested or "")
    if question is None:
        return Reply(REPHRASE_TEXT)
    if failures >= 1:
        return Reply(PICK_ONE_TEXT, buttons_only(requested))
    return Reply(f"{NOT_CAUGHT_TEXT} {question.hint}")


def likely_meanings(intent_ranking: Sequence[Mapping[str, Any]]) -> Reply:
    """The first stage of the two-stage fallback: the two likeliest intents the
    person may have meant (those with a plain name), and "Something else"."""
    likely = [item["name"] for item in intent_ranking if item.get("name") in INTENT_TITLES][:2]
    buttons = [{"title": INTENT_TITLES[name], "payload": f"/{name}"} for name in likely]
    return Reply(DID_YOU_MEAN_TEXT, buttons + [dict(SOMETHING_ELSE_BUTTON)])


def slots_to_clear(slot: str) -> Dict[str, Any]:
    """What to clear so the form asks for `slot` again. Safety flags are only
    ever added: for them the checklist is asked again instead."""
    if slot == Slot.RED_FLAGS:
        return {Slot.SAFETY_SCREENED: None}
    return {slot: None}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def deleted_text(intake_summaries: int, callback_requests: int, messages: int) -> str:
    """What to say once the person's data was deleted: exactly what was removed
    (the counts), and that nothing of this conversation is kept now."""
    removed = []
    if intake_summaries:
        removed.append("your intake summary")
    if callback_requests:
        removed.append(
            "your callback request"
            if callback_requests == 1
            else f"your {callback_requests} callback requests"
        )
    if messages:
        removed.append(f"the {_plural(messages, 'message')} of this conversation so far")
    afresh = "from your next message, we start afresh."
    if not removed:
        return (
            "The clinic had nothing stored from this conversation, and this chat "
            f"is not kept: {afresh}"
        )
    listed = removed[0] if len(removed) == 1 else f"{', '.join(removed[:-1])} and {removed[-1]}"
    return f"I've deleted {listed}. Nothing of it is kept now: {afresh}"


RESTART_NOT_CONFIRMED_TEXT = (
    "I wasn't sure that was a yes, so I've kept your answers. If you do want to "
    'start again, say "start over" and choose "Yes, start over".'
)


def deletion_confirmed(said: str) -> bool:
    """Whether a message taken for a yes to "Delete everything...?" (or "Start
    again...?") really is one: the Yes button's payload is; typed words are
    unless they hold a negation or a doubt ("absolutely not", "yes but keep my
    answers"), in which case nothing is deleted rather than too much."""
    if said.strip() == YES_PAYLOAD:
        return True
    return not _DOUBT.search(normalise(said))
