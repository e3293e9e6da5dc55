"""Routes to people: talking to a person, and the fallback when the assistant did not understand."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .config import contact_values
from .search import need_request_from_directory


def offer_contact_route(dispatcher: CollectingDispatcher, *, response: str, kind: str) -> None:
    """The council's contact route, as text and as a payload the widget or portal can act on."""
    contact = contact_values()
    dispatcher.utter_message(response=response, json_message={"type": kind, **contact}, **contact)


class ActionHandoff(Action):
    """There is no live-agent desk behind the chat: give the contact route, and a payload the web
    widget or portal can use to offer a call-back or open the council's contact form."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer_contact_route(dispatcher, response="utter_handoff", kind="handoff")
        return []


class ActionFallback(Action):
    """Not understood (NLU below threshold, or no rule applies): offer the directory and the council."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        redirect = await need_request_from_directory(tracker)
        if redirect:  # not understood, but the directory reads exactly one need in it: search for it
            return redirect
        offer_contact_route(dispatcher, response="utter_fallback", kind="fallback")
        return []


class ActionCoreFallback(Action):
    """No rule or story predicts what to do next: same answer as `action_fallback`, and the message is
    taken back out of the conversation so it cannot derail what follows."""

    def name(self) -> str:
        return "action_core_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer_contact_route(dispatcher, response="utter_fallback", kind="fallback")
        return [UserUtteranceReverted()]
