"""Changing the language the assistant speaks (en, pl, ur, ar)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import latest_entities
from .i18n import LANGUAGES


class ActionChangeLanguage(Action):
    """Confirms the new language (already in the `language` slot from the message), or asks which."""

    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        requested = [v for v in latest_entities(tracker, "language") if v in LANGUAGES]
        detected = [v for v in latest_entities(tracker, "detected_language") if v in LANGUAGES and v != "en"]
        choice = (requested or detected or [None])[-1]
        if choice is None:
            dispatcher.utter_message(response="utter_ask_language")
            return []
        dispatcher.utter_message(
            response="utter_language_changed", json_message={"type": "language", "language": choice}
        )
        return [SlotSet("language", choice)]
