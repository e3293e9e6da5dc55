"""Crisis safety net: a deterministic Rasa graph component that runs after the intent classifiers.

When a message matches the reviewed patterns in `bot/safety/crisis_<lang>.yml`, the intent becomes
`crisis` with confidence 1.0, whatever the statistical model (or the FallbackClassifier) said, and the
matched categories are recorded:

- as `crisis_category` entities, one per category, most urgent first (extractor `CrisisNet`), which
  reach the tracker, the `crisis_category` slot (a list) and the actions;
- as `crisis` in the parse data: {"categories": [...], "languages": [...], "rules": [...]}, for logs.

The pattern files are read when the assistant starts, so reviewed changes need a restart, not a
retrain. A malformed file stops the assistant from starting (better than a silently broken net).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from .crisis_patterns import CrisisMatcher

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
CATEGORY_ENTITY = "crisis_category"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisNet(GraphComponent, IntentClassifier):
    """Overrides the intent with `crisis` (confidence 1.0) when reviewed crisis patterns match."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Folder with crisis_<lang>.yml files; relative paths are from the working directory.
            # Empty: bot/safety next to this package.
            "safety_dir": "",
            "intent": CRISIS_INTENT,
        }

    def __init__(self, config: dict[str, Any], matcher: CrisisMatcher) -> None:
        self.component_config = config
        self.matcher = matcher

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisNet:
        matcher = CrisisMatcher.from_directory(config.get("safety_dir") or None)
        logger.info(
            "crisis safety net: %d rules, %d exclusions, languages %s",
            len(matcher.rules),
            len(matcher.exclusions),
            ", ".join(matcher.languages),
        )
        return cls(config, matcher)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        found = self.matcher.match(text)
        if not found:
            return
        intent_name = self.component_config.get("intent", CRISIS_INTENT)
        previous = message.get(INTENT) or {}
        intent = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [
            dict(item)
            for item in (message.get(INTENT_RANKING_KEY) or [])
            if item.get(INTENT_NAME_KEY) != intent_name
        ]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
        entities = [
            e for e in (message.get(ENTITIES) or []) if e.get(ENTITY_ATTRIBUTE_TYPE) != CATEGORY_ENTITY
        ]
        entities += [
            {
                ENTITY_ATTRIBUTE_TYPE: CATEGORY_ENTITY,
                ENTITY_ATTRIBUTE_VALUE: category,
                ENTITY_ATTRIBUTE_START: 0,
                ENTITY_ATTRIBUTE_END: len(text),
                EXTRACTOR: self.__class__.__name__,
            }
            for category in found.categories
        ]
        message.set(ENTITIES, entities, add_to_output=True)
        message.set(
            "crisis",
            {
                "categories": found.categories,
                "languages": found.languages,
                "rules": [f"{rule.language}:{rule.category}:{rule.source}" for rule in found.rules],
                "model_intent": previous.get(INTENT_NAME_KEY),
            },
            add_to_output=True,
        )
        logger.info("crisis safety net matched: %s", ", ".join(found.categories))
