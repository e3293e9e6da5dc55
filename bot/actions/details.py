"""One service in full ("details 2") and single facts about it (phone, opening times, address, cost)."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from .common import language_of, latest_intent, number_from_message
from .demand import details_demand
from .directory_client import DirectoryUnavailable, directory
from .formatting import (
    details_payload,
    details_text,
    record_address,
    record_cost,
    record_phone,
    schedule_lines,
)
from .i18n import t
from .search import need_request_from_directory, unreachable

logger = logging.getLogger(__name__)


def chosen_service(dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
    """The id of the service the resident means, or None after telling them what is missing."""
    shown = list(tracker.get_slot("last_results") or [])
    number = number_from_message(tracker, len(shown))
    if number is None:
        current = tracker.get_slot("current_service")
        if current:
            return current
        if len(shown) == 1:
            return shown[0]
        dispatcher.utter_message(response="utter_which_service" if shown else "utter_no_list_yet")
        return None
    if not shown:
        dispatcher.utter_message(response="utter_no_list_yet")
        return None
    if 1 <= number <= len(shown):
        return shown[number - 1]
    dispatcher.utter_message(response="utter_no_such_service", number=number, count=len(shown))
    return None


async def load_record(
    dispatcher: CollectingDispatcher, service_id: str, demand: dict[str, str] | None = None
) -> dict[str, Any] | None:
    try:
        record = await directory().service(service_id, demand=demand)
    except DirectoryUnavailable as exc:
        logger.warning("service details failed: %s", exc)
        unreachable(dispatcher)
        return None
    if record is None:
        dispatcher.utter_message(response="utter_service_not_found")
    return record


async def chosen_record(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, marked: bool = False
) -> tuple[str, dict[str, Any]] | None:
    """The service the resident means and its record, or None after telling them why not. `marked`:
    the look-up is the resident opening the result's details, counted as demand."""
    service_id = chosen_service(dispatcher, tracker)
    if service_id is None:
        return None
    record = await load_record(dispatcher, service_id, details_demand(tracker) if marked else None)
    return None if record is None else (service_id, record)


async def nothing_shown_need_request(tracker: Tracker) -> list[EventType]:
    """No service shown yet, so "is it free" or "where is it" cannot be about one: when the directory
    reads exactly one need in the message ("مستشفى قريب", "darmowy prawnik"), it is a request for it."""
    if tracker.get_slot("last_results") or tracker.get_slot("current_service"):
        return []
    return await need_request_from_directory(tracker)


class ShownServiceAction(Action, ABC):
    """An answer about one service the resident has been shown: when nothing was shown yet, the message
    may be a request for a need instead; otherwise the chosen service's record is answered and becomes
    the current service. Abstract, so the action server does not register it."""

    # Whether the look-up counts as the resident opening a result's details (demand insight).
    opens_details = False

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        redirect = await nothing_shown_need_request(tracker)
        if redirect:
            return redirect
        chosen = await chosen_record(dispatcher, tracker, marked=self.opens_details)
        if chosen is None:
            return []
        service_id, record = chosen
        self.answer(dispatcher, tracker, record, language_of(tracker))
        return [SlotSet("current_service", service_id)]

    @abstractmethod
    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, record: dict[str, Any], language: str
    ) -> None: ...


class ActionServiceDetails(ShownServiceAction):
    opens_details = True

    def name(self) -> str:
        return "action_service_details"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, record: dict[str, Any], language: str
    ) -> None:
        text = details_text(record, language) + "\n\n" + t("details.ask_more", language)
        # "view": "details" tells the web relay that the texts before this payload are the same details
        # in words (Rasa's REST channel splits them at blank lines), so the widget shows one card; SMS
        # and other text channels keep the words.
        dispatcher.utter_message(
            response="utter_service_details",
            details_text=text,
            json_message={"type": "service", "view": "details", "service": details_payload(record, language)},
        )


class ActionServiceInfo(ShownServiceAction):
    """Phone number, opening times, address or cost of a shown service, by intent."""

    def name(self) -> str:
        return "action_service_info"

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, record: dict[str, Any], language: str
    ) -> None:
        name = record.get("name") or ""
        payload = {"type": "service", "service": details_payload(record, language)}
        intent = latest_intent(tracker)
        if intent == "ask_phone":
            phone = record_phone(record)
            if phone:
                dispatcher.utter_message(
                    response="utter_service_phone", name=name, phone=phone, json_message=payload
                )
            else:
                other = ""
                if record.get("email"):
                    other = f"{t('details.email', language)} {record['email']}"
                elif record.get("url"):
                    other = f"{t('details.website', language)} {record['url']}"
                dispatcher.utter_message(
                    response="utter_service_no_phone", name=name, other_contact=other, json_message=payload
                )
        elif intent == "ask_address":
            address = record_address(record)
            dispatcher.utter_message(
                response="utter_service_address" if address else "utter_service_no_address",
                name=name,
                address=address,
                json_message=payload,
            )
        elif intent == "ask_cost":
            free, cost = record_cost(record, language)
            if free is True:
                dispatcher.utter_message(response="utter_service_free", name=name, json_message=payload)
            elif free is False:
                dispatcher.utter_message(
                    response="utter_service_cost", name=name, cost_text=cost, json_message=payload
                )
            else:
                dispatcher.utter_message(
                    response="utter_service_cost_unknown", name=name, json_message=payload
                )
        else:  # ask_opening_times, and anything else: opening times are what people ask most
            lines = schedule_lines(record, language)
            if lines:
                dispatcher.utter_message(
                    response="utter_service_opening",
                    name=name,
                    schedule_text="\n".join(f"• {line}" for line in lines),
                    json_message=payload,
                )
            else:
                dispatcher.utter_message(response="utter_service_no_opening", name=name, json_message=payload)
