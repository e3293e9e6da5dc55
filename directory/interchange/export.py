"""Export the whole directory: as one ORUK 3.0 JSON package, or as rows of the CSV template.

The package is built from the same serialisers as the ORUK API (`directory.oruk.serialise`), plus our
namespaced extensions for what ORUK has no field for (closures, accessibility codes, sample flags,
neighbourhoods), so importing it into an empty database gives the same directory back. Both exports
stream services in batches and write to a temporary file renamed into place when complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    NEEDS_TAXONOMY_NAME,
    Neighbourhood,
    Organization,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from ..oruk import ORUK_PROFILE, ORUK_VERSION
from ..oruk.serialise import compact, record_fields, service_full, taxonomy, taxonomy_term
from ..queries import service_detail_options
from .opening_times import format_opening_times
from .spreadsheet import escape_cell
from .template import COLUMNS, NUMBER_COLUMNS

BATCH_SIZE = 500


def _detail_options() -> list[Any]:
    return service_detail_options()


def iter_service_batches(session: Session, ids: list[str] | None = None) -> Iterator[list[Service]]:
    """Services a batch at a time (in id order, or in the order of `ids`), released after each batch."""
    if ids is None:
        ids = list(session.scalars(select(Service.id).order_by(Service.id)))
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        held_before = set(session.identity_map.keys())
        rows = {
            s.id: s
            for s in session.scalars(select(Service).where(Service.id.in_(chunk)).options(*_detail_options()))
        }
        yield [rows[i] for i in chunk if i in rows]
        for obj in list(session.identity_map.values()):
            state = inspect(obj)
            if state.key not in held_before and not state.modified and obj in session:
                session.expunge(obj)


@contextmanager
def _replacing(out: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Write to a temporary file beside `out` and rename it over `out` only once complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    try:
        with partial.open("w", encoding=encoding, newline="") as handle:
            yield handle
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)


# --- ORUK JSON package ----------------------------------------------------------------------------------


def export_service(service: Service) -> dict[str, Any]:
    """`service_full` plus our extensions for what ORUK cannot carry."""
    data = service_full(service)
    extension = data.setdefault("x_around_here", {})
    closures = [
        compact(id=c.id, starts_on=c.starts_on, ends_on=c.ends_on, reason=c.reason)
        for c in sorted(service.closures, key=lambda c: (c.starts_on, c.id))
    ]
    if closures:
        extension["closures"] = closures
    if service.organization is not None and service.organization.is_sample and "organization" in data:
        data["organization"]["x_around_here"] = {"is_sample": True}
    codes = {
        feature.id: feature.code
        for sal in service.service_at_locations
        if sal.location is not None
        for feature in sal.location.accessibility
        if feature.code
    }
    for link in data.get("service_at_locations", []):
        for feature in link.get("location", {}).get("accessibility", []):
            if feature["id"] in codes:
                feature["x_around_here"] = {"code": codes[feature["id"]]}
    return data


def neighbourhood_record(hood: Neighbourhood) -> dict[str, Any]:
    return record_fields(
        hood,
        "id slug name description latitude longitude boundary_geojson",
        postcode_areas=sorted(area.prefix for area in hood.postcode_areas),
    )


def write_oruk_package(session: Session, out: Path) -> int:
    """`{"version", "profile", "exported_at", "x_around_here", "taxonomies", "services"}`, streamed."""
    hoods = session.scalars(
        select(Neighbourhood).order_by(Neighbourhood.slug).options(selectinload(Neighbourhood.postcode_areas))
    )
    taxonomies = session.scalars(
        select(Taxonomy).order_by(Taxonomy.name).options(selectinload(Taxonomy.terms))
    ).all()
    loose_terms = session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id.is_(None)).order_by(TaxonomyTerm.name)
    )
    head = {
        "version": ORUK_VERSION,
        "profile": ORUK_PROFILE,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "generator": "Around Here",
        "x_around_here": {"neighbourhoods": [neighbourhood_record(h) for h in hoods]},
        "taxonomies": [taxonomy(t, with_terms=True) for t in taxonomies],
        "taxonomy_terms": [taxonomy_term(t) for t in loose_terms],
    }
    count = 0
    with _replacing(out) as handle:
        handle.write("{")
        for name, value in head.items():
            handle.write(f"\n {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},")
        handle.write('\n "services": [')
        for batch in iter_service_batches(session):
            for service in batch:
                handle.write("," if count else "")
                handle.write("\n  " + json.dumps(export_service(service), ensure_ascii=False))
                count += 1
        handle.write("\n ]\n}\n")
    return count


# --- CSV template ---------------------------------------------------------------------------------------


def template_row(service: Service) -> dict[str, Any]:
    """One row of the CSV template; details the template has no column for are left out."""
    location = next((s.location for s in service.service_at_locations if s.location is not None), None)
    address = location.physical_address if location is not None else None
    weekly = [
        (s.byday, s.opens_at, s.closes_at)
        for s in service.schedules
        if (s.freq or "WEEKLY").upper() == "WEEKLY" and s.byday and s.opens_at and s.closes_at
    ]
    needs = sorted(
        a.taxonomy_term.code
        for a in service.attributes
        if a.taxonomy_term is not None
        and a.taxonomy_term.code
        and a.taxonomy_term.taxonomy is not None
        and a.taxonomy_term.taxonomy.name == NEEDS_TAXONOMY_NAME
    )
    return {
        "organisation_name": service.organization.name if service.organization else "",
        "service_name": service.name,
        "description": service.description or "",
        "needs": "; ".join(needs),
        "neighbourhoods": "; ".join(sorted(n.slug for n in service.neighbourhoods)),
        "scope": service.scope,
        "location_name": (location.name or "") if location else "",
        "address_1": address.address_1 if address else "",
        "address_2": (address.address_2 or "") if address else "",
        "city": address.city if address else "",
        "postcode": address.postal_code if address else "",
        "latitude": _number(location.latitude) if location else "",
        "longitude": _number(location.longitude) if location else "",
        "phone": "; ".join(p.number for p in service.phones),
        "email": service.email or "",
        "website": service.url or "",
        "opening_times": format_opening_times(weekly),
        "cost": "; ".join(_cost_text(c) for c in service.cost_options),
        "minimum_age": _number(service.minimum_age),
        "maximum_age": _number(service.maximum_age),
        "eligibility": service.eligibility_description or "",
        "languages": "; ".join(
            lang.code or lang.name or "" for lang in service.languages if lang.code or lang.name
        ),
        "accessibility": "; ".join(
            f.code or f.description or ""
            for f in (location.accessibility if location else [])
            if f.code or f.description
        ),
        "status": service.status,
        "last_reviewed": service.assured_date.isoformat() if service.assured_date else "",
        "id": service.id,
    }


def spreadsheet_row(row: dict[str, Any]) -> dict[str, str]:
    """Every cell made safe to open in a spreadsheet (see `spreadsheet`); numbers we wrote stay numbers."""
    return {
        column: escape_cell(str(value), numeric=column in NUMBER_COLUMNS) for column, value in row.items()
    }


def _number(value: float | int | None) -> str:
    return "" if value is None else str(value)


def _cost_text(option: Any) -> str:
    if option.amount_description:
        return str(option.amount_description)
    if option.amount is not None:
        return "Free" if option.amount == 0 else f"£{option.amount:.2f}"
    return option.option or ""


def write_csv_template(session: Session, out: Path) -> int:
    """Every service as a template row, by organisation then service name (UTF-8 with a BOM, for Excel)."""
    ids = list(
        session.scalars(
            select(Service.id)
            .join(Organization, Service.organization_id == Organization.id)
            .order_by(Organization.name, Service.name, Service.id)
        )
    )
    count = 0
    with _replacing(out, encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        for batch in iter_service_batches(session, ids):
            for service in batch:
                writer.writerow(spreadsheet_row(template_row(service)))
                count += 1
    return count
