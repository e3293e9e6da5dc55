"""The directory's own answer when the assistant cannot give one.

Same vocabulary as everywhere else: the need from `directory.needs` (in any of our four languages), the
place from the Gazetteer, the top 3 from `DirectorySearch`, as the same `services` payload the assistant
sends (so the widget shows the same cards). Text with no need and no word asking for a service (the
weather, a joke) gets what the directory can help with instead of listings. Crisis messages get the
helplines first, always. Called inside `force_locale(language)`; never raises.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from around_here_safety import URGENT, Assessment, assess
from around_here_safety import crisis_payload as safety_payload
from babel.dates import format_datetime

from directory.needs import NEED_SLUGS
from directory.places import Resolution
from directory.queries import services_by_ids
from directory.search import SearchRequest
from directory.search.understanding import STOP_WORDS, analyse
from directory.summary import service_summary

from .. import demand
from ..extensions import database, search_provider
from . import followups, messages

log = logging.getLogger(__name__)

RESULTS = 3
LONDON = ZoneInfo("Europe/London")


def directory_answer(
    text: str,
    language: str,
    *,
    site_url: str,
    contact: str,
    conversation: str | None = None,
    channel: str = "widget",
) -> list[dict[str, Any]]:
    """`conversation` (the relay's sender id) lets "more" and "details of 1" follow this answer's list
    (`followups.py`); without it they ask for a new search. `channel` ("widget" or "sms") is what the
    search is counted as for neighbourhood insight; a crisis message's search is not counted."""
    replies: list[dict[str, Any]] = []
    found = assess(text)
    if found:
        intro = messages.CRISIS_INTRO if found.tier == URGENT else messages.CRISIS_SUPPORTIVE
        replies.append(_reply(str(intro), custom=crisis_payload(found)))
    replies.append(_reply(str(messages.ASSISTANT_UNAVAILABLE)))
    try:
        if followups.is_followup(text):

            def opened(service_id: str, about: dict[str, Any]) -> None:
                demand.record_details(
                    channel,
                    language,
                    service_id,
                    need=about.get("need"),
                    neighbourhood=about.get("neighbourhood"),
                )

            replies += followups.answer(text, conversation, _card_maker(language), RESULTS, opened=opened)
        else:
            counted = channel if not found else None
            replies += _search_replies(
                text, language, site_url=site_url, conversation=conversation, channel=counted
            )
    except Exception as exc:  # the directory failing too must not take the answer (or safety) with it
        log.error("chat fallback: directory search failed (%s)", type(exc).__name__)
        with contextlib.suppress(Exception):
            database.session.rollback()
        replies.append(_reply(str(messages.DIRECTORY_UNAVAILABLE).format(contact=contact)))
    return replies


def crisis_payload(found: Assessment) -> dict[str, Any]:
    """The safety package's crisis payload, with the silent 999 route in the reader's language."""
    payload = safety_payload(found)
    for helpline in payload["helplines"]:
        if helpline.get("phone") == "999":
            helpline["silent"] = str(messages.CRISIS_SILENT)
    return payload


def _reply(text: str | None, *, custom: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"text": text, "buttons": [], "custom": custom}


def understand(text: str) -> tuple[str | None, Resolution | None, str]:
    """(need slug, place, words to search): a quick reply's payload ('/inform{"need": "food"}') gives
    its values; typed text goes through the need vocabulary and the Gazetteer."""
    search = search_provider.search
    assert search is not None
    if text.startswith("/"):
        _intent, _, entities = text.partition("{")
        try:
            values = json.loads("{" + entities) if entities else {}
        except ValueError:
            values = {}
        values = values if isinstance(values, dict) else {}
        need = values.get("need") if values.get("need") in NEED_SLUGS else None
        place_text = values.get("place") if isinstance(values.get("place"), str) else None
        place = search.resolve_place(place_text) if place_text else None
        return need, place, ""
    weights = analyse(text, stop_words=STOP_WORDS).needs
    need = max(NEED_SLUGS, key=lambda slug: weights.get(slug, 0.0)) if weights else None
    place = search.gazetteer.find_in_text(text, exact_lookup=search_provider.exact_postcode)
    return need, place, text


def _search_replies(
    text: str, language: str, *, site_url: str, conversation: str | None = None, channel: str | None = None
) -> list[dict[str, Any]]:
    search = search_provider.search
    assert search is not None
    need, place, words = understand(text)
    if words and not analyse(words, stop_words=STOP_WORDS).in_scope:
        # no need and no word asking for a service: say what the directory is for, not random listings
        return [_reply(str(messages.OUT_OF_SCOPE).format(site=site_url))]
    near = place.query if place else None
    page = None
    if words:
        # the resident's words rank within the need, as the assistant searches ("food bank" among food)
        # a longer ranked list than is shown, kept for "more" and "details of 4" (followups.py)
        page = search.search(
            SearchRequest(
                text=words[:300],
                needs=(need,) if need else (),
                per_page=followups.KEEP_IDS,
                count_reach=channel is not None,
            )
        )
    if need and (page is None or not page.hits):
        # the words matched nothing within the need: the need alone, near the place
        page = search.search(
            SearchRequest(
                needs=(need,), place=near, per_page=followups.KEEP_IDS, count_reach=channel is not None
            )
        )
    if channel is not None and page is not None:  # what the resident was answered with, counted once
        demand.record_search(channel, language, page, needs=(need,) if need else ())
    if page is None or not page.hits:
        return [_reply(str(messages.NO_RESULTS).format(site=site_url))]
    services = services_by_ids(database.session, page.ids[:RESULTS])
    hits = {hit.service_id: hit for hit in page.hits}
    cards = [
        service_card(service_summary(service, hit=hits[service.id]), index, language)
        for index, service in enumerate(services, start=1)
    ]
    label = page.place.label if page.place is not None else None
    intro = str(messages.RESULTS_NEAR).format(place=label) if label else str(messages.RESULTS_ANYWHERE)
    about = {
        "need": need,
        "place": label,
        "in_area": page.place.in_area if page.place is not None else None,
        "neighbourhood": demand.neighbourhood_of_place(page.place),
    }
    kept = min(page.total, len(page.hits))
    payload = {
        "type": "services",
        **about,
        "page": 1,
        "pages": -(-kept // RESULTS),
        "total": page.total,
        "services": cards,
    }
    followups.remember(conversation, list(page.hits), kept, len(cards), about)
    return [_reply(intro), _reply(None, custom=payload)]


def _card_maker(language: str) -> Any:
    """Cards for the next page of a kept list: the distance kept with its id, as the search gave it."""

    def card(service: Any, index: int, distance_m: float | None) -> dict[str, Any]:
        summary = service_summary(service)
        summary["distance_m"] = round(distance_m) if distance_m is not None else None
        return service_card(summary, index, language)

    return card


# The card's fields that are the directory summary's own, as they are.
_SUMMARY_FIELDS = (
    "id", "name", "organisation", "next_opening", "phone", "address", "postcode", "distance_m", "scope",
    "free", "url",
)  # fmt: skip
_SUMMARY_FLAGS = ("open_now", "always_open", "is_sample")


def service_card(summary: dict[str, Any], index: int, language: str) -> dict[str, Any]:
    """A search result as the widget's service card, with the fields the assistant's cards have
    (tests/helpers/chat.py `CARD_FIELDS`): the directory's summary of the service, its number in the
    list, its first neighbourhood, and its opening worded by this relay's own messages."""
    hoods = summary.get("neighbourhoods") or []
    hood = search_provider.search.gazetteer.neighbourhood(hoods[0]) if hoods else None
    return {
        "index": index,
        **{key: summary.get(key) for key in _SUMMARY_FIELDS},
        **{key: bool(summary.get(key)) for key in _SUMMARY_FLAGS},
        "next_opening_text": opening_text(summary, language),
        "neighbourhood": hoods[0] if hoods else None,
        "neighbourhood_name": hood.name if hood else None,
    }


def opening_text(summary: dict[str, Any], language: str) -> str:
    if summary.get("always_open"):
        return str(messages.ALWAYS_OPEN)
    if summary.get("open_now"):
        return str(messages.OPEN_NOW)
    starts = (summary.get("next_opening") or {}).get("starts")
    if not starts:
        return str(messages.NO_TIMES)
    when = datetime.fromisoformat(starts)
    if when.tzinfo is None:
        when = when.replace(tzinfo=LONDON)
    text = format_datetime(when, "EEEE HH:mm", tzinfo=LONDON, locale=language)
    return str(messages.NEXT_OPEN).format(when=text)
