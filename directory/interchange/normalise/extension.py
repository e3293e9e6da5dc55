"""Readers for our `x_around_here` extension and the neighbourhoods our export carries."""

from __future__ import annotations

import re
from typing import Any

from ...models import ServiceScope
from ...needs import NEED_SLUGS
from ..fields import GEOMETRY_LIMIT_BYTES, Fields, RecordContext
from ..ids import derived_id
from ..records import NeighbourhoodData, Row, ServiceData

SCOPES = frozenset(s.value for s in ServiceScope)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def extension(f: Fields, data: ServiceData) -> None:
    """Scope, neighbourhoods, needs, sample flag and closures: absent means "leave ours as they are"."""
    x = f.child("x_around_here", "x_around_here")
    if x is None:
        return
    data.scope = x.enum("scope", SCOPES)
    data.neighbourhoods = x.strings("neighbourhoods", max_len=100)
    data.is_sample = x.boolean("is_sample")
    needs = x.strings("needs", max_len=50)
    if needs is not None:
        unknown = [slug for slug in needs if slug not in NEED_SLUGS]
        if unknown:
            x.error("needs", f"unknown need {', '.join(map(repr, unknown))}; known: {', '.join(NEED_SLUGS)}")
        data.needs = [slug for slug in needs if slug in NEED_SLUGS]
    if x.has("closures"):
        closures = []
        for index, c in x.each("closures", "closure"):
            row_id = c.id("id", fallback=lambda index=index: derived_id(data.id, "closure", str(index)))
            starts, ends = c.date("starts_on"), c.date("ends_on")
            if starts is None and not c.has("starts_on"):
                c.error("starts_on", "required field is missing")
            if starts and ends and ends < starts:
                c.error("ends_on", "is before starts_on")
            values = {"starts_on": starts, "ends_on": ends or starts, "reason": c.text("reason")}
            c.done()
            if row_id and starts:
                closures.append(Row(row_id, values))
        data.collections["closures"] = closures
    x.done()


def normalise_neighbourhood(raw: Any, ctx: RecordContext, path: str) -> NeighbourhoodData | None:
    """A neighbourhood from our export's `x_around_here.neighbourhoods` (ORUK has no such record)."""
    if not isinstance(raw, dict):
        ctx.error(path, "expected a neighbourhood object")
        return None
    n = Fields(raw, path, ctx, "neighbourhood")
    ctx.record_id = str(raw.get("slug") or raw.get("id") or "") or None
    neighbourhood_id = n.id("id")
    slug = n.text("slug", max_len=100, required=True)
    if slug is not None and not _SLUG.match(slug):
        n.error("slug", f"{slug!r} is not a slug (lower-case words joined by hyphens)")
        slug = None
    latitude, longitude = n.coordinate("latitude", limit=90), n.coordinate("longitude", limit=180)
    values = {
        "name": n.text("name", required=True),
        "description": n.rich("description"),
        "latitude": latitude,
        "longitude": longitude,
        "boundary_geojson": n.data_text("boundary_geojson", limit=GEOMETRY_LIMIT_BYTES),
    }
    areas = n.strings("postcode_areas", max_len=8)
    n.done()
    if neighbourhood_id is None or slug is None or values["name"] is None:
        return None
    return NeighbourhoodData(
        neighbourhood_id, slug, values, [a.upper() for a in areas] if areas is not None else None
    )
