"""The search: the form that collects a need and a place, and the results (top 3, then "more")."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import (
    NEED_SLUGS,
    english_place_name,
    entity_surface,
    is_near_me,
    language_of,
    latest_entities,
    latest_intent,
    place_from_message,
)
from .config import contact_values, settings
from .directory_client import DirectoryBadRequest, DirectoryUnavailable, directory
from .formatting import results_text, service_card
from .i18n import need_label

logger = logging.getLogger(__name__)


def need_text_label(need: str | None, language: str) -> str:
    """A need's name for use inside a sentence ("food", „Jedzenie”, or the resident's own words)."""
    if not need:
        return ""
    if need in NEED_SLUGS:
        label = need_label(need, language)
        if language == "en":
            return label[:1].lower() + label[1:]
        if language == "pl":
            return f"„{label}”"
        return label
    return f"“{need}”"


def search_params(need: str | None, query: str | None = None) -> dict[str, str | None]:
    """A recognised need is a filter (with the resident's words to rank by); anything else is words."""
    if need in NEED_SLUGS:
        return {"need": need, "q": query or None}
    return {"need": None, "q": need}


async def search(
    need: str | None, query: str | None, place: str | None, page: int = 1, per_page: int | None = None
) -> dict[str, Any]:
    """Search with the resident's words as well as the need; if the words match nothing within the
    need (they filter), search the need alone."""
    body = await directory().search(**search_params(need, query), place=place, page=page, per_page=per_page)
    if query and need in NEED_SLUGS and not body.get("total"):
        body = await directory().search(**search_params(need), place=place, page=page, per_page=per_page)
        body["_query_dropped"] = True
    return body


def unreachable(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_directory_unreachable", **contact_values())


class ActionPrepareSearch(Action):
    """Runs before the form: a new request without a need forgets the old need; offers are reset."""

    def name(self) -> str:
        return "action_prepare_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SlotSet("pending_offer", None)]
        form_active = (tracker.active_loop or {}).get("name") == "search_form"
        if latest_intent(tracker) == "find_help" and not latest_entities(tracker, "need") and not form_active:
            events += [SlotSet("need", None), SlotSet("need_query", None)]
        if latest_entities(tracker, "place"):
            events += [SlotSet("place_label", None), SlotSet("neighbourhood", None)]
        return events


class ValidateSearchForm(FormValidationAction):
    def name(self) -> str:
        return "validate_search_form"

    async def validate_need(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = str(slot_value or "").strip()
        if not value:
            return {"need": None}
        if value in NEED_SLUGS:
            # the resident's own words ("food bank") help the directory rank within the need
            surface = entity_surface(tracker, "need", value)
            return {"need": value, "need_query": surface if surface and surface.casefold() != value else None}
        # Not one of our needs as such: let the directory's vocabulary (typos, colloquialisms) decide.
        try:
            body = await directory().search(q=value, per_page=1)
        except (DirectoryUnavailable, DirectoryBadRequest):
            return {"need": value}
        detected = [slug for slug in body.get("needs_detected") or [] if slug in NEED_SLUGS]
        if detected:
            return {"need": detected[0], "need_query": value}
        from_entity = value in [str(v) for v in latest_entities(tracker, "need")]
        if from_entity and body.get("total"):
            return {"need": value, "need_query": None}
        dispatcher.utter_message(response="utter_need_unknown", need_text=value[:80])
        return {"need": None}

    async def validate_place(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        value = str(slot_value or "").strip()
        if value in [str(v) for v in latest_entities(tracker, "place")]:
            # "Cheadle" + "Hulme" tagged apart: take the whole place as written
            value = place_from_message(tracker) or value
        if not value:
            return {"place": None}
        if is_near_me(value):
            return {"place": None, "near_me": True}
        value = english_place_name(value) or value
        try:
            resolved = await directory().resolve_place(value)
            if resolved is None:
                # a sentence ("I live in Reddish, near the park"): the search finds places in text
                body = await directory().search(q=value, per_page=1)
                found = body.get("place")
                if found:
                    resolved = {"query": found.get("query") or value, **found}
                    value = resolved["query"]
        except (DirectoryUnavailable, DirectoryBadRequest):
            # Keep what they said; the search will say if the directory is still unreachable.
            return {"place": value, "place_label": value, "near_me": False}
        if not resolved:
            if not latest_entities(tracker, "need"):
                # (a message naming a need instead is not a place: the form just asks again)
                dispatcher.utter_message(response="utter_place_unknown", place_text=value[:80])
            return {"place": None}
        return {
            "place": value,
            "place_label": resolved.get("label") or value,
            "neighbourhood": resolved.get("neighbourhood"),
            "near_me": False,
        }


class ActionAskPlace(Action):
    """Asks where the resident is; "near me" gets a prompt for a postcode or area."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        near_me = tracker.get_slot("near_me") or any(is_near_me(v) for v in latest_entities(tracker, "place"))
        dispatcher.utter_message(response="utter_ask_place_near_me" if near_me else "utter_ask_place")
        return []


async def present(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    body: dict[str, Any],
    *,
    mode: str,
    need: str | None,
    place: str | None,
    query: str | None = None,
) -> list[EventType]:
    """Utter a page of results (or say honestly that there are none) and remember the search."""
    language = language_of(tracker)
    results = body.get("results") or []
    page, pages = int(body.get("page") or 1), int(body.get("pages") or 0)
    per_page = int(body.get("per_page") or settings().per_page)
    place_info = body.get("place") or {}
    place_label = place_info.get("label") or tracker.get_slot("place_label") or place or ""
    label = need_text_label(need, language)
    state = {
        "need": need,
        "query": None if body.get("_query_dropped") else query,
        "place": place,
        "page": page,
        "pages": pages,
        "total": body.get("total", 0),
        "per_page": per_page,
        "mode": mode,
    }
    if not results:
        if page > 1:
            dispatcher.utter_message(response="utter_no_more_results")
            return [SlotSet("pending_offer", None), SlotSet("results", state)]
        if place and mode == "near":
            dispatcher.utter_message(response="utter_no_results", need_label=label, place_label=place_label)
            return [
                SlotSet("pending_offer", "boroughwide"),
                SlotSet("results", state),
                SlotSet("last_results", []),
            ]
        dispatcher.utter_message(response="utter_no_results_anywhere", **contact_values())
        return [SlotSet("pending_offer", None), SlotSet("results", state), SlotSet("last_results", [])]

    start = (page - 1) * per_page + 1
    shown = list(tracker.get_slot("last_results") or []) if mode == "more" else []
    # numbering continues across pages, so "details 4" works after "more"
    shown = shown[: start - 1] + [r["id"] for r in results]
    payload = {
        "type": "services",
        "need": need,
        "place": place_label or None,
        "in_area": place_info.get("in_area") if place_info else None,
        "page": page,
        "pages": pages,
        "total": body.get("total", 0),
        "services": [service_card(r, start + i, language) for i, r in enumerate(results)],
    }
    text = results_text(results, start, language)
    if mode == "near" and place_info and place_info.get("in_area") is False:
        dispatcher.utter_message(response="utter_out_of_area", place_label=place_label)
    if mode == "more":
        dispatcher.utter_message(response="utter_results_more", results_text=text, json_message=payload)
    elif mode == "near" and place_label:
        dispatcher.utter_message(
            response="utter_results_near",
            need_label=label,
            place_label=place_label,
            results_text=text,
            json_message=payload,
        )
    else:
        dispatcher.utter_message(
            response="utter_results_all", need_label=label, results_text=text, json_message=payload
        )
    more = page < pages
    dispatcher.utter_message(response="utter_results_hint_more" if more else "utter_results_hint_last")
    return [
        SlotSet("results", state),
        SlotSet("last_results", shown),
        SlotSet("current_service", shown[0] if len(shown) == 1 else None),
        SlotSet("pending_offer", "more" if more else None),
    ]


class ActionSearchServices(Action):
    """After the form: search the directory for the need near the place, first page."""

    def name(self) -> str:
        return "action_search_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await search_and_present(dispatcher, tracker)


class ActionMoreResults(Action):
    """The next page of the current search."""

    def name(self) -> str:
        return "action_more_results"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await more_results(dispatcher, tracker)


class ActionAnswerYes(Action):
    """ "Yes" to the assistant's last offer: more results, services across Stockport, or local support
    after a crisis response (asking where, if the place is not known yet)."""

    def name(self) -> str:
        return "action_answer_yes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer = tracker.get_slot("pending_offer")
        if offer == "more":
            return await more_results(dispatcher, tracker)
        if offer == "boroughwide":
            return await boroughwide(dispatcher, tracker)
        if offer == "local_support" and tracker.get_slot("need"):
            if tracker.get_slot("place"):
                return [SlotSet("pending_offer", None), *await search_and_present(dispatcher, tracker)]
            # the answer ("Edgeley", "SK3 9HN") is an inform_place, which runs the search form with
            # the need the crisis response chose
            dispatcher.utter_message(response="utter_ask_place")
            return [SlotSet("pending_offer", None)]
        dispatcher.utter_message(response="utter_how_can_i_help")
        return [SlotSet("pending_offer", None)]


class ActionAnswerNo(Action):
    def name(self) -> str:
        return "action_answer_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("pending_offer", None)]


async def search_and_present(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    need, place = tracker.get_slot("need"), tracker.get_slot("place")
    query = tracker.get_slot("need_query")
    try:
        body = await search(need, query, place)
    except (DirectoryUnavailable, DirectoryBadRequest) as exc:
        logger.warning("search failed: %s", exc)
        unreachable(dispatcher)
        return [SlotSet("pending_offer", None)]
    mode = "near" if place else "all"
    return await present(dispatcher, tracker, body, mode=mode, need=need, place=place, query=query)


async def more_results(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    state = tracker.get_slot("results") or {}
    if not state or not (state.get("need") or state.get("place")):
        dispatcher.utter_message(response="utter_nothing_to_page")
        return [SlotSet("pending_offer", None)]
    page, pages = int(state.get("page") or 1), int(state.get("pages") or 0)
    if page >= pages:
        dispatcher.utter_message(response="utter_no_more_results")
        return [SlotSet("pending_offer", None)]
    need, place, query = state.get("need"), state.get("place"), state.get("query")
    try:
        body = await search(need, query, place, page=page + 1, per_page=state.get("per_page"))
    except (DirectoryUnavailable, DirectoryBadRequest) as exc:
        logger.warning("search failed: %s", exc)
        unreachable(dispatcher)
        return [SlotSet("pending_offer", None)]
    return await present(dispatcher, tracker, body, mode="more", need=need, place=place, query=query)


async def boroughwide(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    state = tracker.get_slot("results") or {}
    need = state.get("need") or tracker.get_slot("need")
    try:
        body = await search(need, None, None)
    except (DirectoryUnavailable, DirectoryBadRequest) as exc:
        logger.warning("search failed: %s", exc)
        unreachable(dispatcher)
        return [SlotSet("pending_offer", None)]
    return await present(dispatcher, tracker, body, mode="all", need=need, place=None)
