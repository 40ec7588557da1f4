"""Prints the scores of `rasa test nlu` reports in a few readable lines.

    python -m tests.nlu_report nlu var/results/nlu             # held-out set (tests/nlu)
    python -m tests.nlu_report crossval var/results/crossval   # --cross-validation run

Both runs write ``intent_report.json`` (for cross-validation, the test folds
pooled). Rasa leaves SpacyEntityExtractor out of its entity evaluation (it counts
it as "pretrained"), so the entity report is made here: the project's spaCy
pipeline (entity ruler, nothing trained, so every fold would score the same)
runs over the NLU data (tests/nlu for the held-out set; for cross-validation
data/nlu, or tests/nlu when data/nlu has no entity annotations, which is the case
while no trained component does entity recognition; or the path given as a third argument) and
its entities are compared token by token with the annotations, as Rasa does for
trainable extractors. The result is written as ``SpacyEntityExtractor_report.json`` (and
``SpacyEntityExtractor_errors.json``) next to Rasa's reports. Each report is
printed label by label, then a headline with the intent macro-F1 and the
body_region F1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

SUMMARY_KEYS = ("accuracy", "macro avg", "weighted avg", "micro avg")
TITLES = {"nlu": "held-out set", "crossval": "cross-validation, test folds"}
# Where the entity annotations are looked for, first one with any annotation wins.
DEFAULT_DATA = {
    "nlu": (Path("tests") / "nlu",),
    "crossval": (Path("data") / "nlu", Path("tests") / "nlu"),
}
HEADLINE_ENTITY = "body_region"
NO_ENTITY = "no_entity"
EXTRACTOR = "SpacyEntityExtractor"


def _token_labels(spans: List[Tuple[int, int, str]], tokens) -> List[str]:
    """The entity label of each token (the span it overlaps), else no_entity."""
    labels = []
    for token in tokens:
        start, end = token.idx, token.idx + len(token.text)
        label = next((entity for s, e, entity in spans if s < end and start < e), NO_ENTITY)
        labels.append(label)
    return labels


def write_entity_report(data: Path, results: Path) -> Optional[Path]:
    """Scores the spaCy entity ruler against the annotations in ``data`` and
    writes ``SpacyEntityExtractor_report.json`` into ``results``."""
    from rasa.shared.nlu.training_data.loading import load_data
    from sklearn.metrics import classification_report

    from bot.understanding.pipeline import get_pipeline

    nlp = get_pipeline()
    gold_labels: List[str] = []
    predicted_labels: List[str] = []
    errors = []
    for message in load_data(str(data)).intent_examples:
        text = message.get("text")
        gold = [(e["start"], e["end"], e["entity"]) for e in message.get("entities") or []]
        doc = nlp(text.lower())  # SpacyNLP lower-cases before the pipeline
        predicted = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        gold_tokens = _token_labels(gold, doc)
        predicted_tokens = _token_labels(predicted, doc)
        gold_labels += gold_tokens
        predicted_labels += predicted_tokens
        if gold_tokens != predicted_tokens:
            errors.append(
                {
                    "text": text,
                    "entities": [{"entity": label, "value": text[s:e]} for s, e, label in gold],
                    "predicted_entities": [
                        {"entity": label, "value": text[s:e]} for s, e, label in predicted
                    ],
                }
            )
    labels = sorted(set(gold_labels) - {NO_ENTITY})
    if not labels:
        return None
    report = classification_report(
        gold_labels, predicted_labels, labels=labels, output_dict=True, zero_division=0
    )
    results.mkdir(parents=True, exist_ok=True)
    target = results / f"{EXTRACTOR}_report.json"
    target.write_text(json.dumps(report, indent=2))
    (results / f"{EXTRACTOR}_errors.json").write_text(json.dumps(errors, indent=2))
    return target


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


def _f1(report: Dict[str, object], label: str) -> Optional[float]:
    scores = report.get(label)
    return scores.get("f1-score") if isinstance(scores, dict) else None


def print_nlu_scores(results: Path, kind: str = "nlu", data: Optional[Path] = None) -> None:
    title = TITLES.get(kind, kind)
    entity_data: Optional[Path] = None
    if not list(results.glob("*Extractor_report.json")):
        for candidate in (data,) if data else DEFAULT_DATA.get(kind, ()):
            if candidate.exists() and write_entity_report(candidate, results):
                entity_data = candidate
                break
    headline = []
    intents = results / "intent_report.json"
    if intents.exists():
        report = json.loads(intents.read_text())
        _print_report(f"Intents ({title})", report)
        macro = _f1(report, "macro avg")
        if macro is not None:
            headline.append(f"intent macro-F1 {macro:.3f}")
    errors = results / "intent_errors.json"
    if errors.exists():
        count = len(json.loads(errors.read_text()))
        headline.append(f"{count} misclassified (intent_errors.json)")
    for entities in sorted(results.glob("*Extractor_report.json")):
        name = entities.name.replace("_report.json", "")
        report = json.loads(entities.read_text())
        scope = title
        if name == EXTRACTOR and entity_data is not None:
            scope = f"entity ruler, not trained: all of {entity_data}"
        _print_report(f"Entities by {name} ({scope}, token level)", report)
        region = _f1(report, HEADLINE_ENTITY)
        if region is not None:
            headline.append(f"{HEADLINE_ENTITY} F1 {region:.3f} ({name})")
    if headline:
        print(f"Summary ({title}): " + "; ".join(headline))
    else:
        print(f"No NLU reports in {results}")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in TITLES:
        sys.exit("usage: python -m tests.nlu_report nlu|crossval RESULTS_DIR [NLU_DATA]")
    print_nlu_scores(
        Path(sys.argv[2]), sys.argv[1], Path(sys.argv[3]) if len(sys.argv) == 4 else None
    )
