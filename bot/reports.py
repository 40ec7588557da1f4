"""Prints the scores of `rasa test nlu` reports in a few readable lines.

    python -m bot.reports nlu var/results/nlu
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict

SUMMARY_KEYS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def _print_report(title: str, report: Dict[str, object]) -> None:
    print(title)
    for label, scores in sorted(report.items()):
        if label in SUMMARY_KEYS or not isinstance(scores, dict):
            continue
        print(f"  {label:<28} f1 {scores['f1-score']:.3f}  support {scores['support']}")
    for key in ("macro avg", "weighted avg", "micro avg"):
        if isinstance(report.get(key), dict):
            print(f"  {key:<28} f1 {report[key]['f1-score']:.3f}")
    if "accuracy" in report:
        print(f"  {'accuracy':<28}    {report['accuracy']:.3f}")


def print_nlu_scores(results: Path) -> None:
    intents = results / "intent_report.json"
    if intents.exists():
        _print_report("Intents (held-out set)", json.loads(intents.read_text()))
    for entities in sorted(results.glob("*Extractor_report.json")):
        name = entities.name.replace("_report.json", "")
        _print_report(f"Entities by {name} (held-out set)", json.loads(entities.read_text()))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "nlu":
        sys.exit("usage: python -m bot.reports nlu RESULTS_DIR")
    print_nlu_scores(Path(sys.argv[2]))
