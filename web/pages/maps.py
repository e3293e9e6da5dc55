"""The points a page's map shows (web/templates/pages/_map.html, drawn by web/static/map/map.js).

Only services the page already lists are put on its map, so the list stays the complete, accessible
alternative: the map adds where they are, never anything the list lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import url_for

from directory.queries import service_points

from ..extensions import database


def points(service_ids: Iterable[str], *, back: str | None = None) -> list[dict[str, Any]]:
    """Name, link and coordinates (about 1 m apart at 5 decimals) of each listed service's places; the
    links carry `back` (the search) as the list's links do, so the service page leads back to it."""
    ids = list(dict.fromkeys(service_ids))  # a service listed under several needs is one marker
    return [
        {
            "name": point.service_name,
            "place": point.location_name if point.location_name != point.service_name else None,
            "url": url_for("pages.service", service_id=point.service_id, back=back),
            "lat": round(point.latitude, 5),
            "lng": round(point.longitude, 5),
        }
        for point in service_points(database.session, ids)
    ]
