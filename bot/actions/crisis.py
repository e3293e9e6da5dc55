"""The crisis response: always first, the same every time, localised, never asking about methods.

Which helplines are given depends on the categories the safety net matched (entities
`crisis_category`); a crisis the statistical model recognised without a pattern match gets the
general response (999 and Samaritans/Shout). The wording is in the catalogs (utter_crisis_*).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import latest_entities

CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")
HELPLINES_FILE = Path(__file__).resolve().parent.parent / "safety" / "helplines.yml"


def _load_helplines() -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    data = yaml.safe_load(HELPLINES_FILE.read_text(encoding="utf-8"))
    helplines = {key: dict(value) for key, value in data["helplines"].items()}
    helplines["emergency"]["silent"] = "If you can't speak: 999, then 55"
    return helplines, {category: list(keys) for category, keys in data["by_category"].items()}


# Read at import (the action server's start): a missing or broken file stops it starting, which is
# better than a crisis response without numbers.
HELPLINES, BY_CATEGORY = _load_helplines()
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
