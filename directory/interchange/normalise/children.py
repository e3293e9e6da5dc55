"""Readers for a service's own child rows: phones, contacts, schedules, areas, languages, costs."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..fields import GEOMETRY_LIMIT_BYTES, Fields
from ..ids import derived_id
from ..records import Row

FREQUENCIES = frozenset({"WEEKLY", "MONTHLY"})
WEEKDAYS = frozenset({"MO", "TU", "WE", "TH", "FR", "SA", "SU"})
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU))*$")
_NUMBER_LIST = re.compile(r"^-?\d{1,3}(,-?\d{1,3})*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def _phone(p: Fields, row_id: str) -> Row | None:
    number = p.text("number", max_len=50, required=True)
    values = {
        "number": number.strip("\"'").strip() if number else None,
        "extension": p.text("extension", max_len=20),
        "type": p.text("type", max_len=30),
        "description": p.rich("description"),
    }
    refs = {key: p.ref(key) for key in ("contact_id", "location_id", "organization_id")}
    p.done(("service_id", "service_at_location_id", "languages", "attributes"))
    return Row(row_id, values, refs) if number else None


def phones(f: Fields, owner_id: str, key: str) -> list[Row]:
    """Phones of a service or contact; numbers are required, a phone without one is an error."""
    rows = []
    for index, p in f.each(key, "phone"):
        row_id = p.id("id", fallback=lambda index=index: derived_id(owner_id, key, str(index)))
        row = _phone(p, row_id or "")
        if row and row_id:
            rows.append(row)
    return rows


def contacts(f: Fields, service_id: str) -> tuple[list[Row], list[Row]]:
    """Contacts, and their phones (kept as the service's phones, linked to the contact)."""
    rows: list[Row] = []
    contact_phones: list[Row] = []
    for index, c in f.each("contacts", "contact"):
        contact_id = c.id("id", fallback=lambda index=index: derived_id(service_id, "contact", str(index)))
        values = {
            "name": c.text("name"),
            "title": c.text("title"),
            "department": c.text("department"),
            "email": c.email("email"),
        }
        if contact_id is None:
            continue
        rows.append(Row(contact_id, values))
        for phone in phones(c, contact_id, "phones"):
            phone.refs["contact_id"] = contact_id
            contact_phones.append(phone)
        c.done(("service_id", "organization_id", "service_at_location_id", "location_id", "attributes"))
    return rows, contact_phones


def schedules(f: Fields, key: str, *, derive: Callable[[int], str], sal_id: str | None = None) -> list[Row]:
    """iCal-like schedules, checked so the opening-times code never meets a rule it cannot read."""
    rows = []
    for index, s in f.each(key, "schedule"):
        row_id = s.id("id", fallback=lambda index=index: derive(index))
        values = {
            "valid_from": s.date("valid_from"),
            "valid_to": s.date("valid_to"),
            "dtstart": s.date("dtstart"),
            "timezone": s.integer("timezone", minimum=-12, maximum=14),
            "until": s.date("until"),
            "count": s.integer("count", minimum=0, maximum=100000),
            "wkst": s.enum("wkst", WEEKDAYS, upper=True),
            "freq": s.enum("freq", FREQUENCIES, upper=True),
            "interval": s.integer("interval", minimum=1, maximum=1000),
            "byday": _byday(s),
            "byweekno": s.pattern(
                "byweekno", _NUMBER_LIST, max_len=50, explain="comma-separated week numbers"
            ),
            "bymonthday": s.pattern("bymonthday", _NUMBER_LIST, max_len=50, explain="comma-separated days"),
            "byyearday": s.pattern("byyearday", _NUMBER_LIST, max_len=50, explain="comma-separated days"),
            "description": s.rich("description"),
            "opens_at": s.time("opens_at"),
            "closes_at": s.time("closes_at"),
            "schedule_link": s.url("schedule_link"),
            "attending_type": s.text("attending_type", max_len=50, truncate=True),
            "notes": s.rich("notes"),
        }
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            s.error("valid_to", "is before valid_from")
        refs = {
            "location_id": s.ref("location_id"),
            "service_at_location_id": sal_id or s.ref("service_at_location_id"),
        }
        s.done(("service_id", "attributes"))
        if row_id:
            rows.append(Row(row_id, values, refs))
    return rows


def _byday(s: Fields) -> str | None:
    value = s.text("byday", max_len=200)
    if value is None:
        return None
    text = value.upper().replace(" ", "")
    if len(text) > 50 or not _BYDAY.match(text):
        s.error("byday", f'{value!r} is not valid: comma-separated iCal days such as "MO,TU" or "1MO,-1FR"')
        return None
    return text


def service_areas(f: Fields, service_id: str) -> list[Row]:
    """Service areas; ORUK UK also names the area in `service_area`, read when `name` is absent."""
    rows = []
    for index, a in f.each("service_areas", "service_area"):
        row_id = a.id("id", fallback=lambda index=index: derived_id(service_id, "service_area", str(index)))
        name = a.text("name") if a.has("name") else a.text("service_area")
        a.used.add("service_area")
        values = {
            "name": name,
            "description": a.rich("description"),
            "extent": a.data_text("extent", limit=GEOMETRY_LIMIT_BYTES),
            "extent_type": a.text("extent_type", max_len=30),
            "uri": a.url("uri"),
        }
        a.done(("service_id", "serviceId", "attributes"))
        if row_id:
            rows.append(Row(row_id, values))
    return rows


def languages(f: Fields, service_id: str) -> list[Row]:
    """Languages, with ISO codes lower-cased so the search filter matches them."""
    rows = []
    for index, lang in f.each("languages", "language"):
        row_id = lang.id("id", fallback=lambda index=index: derived_id(service_id, "language", str(index)))
        code = lang.text("code", max_len=10)
        if code is not None:
            code = code.lower() if _LANGUAGE_CODE.match(code.lower()) else code
        values = {"name": lang.text("name", max_len=100), "code": code, "note": lang.rich("note")}
        refs = {"location_id": lang.ref("location_id"), "phone_id": lang.ref("phone_id")}
        lang.done(("service_id", "attributes"))
        if row_id:
            rows.append(Row(row_id, values, refs))
    return rows


def cost_options(f: Fields, service_id: str) -> list[Row]:
    """Costs; amounts decide whether a service is free, so they must be numbers of 0 or more."""
    rows = []
    for index, c in f.each("cost_options", "cost_option"):
        row_id = c.id("id", fallback=lambda index=index: derived_id(service_id, "cost_option", str(index)))
        currency = c.text("currency", max_len=10)
        if currency is not None:
            currency = currency.upper()
            if not _CURRENCY.match(currency):
                c.error("currency", f"{currency!r} is not a three-letter currency code such as GBP")
                currency = None
        values = {
            "valid_from": c.date("valid_from"),
            "valid_to": c.date("valid_to"),
            "option": c.text("option"),
            "currency": currency,
            "amount": c.amount("amount"),
            "amount_description": c.rich("amount_description"),
        }
        c.done(("service_id", "attributes"))
        if row_id:
            rows.append(Row(row_id, values))
    return rows
