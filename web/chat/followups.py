"""The directory's answers to "more" and "details of 1" while the assistant is away.

The widget's quick replies send the assistant's own commands, `/more_results` and
`/service_details{"number": 1}` (Rasa reads them without its language model, so they work the same in
every language). The assistant remembers the list it showed; the directory's answer is stateless, so the
list it showed is kept here, per conversation, for a while: the ranked service ids (and distances) of
the search, never the resident's words. Process memory, bounded and expiring: when a conversation's list
is not here (another web process answered, or it expired) the resident is asked to search again.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from directory.queries import services_by_ids

from ..extensions import database
from ..formatting import cost_lines, opening_times, plain_text
from . import messages

MORE = "/more_results"
DETAILS = "/service_details"
KEEP_IDS = 30  # the ranked ids kept per list: ten pages of three
KEEP_SECONDS = 30 * 60
KEEP_CONVERSATIONS = 5000


@dataclass
class ShownList:
    """One search's ranked results and how far the resident has seen them."""

    ids: list[str]
    distances: dict[str, float | None]
    total: int
    shown: int  # how many of `ids` have been shown (numbering runs across pages: "details 4" after "more")
    payload: dict[str, Any]  # the services payload's own fields (need, place, in_area)
    stored: float


class _Memory:
    def __init__(self) -> None:
        self._lists: OrderedDict[str, ShownList] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, conversation: str, shown: ShownList) -> None:
        with self._lock:
            self._lists[conversation] = shown
            self._lists.move_to_end(conversation)
            while len(self._lists) > KEEP_CONVERSATIONS:
                self._lists.popitem(last=False)

    def get(self, conversation: str) -> ShownList | None:
        with self._lock:
            found = self._lists.get(conversation)
            if found is None:
                return None
            if time.monotonic() - found.stored > KEEP_SECONDS:
                del self._lists[conversation]
                return None
            return found

    def clear(self) -> None:
        with self._lock:
            self._lists.clear()


memory = _Memory()


def is_followup(text: str) -> bool:
    command = text.split("{", 1)[0].strip()
    return command in (MORE, DETAILS)


def requested_number(text: str) -> int | None:
    """The number in `/service_details{"number": 2}` (a number or its digits), or None."""
    _, _, entities = text.partition("{")
    try:
        values = json.loads("{" + entities) if entities else {}
    except ValueError:
        return None
    number = values.get("number") if isinstance(values, dict) else None
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


def remember(
    conversation: str | None, hits: list[Any], total: int, shown: int, payload: dict[str, Any]
) -> None:
    if not conversation:
        return
    ids = [hit.service_id for hit in hits[:KEEP_IDS]]
    memory.put(
        conversation,
        ShownList(
            ids=ids,
            distances={hit.service_id: hit.distance_m for hit in hits[:KEEP_IDS]},
            total=min(total, len(ids)),
            shown=min(shown, len(ids)),
            payload=payload,
            stored=time.monotonic(),
        ),
    )


def answer(
    text: str,
    conversation: str | None,
    card: Any,
    per_page: int,
    *,
    opened: Callable[[str, dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """The replies to a follow-up command. `card(service, index, distance_m)` makes a service card;
    `opened(service_id, about)` is told when a result's details are shown (about: the list's payload)."""
    shown = memory.get(conversation) if conversation else None
    if shown is None:
        return [_reply(str(messages.NO_LIST))]
    if text.split("{", 1)[0].strip() == MORE:
        return _more(shown, card, per_page)
    number = requested_number(text)
    if number is None or number > shown.shown:
        return [_reply(str(messages.NO_SUCH_SERVICE).format(number=number or "?", count=shown.shown))]
    services = services_by_ids(database.session, [shown.ids[number - 1]])
    if not services:
        return [_reply(str(messages.NO_LIST))]
    if opened is not None:
        opened(services[0].id, shown.payload)
    return [_reply(None, custom={"type": "service", "view": "details", "service": details(services[0])})]


def _more(shown: ShownList, card: Any, per_page: int) -> list[dict[str, Any]]:
    if shown.shown >= shown.total:
        return [_reply(str(messages.NO_MORE))]
    ids = shown.ids[shown.shown : shown.shown + per_page]
    by_id = {service.id: service for service in services_by_ids(database.session, ids)}
    cards = [
        card(by_id[service_id], shown.shown + offset, shown.distances.get(service_id))
        for offset, service_id in enumerate(ids, start=1)
        if service_id in by_id
    ]
    page = shown.shown // per_page + 1
    shown.shown += len(ids)
    payload = {
        "type": "services",
        **shown.payload,
        "page": page,
        "pages": -(-shown.total // per_page),
        "total": shown.total,
        "services": cards,
    }
    return [_reply(str(messages.MORE_RESULTS)), _reply(None, custom=payload)]


def details(service: Any) -> dict[str, Any]:
    """A service in full, with the keys of the assistant's `service` payload (bot/actions/formatting.py
    `details_payload`), in the reader's language (inside `force_locale`)."""
    phone = next((p.number for p in service.phones if (p.type or "voice") != "fax" and p.number), None)
    address = None
    for sal in service.service_at_locations:
        if sal.location is not None and sal.location.physical_address is not None:
            address = sal.location.physical_address.one_line()
            break
    times = opening_times(service.schedules, service.closures)
    schedule = [str(messages.ALWAYS_OPEN)] if times.always_open else []
    schedule += [
        f"{day.name}: {', '.join(plain_text(str(hours)) for hours in day.hours)}"
        for day in times.week
        if day.hours
    ]
    costs = [plain_text(str(line)) for line in cost_lines(service.cost_options)]
    hoods = sorted(n.slug for n in service.neighbourhoods)
    return {
        "id": service.id,
        "name": service.name,
        "organisation": service.organization.name if service.organization else None,
        "description": plain_text(service.description),
        "phone": phone,
        "email": service.email,
        "address": address,
        "url": service.url,
        "schedule": schedule,
        "free": service.is_free if service.cost_options else None,
        "cost": "; ".join(costs) or None,
        "eligibility": service.eligibility_description,
        "neighbourhood": hoods[0] if hoods else None,
        "is_sample": bool(service.is_sample),
    }


def _reply(text: str | None, *, custom: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"text": text, "buttons": [], "custom": custom}
