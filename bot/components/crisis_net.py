"""Crisis safety net: a deterministic Rasa graph component that runs after the intent classifiers.

The decision is the shared safety package's (`around_here_safety`, bot/safety), the same one the web
chat fallback and SMS use, so every channel gives the same tier for the same text. When the net finds
a crisis, the intent becomes `crisis` with confidence 1.0, whatever the statistical model said, and
what it found is recorded:

- as entities: one `crisis_category` per category, most urgent first, and one `crisis_tier`
  (`urgent` or `supportive`), which reach the slots and the actions (extractor `CrisisNet`);
- as `crisis` in the parse data: {"tier", "categories", "about", "languages", "rules"}, for logs.

When the model says `crisis` and the net does not, the model is overruled (the next intent it ranked
wins): models only classify, and a look-alike such as "my cat died" must not get 999 in the assistant
when it does not get it in SMS. A malformed rule file stops the assistant from starting.
"""

from __future__ import annotations

import logging
from typing import Any

from around_here_safety import CrisisNet as SafetyNet
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from .common import MessageComponent

logger = logging.getLogger(__name__)

CRISIS_INTENT = "crisis"
CATEGORY_ENTITY = "crisis_category"
TIER_ENTITY = "crisis_tier"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisNet(MessageComponent, IntentClassifier):
    """Overrides the intent with `crisis` (confidence 1.0) when the reviewed safety net finds a crisis."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Folder with crisis_<lang>.yml files; relative paths are from the working directory.
            # Empty: the reviewed files installed with the around_here_safety package.
            "safety_dir": "",
            "intent": CRISIS_INTENT,
        }

    def __init__(self, config: dict[str, Any], net: SafetyNet) -> None:  # nothing to store in the model
        self.component_config = config
        self.net = net

    @classmethod
    def from_config(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> CrisisNet:
        net = SafetyNet.from_directory(config.get("safety_dir") or None)
        logger.info(
            "crisis safety net: %d rules, %d exclusions, languages %s",
            len(net.rules.rules),
            len(net.rules.exclusions),
            ", ".join(net.languages),
        )
        return cls(config, net)

    def process_message(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        found = self.net.assess(text)
        intent_name = self.component_config.get("intent", CRISIS_INTENT)
        previous = message.get(INTENT) or {}
        ranking = [
            dict(item)
            for item in (message.get(INTENT_RANKING_KEY) or [])
            if item.get(INTENT_NAME_KEY) != intent_name
        ]
        entities = [
            e
            for e in (message.get(ENTITIES) or [])
            if e.get(ENTITY_ATTRIBUTE_TYPE) not in (CATEGORY_ENTITY, TIER_ENTITY)
        ]
        if not found:
            if previous.get(INTENT_NAME_KEY) == intent_name:  # the model alone: overruled
                fallback = ranking[0] if ranking else {INTENT_NAME_KEY: "nlu_fallback", PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, dict(fallback), add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking or [dict(fallback)], add_to_output=True)
            return
        intent = {INTENT_NAME_KEY: intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)
        entities += [self.whole_message_entity(TIER_ENTITY, found.tier, text)]
        entities += [
            self.whole_message_entity(CATEGORY_ENTITY, category, text) for category in found.categories
        ]
        message.set(ENTITIES, entities, add_to_output=True)
        message.set(
            "crisis",
            {
                "tier": found.tier,
                "categories": found.categories,
                "about": found.about,
                "languages": found.languages,
                "rules": [f"{rule.language}:{rule.kind}:{rule.source}" for rule in found.rules],
                "model_intent": previous.get(INTENT_NAME_KEY),
            },
            add_to_output=True,
        )
        logger.info("crisis safety net: %s %s", found.tier, ", ".join(found.categories))
