"""Messages to a recommendation, driven through the real servers over REST.

Each whole first message of the evaluation corpus opens a conversation; after
it, a person answers whatever the bot asks, one answer per message (consent
"yes", the checklist "none of these", a suspicion "no", and plain answers to
the rest). Counted: messages from the first one to the one that brings the
recommendation (the intake_summary payload). Only the dev half's texts are ever
printed; for a long conversation in any half the questions it went through are
printed (slot names and counts, never the text), so a slow path can be found
without reading the unread halves.
"""

from __future__ import annotations

import statistics
import tempfile
import uuid
from itertools import groupby
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import requests

from tests.servers import running_servers

TOKEN = "eval-token"
MAX_MESSAGES = 20
# One plain answer to each question the bot may ask.
ANSWERS: Dict[str, str] = {
    "data_consent": "yes",
    "red_flags": "none of these",
    "suspected_flags": "no",
    "pain_areas": "my neck and lower back",
    "pain_intensity": "5",
    "touch_sensitivity": "a little",
    "pressure_preference": "medium",
    "post_massage_flare": "no",
    "callback_consent": "yes",
    "callback_name": "Sam",
    "callback_contact": "+1 212 555 0100",
    "callback_times": "any time",
    "callback_confirmed": "yes",
}


def _say(url: str, sender: str, text: str) -> List[dict]:
    response = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    response.raise_for_status()
    return response.json()


def _requested(url: str, sender: str) -> Optional[str]:
    response = requests.get(
        f"{url}/conversations/{sender}/tracker", params={"token": TOKEN}, timeout=30
    )
    response.raise_for_status()
    return response.json()["slots"].get("requested_slot")


def messages_to_recommendation(url: str, first: str) -> Tuple[Optional[int], List[str]]:
    """How many messages it took, and the question each answer after the first met."""
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    replies = _say(url, sender, first)
    path: List[str] = []
    for count in range(1, MAX_MESSAGES + 1):
        if any("intake_summary" in (r.get("custom") or {}) for r in replies):
            return count, path
        requested = _requested(url, sender)
        path.append(requested or "no question")
        replies = _say(url, sender, ANSWERS.get(requested or "", "yes"))
    return None, path


def _compressed(path: List[str]) -> str:
    return ", ".join(
        name if (n := len(list(run))) == 1 else f"{name} x{n}" for name, run in groupby(path)
    )


def report(first_messages: Dict[str, List[str]]) -> None:
    with (
        tempfile.TemporaryDirectory() as workdir,
        running_servers(Path(workdir), TOKEN) as servers,
    ):
        for half, texts in first_messages.items():
            walks = [messages_to_recommendation(servers.rasa_url, text) for text in texts]
            counts = [count for count, _ in walks]
            reached = [c for c in counts if c is not None]
            for text, (count, path) in zip(texts, walks):
                if count is None or count > 8:
                    # The other halves are scored, never read: only their paths show.
                    shown = text if half == "dev" else "(unread)"
                    print(f"  {count} messages via {_compressed(path)}: {shown}")
            print(
                f"{half} half: messages to the recommendation over {len(texts)} first "
                f"messages: median {statistics.median(reached) if reached else 'n/a'}, "
                f"max {max(reached) if reached else 'n/a'}, "
                f"never reached {len(counts) - len(reached)}"
            )
