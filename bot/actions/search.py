"""The search: the form that collects a need and a place, and the results (top 3, then "more")."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker, ValidationAction
from rasa_sdk.events import EventType, FollowupAction, SlotSet
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
    need_slug,
    place_from_message,
)
from .config import contact_values, settings
from .demand import demand as resident_demand
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


# Services that serve everyone in the borough, or everyone (national helplines): useful before we know
# where the resident is.
WIDE_SCOPES = ("borough", "national")


# Intents whose message is a request for services: the need in it is looked for (the NLU reads some
# need requests with a place as `inform_place`).
NEED_REQUEST_INTENTS = ("find_help", "inform_place")


def message_text(tracker: Tracker) -> str:
    """The latest message's words ("" for a button payload such as /find_help{...})."""
    text = " ".join(((tracker.latest_message or {}).get("text") or "").split())
    return "" if text.startswith("/") else text


def not_english(tracker: Tracker) -> bool:
    """The conversation (or, before the slot is set, the message) is in Polish, Urdu or Arabic."""
    if tracker.get_slot("language"):
        return language_of(tracker) != "en"
    return any(str(v) in ("pl", "ur", "ar") for v in latest_entities(tracker, "detected_language"))


def detected_needs(body: dict[str, Any]) -> list[str]:
    """The need slugs the directory read in a message (`needs_detected`, strongest first)."""
    return [found for found in body.get("needs_detected") or [] if found in NEED_SLUGS]


def second_opinion(nlu_needs: list[str | None], detected: list[str], *, english: bool) -> str | None:
    """The need to use instead of the NLU's, or None to keep the NLU's (or to ask).

    Measured on the held-out messages (bot/tests/nlu): the directory's vocabulary is the stronger reader
    of Polish, Urdu and Arabic, the NLU of English. So: no NLU need and exactly one directory need ->
    the directory's; outside English, exactly one directory need that differs from the NLU's -> the
    directory's. Several directory needs are not a choice we make for the resident."""
    if len(detected) != 1:
        return None
    nlu = [n for n in nlu_needs if n]
    if not nlu:
        return detected[0]
    if not english and detected[0] not in nlu:
        return detected[0]
    return None


async def need_request_from_directory(tracker: Tracker) -> list[EventType]:
    """For a message the NLU read as something else ("not understood", "more" or "phone number" with no
    list shown yet) in which the directory finds exactly one need: the events that treat it as a request
    for that need (the need, a place the directory found, then the search form, which shows the
    borough-wide services and asks where, or searches at once). Nothing when the directory finds no
    single need, is unreachable, or the search form is already running."""
    text = message_text(tracker)
    if not text or (tracker.active_loop or {}).get("name"):
        return []
    try:
        body = await directory().search(q=text[:200], per_page=1)
    except (DirectoryUnavailable, DirectoryBadRequest):
        return []
    detected = detected_needs(body)
    if len(detected) != 1:
        return []
    events: list[EventType] = [
        SlotSet("need", detected[0]),
        SlotSet("need_query", None),
        SlotSet("need_unplaced", None),
        SlotSet("pending_offer", None),
    ]
    found = body.get("place") or {}
    if found.get("query") and found.get("kind") != "near_me":
        events += [
            SlotSet("place", found["query"]),
            SlotSet("place_label", None),
            SlotSet("neighbourhood", None),
        ]
    else:
        events += [SlotSet("place", None)]
    return [*events, FollowupAction("search_form")]


async def resolve_need(value: Any, tracker: Tracker) -> dict[str, Any]:
    """What the `need` slot becomes for a value the NLU (or the resident) gave: one of the 16 slugs or
    None, never the resident's raw words. Words that are not a slug go to the directory's own vocabulary
    (typos, colloquialisms); when that places them too, they are kept as `need_query` to rank by. When
    nothing places them, `need_unplaced` makes the form say "I'm not sure which kind of help you mean"
    with the list of needs, instead of searching with the words."""
    text = " ".join(str(value or "").split())
    if not text:
        return {"need": None}
    slug = need_slug(text)
    if slug:
        # the resident's own words ("food bank") help the directory rank within the need
        surface = entity_surface(tracker, "need", value)
        query = surface if surface and need_slug(surface) != slug else None
        return {"need": slug, "need_query": query, "need_unplaced": None}
    try:
        body = await directory().search(q=text[:200], per_page=1)
    except (DirectoryUnavailable, DirectoryBadRequest):
        body = {}
    detected = [found for found in body.get("needs_detected") or [] if found in NEED_SLUGS]
    if len(detected) == 1:
        return {"need": detected[0], "need_query": text[:200], "need_unplaced": None}
    # nothing, or several needs at once: ask rather than guess
    return {"need": None, "need_query": None, "need_unplaced": True}


class ValidateSlotMappings(ValidationAction):
    """Runs after every message's slot extraction, inside the form or not: the `need` slot only ever
    holds one of the 16 need slugs (or nothing)."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    def domain_slots(self, domain: DomainDict) -> list[str]:
        # rasa_sdk leaves out slots with a mapping conditioned on the form (need's from_text answer to
        # the form's question); the need is checked here whatever mapped it.
        return list(dict.fromkeys([*self.global_slots(domain), "need"]))

    async def validate_need(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await resolve_need(slot_value, tracker)


async def search(
    need: str | None,
    query: str | None,
    place: str | None,
    page: int = 1,
    per_page: int | None = None,
    scope: str | None = None,
    demand: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Search with the resident's words as well as the need; if the words match nothing within the
    need (they filter), search the need alone. `scope` filters ("borough,national"). `demand` marks
    the first call only: the retry is the same request, counted once."""
    where = {"place": place, "scope": scope, "page": page, "per_page": per_page}
    body = await directory().search(**search_params(need, query), **where, demand=demand)
    if query and need in NEED_SLUGS and not body.get("total"):
        body = await directory().search(**search_params(need), **where)
        body["_query_dropped"] = True
    return body


def unreachable(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_directory_unreachable", **contact_values())


class ActionPrepareSearch(Action):
    """Runs before the form: a new request without a need forgets the old need; offers are reset.

    The NLU can miss a place written in lower case ("food bank in bramhall") or a need it has not seen
    ("warm hub"): the directory reads the message too (its Gazetteer finds places in text, its
    vocabulary the needs), so a need and a place in one message get results at once.

    The directory's vocabulary is the second opinion on the need (`second_opinion`): it fills a need the
    NLU missed (also when the NLU read the request as a place), and in Polish, Urdu and Arabic, where it
    reads better than the NLU, its one detected need wins over a different NLU need."""

    def name(self) -> str:
        return "action_prepare_search"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SlotSet("pending_offer", None), SlotSet("need_unplaced", None)]
        form_active = (tracker.active_loop or {}).get("name") == "search_form"
        intent = latest_intent(tracker)
        nlu_needs = [need_slug(v) for v in latest_entities(tracker, "need")]
        has_need = bool(nlu_needs)
        has_place = bool(latest_entities(tracker, "place"))
        text = message_text(tracker)
        if intent == "find_help" and not has_need and not form_active:
            events += [SlotSet("need", None), SlotSet("need_query", None)]
        if has_place:
            events += [SlotSet("place_label", None), SlotSet("neighbourhood", None)]
        # outside English the directory is asked about every need request (it may overrule the NLU)
        check_need = intent in NEED_REQUEST_INTENTS and (not has_need or not_english(tracker))
        if text and (not has_place or check_need):
            events += await self.read_with_directory(
                text, tracker, nlu_needs=nlu_needs, want_need=check_need, want_place=not has_place
            )
        sets_need = any(e.get("name") == "need" for e in events if e.get("event") == "slot")
        if (
            not sets_need
            and tracker.get_slot("need") is not None
            and need_slug(tracker.get_slot("need")) is None
        ):
            events.append(SlotSet("need", None))  # never search with raw words
        return events

    async def read_with_directory(
        self, text: str, tracker: Tracker, *, nlu_needs: list[str | None], want_need: bool, want_place: bool
    ) -> list[EventType]:
        try:
            body = await directory().search(q=text[:200], per_page=1)
        except (DirectoryUnavailable, DirectoryBadRequest):
            return []
        events: list[EventType] = []
        if want_need:
            chosen = second_opinion(nlu_needs, detected_needs(body), english=not not_english(tracker))
            if chosen:
                events += [SlotSet("need", chosen), SlotSet("need_query", None)]
        found = body.get("place") or {}
        if want_place and found.get("query") and found.get("kind") != "near_me":
            events += [
                SlotSet("place", found["query"]),
                SlotSet("place_label", None),
                SlotSet("neighbourhood", None),
            ]
        return events


class ValidateSearchForm(FormValidationAction):
    def name(self) -> str:
        return "validate_search_form"

    async def validate_need(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        slug = need_slug(slot_value)
        if slug:
            # (already checked by action_validate_slot_mappings, which also set need_query)
            surface = entity_surface(tracker, "need", slot_value)
            return {
                "need": slug,
                **({"need_query": surface} if surface and need_slug(surface) != slug else {}),
            }
        # never raw words: a slug the directory's vocabulary finds in them, or None and the form asks
        # "I'm not sure which kind of help you mean" (action_ask_need)
        return await resolve_need(slot_value, tracker)

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


class ActionAskNeed(Action):
    """Asks what kind of help the resident needs, with the 16 needs as buttons. When they named a need
    we cannot place, says so ("I'm not sure which kind of help you mean") rather than guessing."""

    def name(self) -> str:
        return "action_ask_need"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        unplaced = tracker.get_slot("need_unplaced") or any(
            value and need_slug(value) is None for value in latest_entities(tracker, "need")
        )
        dispatcher.utter_message(response="utter_need_not_sure" if unplaced else "utter_ask_need")
        return [SlotSet("need_unplaced", None)]


class ActionAskPlace(Action):
    """Asks where the resident is; "near me" gets a prompt for a postcode or area.

    Useful on the first turn: when the need is known, the borough-wide and national services and
    helplines for it come first (they serve everyone, wherever they live), then the question for local
    ones. Once per need."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        near_me = tracker.get_slot("near_me") or any(is_near_me(v) for v in latest_entities(tracker, "place"))
        need = need_slug(tracker.get_slot("need"))
        shown = tracker.get_slot("results") or {}
        events: list[EventType] = []
        if need and not (shown.get("mode") == "wide" and shown.get("need") == need):
            events = await wide_results(dispatcher, tracker, need)
        if near_me:
            dispatcher.utter_message(response="utter_ask_place_near_me")
        else:
            dispatcher.utter_message(response="utter_ask_place_local" if events else "utter_ask_place")
        return events


async def wide_results(dispatcher: CollectingDispatcher, tracker: Tracker, need: str) -> list[EventType]:
    """The top borough-wide and national services for a need (no place needed), or nothing."""
    per_page = settings().per_page
    query = tracker.get_slot("need_query")
    try:
        body = await search(
            need,
            query,
            None,
            per_page=per_page,
            scope=",".join(WIDE_SCOPES),
            demand=resident_demand(tracker),  # what the resident is shown this turn
        )
        wide = [r for r in body.get("results") or [] if r.get("scope") in WIDE_SCOPES]
        if not wide and query:
            body = await search(need, None, None, per_page=per_page, scope=",".join(WIDE_SCOPES))
            wide = [r for r in body.get("results") or [] if r.get("scope") in WIDE_SCOPES]
    except (DirectoryUnavailable, DirectoryBadRequest) as exc:
        logger.warning("search failed: %s", exc)
        return []  # the question for the place still comes; the search after it says if it fails
    if not wide:
        return []
    language = language_of(tracker)
    results = wide[:per_page]
    payload = {
        "type": "services",
        "need": need,
        "place": None,
        "scope": "wide",
        "page": 1,
        "pages": 1,
        "total": len(results),
        "services": [service_card(r, i + 1, language) for i, r in enumerate(results)],
    }
    dispatcher.utter_message(
        response="utter_results_wide",
        need_label=need_text_label(need, language),
        results_text=results_text(results, 1, language),
        json_message=payload,
    )
    state = {
        "need": need,
        "query": None,
        "place": None,
        "page": 1,
        "pages": 1,
        "total": len(results),
        "per_page": per_page,
        "mode": "wide",
    }
    ids = [r["id"] for r in results]
    return [
        SlotSet("results", state),
        SlotSet("last_results", ids),
        SlotSet("current_service", None),
        SlotSet("pending_offer", None),
    ]


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
                # the crisis response chose this need: not counted as demand, so no crisis is linked
                # to a need and a neighbourhood
                searched = await search_and_present(dispatcher, tracker, marked=False)
                return [SlotSet("pending_offer", None), *searched]
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


async def search_and_present(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, marked: bool = True
) -> list[EventType]:
    """The resident's search (counted as demand when `marked`), first page."""
    need, place = tracker.get_slot("need"), tracker.get_slot("place")
    query = tracker.get_slot("need_query")
    try:
        body = await search(need, query, place, demand=resident_demand(tracker) if marked else None)
    except (DirectoryUnavailable, DirectoryBadRequest) as exc:
        logger.warning("search failed: %s", exc)
        unreachable(dispatcher)
        return [SlotSet("pending_offer", None)]
    mode = "near" if place else "all"
    return await present(dispatcher, tracker, body, mode=mode, need=need, place=place, query=query)


async def more_results(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    state = tracker.get_slot("results") or {}
    if not state or not (state.get("need") or state.get("place")):
        redirect = await need_request_from_directory(tracker)
        if redirect:  # "more" with nothing shown, but the message names a need
            return redirect
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
