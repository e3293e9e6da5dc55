"""A compact, channel-neutral view of a service: what the API, pages, widget and bot show in a list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Service
from .opening import timetable_for
from .search.base import BackendHit
from .search.documents import need_slugs, strip_html


def service_summary(
    service: Service, *, hit: BackendHit | None = None, now: datetime | None = None
) -> dict[str, Any]:
    now = now or datetime.now().astimezone()
    timetable = timetable_for(service.schedules, service.closures)
    session = timetable.next_opening(now)
    phone = next((p for p in service.phones if (p.type or "voice") != "fax"), None)
    address = None
    for sal in service.service_at_locations:
        if sal.location is not None and sal.location.physical_address is not None:
            address = sal.location.physical_address
            break
    summary: dict[str, Any] = {
        "id": service.id,
        "name": service.name,
        "organisation": service.organization.name if service.organization else None,
        "description": strip_html(service.description)[:300],
        "needs": need_slugs(service),
        "neighbourhoods": sorted(n.slug for n in service.neighbourhoods),
        "scope": service.scope,
        "open_now": timetable.is_open(now),
        "always_open": timetable.always_open,
        "next_opening": None,
        "phone": phone.number if phone else None,
        "address": address.one_line() if address else None,
        "postcode": address.postal_code if address else None,
        "url": service.url,
        "free": service.is_free,
        "is_sample": service.is_sample,
    }
    if session is not None:
        summary["next_opening"] = {"starts": session[0].isoformat(), "ends": session[1].isoformat()}
    if hit is not None:
        summary["distance_m"] = round(hit.distance_m) if hit.distance_m is not None else None
        summary["serves_neighbourhood"] = hit.serves_neighbourhood
    return summary
