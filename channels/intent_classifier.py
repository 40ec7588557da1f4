"""The intent classifier of config.yml: Rasa 3.6's LogisticRegressionClassifier
(one linear model over the sentence's sparse features: word counts, character
n-gram counts, lookup-table matches), with its fixed choices made settable, its
weights stored as plain arrays, and empty messages handled.

- `class_weight` (Rasa fixes "balanced"): balancing weighs each example of a
  rare intent up and each of a common one down. `inform`, the intake's answers,
  has the most examples because answers come in the most forms, and balanced it
  misread its own short training examples ("I don't know" as stop). `null`
  (the default here) weighs every example the same.
- `C` (Rasa fixes 1.0): the inverse strength of the regularisation.
- `solver`: liblinear by default (one model per intent; fits in 0.1 s).
- Stored as arrays (`numpy.savez`, read back without pickle) instead of with
  skops: the same safety for a model file from elsewhere, and skops' import
  alone (it imports every public module of scikit-learn) took 4.6 s of every
  training, and again whenever a server loads the model.
- A message without features (an empty or blank text) gets no intent, as DIET
  gives it, so the FallbackClassifier answers it; Rasa's raised an error and
  the person got no reply.

Figures: bench/README.md and config.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.sparse import csr_matrix, hstack
from scipy.special import expit

WEIGHTS_FILE = "weights.npz"


def _has_features(message: Message) -> bool:
    sparse, dense = message.get_sparse_features(TEXT)[1], message.get_dense_features(TEXT)[1]
    return sparse is not None or dense is not None


def _sentence_features(message: Message) -> Optional[csr_matrix]:
    """The message's sentence features as one row, as Rasa's `_create_X` makes
    it; None when it has none (an empty or blank text)."""
    sparse, dense = message.get_sparse_features(TEXT)[1], message.get_dense_features(TEXT)[1]
    if sparse is None and dense is None:
        return None
    if dense is None:
        return csr_matrix(sparse.features)
    return hstack(
        [
            csr_matrix(sparse.features if sparse else []),
            csr_matrix(dense.features),
        ]
    ).tocsr()


def _set_no_intent(message: Message) -> None:
    message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
    message.set("intent_ranking", [], add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier with `class_weight` and `C` settable."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "solver": "liblinear",
            "class_weight": None,
            "C": 1.0,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(class_weight=self.config["class_weight"], C=self.config["C"])

    def process(self, messages: List[Message]) -> List[Message]:
        """As Rasa's, but a message without features gets no intent, and each
        message's features are combined once (Rasa's combined them three times a
        message, a tenth of the server's time per turn in `make bench`)."""
        if not self._linear_one_vs_rest():
            return self._process_as_rasa(messages)
        for message in messages:
            features = _sentence_features(message)
            if features is None:
                _set_no_intent(message)
                continue
            ranking = sorted(
                zip(self.clf.classes_, self._probabilities(features)[0]), key=lambda e: -e[1]
            )
            intents = [{"name": name, "confidence": p} for name, p in ranking]
            message.set(INTENT, intents[0], add_to_output=True)
            if self.config[RANKING_LENGTH] > 0:
                intents = intents[: self.config[RANKING_LENGTH]]
            message.set("intent_ranking", intents, add_to_output=True)
        return messages

    def _linear_one_vs_rest(self) -> bool:
        """Whether the model's probabilities are scikit-learn's one-vs-rest ones
        (liblinear, more than two intents), which `_probabilities` computes."""
        return self.clf.solver == "liblinear" and len(getattr(self.clf, "classes_", ())) > 2

    def _probabilities(self, features: csr_matrix) -> np.ndarray:
        """`LogisticRegression.predict_proba` for one-vs-rest, without its per-call
        input checks: the logistic of each intent's score, normalised."""
        scores = np.asarray(features @ self.clf.coef_.T) + self.clf.intercept_
        probabilities = expit(scores)
        probabilities /= probabilities.sum(axis=1).reshape((probabilities.shape[0], -1))
        return probabilities

    def _process_as_rasa(self, messages: List[Message]) -> List[Message]:
        readable = [message for message in messages if _has_features(message)]
        for message in messages:
            if not _has_features(message):
                _set_no_intent(message)
        if readable:
            super().process(readable)
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(
                model_dir / WEIGHTS_FILE,
                coef=self.clf.coef_,
                intercept=self.clf.intercept_,
                classes=np.asarray(self.clf.classes_, dtype=str),
            )

    def _restore(self, weights: Dict[Text, np.ndarray]) -> None:
        self.clf.coef_ = weights["coef"]
        self.clf.intercept_ = weights["intercept"]
        self.clf.classes_ = weights["classes"]
        self.clf.n_features_in_ = self.clf.coef_.shape[1]

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        component = cls(config, execution_context.node_name, model_storage, resource)
        weights: Optional[Dict[Text, np.ndarray]] = None
        try:
            with model_storage.read_from(resource) as model_dir:
                with np.load(model_dir / WEIGHTS_FILE, allow_pickle=False) as stored:
                    weights = {key: stored[key] for key in stored.files}
        except ValueError:
            pass  # nothing was trained (no intent examples): as Rasa's, an untrained one
        if weights is not None:
            component._restore(weights)
        return component
