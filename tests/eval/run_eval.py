"""`make eval`: the understanding scored on the frozen evaluation corpus.

The corpus (tests/eval/corpus/) was written by helpers who saw only a persona
and the product brief, never the code, vocabulary, training data or tests. It
is split by writer: `dev/` may be read when tuning; `test/` and `fresh/` are
never read, only scored, so this script prints misses for `dev/` only. `fresh/`
(two writers, added and frozen on 2026-12-02 before that day's tuning) is the
half no one has seen a sentence of; the intents of `test/` were once printed.
A second batch of five writers (safety kinds and touch answers, same brief)
was frozen on 2026-12-02 before the next tuning: wen, marcus and siobhan went
to `dev/`, bev and deepa to `fresh/`. A third batch (lupe, harold, jess and
kofi: safety kinds, crisis lines and whole first messages, same brief) went to
`dev/`, frozen on 2026-12-02 before the tuning that followed it. A fourth
(nadia, pete, amara and bernadette: the same kinds and brief, personas chosen for
voice-to-text, one-finger typing and fibro fog) went to `dev/` on 2026-12-03,
frozen before that day's tuning. A fifth (dolores, ravi, ingrid: 630 lines of red
flags described without their names and hard negatives, for surgery and injury,
skin, clots, cancer, pregnancy and bones) went to `dev/` the same day, frozen
before the tuning that followed it. A sixth (tane, mei, kayla: 630 lines, the same
for chest, clots, fever, new pain and blood thinners) followed it the same way.
A seventh (wanda, luis and precious to `dev/`, arjun to `fresh/`: 210 lines each of
caution flags described without their names, surgery, injury and skin above all,
and their hard negatives) was frozen on 2026-12-03 before the tuning that followed.
An eighth (dot, kwame and sofia to `dev/`: 210 lines each, surgery, injury and skin
only, described the way people talk, and their hard negatives) was frozen the same
day, before the tuning that followed it.
A ninth (hemi, greta and tyrone to `dev/`: 210 lines each of the flags that stop
the massage, fever and infection, clots, new pain and chest, described without their
names, and their hard negatives) was frozen the same day before the tuning after it.

    python tests/eval/run_eval.py [--model models/intake.tar.gz] [--no-intents]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, List, Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.domain import intake  # noqa: E402
from bot.understanding.red_flags import read_flags  # noqa: E402
from bot.vocabulary.slots import Slot  # noqa: E402
from bot.vocabulary.words import RED_FLAGS, RED_FLAGS_BY_ID  # noqa: E402

CORPUS = ROOT / "tests" / "eval" / "corpus"
HALVES = ("dev", "test", "fresh")
UNREAD = ("test", "fresh")
SCREENED = {"data_consent": True, "red_flags": [], Slot.SAFETY_SCREENED: True}
# Targets of the safety-understanding issue, checked on the halves never read.
TARGETS = {
    "stop_recall": 1.0,
    "caution_recall": 0.99,
    "false_alarms": 0.03,
    "region_f1": 0.97,
    "sensitivity": 0.90,
    "intent_f1": 0.92,
    "parse_p95_ms": 10.0,
}


def load(half: str) -> List[dict]:
    rows = []
    for path in sorted((CORPUS / half).glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text().splitlines() if line.strip())
    return rows


class Reader:
    """Calls the extractor the conversation uses, and times each call."""

    def __init__(self) -> None:
        self.timings: List[float] = []

    def read(self, text: str, requested: Optional[str], current: Dict) -> intake.Extraction:
        start = time.perf_counter()
        found = intake.extract(
            text=text, intent="inform", entities=[], requested=requested, current=current
        )
        self.timings.append((time.perf_counter() - start) * 1000)
        return found

    def flags(self, text: str, context: str) -> Dict[str, set]:
        """Flags raised and flags only suspected (to be confirmed by the person)."""
        if context == "checklist":
            found = self.read(text, "red_flags", {"data_consent": True})
        else:
            found = self.read(text, "pain_areas", dict(SCREENED))
        slots = found.slots
        return {
            "raised": set(slots.get("red_flags") or ()),
            "suspected": set(slots.get(Slot.SUSPECTED_FLAGS) or ()),
        }

    def crisis(self, text: str) -> bool:
        found = self.read(text, "pain_areas", dict(SCREENED))
        return bool(getattr(found, "crisis", False))


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else float("nan")


def score_flags(rows: List[dict], reader: Reader, show: bool) -> Dict[str, object]:
    per_flag = defaultdict(lambda: [0, 0, 0])  # caught (raised or suspected), raised, total
    misses: List[str] = []
    alarms = Counter()
    negatives = Counter()
    alarm_texts: List[str] = []
    causes: Counter = Counter()  # why a flag was missed, counted for every half
    alarm_whys: Counter = Counter()
    for row in rows:
        expect = row["expect"]
        if row["kind"] == "red_flag":
            read = reader.flags(row["text"], expect.get("context", "any"))
            for flag in expect["red_flags"]:
                entry = per_flag[flag]
                entry[2] += 1
                if flag in read["raised"] or flag in read["suspected"]:
                    entry[0] += 1
                    entry[1] += flag in read["raised"]
                else:
                    causes[f"{flag}:{_miss_cause(row['text'], flag, expect)}"] += 1
                    if show:
                        misses.append(f"  miss {flag}: {row['text']}")
        elif row["kind"] in ("not_flag", "checklist_none"):
            context = "checklist" if row["kind"] == "checklist_none" else "any"
            read = reader.flags(row["text"], context)
            near = expect.get("near", "none")
            severity = RED_FLAGS_BY_ID[near].severity if near in RED_FLAGS_BY_ID else "none"
            negatives[severity] += 1
            if read["raised"]:
                alarms[severity] += 1
                alarm_whys[f"{near}:{expect.get('why', row['kind'])}"] += 1
                if show:
                    alarm_texts.append(f"  alarm {sorted(read['raised'])}: {row['text']}")
    return {
        "per_flag": dict(per_flag),
        "alarms": alarms,
        "negatives": negatives,
        "misses": misses,
        "alarm_texts": alarm_texts,
        "causes": causes,
        "alarm_whys": alarm_whys,
    }


def _miss_cause(text: str, flag: str, expect: dict) -> str:
    """What the tables made of a missed flag (counts only, so the unread halves
    say where to look without a sentence being read): where it was said, with or
    without doubt, and the status of its mentions (none: no word of it was found)."""
    at_checklist = expect.get("context") == "checklist"
    statuses = sorted(
        {m.status for m in read_flags(text, at_checklist).mentions if m.flag == flag}
    )
    said = "checklist" if at_checklist else "any"
    doubt = "doubt" if expect.get("doubt") else "sure"
    return f"{said}/{doubt}/{'+'.join(statuses) or 'none'}"


def score_regions(rows: List[dict], reader: Reader, show: bool) -> Dict[str, object]:
    tp = fp = fn = 0
    misses = []
    for row in rows:
        if row["kind"] != "pain_areas":
            continue
        expected = set(row["expect"]["pain_areas"])
        got = set(
            reader.read(row["text"], "pain_areas", dict(SCREENED)).slots.get("pain_areas") or ()
        )
        tp += len(expected & got)
        fp += len(got - expected)
        fn += len(expected - got)
        if show and got != expected:
            misses.append(
                f"  areas {row['text']!r}: missing {sorted(expected - got)}, "
                f"extra {sorted(got - expected)}"
            )
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "misses": misses}


SINGLE_SLOTS = ("pain_intensity", "touch_sensitivity", "pressure_preference", "post_massage_flare")


def score_single(rows: List[dict], reader: Reader, show: bool) -> Dict[str, object]:
    right, total, misses = Counter(), Counter(), []
    touch_grades = Counter()  # (expected, got): a score, readable for unread halves too
    for row in rows:
        slot = row["kind"]
        if slot not in SINGLE_SLOTS:
            continue
        expected = row["expect"][slot]
        got = reader.read(row["text"], slot, dict(SCREENED)).slots.get(slot)
        if slot == "pain_intensity" and got is not None:
            got = float(got)
            expected = float(expected)
        total[slot] += 1
        right[slot] += got == expected
        if slot == "touch_sensitivity":
            touch_grades[(expected, got)] += 1
        if show and got != expected:
            misses.append(f"  {slot} {row['text']!r}: expected {expected}, got {got}")
    return {
        "accuracy": {slot: _ratio(right[slot], total[slot]) for slot in total},
        "touch_grades": touch_grades,
        "misses": misses,
    }


def score_first_messages(rows: List[dict], reader: Reader, show: bool) -> Dict[str, object]:
    right = total = 0
    misses = []
    for row in rows:
        if row["kind"] != "first_message":
            continue
        slots = reader.read(row["text"], None, {}).slots
        for key, expected in row["expect"].items():
            if key == "asks_question":
                continue
            got = slots.get(key)
            if key == "red_flags":
                got = set(got or ()) | set(slots.get(Slot.SUSPECTED_FLAGS) or ())
                ok = set(expected) <= got if expected else not got
            elif key in ("pain_areas",):
                ok = set(got or ()) == set(expected)
            elif key == "pain_intensity":
                ok = got is not None and float(got) == float(expected)
            else:
                ok = got == expected
            total += 1
            right += ok
            if show and not ok:
                misses.append(f"  first {key}: expected {expected}, got {got}: {row['text']}")
    return {"accuracy": _ratio(right, total), "answers": total, "misses": misses}


def score_crisis(rows: List[dict], reader: Reader, show: bool) -> Dict[str, object]:
    hit = pos = alarm = neg = 0
    misses = []
    for row in rows:
        if row["kind"] != "crisis":
            continue
        said = reader.crisis(row["text"])
        if row["expect"]["crisis"]:
            pos += 1
            hit += said
        else:
            neg += 1
            alarm += said
        if show and said != row["expect"]["crisis"]:
            misses.append(f"  crisis expected {row['expect']['crisis']}: {row['text']}")
    return {"recall": _ratio(hit, pos), "false_alarms": _ratio(alarm, neg), "misses": misses}


def score_intents(rows: List[dict], model: Optional[str]) -> Optional[Dict[str, object]]:
    if not model:
        return None
    from tests.eval.intents import classify

    labelled = [(row["text"], row["expect"]["intent"]) for row in rows if row["kind"] == "intent"]
    predicted = classify([text for text, _ in labelled], model)
    labels = sorted({gold for _, gold in labelled})
    f1s = {}
    for label in labels:
        tp = sum(1 for (_, g), p in zip(labelled, predicted) if g == label and p == label)
        fp = sum(1 for (_, g), p in zip(labelled, predicted) if g != label and p == label)
        fn = sum(1 for (_, g), p in zip(labelled, predicted) if g == label and p != label)
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    wrong = [f"  intent {g} -> {p}: {t}" for (t, g), p in zip(labelled, predicted) if g != p]
    return {"macro_f1": statistics.mean(f1s.values()), "per_intent": f1s, "misses": wrong}


def _counts(counter: Counter) -> str:
    return ", ".join(f"{k} {n}" for k, n in counter.most_common()) or "none"


def _print_half(half: str, rows: List[dict], model: Optional[str]) -> Dict[str, float]:
    show = half not in UNREAD  # unread halves are scored, never printed
    reader = Reader()
    flags = score_flags(rows, reader, show)
    regions = score_regions(rows, reader, show)
    single = score_single(rows, reader, show)
    first = score_first_messages(rows, reader, show)
    crisis = score_crisis(rows, reader, show)
    intents = score_intents(rows, model)

    print(f"\n=== {half} half: {len(rows)} utterances, {len({r['writer'] for r in rows})} writers")
    print("flag                           recall  (raised, suspected of caught)  n")
    by_severity = defaultdict(lambda: [0, 0])
    for flag in RED_FLAGS:
        caught, raised, total = flags["per_flag"].get(flag.id, [0, 0, 0])
        by_severity[flag.severity][0] += caught
        by_severity[flag.severity][1] += total
        print(
            f"  {flag.id:30} {_ratio(caught, total):6.3f}  ({raised}, {caught - raised})"
            f"{'':20} {total}"
        )
    stop = [by_severity[s] for s in ("emergency", "see_doctor_first")]
    stop_recall = _ratio(sum(c for c, _ in stop), sum(t for _, t in stop))
    caution_recall = _ratio(*by_severity["caution"])
    negatives = sum(flags["negatives"].values())
    alarm_rate = _ratio(sum(flags["alarms"].values()), negatives)
    print(f"emergency + see-doctor recall {stop_recall:.3f}; caution recall {caution_recall:.3f}")
    print(
        f"false alarms on hard negatives: {sum(flags['alarms'].values())}/{negatives} = "
        f"{alarm_rate:.3f}  by class near: "
        + ", ".join(f"{k} {flags['alarms'][k]}/{v}" for k, v in sorted(flags["negatives"].items()))
    )
    print("flag misses by cause: " + _counts(flags["causes"]))
    print("false alarms by why: " + _counts(flags["alarm_whys"]))
    print(
        f"crisis recall {crisis['recall']:.3f}, crisis false alarms {crisis['false_alarms']:.3f}"
    )
    print(
        f"body-region F1 {regions['f1']:.3f} (precision {regions['precision']:.3f}, "
        f"recall {regions['recall']:.3f})"
    )
    print(
        "exact answers: "
        + ", ".join(f"{slot} {acc:.3f}" for slot, acc in single["accuracy"].items())
    )
    wrong = sorted(((k, v) for k, v in single["touch_grades"].items() if k[0] != k[1]), key=str)
    print(
        "touch level expected->got when wrong: "
        + ", ".join(f"{e}->{g} {n}" for (e, g), n in wrong)
    )
    print(f"first messages: {first['accuracy']:.3f} of {first['answers']} volunteered answers")
    timings = sorted(reader.timings)
    p95 = timings[int(0.95 * (len(timings) - 1))] if timings else float("nan")
    print(
        f"parse p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms "
        f"over {len(timings)} calls"
    )
    if intents:
        print(
            f"intent macro-F1 {intents['macro_f1']:.3f} ("
            + ", ".join(f"{k} {v:.2f}" for k, v in sorted(intents["per_intent"].items()))
            + ")"
        )
    if show:
        for key in ("misses", "alarm_texts"):
            for line in flags[key]:
                print(line)
        for block in (crisis, regions, single, first) + ((intents,) if intents else ()):
            for line in block["misses"]:
                print(line)
    return {
        "stop_recall": stop_recall,
        "caution_recall": caution_recall,
        "false_alarms": alarm_rate,
        "region_f1": regions["f1"],
        "sensitivity": single["accuracy"].get("touch_sensitivity", 0.0),
        "intent_f1": intents["macro_f1"] if intents else float("nan"),
        "parse_p95_ms": p95,
    }


def _check(figures: Dict[str, float]) -> List[str]:
    failed = []
    for key, target in TARGETS.items():
        value = figures[key]
        if value != value:  # not measured (NaN)
            continue
        ok = value <= target if key in ("false_alarms", "parse_p95_ms") else value >= target
        if not ok:
            failed.append(f"{key} {value:.3f} (target {target})")
    return failed


def main(argv: Optional[Iterable[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "intake.tar.gz"))
    parser.add_argument("--no-intents", action="store_true")
    parser.add_argument(
        "--no-conversations",
        action="store_true",
        help="skip the message counts through a real server",
    )
    args = parser.parse_args(argv)
    model = None if args.no_intents else args.model
    figures = {}
    rows = {half: load(half) for half in HALVES}
    for half in HALVES:
        figures[half] = _print_half(half, rows[half], model)
    if not args.no_conversations:
        from tests.eval.conversations import report

        print()
        report(
            {
                half: [r["text"] for r in rows[half] if r["kind"] == "first_message"]
                for half in HALVES
            }
        )
    for half in UNREAD:
        failed = _check(figures[half])
        print(
            f"\ntargets on the {half} half: "
            + ("all met" if not failed else "missed: " + "; ".join(failed))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
