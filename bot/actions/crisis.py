"""The crisis response: always first, the same every time, localised, never asking about methods.

Which helplines are given depends on the categories the safety net matched (entities
`crisis_category`); a crisis the statistical model recognised without a pattern match gets the
general response (999 and Samaritans/Shout). The wording is in the catalogs (utter_crisis_*).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import latest_entities

CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")
HELPLINES = {
    "emergency": {"name": "Emergency services", "phone": "999", "silent": "If you can't speak: 999, then 55"},
    "samaritans": {"name": "Samaritans", "phone": "116 123", "hours": "24/7", "free": True},
    "shout": {"name": "Shout", "sms": "85258", "sms_text": "SHOUT", "hours": "24/7", "free": True},
    "ndah": {
        "name": "National Domestic Abuse Helpline",
        "phone": "0808 2000 247",
        "hours": "24/7",
        "free": True,
    },
    "childline": {"name": "Childline", "phone": "0800 1111", "hours": "24/7", "free": True},
}
BY_CATEGORY = {
    "self_harm": ["samaritans", "shout"],
    "danger": [],
    "domestic_abuse": ["ndah"],
    "child_at_risk": ["childline"],
}
# Local services that may help next, offered once the resident has the helplines.
LOCAL_NEED = {"self_harm": "mental-health", "domestic_abuse": "domestic-abuse"}


def crisis_categories(tracker: Tracker) -> list[str]:
    found = [str(v) for v in latest_entities(tracker, "crisis_category")]
    return [c for c in CATEGORIES if c in found]


class ActionCrisisResponse(Action):
    def name(self) -> str:
        return "action_crisis_response"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        categories = crisis_categories(tracker)
        # Caught by the statistical model only: the general response.
        shown = categories or ["self_harm"]
        helplines = ["emergency"] + [h for c in shown for h in BY_CATEGORY[c]]
        dispatcher.utter_message(
            response="utter_crisis_intro",
            json_message={
                "type": "crisis",
                "categories": categories,
                "helplines": [HELPLINES[h] for h in dict.fromkeys(helplines)],
            },
        )
        for category in shown:
            dispatcher.utter_message(response=f"utter_crisis_{category}")
        dispatcher.utter_message(response="utter_crisis_carry_on")
        events: list[EventType] = [SlotSet("crisis_category", categories), SlotSet("pending_offer", None)]
        local_need = next((LOCAL_NEED[c] for c in shown if c in LOCAL_NEED), None)
        if local_need and "danger" not in categories and "child_at_risk" not in categories:
            dispatcher.utter_message(response="utter_crisis_offer_local")
            events += [SlotSet("need", local_need), SlotSet("pending_offer", "local_support")]
        return events
