"""What the public pages show about a service: a search result's card and the service page's details.

Built from the directory's records with the reader-language helpers in `web.formatting`; the templates
print these dicts as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from markupsafe import Markup

from directory.needs import NEED_SLUGS
from directory.opening import LONDON, timetable_for

from .formatting import (
    SCOPE_LABELS,
    accessibility_label,
    age_range,
    and_list,
    checked_date,
    cost_lines,
    description_html,
    distance,
    html_gettext,
    language_name,
    map_url,
    need_name,
    opening_status,
    opening_times,
    plain_text,
    published,
    shorten,
    tel_href,
)


def _place_text(service: Any, hood_names: dict[str, str], borough: str) -> Markup | str | None:
    if service.scope in SCOPE_LABELS:
        return str(SCOPE_LABELS[service.scope]) % {"borough": borough}
    names = sorted(hood_names.get(n.slug, n.name) for n in service.neighbourhoods)
    if not names:
        return None
    # Each name is escaped and isolated by published(); and_list adds the locale's own "and".
    places = Markup(and_list([str(published(name)) for name in names]))
    # TRANSLATORS: %(places)s is a list of neighbourhood names ("Heatons and Tame Valley").
    return html_gettext("Serves %(places)s", places=places)


def service_card(
    service: Any, *, now: datetime, hood_names: dict[str, str], borough: str, hit: Any = None
) -> dict[str, Any]:
    """What a search result shows about a service."""
    phone = next((p for p in service.phones if (p.type or "voice") != "fax"), None)
    address = None
    for sal in service.service_at_locations:
        if sal.location is not None and sal.location.physical_address is not None:
            address = sal.location.physical_address.one_line()
            break
    return {
        "id": service.id,
        "name": service.name,
        "organisation": service.organization.name if service.organization else None,
        "description": shorten(plain_text(service.description), 220),
        "status": opening_status(timetable_for(service.schedules, service.closures), now),
        "phone": phone.number if phone else None,
        "address": address,
        "place": _place_text(service, hood_names, borough),
        "distance": distance(hit.distance_m) if hit is not None else None,
        "free": service.is_free,
        "is_sample": service.is_sample,
    }


def service_details(
    service: Any, *, now: datetime, hood_names: dict[str, str], borough: str
) -> dict[str, Any]:
    """Everything the service page (and its printable version) shows."""
    timetable = timetable_for(service.schedules, service.closures)
    locations = []
    for sal in service.service_at_locations:
        location = sal.location
        if location is None:
            continue
        address = location.physical_address.one_line() if location.physical_address else None
        locations.append(
            {
                "name": location.name,
                "address": address,
                "map_url": map_url(location.latitude, location.longitude, address),
                "directions": location.transportation,
                "accessibility": [
                    {"label": accessibility_label(a.code, a.description), "details": a.description}
                    for a in location.accessibility
                ],
            }
        )
    return {
        "open_now": timetable.is_open(now),
        "status": opening_status(timetable, now),
        "opening": opening_times(service.schedules, service.closures, today=now.astimezone(LONDON).date()),
        "needs": [(slug, need_name(slug)) for slug in _need_slugs(service)],
        "description": description_html(service.description),
        "ages": age_range(service.minimum_age, service.maximum_age),
        "eligibility": service.eligibility_description,
        "free": service.is_free,
        "costs": cost_lines(service.cost_options),
        "fees": service.fees_description,
        "phones": [
            {"number": p.number, "href": tel_href(p.number), "description": p.description}
            for p in service.phones
            if (p.type or "voice") != "fax"
        ],
        "email": service.email,
        "website": service.url if (service.url or "").startswith(("https://", "http://")) else None,
        "contacts": [c for c in service.contacts if c.name or c.email],
        "locations": locations,
        "languages": [language_name(lang.code, lang.name) for lang in service.languages],
        "place": _place_text(service, hood_names, borough),
        "last_checked": checked_date(service.assured_date),
    }


def _need_slugs(service: Any) -> list[str]:
    codes = {a.taxonomy_term.code for a in service.attributes if a.taxonomy_term is not None}
    return [slug for slug in NEED_SLUGS if slug in codes]
