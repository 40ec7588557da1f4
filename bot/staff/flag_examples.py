"""Writes bot/understanding/data/flag_examples.jsonl, the examples the flag model
learns from: the evaluation corpus's dev half (the half that may be read) and
the NLU training examples.

    python -m bot.staff.flag_examples

Red-flag sentences keep their flag; hard negatives and ordinary answers are
"none". Sentences with two flags are left out (one label each). NLU examples
("I like firm pressure", "my lower back") are "none" unless the concept tables
see any flag in them, and so are pressure answers on every part of the body.
The test and fresh halves are never read here.
tests/unit/test_flag_model.py checks the file is current.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import List

import yaml

from bot.understanding.flag_model import EXAMPLES, NONE
from bot.understanding.red_flags import mentions
from bot.vocabulary.slots import ANSWER_SLOTS, Slot

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "eval" / "corpus" / "dev"
NLU = ROOT / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")
# The corpus's kinds of utterance that hold no flag: hard negatives, "none" at the
# checklist, intents and the answers to each question (named after its slot).
NEGATIVE_KINDS = ("not_flag", "checklist_none", "intent") + ANSWER_SLOTS


def rows(dev: Path = DEV) -> List[dict]:
    found = []
    for path in sorted(dev.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            flags = row.get("expect", {}).get(Slot.RED_FLAGS) or []
            if row["kind"] == "red_flag" and len(flags) == 1:
                found.append({"text": row["text"], "label": flags[0]})
            elif row["kind"] in NEGATIVE_KINDS:
                found.append({"text": row["text"], "label": NONE})
    return found


def nlu_rows(nlu: Path = NLU) -> List[dict]:
    """Training examples of every intent that mention no flag, as "none"."""
    found = []
    for path in sorted(nlu.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in str(block.get("examples") or "").splitlines():
                line = line.lstrip("- ").strip()
                text = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line)
                if text and not mentions(text) and not mentions(text, at_checklist=True):
                    found.append({"text": text, "label": NONE})
    return found


# An answer about pressure on a part of the body holds no flag. People often put
# one beside a flag ("For pressure, light please. My face has red dots"), so the
# model is shown the answer alone as well, on every part.
PRESSURES = ("light", "medium", "firm", "gentle", "deep")
PLACES = (
    "back", "lower back", "upper back", "neck", "shoulders", "legs", "calves", "hips",
    "arms", "feet", "hands", "belly", "chest", "face", "scalp", "thighs",
)  # fmt: skip
PRESSURE_ANSWERS = (
    "{pressure} pressure on my {place}",
    "I like {pressure} pressure on my {place}",
    "{pressure} on my {place} please",
    "{pressure} for my {place} pls",
)


def answer_rows() -> List[dict]:
    return [
        {"text": template.format(pressure=pressure, place=place), "label": NONE}
        for template in PRESSURE_ANSWERS
        for pressure in PRESSURES
        for place in PLACES
    ]


def render(dev: Path = DEV, nlu: Path = NLU) -> str:
    found = rows(dev) + nlu_rows(nlu) + answer_rows()
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in found)


def main() -> int:
    EXAMPLES.write_text(render(), encoding="utf-8")
    print(f"Wrote {EXAMPLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
