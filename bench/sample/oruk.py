"""Write the generator's services as ORUK 3.0 service records, the shape councils' feeds and our export use.

The sample is loaded by the same ORUK importer as any council's feed, so what ORUK has no field for
(scope, neighbourhoods, needs, sample flags, closures, accessibility codes) goes in our `x_around_here`
extension, as `flask directory export oruk` writes it. Every child row gets an explicit, stable id, so
reloading updates rows in place.
"""

from __future__ import annotations

from typing import Any

from directory.vocabulary import ACCESSIBILITY, LANGUAGES

from .ids import sample_id


def compact(**fields: Any) -> dict[str, Any]:
    """Leave out empty optional fields, as ORUK asks (and as our export does)."""
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def _time(value: str) -> str:
    return f"{value}:00" if len(value) == 5 else value


def organization(raw: dict[str, Any]) -> dict[str, Any]:
    return compact(
        id=raw["id"],
        name=raw["name"],
        description=raw.get("description"),
        email=raw.get("email"),
        website=raw.get("website"),
    ) | {"x_around_here": {"is_sample": bool(raw.get("is_sample", True))}}


def location(raw: dict[str, Any]) -> dict[str, Any]:
    location_id = raw["id"]
    address = compact(
        id=sample_id(location_id, "address"),
        address_1=raw["address_1"],
        city=raw.get("city") or "Stockport",
        state_province="Greater Manchester",
        postal_code=raw["postal_code"],
        country="GB",
        address_type="physical",
    )
    features = [
        {
            "id": sample_id(location_id, "accessibility", code),
            "description": ACCESSIBILITY[code],
            "x_around_here": {"code": code},
        }
        for code in raw.get("accessibility", [])
    ]
    return compact(
        id=location_id,
        location_type="physical",
        name=raw.get("name"),
        latitude=raw.get("lat"),
        longitude=raw.get("lon"),
        addresses=[address],
        accessibility=features,
    )


def schedule(service_id: str, index: int, raw: dict[str, Any]) -> dict[str, Any]:
    return compact(
        id=sample_id(service_id, "schedule", str(index)),
        valid_from=raw.get("valid_from"),
        valid_to=raw.get("valid_to"),
        freq=raw.get("freq", "WEEKLY"),
        byday=raw.get("byday"),
        description=raw.get("description"),
        opens_at=_time(raw["opens_at"]) if raw.get("opens_at") else None,
        closes_at=_time(raw["closes_at"]) if raw.get("closes_at") else None,
        attending_type=raw.get("attending_type"),
    )


def service(raw: dict[str, Any]) -> dict[str, Any]:
    """One ORUK service record (with its organisation and location) from a generator record."""
    sid = raw["id"]
    location_raw = raw.get("location")
    record = compact(
        id=sid,
        organization_id=raw["organisation"]["id"],
        name=raw["name"],
        description=raw.get("description"),
        url=raw.get("url"),
        email=raw.get("email"),
        status=raw["status"],
        eligibility_description=raw.get("eligibility_description"),
        minimum_age=raw.get("minimum_age"),
        maximum_age=raw.get("maximum_age"),
        assured_date=raw.get("assured_date"),
        alert=raw.get("alert"),
        organization=organization(raw["organisation"]),
        phones=[
            compact(id=sample_id(sid, "phone", str(i)), number=p["number"], type=p.get("type"),
                    description=p.get("description"))
            for i, p in enumerate(raw.get("phones", []))
        ],
        schedules=[schedule(sid, i, s) for i, s in enumerate(raw.get("schedules", []))],
        service_at_locations=[
            {"id": sample_id(sid, "at", location_raw["id"]), "location": location(location_raw)}
        ] if location_raw else [],
        languages=[
            {"id": sample_id(sid, "language", code), "name": LANGUAGES[code], "code": code}
            for code in raw.get("languages", [])
        ],
        cost_options=[
            compact(id=sample_id(sid, "cost", str(i)), option=c.get("option"), currency="GBP",
                    amount=c.get("amount"), amount_description=c.get("amount_description"))
            for i, c in enumerate(raw.get("costs", []))
        ],
    )  # fmt: skip
    # Always present, even when empty: an empty list says "none", where a missing key says "leave as is".
    record["x_around_here"] = {
        "scope": raw["scope"],
        "neighbourhoods": list(raw["neighbourhoods"]),
        "needs": list(raw["needs"]),
        "is_sample": bool(raw.get("is_sample", True)),
        "closures": [
            compact(id=sample_id(sid, "closure", str(i)), starts_on=c["starts_on"], ends_on=c["ends_on"],
                    reason=c.get("reason"))
            for i, c in enumerate(raw.get("closures", []))
        ],
    }  # fmt: skip
    return record
