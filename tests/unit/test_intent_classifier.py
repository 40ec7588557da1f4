"""channels/intent_classifier.py: Rasa's logistic-regression intent classifier with
every example weighed the same, and its weights stored without pickle."""

from __future__ import annotations

import sys
from typing import List, Sequence, Tuple

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from channels.intent_classifier import WEIGHTS_FILE, LinearIntentClassifier

# Three sentence features, like three words: "hurts", "don't know", "stop".
HURTS, DONT_KNOW, STOP = (1, 0, 0), (0, 1, 0), (0, 0, 1)


def _message(text: str, features: Sequence[float], intent: str = "") -> Message:
    message = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    sentence = scipy.sparse.coo_matrix(np.array([features], dtype=float))
    message.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, TEXT, "test"))
    return message


def _add(a: Sequence[float], b: Sequence[float]) -> Tuple[float, ...]:
    return tuple(x + y for x, y in zip(a, b))


def _answers_and_a_few_stops() -> TrainingData:
    """Many answers, a few of them "I don't know"; a few stops, some "don't
    want to go on" (sharing the "don't" of "don't know")."""
    examples: List[Message] = []
    examples += [_message(f"it hurts {i}", HURTS, "inform") for i in range(40)]
    examples += [_message(f"I don't know {i}", DONT_KNOW, "inform") for i in range(2)]
    examples += [_message(f"stop {i}", STOP, "stop") for i in range(2)]
    examples += [_message(f"don't go on {i}", _add(DONT_KNOW, STOP), "stop") for i in range(4)]
    return TrainingData(examples)


def _classifier(folder, **config) -> LinearIntentClassifier:
    folder.mkdir(parents=True, exist_ok=True)
    storage = LocalModelStorage(folder)
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    return LinearIntentClassifier.create(
        {**LinearIntentClassifier.get_default_config(), **config},
        storage,
        Resource("intent_classifier"),
        context,
    )


def _predict(classifier: LinearIntentClassifier, features: Sequence[float]) -> str:
    message = _message("?", features)
    classifier.process([message])
    return message.get(INTENT)["name"]


def test_every_example_weighs_the_same_by_default(tmp_path):
    classifier = _classifier(tmp_path)
    assert classifier.clf.get_params()["class_weight"] is None
    assert classifier.clf.get_params()["C"] == 1.0
    configured = _classifier(tmp_path, class_weight="balanced", C=3.0)
    assert configured.clf.get_params()["class_weight"] == "balanced"
    assert configured.clf.get_params()["C"] == 3.0


def test_a_short_answer_of_the_common_intent_is_not_outvoted(tmp_path):
    # Balanced, each stop example counts seven times an answer, and "I don't
    # know" is read as stop. Weighed the same, it stays an answer.
    data = _answers_and_a_few_stops()
    plain = _classifier(tmp_path / "plain")
    plain.train(data)
    assert _predict(plain, DONT_KNOW) == "inform"
    assert _predict(plain, STOP) == "stop"
    balanced = _classifier(tmp_path / "balanced", class_weight="balanced")
    balanced.train(data)
    assert _predict(balanced, DONT_KNOW) == "stop"


def test_weights_load_back_without_pickle_or_skops(tmp_path, monkeypatch):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    resource = Resource("intent_classifier")
    config = LinearIntentClassifier.get_default_config()
    trained = LinearIntentClassifier.create(config, storage, resource, context)
    trained.train(_answers_and_a_few_stops())
    with storage.read_from(resource) as folder:
        with np.load(folder / WEIGHTS_FILE, allow_pickle=False) as stored:
            assert set(stored.files) == {"coef", "intercept", "classes"}
    monkeypatch.setitem(sys.modules, "skops", None)  # importing it would fail
    monkeypatch.setitem(sys.modules, "skops.io", None)
    loaded = LinearIntentClassifier.load(config, storage, resource, context)
    for features in (HURTS, DONT_KNOW, STOP, _add(HURTS, STOP)):
        before, after = _message("a", features), _message("a", features)
        trained.process([before])
        loaded.process([after])
        assert after.get(INTENT) == before.get(INTENT)
        assert after.get("intent_ranking") == pytest.approx(before.get("intent_ranking"))


def test_nothing_trained_loads_as_an_untrained_classifier(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    config = LinearIntentClassifier.get_default_config()
    loaded = LinearIntentClassifier.load(config, storage, Resource("never_trained"), context)
    assert not hasattr(loaded.clf, "coef_")


def test_a_message_without_features_gets_no_intent_and_so_the_fallback(tmp_path):
    # An empty or blank text has no features: Rasa's classifier failed on it (no
    # reply at all); DIET gives no intent, and the FallbackClassifier then answers.
    classifier = _classifier(tmp_path)
    classifier.train(_answers_and_a_few_stops())
    empty, spoken = Message(data={TEXT: ""}), _message("it hurts", HURTS)
    classifier.process([empty, spoken])
    assert empty.get(INTENT) == {"name": None, "confidence": 0.0}
    assert empty.get("intent_ranking") == []
    assert spoken.get(INTENT)["name"] == "inform"


def test_probabilities_are_scikit_learns_without_its_per_call_checks(tmp_path):
    """The one-pass process gives the intents, rankings and confidences of Rasa's
    (scikit-learn's predict_proba), for three intents and mixed features."""
    examples = list(_answers_and_a_few_stops().training_examples)
    examples += [_message(f"why {i}", (0.5, 0, 0.5), "why") for i in range(5)]
    classifier = _classifier(tmp_path / "m")
    classifier.train(TrainingData(examples))
    for features in (HURTS, DONT_KNOW, STOP, _add(DONT_KNOW, STOP), (0.5, 0, 0.5), (2, 1, 0)):
        ours, rasas = _message("?", features), _message("?", features)
        classifier.process([ours])
        classifier._process_as_rasa([rasas])
        assert ours.get(INTENT)["name"] == rasas.get(INTENT)["name"]
        ranked_ours = [(e["name"], e["confidence"]) for e in ours.get("intent_ranking")]
        ranked_rasas = [(e["name"], e["confidence"]) for e in rasas.get("intent_ranking")]
        assert [name for name, _ in ranked_ours] == [name for name, _ in ranked_rasas]
        assert np.allclose(
            [p for _, p in ranked_ours], [p for _, p in ranked_rasas], rtol=0, atol=1e-12
        )
