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


def record_fields(record: Any, names: str, **given: Any) -> dict[str, Any]:
    """`compact` of the record's attributes named in `names` (ORUK's name is ours), in that order; a
    name in `given` takes the value given instead, and given names not in `names` follow at the end."""
    values = {name: given.pop(name) if name in given else getattr(record, name) for name in names.split()}
    return compact(**values, **given)


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return record_fields(
        term,
        "id code name description parent_id taxonomy taxonomy_id language term_uri",
        description=term.description or term.name,
        taxonomy=term.taxonomy.name if term.taxonomy else None,
    )


def taxonomy(record: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    data = record_fields(
        record, "id name description uri version", description=record.description or record.name
    )
    if with_terms:
        terms = [taxonomy_term(t) for t in sorted(record.terms, key=lambda t: t.name)]
        if terms:
            data["taxonomy_terms"] = terms
    return data


def attribute(record: Attribute) -> dict[str, Any]:
    return record_fields(
        record,
        "id link_id link_type link_entity taxonomy_term_id value label",
        taxonomy_term=taxonomy_term(record.taxonomy_term) if record.taxonomy_term else None,
    )


def organization(record: Organization, *, with_identifiers: bool = True) -> dict[str, Any]:
    identifiers = "id organization_id identifier_scheme identifier_type identifier"
    return record_fields(
        record,
        "id name alternate_name description email website logo uri legal_status year_incorporated "
        "parent_organization_id",
        description=record.description or record.name,
        organization_identifiers=[record_fields(i, identifiers) for i in record.identifiers]
        if with_identifiers
        else None,
    )


def phone(record: Phone) -> dict[str, Any]:
    return record_fields(
        record, "id service_id location_id contact_id organization_id number extension type description"
    )


def schedule(record: Schedule) -> dict[str, Any]:
    return record_fields(
        record,
        "id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count "
        "wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at "
        "schedule_link attending_type notes",
    )


def address(record: Address) -> dict[str, Any]:
    return record_fields(
        record,
        "id location_id attention address_1 address_2 city region state_province postal_code country "
        "address_type",
    )


def accessibility(record: Accessibility) -> dict[str, Any]:
    return record_fields(
        record, "id location_id description details url", description=record.description or record.code
    )


def location(record: Location, *, full: bool = True) -> dict[str, Any]:
    data = record_fields(
        record,
        "id location_type url organization_id name alternate_name description transportation latitude "
        "longitude external_identifier external_identifier_type",
        location_type=record.location_type or "physical",
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
    return record_fields(record, "id service_id location_id phone_id name code note")


def cost_option(record: CostOption) -> dict[str, Any]:
    return record_fields(
        record, "id service_id valid_from valid_to option currency amount amount_description"
    )


def contact(record: Contact) -> dict[str, Any]:
    return record_fields(record, "id service_id organization_id name title department email")


def service_area(record: ServiceArea) -> dict[str, Any]:
    return record_fields(record, "id service_id name description extent extent_type uri")


def _service_core(record: Service) -> dict[str, Any]:
    return record_fields(
        record,
        "id organization_id name alternate_name description url email status interpretation_services "
        "application_process fees fees_description wait_time accreditations eligibility_description "
        "minimum_age maximum_age assured_date assurer_email alert last_modified",
        fees=record.fees_description,  # the UK profile's name for HSDS's fees_description
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
                _service_at_location(sal, location=location(sal.location) if sal.location else None)
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


def _service_at_location(record: ServiceAtLocation, **related: Any) -> dict[str, Any]:
    return record_fields(record, "id service_id location_id description", **related)


def service_at_location_list_item(record: ServiceAtLocation) -> dict[str, Any]:
    return _service_at_location(
        record,
        location=location(record.location, full=False) if record.location else None,
        service=service_list_item(record.service) if record.service else None,
    )


def service_at_location_full(record: ServiceAtLocation) -> dict[str, Any]:
    service = service_full(record.service, include_extensions=False) if record.service else None
    if service is not None:
        service.pop("service_at_locations", None)
    return _service_at_location(
        record, location=location(record.location) if record.location else None, service=service
    )
