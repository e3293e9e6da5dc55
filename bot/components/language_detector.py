"""Adds a `detected_language` entity (en/pl/ur/ar) to each message, which fills the `language` slot.

Order of precedence for the resident's language, highest first:
1. an explicit request in the message ("po polsku", "English please": the `language` entity that the
   `change_language` intent carries; it is the slot's first mapping);
2. `metadata.language` sent by the channel (the web widget's or portal's language) — this component;
3. the message's script and tell-tale words (`language_id.detect`) — this component.
Nothing is emitted for English-looking text without metadata, so a conversation is never switched back
to English by guesswork.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_TYPE, TEXT
from rasa.shared.nlu.training_data.message import Message

from .common import MessageComponent
from .language_id import LANGUAGES, detect

ENTITY = "detected_language"


def language_from_metadata(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return None
    value = metadata.get("language") or metadata.get("lang") or metadata.get("locale")
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(MessageComponent):
    """Emits `detected_language` from message metadata or the message's script and words."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"use_metadata": True, "use_script": True}

    def process_message(self, message: Message) -> None:
        language = None
        if self.component_config.get("use_metadata", True):
            language = language_from_metadata(message.get("metadata"))
        if language is None and self.component_config.get("use_script", True):
            language = detect(message.get(TEXT) or "")
        if language is None:
            return
        text = message.get(TEXT) or ""
        entities = [e for e in (message.get(ENTITIES) or []) if e.get(ENTITY_ATTRIBUTE_TYPE) != ENTITY]
        entities.append(self.whole_message_entity(ENTITY, language, text))
        message.set(ENTITIES, entities, add_to_output=True)
