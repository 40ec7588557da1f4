"""The held-out NLU set (tests/nlu/test_nlu.yml) against the red-flag parser.

Missing a red flag is the worst mistake the assistant can make, so every
utterance annotated with a ``red_flag`` entity must raise at least one flag in
``bot.understanding.answers.detect_red_flags`` (no false negatives), and every utterance in an
intent block marked ``metadata: {negated_red_flags: true}`` (negated, old or
someone else's: "no surgery", "my mum had cancer") must raise none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Tuple

import pytest
import yaml

from bot.understanding.answers import detect_red_flags

HELDOUT = Path(__file__).resolve().parents[2] / "tests" / "nlu" / "test_nlu.yml"
# Rasa's inline annotation: [text](entity) or [text]{"entity": ...}.
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")


def _examples(block: dict) -> List[str]:
    return [
        line.strip()[2:].strip()
        for line in (block.get("examples") or "").splitlines()
        if line.strip().startswith("- ")
    ]


def _plain(example: str) -> Tuple[str, List[Tuple[str, str]]]:
    """The message text and its (entity, text) annotations."""
    entities = []
    for match in ANNOTATION.finditer(example):
        if match.group("entity"):
            entity = match.group("entity").split(":")[0].strip()
        else:
            entity = str(yaml.safe_load(match.group("json")).get("entity"))
        entities.append((entity, match.group("text")))
    return ANNOTATION.sub(lambda m: m.group("text"), example), entities


def _load():
    flagged, negated = [], []
    for block in yaml.safe_load(HELDOUT.read_text())["nlu"]:
        if "intent" not in block:
            continue
        is_negated = bool((block.get("metadata") or {}).get("negated_red_flags"))
        for example in _examples(block):
            text, entities = _plain(example)
            phrases = [t for e, t in entities if e == "red_flag"]
            if is_negated:
                assert not phrases, f"negated example annotated with a red_flag: {example}"
                negated.append(text)
            elif phrases:
                flagged.append((text, phrases))
    return flagged, negated


FLAGGED, NEGATED = _load()


def test_the_heldout_set_covers_both_cases():
    assert len(FLAGGED) >= 40
    assert len(NEGATED) >= 15


@pytest.mark.parametrize("text,phrases", FLAGGED, ids=[t for t, _ in FLAGGED])
def test_annotated_red_flag_is_detected(text, phrases):
    assert detect_red_flags(text), f"no red flag found in {text!r} (annotated: {phrases})"


@pytest.mark.parametrize("text", NEGATED)
def test_negated_red_flag_is_not_raised(text):
    assert detect_red_flags(text) == [], f"flag raised for a negated/old mention: {text!r}"
