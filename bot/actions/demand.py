"""The `Around-Here-Demand` header: which directory calls are a resident's own request, for insight.

The directory counts demand (what residents ask for, by need, neighbourhood, channel and language) from
the calls that carry this header: the first search of a resident's request in a turn and the opening of
a result's details. Helper look-ups (need and place probes, retries, "more") carry none, so each request
is counted once. The header holds only the channel, the language and, for details, the need and
neighbourhood slugs of the search the result came from: never words, ids or anything about the person.

A message the crisis net flagged is never demand: the directory must not be able to link a crisis to a
need or a neighbourhood.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from .common import language_of, latest_entities, latest_intent, need_slug

HEADER = "Around-Here-Demand"

# metadata.channel as the relays send it -> the directory's channel name
CHANNELS = {"web": "widget", "sms": "sms"}
CRISIS_INTENT = "crisis"
# slugs and codes only: nothing that could break the pairs (or the header) gets through
_VALUE = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """The channel's metadata of the latest message (the user event keeps it; the parse data may not)."""
    metadata = (tracker.latest_message or {}).get("metadata")
    if isinstance(metadata, dict) and metadata:
        return metadata
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            found = event.get("metadata")
            return found if isinstance(found, dict) else {}
    return {}


def channel_of(tracker: Tracker) -> str | None:
    """The channel the directory counts: "widget" (web chat), "sms", or None for any other way in."""
    return CHANNELS.get(str(message_metadata(tracker).get("channel") or "").strip().casefold())


def is_crisis_turn(tracker: Tracker) -> bool:
    """The crisis net flagged the latest message (its component sets the intent and a tier entity)."""
    return latest_intent(tracker) == CRISIS_INTENT or bool(latest_entities(tracker, "crisis_tier"))


def demand(
    tracker: Tracker, *, need: str | None = None, neighbourhood: str | None = None
) -> dict[str, str] | None:
    """The header's fields for a resident's own request, or None when it must not be marked (a crisis).

    Unknown fields are left out rather than guessed."""
    if is_crisis_turn(tracker):
        return None
    fields = {
        "channel": channel_of(tracker),
        "language": language_of(tracker),
        "need": need_slug(need),
        "neighbourhood": str(neighbourhood).strip() if neighbourhood else None,
    }
    return {key: value for key, value in fields.items() if value}


def details_demand(tracker: Tracker) -> dict[str, str] | None:
    """Demand for opening a shown result: with the need and neighbourhood of the search it came from.

    The neighbourhood slot belongs to the place searched; results found without a place (borough-wide
    and national ones) have no neighbourhood."""
    state = tracker.get_slot("results") or {}
    if not isinstance(state, dict):
        state = {}
    need = state.get("need") if state else tracker.get_slot("need")
    neighbourhood = tracker.get_slot("neighbourhood") if state.get("place") else None
    return demand(tracker, need=need, neighbourhood=neighbourhood)


def header_value(fields: dict[str, str]) -> str:
    """`channel=sms, language=pl`: the contract's comma-separated key=value pairs."""
    return ", ".join(f"{key}={value}" for key, value in fields.items() if _VALUE.fullmatch(value))
