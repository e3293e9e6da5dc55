"""The crisis response: always first, fixed reviewed wording, localised, never asking about methods.

The tier and categories are the shared safety package's (`around_here_safety`), as found by the
CrisisNet component (entities `crisis_tier`, `crisis_category`); the same package gives the helplines,
so the assistant, the chat fallback and SMS answer a text alike.

- urgent: 999 first (with the silent 999-then-55 route), then the helplines for the categories;
- supportive: the listening lines for the categories, a gentle "are you safe right now?", then the
  conversation carries on.

The conversation's risk is kept in the `crisis_tier` slot (the tracker store, so it survives several
assistant instances) and never goes down within the session: after an urgent message, a later
"only joking" leaves it urgent, and a later supportive message is answered as urgent.
"""

from __future__ import annotations

from typing import Any

from around_here_safety import SUPPORTIVE, URGENT, Assessment, assess, crisis_payload, higher_tier
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import latest_entities

# Local services that may help next, offered once the resident has the helplines.
LOCAL_NEED = {"self_harm": "mental-health", "domestic_abuse": "domestic-abuse"}
SILENT_999 = "If you can't speak: 999, then 55"


def assessment_of(tracker: Tracker) -> Assessment:
    """The net's finding for the latest message: from the component's entities, else the net again."""
    text = str((tracker.latest_message or {}).get("text") or "")
    found = assess(text)
    tiers = [str(v) for v in latest_entities(tracker, "crisis_tier")]
    if not found and tiers:  # the component saw it (the text may be redacted): trust its entities
        categories = [str(v) for v in latest_entities(tracker, "crisis_category")]
        found = Assessment(tier=tiers[0], categories=categories)
    if not found:  # a crisis intent the net did not confirm: the gentle response, never 999
        found = Assessment(tier=SUPPORTIVE, categories=["self_harm"])
    return found


class ActionCrisisResponse(Action):
    def name(self) -> str:
        return "action_crisis_response"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        found = assessment_of(tracker)
        found.tier = higher_tier(found.tier, tracker.get_slot("crisis_tier"))
        shown = found.categories or ["self_harm"]
        payload: dict[str, Any] = crisis_payload(Assessment(found.tier, shown, found.about))
        payload["categories"] = found.categories
        for helpline in payload["helplines"]:
            if helpline.get("phone") == "999":
                helpline["silent"] = SILENT_999
        if found.tier == URGENT:
            dispatcher.utter_message(response="utter_crisis_intro", json_message=payload)
            if found.about == "other":
                dispatcher.utter_message(response="utter_crisis_someone_else")
            for category in shown:
                dispatcher.utter_message(response=f"utter_crisis_{category}")
        else:
            dispatcher.utter_message(response="utter_crisis_supportive", json_message=payload)
            for category in shown:
                if category != "danger":
                    dispatcher.utter_message(response=f"utter_crisis_{category}")
            dispatcher.utter_message(response="utter_crisis_are_you_safe")
        dispatcher.utter_message(response="utter_crisis_carry_on")
        events: list[EventType] = [
            SlotSet("crisis_category", found.categories),
            SlotSet("crisis_tier", found.tier),
            SlotSet("pending_offer", None),
        ]
        local_need = next((LOCAL_NEED[c] for c in shown if c in LOCAL_NEED), None)
        if local_need and "danger" not in found.categories and "child_at_risk" not in found.categories:
            dispatcher.utter_message(response="utter_crisis_offer_local")
            events += [SlotSet("need", local_need), SlotSet("pending_offer", "local_support")]
        return events
