"""Turn a service record into the flat document the index stores."""

from __future__ import annotations

import re
from typing import Any

from ..interchange.text import strip_tags
from ..models import Service, ServiceScope
from ..needs import get_need
from ..opening import DAY_CODES, Timetable, timetable_for
from ..portal.freshness import cycle_start
from .generation import weekly_spans

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
NO_AGE_LIMIT = 200


def strip_html(text: str | None) -> str:
    """Plain text from a description that may carry HTML (real ORUK feeds do); entities that decode to
    markup do not become markup (`strip_tags`), since the API serves this text to any site."""
    if not text:
        return ""
    return _SPACE.sub(" ", strip_tags(_TAG.sub(" ", text))).strip()


def is_searchable(service: Service) -> bool:
    """Only visible services (active, not archived, not hidden as out of date) are offered to residents."""
    return service.is_visible


def need_slugs(service: Service) -> list[str]:
    slugs = []
    for attribute in service.attributes:
        term = attribute.taxonomy_term
        if term is not None and term.code and get_need(term.code) is not None:
            slugs.append(term.code)
    return sorted(set(slugs))


def primary_point(service: Service) -> tuple[float, float] | None:
    for sal in service.service_at_locations:
        loc = sal.location
        if loc is not None and loc.latitude is not None and loc.longitude is not None:
            return loc.latitude, loc.longitude
    return None


def open_hour_tokens(timetable: Timetable) -> list[str]:
    """Weekday-hour tokens ("we10") in which a weekly rule may be open: a cheap index pre-filter for
    "open now"; the exact answer (closures, monthly rules, validity) is checked on the candidates."""
    tokens: set[str] = set()
    for rule in timetable.rules:
        days = {d[-2:] for d in rule.days}
        end = rule.closes if rule.closes > rule.opens else rule.closes + 24 * 60
        for code in days:
            day = DAY_CODES.index(code)
            for minute in range(rule.opens - rule.opens % 60, end, 60):
                tokens.add(f"{DAY_CODES[(day + minute // 1440) % 7].lower()}{(minute % 1440) // 60:02d}")
    return sorted(tokens)


def whole_hour_tokens(timetable: Timetable) -> list[str]:
    """Weekday-hour tokens in which the service is open for the whole hour every week (plain weekly
    rules, no closures or validity dates): "open now" needs no timetable check for these services."""
    spans = weekly_spans(timetable)
    tokens: set[str] = set()
    for start, end in spans or ():
        for minute in range(-(-start // 60) * 60, end - 59, 60):
            day, hour = divmod(minute // 60, 24)
            tokens.add(f"{DAY_CODES[day % 7].lower()}{hour:02d}")
    return sorted(tokens)


def service_document(service: Service) -> dict[str, Any]:
    needs = need_slugs(service)
    need_names = [need.name for need in (get_need(slug) for slug in needs) if need is not None]
    point = primary_point(service)
    accessibility = sorted(
        {
            a.code
            for sal in service.service_at_locations
            if sal.location
            for a in sal.location.accessibility
            if a.code
        }
    )
    timetable = timetable_for(service.schedules, service.closures)
    everywhere = service.scope in (ServiceScope.BOROUGH.value, ServiceScope.NATIONAL.value)
    hoods = sorted({n.slug for n in service.neighbourhoods})
    body = [
        service.organization.name if service.organization else "",
        service.alternate_name or "",
        strip_html(service.description),
        " ".join(n.name for n in service.neighbourhoods),
        " ".join(need_names),
    ]
    return {
        "id": service.id,
        "name": service.name,
        "body": " ".join(part for part in body if part),
        "needs": ",".join(needs),
        "neighbourhoods": ",".join(hoods + (["*"] if everywhere else [])),
        "scope": service.scope,
        "languages": ",".join(sorted({(lang.code or "").lower() for lang in service.languages if lang.code})),
        "accessibility": ",".join(accessibility),
        "free": service.is_free,
        "min_age": service.minimum_age if service.minimum_age is not None else 0,
        "max_age": service.maximum_age if service.maximum_age is not None else NO_AGE_LIMIT,
        "open_days": ",".join(timetable.open_weekdays()),
        "open_hours": ",".join(open_hour_tokens(timetable)),
        "open_whole_hours": ",".join(whole_hour_tokens(timetable)),
        "timetable": timetable.to_json(),
        "lat": point[0] if point else None,
        "lon": point[1] if point else None,
        # The day the listing was last confirmed (or added), as a day number: fresher ranks higher.
        "checked": cycle_start(service).toordinal(),
    }
