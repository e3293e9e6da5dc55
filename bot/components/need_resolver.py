"""Need resolver: turns the words a resident used for a need into one of the directory's 16 need slugs.

DIET finds *where* the need is in a message ("I need a [job]", "[ESOL] classes"), and the synonym
table maps the phrases it has seen to slugs. Residents use far more words than any table holds, so an
unmapped phrase ("jobb", "smartphone", "ما عنا شي ناكله") used to reach the action server as raw text.
This component, after EntitySynonymMapper, classifies such a phrase with a character n-gram model
trained on every annotated need phrase, every synonym and every `find_help` message of the training
data, in all languages. When a `find_help` message has no need entity at all, the whole message is
classified instead (stricter threshold), so "I need a job" does not make the assistant ask again.

Below the confidence threshold the phrase is left as it was: the search action then asks the
directory's own vocabulary (/api/search reports `needs_detected`), and failing that asks the resident.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.needs import NEED_SLUGS

from .common import MessageComponent

logger = logging.getLogger(__name__)

MODEL_FILE = "need_resolver.pkl"


def _classifier() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True),
            ),
            (
                "words",
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True),
            ),
        ]
    )
    return Pipeline([("features", features), ("model", LogisticRegression(C=20, max_iter=2000))])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class NeedResolver(MessageComponent, EntityExtractorMixin):
    """Maps `need` entities (and needless `find_help` messages) to need slugs; see the module docstring."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "entity": "need",
            "intent": "find_help",
            # Probabilities are spread over 16 needs, so these are low. A phrase the extractor marked as
            # a need: a guess beats asking again. A whole message with no need marked: stricter. Both
            # chosen on the held-out need F1 (0.2/0.3 scored 0.774 against 0.763 for 0.35/0.5).
            "phrase_threshold": 0.2,
            "message_threshold": 0.3,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Any | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource)
        self.classifier = classifier

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NeedResolver:
        classifier = None
        try:
            with model_storage.read_from(resource) as directory:
                classifier = pickle.loads((directory / MODEL_FILE).read_bytes())  # noqa: S301 (our own model)
        except (ValueError, FileNotFoundError):
            logger.warning("need resolver: no trained classifier in the model; needs are left as extracted")
        return cls(config, model_storage, resource, classifier)

    # ----- training -----

    def samples(self, training_data: TrainingData) -> tuple[list[str], list[str]]:
        """(text, slug) pairs: need phrases, synonyms and single-need `find_help` messages."""
        entity, intent = self.component_config["entity"], self.component_config["intent"]
        synonyms = {str(k).casefold(): str(v) for k, v in (training_data.entity_synonyms or {}).items()}
        texts: list[str] = []
        labels: list[str] = []
        for phrase, slug in synonyms.items():
            if slug in NEED_SLUGS:
                texts.append(phrase)
                labels.append(slug)
        for example in training_data.training_examples:
            text = example.get(TEXT) or ""
            slugs = set()
            for found in example.get(ENTITIES) or []:
                if found.get(ENTITY_ATTRIBUTE_TYPE) != entity:
                    continue
                value = str(found.get(ENTITY_ATTRIBUTE_VALUE))
                slug = value if value in NEED_SLUGS else synonyms.get(value.casefold())
                if slug not in NEED_SLUGS:
                    continue
                slugs.add(slug)
                start, end = found.get(ENTITY_ATTRIBUTE_START), found.get(ENTITY_ATTRIBUTE_END)
                if start is not None and end is not None and text[start:end].strip():
                    texts.append(text[start:end])
                    labels.append(slug)
            if example.get(INTENT) == intent and len(slugs) == 1:
                texts.append(text)
                labels.append(slugs.pop())
        return texts, labels

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = self.samples(training_data)
        if len(set(labels)) < 2:
            logger.warning("need resolver: fewer than two needs in the training data; not trained")
            return self._resource
        self.classifier = _classifier().fit(texts, labels)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_bytes(pickle.dumps(self.classifier))
        logger.info("need resolver: trained on %d samples, %d needs", len(texts), len(set(labels)))
        return self._resource

    # ----- inference -----

    def best(self, text: str) -> tuple[str, float]:
        probabilities = self.classifier.predict_proba([text])[0]
        index = int(probabilities.argmax())
        return str(self.classifier.classes_[index]), float(probabilities[index])

    def process_message(self, message: Message) -> None:
        if self.classifier is None:
            return
        entity = self.component_config["entity"]
        text = message.get(TEXT) or ""
        entities = list(message.get(ENTITIES) or [])
        needs = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) == entity]
        changed = False
        for found in needs:
            if str(found.get(ENTITY_ATTRIBUTE_VALUE)) in NEED_SLUGS:
                continue
            start, end = found.get(ENTITY_ATTRIBUTE_START), found.get(ENTITY_ATTRIBUTE_END)
            phrase = text[start:end] if start is not None and end is not None else str(found.get("value"))
            slug, confidence = self.best(phrase)
            if confidence >= self.component_config["phrase_threshold"]:
                found[ENTITY_ATTRIBUTE_VALUE] = slug
                found.setdefault("processors", []).append(self.__class__.__name__)
                changed = True
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if not needs and intent == self.component_config["intent"] and text.strip():
            slug, confidence = self.best(text)
            if confidence >= self.component_config["message_threshold"]:
                # no start/end: the resident's words were not a need phrase, so they are not a query
                entities.append(
                    {
                        ENTITY_ATTRIBUTE_TYPE: entity,
                        ENTITY_ATTRIBUTE_VALUE: slug,
                        "confidence_entity": round(confidence, 3),
                        EXTRACTOR: self.__class__.__name__,
                    }
                )
                changed = True
        if changed:
            message.set(ENTITIES, entities, add_to_output=True)
