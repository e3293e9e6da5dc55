"""What our NLU components share: Rasa's graph boilerplate for a component that looks at each message
on its own, and the entity that stands for the whole message (a language, a crisis tier)."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class MessageComponent(GraphComponent):
    """A component that changes each message in `process_message` and leaves training data as it is.

    `create` builds it with `from_config`, from its config and the model storage it may write to.
    Abstract, and not registered with a recipe, so Rasa does not take it for a component of its own."""

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls.from_config(config, model_storage, resource)

    @classmethod
    def from_config(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> MessageComponent:
        """The component for `config`; one that needs more than its config to start builds it here."""
        return cls(config, model_storage, resource)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.process_message(message)
        return messages

    @abstractmethod
    def process_message(self, message: Message) -> None: ...

    def whole_message_entity(self, kind: str, value: str, text: str) -> dict[str, Any]:
        """An entity about the whole message, not words in it, credited to this component."""
        return {
            ENTITY_ATTRIBUTE_TYPE: kind,
            ENTITY_ATTRIBUTE_VALUE: value,
            ENTITY_ATTRIBUTE_START: 0,
            ENTITY_ATTRIBUTE_END: len(text),
            EXTRACTOR: self.__class__.__name__,
        }
