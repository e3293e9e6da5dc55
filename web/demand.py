"""Counting demand from every surface that answers a resident: the one place the web app turns a search,
an opened result or a crisis answer into an insight event (`directory.insight`).

Callers pass only what an event may hold; a resident's words are passed only to check them for a crisis
(a crisis is never a demand event; the channel counts it with `record_crisis`) and are not kept. Every
function here returns at once (the recorder buffers) and never raises: counting demand must not slow
or break an answer.

`/api/search` and the ORUK service endpoint count a request only when it says it is a resident's, with
the header `Around-Here-Demand: channel=sms, language=pl` (and, when opening a result, `need=` and
`neighbourhood=` of the search it came from). The assistant's actions send it on a resident's search and
on opening a result's details; their own look-ups, health checks and other API users do not, so they are
not counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from around_here_safety import URGENT, Assessment, assess
from werkzeug.http import parse_dict_header

from directory.insight.events import CHANNELS, LANGUAGES, details_demand, neighbourhood_of, search_demand
from directory.insight.recorder import demand_recorder
from directory.models.demand import OUTSIDE, UNKNOWN
from directory.needs import NEED_SLUGS
from directory.search import SearchPage

from .extensions import search_provider

log = logging.getLogger(__name__)

HEADER = "Around-Here-Demand"


@dataclass(frozen=True)
class Marked:
    """What a resident-marked API request says about itself (checked values only)."""

    channel: str
    language: str
    need: str | None = None
    neighbourhood: str | None = None


def marked(headers: Any) -> Marked | None:
    """The request's demand marking, or None when it is not a resident's (or the header is unusable)."""
    raw = headers.get(HEADER)
    if not raw or len(raw) > 300:
        return None
    try:
        values = {key.strip().lower(): (value or "").strip() for key, value in parse_dict_header(raw).items()}
    except ValueError:
        return None
    channel = values.get("channel", "")
    if channel not in CHANNELS:
        return None
    need = values.get("need")
    return Marked(
        channel=channel,
        language=values.get("language") if values.get("language") in LANGUAGES else "en",
        need=need if need in NEED_SLUGS else None,
        neighbourhood=known_neighbourhood(values.get("neighbourhood")),
    )


def neighbourhood_of_place(place: Any) -> str:
    """A resolved place's neighbourhood slug, "outside" or "unknown"."""
    return neighbourhood_of(place)


def known_neighbourhood(slug: str | None) -> str | None:
    if not slug:
        return None
    if slug in (UNKNOWN, OUTSIDE):
        return slug
    try:
        return slug if search_provider.search.gazetteer.neighbourhood(slug) is not None else None
    except Exception:  # the gazetteer unavailable: leave it unknown rather than fail the answer
        return None


def is_crisis(text: str | None) -> Assessment | None:
    return assess(text) if text else None


def record_search(
    channel: str,
    language: str | None,
    page: SearchPage,
    *,
    needs: Iterable[str] = (),
    text: str | None = None,
    neighbourhood: str | None = None,
    when: datetime | None = None,
    sample: bool = False,
) -> None:
    """One resident search as it was answered: `needs` asked for (else the needs found in the words),
    the place found, what it reached. `neighbourhood`: a checked slug the search was filtered by."""
    try:
        if is_crisis(text):
            return
        demand = search_demand(
            channel,
            language,
            needs=tuple(needs) or tuple(page.needs_detected),
            place=page.place,
            reach=page.reach,
            when=when,
            neighbourhood=neighbourhood if page.place is None else None,
        )
        demand_recorder.record(replace(demand, sample=True) if sample else demand)
    except Exception as exc:
        log.warning("insight: a search was not counted (%s)", type(exc).__name__)


def record_details(
    channel: str,
    language: str | None,
    service_id: str,
    *,
    need: str | None = None,
    neighbourhood: str | None = None,
    when: datetime | None = None,
    sample: bool = False,
) -> None:
    """A resident opened a result's details (from a list of results, not a link from elsewhere)."""
    try:
        demand = details_demand(
            channel,
            language,
            service_id=service_id,
            need=need,
            neighbourhood=known_neighbourhood(neighbourhood),
            when=when,
        )
        demand_recorder.record(replace(demand, sample=True) if sample else demand)
    except Exception as exc:
        log.warning("insight: an opened result was not counted (%s)", type(exc).__name__)


def record_crisis(found: Assessment | None) -> None:
    """A crisis answer given: counted by day and tier for the whole borough, nothing else."""
    if found:
        demand_recorder.record_crisis("urgent" if found.tier == URGENT else "supportive")
