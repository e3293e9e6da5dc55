"""Validate one ORUK 3.0 service record (as JSON) and turn it into our normalised `ServiceData`.

Every reader (ORUK JSON, HSDS CSV, our CSV template) ends here, so all imports share one set of rules:
required fields, types, enums, dates and times, coordinates, email and web address shapes, sizes, and
text cleaning (HTML sanitised, Unicode normalised). Rules follow the ORUK schema where it is clear and
our columns where they are stricter; real feeds' quirks (ages of -1, bare domains) become warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...models import ServiceStatus
from ..fields import Fields, RecordContext
from ..ids import derived_id
from ..records import OrganizationData, Row, ServiceData
from .children import contacts, cost_options, languages, phones, schedules, service_areas
from .extension import extension, normalise_neighbourhood
from .places import service_at_locations
from .terms import attributes, normalise_taxonomy, normalise_term

__all__ = [
    "Ownership",
    "normalise_neighbourhood",
    "normalise_service",
    "normalise_taxonomy",
    "normalise_term",
]

STATUSES = frozenset(s.value for s in ServiceStatus)


@dataclass(frozen=True)
class Ownership:
    """Which service columns and collections a source speaks for (None: all, as ORUK records do)."""

    service: frozenset[str] | None = None
    organization: frozenset[str] | None = None


def normalise_service(
    raw: dict[str, Any], ctx: RecordContext, ownership: Ownership | None = None
) -> ServiceData | None:
    """The normalised record (None without a usable id); problems are left in `ctx`.

    A record with errors is still returned, so the caller can report its id clashes too; it must not
    be written unless `ctx.has_errors` is false.
    """
    f = Fields(raw, "", ctx, "service")
    raw_id = raw.get("id")
    ctx.record_id = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
    # A record without a usable id is still checked through, so the report lists every fault at once.
    identified = f.id("id")
    service_id = identified or "unidentified"
    values: dict[str, Any] = {
        "name": f.text("name", required=True),
        "alternate_name": f.text("alternate_name"),
        "description": f.rich("description"),
        "url": f.url("url"),
        "email": f.email("email"),
        "status": f.enum("status", STATUSES, required=True),
        "interpretation_services": f.rich("interpretation_services"),
        "application_process": f.rich("application_process"),
        "fees_description": f.rich("fees_description") if f.has("fees_description") else f.rich("fees"),
        "wait_time": f.text("wait_time", truncate=True),
        "accreditations": f.rich("accreditations"),
        "eligibility_description": f.rich("eligibility_description"),
        "minimum_age": f.age("minimum_age"),
        "maximum_age": f.age("maximum_age"),
        "assured_date": f.date("assured_date"),
        "assurer_email": f.email("assurer_email"),
        "alert": f.rich("alert"),
        "last_modified": f.datetime("last_modified"),
    }
    f.used.add("fees")
    low, high = values["minimum_age"], values["maximum_age"]
    if low is not None and high is not None and low > high:
        f.error("maximum_age", f"{high} is below minimum_age {low}")
    organization = _organization(f)
    referenced = f.ref("organization_id")
    organization_id = organization.id if organization else referenced
    if organization_id is None and organization is None and not f.has("organization"):
        f.error("organization", "required: a service must say which organisation runs it")

    contact_rows, contact_phones = contacts(f, service_id)
    links, link_schedules = service_at_locations(f, service_id)
    collections = {
        "contacts": contact_rows,
        "phones": phones(f, service_id, "phones") + contact_phones,
        "schedules": schedules(f, "schedules", derive=lambda i: derived_id(service_id, "schedule", str(i)))
        + link_schedules,
        "service_areas": service_areas(f, service_id),
        "languages": languages(f, service_id),
        "cost_options": cost_options(f, service_id),
        "closures": None,
    }
    tags, terms = attributes(f, service_id)
    data = ServiceData(
        id=service_id,
        raw_id=ctx.record_id or service_id,
        name=values["name"] or "",
        values=values,
        organization_id=organization_id or "",
        organization=organization,
        collections=collections,
        service_at_locations=links,
        attributes=tags,
        terms=terms,
    )
    extension(f, data)
    _resolve_sibling_refs(data)
    f.done(("funding", "program", "program_id", "required_documents", "licenses"))
    for ignored in ("funding", "program", "required_documents", "licenses"):
        if raw.get(ignored):
            ctx.ignored[f"service.{ignored}"] += 1
    if ownership is not None:
        _restrict(data, ownership)
    return data if identified else None


# --- organisation ---------------------------------------------------------------------------------------


def _organization(f: Fields) -> OrganizationData | None:
    o = f.child("organization", "organization")
    if o is None:
        return None
    org_id = o.id("id") if o.has("id") or not f.has("organization_id") else f.ref("organization_id")
    values = {
        "name": o.text("name", required=True),
        "alternate_name": o.text("alternate_name"),
        "description": o.rich("description"),
        "email": o.email("email"),
        "website": o.url("website"),
        "uri": o.url("uri"),
        "logo": o.url("logo"),
        "legal_status": o.text("legal_status", max_len=100),
        "year_incorporated": o.integer("year_incorporated", minimum=1000, maximum=2100),
    }
    identifiers = []
    for index, i in o.each("organization_identifiers", "organization_identifier"):
        row_id = i.id("id", fallback=lambda index=index: derived_id(org_id, "identifier", str(index)))
        identifier = i.text("identifier", max_len=100, required=True)
        scheme = i.text("identifier_scheme", max_len=100)
        kind = i.text("identifier_type", max_len=100)
        i.done(("organization_id",))
        if row_id and identifier:
            identifiers.append(
                Row(
                    row_id,
                    {"identifier": identifier, "identifier_scheme": scheme, "identifier_type": kind or ""},
                )
            )
    extension = o.child("x_around_here", "organization.x_around_here")
    is_sample = extension.boolean("is_sample") if extension else None
    parent = o.ref("parent_organization_id")
    o.done(
        (
            "services",
            "attributes",
            "contacts",
            "phones",
            "locations",
            "programs",
            "funding",
            "tax_status",
            "tax_id",
        )
    )
    if org_id is None:
        return None
    return OrganizationData(
        id=org_id,
        values=values,
        identifiers=identifiers,
        parent_id=parent if parent != org_id else None,
        is_sample=is_sample,
    )


# --- tidying --------------------------------------------------------------------------------------------


def _resolve_sibling_refs(data: ServiceData) -> None:
    """Keep references only to rows of this same service (or its organisation); drop the rest."""
    targets = {
        "contact_id": {row.id for row in data.collections["contacts"] or ()},
        "phone_id": {row.id for row in data.collections["phones"] or ()},
        "service_at_location_id": {sal.id for sal in data.service_at_locations or ()},
        "location_id": {sal.location_id for sal in data.service_at_locations or ()},
        "organization_id": {data.organization_id},
    }
    for rows in data.collections.values():
        for row in rows or ():
            row.refs = {key: value if value in targets[key] else None for key, value in row.refs.items()}


def _restrict(data: ServiceData, ownership: Ownership) -> None:
    """Drop what the source does not speak for, so the writer leaves it as it is."""
    owned = ownership.service
    if owned is not None:
        data.values = {key: value for key, value in data.values.items() if key in owned}
        for name in data.collections:
            if name not in owned:
                data.collections[name] = None
        if "service_at_locations" not in owned:
            data.service_at_locations = None
        if "attributes" not in owned:
            data.attributes = None
    if data.organization is not None and ownership.organization is not None:
        org = data.organization
        org.values = {key: value for key, value in org.values.items() if key in ownership.organization}
        org.identifiers = None
        org.set_parent = False
