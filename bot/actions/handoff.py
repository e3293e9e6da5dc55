"""Routes to people: talking to a person, and the fallback when the assistant did not understand."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .config import contact_values


class ActionHandoff(Action):
    """There is no live-agent desk behind the chat: give the contact route, and a payload the web
    widget or portal can use to offer a call-back or open the council's contact form."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        contact = contact_values()
        dispatcher.utter_message(
            response="utter_handoff", json_message={"type": "handoff", **contact}, **contact
        )
        return []


class ActionFallback(Action):
    """Not understood (NLU below threshold, or no rule applies): offer the directory and the council."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        contact = contact_values()
        dispatcher.utter_message(
            response="utter_fallback", json_message={"type": "fallback", **contact}, **contact
        )
        return []


class ActionCoreFallback(Action):
    """No rule or story predicts what to do next: same answer as `action_fallback`, and the message is
    taken back out of the conversation so it cannot derail what follows."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        contact = contact_values()
        dispatcher.utter_message(
            response="utter_fallback", json_message={"type": "fallback", **contact}, **contact
        )
        return [UserUtteranceReverted()]
