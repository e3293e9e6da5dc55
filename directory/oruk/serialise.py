"""Serialise directory records as ORUK 3.0 JSON.

ORUK asks for empty optional fields to be omitted rather than sent as null, so every builder drops
None, empty strings and empty lists. The same functions feed the API and the JSON export, so what we
publish and what we export can never drift apart.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def compact(**fields: Any) -> dict[str, Any]:
    """Drop empty optional fields, as ORUK requires, and render dates, times and decimals."""
    return {key: _value(value) for key, value in fields.items() if value not in (None, "", [], {})}


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return compact(
        id=term.id,
        code=term.code,
        name=term.name,
        description=term.description or term.name,
        parent_id=term.parent_id,
        taxonomy=term.taxonomy.name if term.taxonomy else None,
        taxonomy_id=term.taxonomy_id,
        language=term.language,
        term_uri=term.term_uri,
    )


def taxonomy(record: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    data = compact(
        id=record.id,
        name=record.name,
        description=record.description or record.name,
        uri=record.uri,
        version=record.version,
    )
    if with_terms:
        terms = [taxonomy_term(t) for t in sorted(record.terms, key=lambda t: t.name)]
        if terms:
            data["taxonomy_terms"] = terms
    return data


def attribute(record: Attribute) -> dict[str, Any]:
    return compact(
        id=record.id,
        link_id=record.link_id,
        link_type=record.link_type,
        link_entity=record.link_entity,
        taxonomy_term_id=record.taxonomy_term_id,
        value=record.value,
        label=record.label,
        taxonomy_term=taxonomy_term(record.taxonomy_term) if record.taxonomy_term else None,
    )


def organization(record: Organization, *, with_identifiers: bool = True) -> dict[str, Any]:
    return compact(
        id=record.id,
        name=record.name,
        alternate_name=record.alternate_name,
        description=record.description or record.name,
        email=record.email,
        website=record.website,
        logo=record.logo,
        uri=record.uri,
        legal_status=record.legal_status,
        year_incorporated=record.year_incorporated,
        parent_organization_id=record.parent_organization_id,
        organization_identifiers=[
            compact(
                id=i.id,
                organization_id=i.organization_id,
                identifier_scheme=i.identifier_scheme,
                identifier_type=i.identifier_type,
                identifier=i.identifier,
            )
            for i in record.identifiers
        ]
        if with_identifiers
        else None,
    )


def phone(record: Phone) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        location_id=record.location_id,
        contact_id=record.contact_id,
        organization_id=record.organization_id,
        number=record.number,
        extension=record.extension,
        type=record.type,
        description=record.description,
    )


def schedule(record: Schedule) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        location_id=record.location_id,
        service_at_location_id=record.service_at_location_id,
        valid_from=record.valid_from,
        valid_to=record.valid_to,
        dtstart=record.dtstart,
        timezone=record.timezone,
        until=record.until,
        count=record.count,
        wkst=record.wkst,
        freq=record.freq,
        interval=record.interval,
        byday=record.byday,
        byweekno=record.byweekno,
        bymonthday=record.bymonthday,
        byyearday=record.byyearday,
        description=record.description,
        opens_at=record.opens_at,
        closes_at=record.closes_at,
        schedule_link=record.schedule_link,
        attending_type=record.attending_type,
        notes=record.notes,
    )


def address(record: Address) -> dict[str, Any]:
    return compact(
        id=record.id,
        location_id=record.location_id,
        attention=record.attention,
        address_1=record.address_1,
        address_2=record.address_2,
        city=record.city,
        region=record.region,
        state_province=record.state_province,
        postal_code=record.postal_code,
        country=record.country,
        address_type=record.address_type,
    )


def accessibility(record: Accessibility) -> dict[str, Any]:
    return compact(
        id=record.id,
        location_id=record.location_id,
        description=record.description or record.code,
        details=record.details,
        url=record.url,
    )


def location(record: Location, *, full: bool = True) -> dict[str, Any]:
    data = compact(
        id=record.id,
        location_type=record.location_type or "physical",
        url=record.url,
        organization_id=record.organization_id,
        name=record.name,
        alternate_name=record.alternate_name,
        description=record.description,
        transportation=record.transportation,
        latitude=record.latitude,
        longitude=record.longitude,
        external_identifier=record.external_identifier,
        external_identifier_type=record.external_identifier_type,
    )
    if full:
        data.update(
            compact(
                addresses=[address(a) for a in record.addresses],
                accessibility=[accessibility(a) for a in record.accessibility],
            )
        )
    return data


def language(record: Language) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        location_id=record.location_id,
        phone_id=record.phone_id,
        name=record.name,
        code=record.code,
        note=record.note,
    )


def cost_option(record: CostOption) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        valid_from=record.valid_from,
        valid_to=record.valid_to,
        option=record.option,
        currency=record.currency,
        amount=record.amount,
        amount_description=record.amount_description,
    )


def contact(record: Contact) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        organization_id=record.organization_id,
        name=record.name,
        title=record.title,
        department=record.department,
        email=record.email,
    )


def service_area(record: ServiceArea) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        name=record.name,
        description=record.description,
        extent=record.extent,
        extent_type=record.extent_type,
        uri=record.uri,
    )


def _service_core(record: Service) -> dict[str, Any]:
    return compact(
        id=record.id,
        organization_id=record.organization_id,
        name=record.name,
        alternate_name=record.alternate_name,
        description=record.description,
        url=record.url,
        email=record.email,
        status=record.status,
        interpretation_services=record.interpretation_services,
        application_process=record.application_process,
        fees=record.fees_description,  # the UK profile's name for HSDS's fees_description
        fees_description=record.fees_description,
        wait_time=record.wait_time,
        accreditations=record.accreditations,
        eligibility_description=record.eligibility_description,
        minimum_age=record.minimum_age,
        maximum_age=record.maximum_age,
        assured_date=record.assured_date,
        assurer_email=record.assurer_email,
        alert=record.alert,
        last_modified=record.last_modified,
    )


def _extensions(record: Service) -> dict[str, Any]:
    """Our additions, namespaced so ORUK consumers can ignore them safely."""
    return {
        "x_around_here": compact(
            scope=record.scope,
            neighbourhoods=sorted(n.slug for n in record.neighbourhoods),
            is_sample=record.is_sample or None,
        )
    }


def service_list_item(record: Service) -> dict[str, Any]:
    """The one-to-one fields of a service, as `/services` lists them."""
    data = _service_core(record)
    if record.organization is not None:
        data["organization"] = organization(record.organization, with_identifiers=False)
    return data


def service_full(record: Service, *, include_extensions: bool = True) -> dict[str, Any]:
    """A service with everything related, as `/services/{id}` returns it."""
    data = _service_core(record)
    data.update(
        compact(
            organization=organization(record.organization) if record.organization else None,
            phones=[phone(p) for p in record.phones],
            schedules=[schedule(s) for s in record.schedules],
            service_areas=[service_area(a) for a in record.service_areas],
            service_at_locations=[
                compact(id=sal.id, service_id=sal.service_id, location_id=sal.location_id,
                        description=sal.description, location=location(sal.location) if sal.location else None)
                for sal in record.service_at_locations
            ],
            languages=[language(lang) for lang in record.languages],
            cost_options=[cost_option(c) for c in record.cost_options],
            contacts=[contact(c) for c in record.contacts],
            attributes=[attribute(a) for a in record.attributes],
        )
    )  # fmt: skip
    if include_extensions:
        data.update(_extensions(record))
    return data


def service_at_location_list_item(record: ServiceAtLocation) -> dict[str, Any]:
    return compact(
        id=record.id,
        service_id=record.service_id,
        location_id=record.location_id,
        description=record.description,
        location=location(record.location, full=False) if record.location else None,
        service=service_list_item(record.service) if record.service else None,
    )


def service_at_location_full(record: ServiceAtLocation) -> dict[str, Any]:
    service = service_full(record.service, include_extensions=False) if record.service else None
    if service is not None:
        service.pop("service_at_locations", None)
    return compact(
        id=record.id,
        service_id=record.service_id,
        location_id=record.location_id,
        description=record.description,
        location=location(record.location) if record.location else None,
        service=service,
    )
