"""A service as one editable document: what the portal's edit form shows, revisions store and restore.

`snapshot(service)` reads the document (plain JSON values); `validate(document)` cleans a whole or partial
document and raises `ValidationError` with plain-words messages keyed by the edit form's input ids;
`apply(session, service, document)` writes the keys present in a (partial) document to the service and
flushes, so the search index follows through the change queue on commit.

Keys, in the form's order (`FIELDS`): text fields; `phones` (numbers); `contact_name`, `contact_email`;
`address` ({address_1, address_2, city, postcode} of the main physical location, or None);
`opening_times` ({"MO": [["09:00", "17:00"], ...], ... every weekday}); `closures` ([{starts_on,
ends_on, reason}]); `costs` ([{option, amount, description}], empty for free; amounts as "2.50");
`minimum_age`, `maximum_age`; `languages` (ISO 639-1 codes); `accessibility` (the search filter codes);
`neighbourhoods` (slugs); `needs` (need slugs: only moderators apply them, see `directory.portal.revisions`).
`version(document)` fingerprints a document, so an edit can say which version of the listing it started from.

Schedules the form cannot show (monthly rules, dated or overnight sessions, ones tied to a location) are
left out of `opening_times` and never changed or deleted by `apply`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any

from babel import Locale
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..interchange.text import clean_plain, clean_rich, is_email_address
from ..models import (
    Accessibility,
    Address,
    Attribute,
    Closure,
    Contact,
    CostOption,
    Language,
    Location,
    Neighbourhood,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
)
from ..needs import NEED_SLUGS
from ..opening import DAY_CODES
from ..places.postcodes import normalise_postcode
from ..seed import seed_need_taxonomy
from ..vocabulary import ACCESSIBILITY, LANGUAGES, NEIGHBOURHOOD_SLUGS


@dataclass(frozen=True)
class Field:
    """One section of the edit form: its document key, the label people read and how the form posts it.

    `form` says which inputs carry it (the web form reads each kind the same way): "text" and "number",
    one input named after the key; "phones", "address", "opening_times", "closures", "costs", their groups
    of inputs; "choices", a checkbox group named after the key. `label` is a message id, translated where
    it is shown."""

    key: str
    label: str
    form: str = "text"


# The one list of the editable details, in the form's order: the document's keys, the form's sections,
# their labels in the portal, and what `validate` accepts.
FIELDS: dict[str, Field] = {
    field.key: field
    for field in (
        Field("name", N_("Name")),
        Field("description", N_("Description")),
        Field("email", N_("Email address")),
        Field("url", N_("Website")),
        Field("phones", N_("Phone numbers"), "phones"),
        Field("contact_name", N_("Contact name")),
        Field("contact_email", N_("Contact email address")),
        Field("address", N_("Address"), "address"),
        Field("opening_times", N_("Opening times"), "opening_times"),
        Field("closures", N_("Closures"), "closures"),
        Field("costs", N_("Costs"), "costs"),
        Field("eligibility_description", N_("Who can use it")),
        Field("minimum_age", N_("Lowest age"), "number"),
        Field("maximum_age", N_("Highest age"), "number"),
        Field("languages", N_("Languages"), "choices"),
        Field("accessibility", N_("Accessibility"), "choices"),
        Field("neighbourhoods", N_("Neighbourhoods served"), "choices"),
        Field("needs", N_("Categories"), "choices"),
    )
}
TEXT_FIELDS = ("name", "description", "email", "url", "eligibility_description")
_MULTILINE = {"description", "eligibility_description"}
MAX_SESSIONS = 4  # per day; the form shows two and any more that are stored
MAX_CLOSURES = 20
MAX_COSTS = 5
MAX_PHONES = 3

_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
# What people type for a time of day: "9", "09:00", "9:00", "9.30", "0900", "930", "1000".
_TYPED_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.,h](?P<m>\d{2}))?|(?P<hh>\d{1,2})(?P<mm>\d{2})")
_PHONE = re.compile(r"\+?[0-9 ()-]{7,25}")
_AMOUNT = re.compile(r"\d{1,5}(\.\d{1,2})?")
_VERSION = re.compile(r"[0-9a-f]{32}")

MESSAGES = {
    "name": N_("Enter a name between 3 and 200 characters long"),
    "description": N_("Enter a description of 5000 characters or fewer"),
    "email": N_("Enter an email address in the correct format, like name@example.com"),
    "url": N_("Enter a web address that starts with http:// or https://"),
    "eligibility_description": N_("Enter who can use the service in 5000 characters or fewer"),
    "phone": N_("Enter a phone number, like 0161 496 0000"),
    "contact_name": N_("Enter a contact name of 200 characters or fewer"),
    "address_1": N_("Enter the first line of the address"),
    "address_long": N_("Enter each line of the address in 200 characters or fewer"),
    "city": N_("Enter the town or city"),
    "postcode": N_("Enter a real postcode, like SK1 3XE"),
    "opens": N_("Enter the %(day)s opening time in hours and minutes, like 09:00"),
    "closes": N_("Enter the %(day)s closing time in hours and minutes, like 17:00"),
    "closes_before": N_("The %(day)s closing time must be after the opening time"),
    "closure_starts": N_("Enter the first day of the closure as a real date"),
    "closure_ends": N_("Enter the last day of the closure as a real date"),
    "closure_order": N_("The last day of the closure must be the same as or after the first day"),
    "closure_reason": N_("Enter a reason of 200 characters or fewer"),
    "amount": N_("Enter an amount in pounds that is 0 or more, like 2.50"),
    "cost_option": N_("Enter what the cost is for in 200 characters or fewer"),
    "cost_description": N_("Enter a description of the cost in 1000 characters or fewer"),
    "costs_missing": N_("Enter at least one cost, or choose that the service is free"),
    "age": N_("Enter an age between 0 and 120 as a whole number"),
    "age_order": N_("The lowest age must be the same as or below the highest age"),
    "languages": N_("Choose languages from the list"),
    "accessibility": N_("Choose accessibility features from the list"),
    "neighbourhoods": N_("Choose neighbourhoods from the list"),
    "needs": N_("Choose categories from the list"),
}


def known_language_codes() -> frozenset[str]:
    """ISO 639-1 codes (two letters) Babel knows, so nobody can store a made-up language."""
    return frozenset(code for code in Locale("en").languages if len(code) == 2 and code.isalpha())


# -- reading --------------------------------------------------------------------------------------------


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def shown_in_form(schedule: Schedule) -> bool:
    """A plain weekly session the form can show (and so may replace)."""
    days = (schedule.byday or "").split(",")
    return (
        (schedule.freq or "WEEKLY").upper() == "WEEKLY"
        and bool(schedule.byday)
        and all(day in DAY_CODES for day in days)
        and schedule.opens_at is not None
        and schedule.closes_at is not None
        and schedule.closes_at > schedule.opens_at
        and schedule.interval in (None, 1)
        and schedule.valid_from is None
        and schedule.valid_to is None
        and schedule.until is None
        and schedule.count is None
        and not schedule.bymonthday
        and schedule.location_id is None
        and schedule.service_at_location_id is None
    )


def _sessions(schedules: Iterable[Schedule]) -> dict[str, list[list[str]]]:
    days: dict[str, list[list[str]]] = {code: [] for code in DAY_CODES}
    for schedule in schedules:
        if not shown_in_form(schedule):
            continue
        assert schedule.opens_at is not None and schedule.closes_at is not None
        pair = [_hhmm(schedule.opens_at), _hhmm(schedule.closes_at)]
        for code in (schedule.byday or "").split(","):
            if pair not in days[code]:
                days[code].append(pair)
    return {code: sorted(pairs) for code, pairs in days.items()}


def main_location(service: Service) -> Location | None:
    """The first physical location the service is offered at."""
    for link in service.service_at_locations:
        if link.location is not None and link.location.location_type in (None, "physical"):
            return link.location
    return None


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value).quantize(Decimal('0.01'))}"


def _need_slugs(service: Service) -> list[str]:
    slugs = {a.taxonomy_term.code for a in service.attributes if a.taxonomy_term is not None}
    return sorted(slug for slug in slugs if slug in NEED_SLUGS)


def snapshot(service: Service) -> dict[str, Any]:
    """The service's editable details as JSON-able values, keys in `FIELDS` order."""
    location = main_location(service)
    address = location.physical_address if location is not None else None
    contact = service.contacts[0] if service.contacts else None
    return {
        "name": service.name,
        "description": service.description or None,
        "email": service.email or None,
        "url": service.url or None,
        "phones": [phone.number for phone in service.phones if phone.number],
        "contact_name": (contact.name if contact else None) or None,
        "contact_email": (contact.email if contact else None) or None,
        "address": None
        if address is None
        else {
            "address_1": address.address_1 or None,
            "address_2": address.address_2 or None,
            "city": address.city or None,
            "postcode": address.postal_code or None,
        },
        "opening_times": _sessions(service.schedules),
        "closures": sorted(
            (
                {
                    "starts_on": closure.starts_on.isoformat(),
                    "ends_on": closure.ends_on.isoformat(),
                    "reason": closure.reason or None,
                }
                for closure in service.closures
            ),
            key=lambda c: (c["starts_on"], c["ends_on"], c["reason"] or ""),
        ),
        "costs": [
            {
                "option": cost.option or None,
                "amount": _amount(cost.amount),
                "description": cost.amount_description or None,
            }
            for cost in sorted(service.cost_options, key=lambda c: (c.option or "", c.id or ""))
        ],
        "eligibility_description": service.eligibility_description or None,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "languages": sorted({(lang.code or "").lower() for lang in service.languages if lang.code}),
        "accessibility": sorted({a.code for a in (location.accessibility if location else []) if a.code}),
        "neighbourhoods": sorted(hood.slug for hood in service.neighbourhoods),
        "needs": _need_slugs(service),
    }


_READ_BY_SNAPSHOT = (
    "phones",
    "contacts",
    "schedules",
    "closures",
    "cost_options",
    "languages",
    "neighbourhoods",
    "attributes",
    "service_at_locations",
)


def _loaded(instance: object, key: str) -> list[Any]:
    """The objects `instance.key` holds if this session has loaded them (never loads them)."""
    if key in inspect(instance).unloaded:
        return []
    value = getattr(instance, key)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def expire(session: Session, service: Service) -> None:
    """Forget what this session has read of the service's details, so the next `snapshot` reads them
    afresh (after a row lock, the version others committed meanwhile); the session's other objects
    (the signed-in user, say) stay as they are."""
    related = [obj for key in _READ_BY_SNAPSHOT for obj in _loaded(service, key)]
    locations = [
        loc for link in _loaded(service, "service_at_locations") for loc in _loaded(link, "location")
    ]
    related += locations
    related += [
        obj for loc in locations for key in ("addresses", "accessibility") for obj in _loaded(loc, key)
    ]
    for instance in (*related, service):
        if inspect(instance).persistent:
            session.expire(instance)


# -- validating -----------------------------------------------------------------------------------------


def _text(value: object, multiline: bool = False) -> str | None:
    clean = clean_rich if multiline else clean_plain  # the long fields are rich columns: a safe HTML subset
    text = clean(str(value or "")).strip()
    return text or None


def _codes(value: object) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return sorted({str(item).strip() for item in items if str(item).strip()})


def _age(value: object) -> int | None | bool:
    """The age, None when blank, False when invalid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        age = int(str(value).strip())
    except ValueError:
        return False
    return age if 0 <= age <= 120 else False


def _parse_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def parse_time(text: object) -> str | None:
    """A typed 24-hour time as "HH:MM", or None when it is not one.

    The editor's time boxes are plain text (a browser's time input follows its own locale, showing
    "12:00 PM" to some and dropping "1000" for others), so the usual ways of typing a time are read here:
    "09:00", "9:00", "9.30", "0900", "930", "1000" and a bare hour, "9"."""
    value = str(text or "").strip().replace("\uff1a", ":")  # a full-width colon from some keyboards
    value = value.translate(_DIGITS)
    match = _TYPED_TIME.fullmatch(value)
    if match is None:
        return None
    hours = int(match.group("h") or match.group("hh"))
    minutes = int(match.group("m") or match.group("mm") or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


# Arabic-Indic and Eastern Arabic-Indic digits, as an Arabic or Urdu keyboard types them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class _TextOf(HTMLParser):
    """The text of stored (sanitised) HTML, entities decoded once: "&lt;b&gt;" stays the words "<b>"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def paragraphs_from_html(text: str | None) -> str:
    """A stored description as the plain paragraphs the editor shows: one blank line between paragraphs,
    list items on their own lines, links as their words, no markup (so nobody edits `<p>` by hand)."""
    if not text:
        return ""
    if not re.search(r"<(?:[A-Za-z!?]|/.)", text):
        return text.strip()
    marked = re.sub(r"(?i)<br\s*/?>", "\n", text)
    marked = re.sub(r"(?i)<li\b[^>]*>", "\n- ", marked)
    marked = re.sub(r"(?i)</(?:p|h[1-6]|ul|ol|li)\s*>", "\n\n", marked)
    marked = re.sub(r"(?i)<(?:p|h[1-6]|ul|ol)\b[^>]*>", "\n\n", marked)
    reader = _TextOf()
    reader.feed(marked)
    reader.close()
    plain = "\n".join(line.strip() for line in "".join(reader.parts).split("\n"))
    plain = re.sub(r"\n(- )", r"\n\1", plain)
    plain = re.sub(r"\n{3,}", "\n\n", plain).strip()
    return re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", plain)


def html_from_paragraphs(text: str | None) -> str | None:
    """Plain paragraphs typed in the editor as the stored description (None when empty).

    Paragraphs are kept one blank line apart. Text without "<" is stored as it is, since the pages show
    plain text as paragraphs; text with one becomes escaped `<p>` paragraphs (line breaks as `<br>`), so a
    typed angle bracket is shown as written and never becomes markup."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", lines) if p.strip()]
    if not paragraphs:
        return None
    if "<" not in lines:
        return "\n\n".join(paragraphs)
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip(), quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def _validate_times(value: Mapping[str, Any], errors: dict[str, str]) -> dict[str, list[list[str]]]:
    result: dict[str, list[list[str]]] = {}
    for code in DAY_CODES:
        pairs = []
        for index, pair in enumerate(list(value.get(code) or [])[:MAX_SESSIONS]):
            suffix = "" if index == 0 else f"_{index + 1}"
            opens, closes = (str(pair[0] or "").strip(), str(pair[1] or "").strip())
            if not opens and not closes:
                continue
            opens, closes = parse_time(opens) or opens[:5], parse_time(closes) or closes[:5]
            if not _TIME.fullmatch(opens):
                errors[f"{code}_opens{suffix}"] = MESSAGES["opens"]
            if not _TIME.fullmatch(closes):
                errors[f"{code}_closes{suffix}"] = MESSAGES["closes"]
            elif _TIME.fullmatch(opens) and closes <= opens:
                errors[f"{code}_closes{suffix}"] = MESSAGES["closes_before"]
            pairs.append([opens, closes])
        result[code] = sorted(pairs)
    return result


def _validate_address(value: Mapping[str, Any] | None, errors: dict[str, str]) -> dict[str, Any] | None:
    if not value:
        return None
    address = {key: _text(value.get(key)) for key in ("address_1", "address_2", "city", "postcode")}
    if not any(address.values()):
        return None
    if any(len(address[key] or "") > 200 for key in ("address_1", "address_2", "city")):
        errors["address_1"] = MESSAGES["address_long"]
    if not address["address_1"]:
        errors["address_1"] = MESSAGES["address_1"]
    if not address["city"]:
        errors["city"] = MESSAGES["city"]
    postcode = normalise_postcode(address["postcode"] or "")
    if postcode is None:
        errors["postcode"] = MESSAGES["postcode"]
    address["postcode"] = postcode or address["postcode"]
    return address


def _validate_closures(value: Iterable[Mapping[str, Any]], errors: dict[str, str]) -> list[dict[str, Any]]:
    result = []
    for index, raw in enumerate(list(value)[:MAX_CLOSURES]):
        starts_text, ends_text = _text(raw.get("starts_on")), _text(raw.get("ends_on"))
        reason = _text(raw.get("reason"))
        if not (starts_text or ends_text or reason):
            continue
        starts, ends = _parse_date(starts_text), _parse_date(ends_text)
        if starts is None:
            errors[f"closure_{index}_starts"] = MESSAGES["closure_starts"]
        if ends is None and ends_text:
            errors[f"closure_{index}_ends"] = MESSAGES["closure_ends"]
        ends = ends if ends_text else starts  # one day when the last day is left blank
        if starts and ends and ends < starts:
            errors[f"closure_{index}_ends"] = MESSAGES["closure_order"]
        if len(reason or "") > 200:
            errors[f"closure_{index}_reason"] = MESSAGES["closure_reason"]
        result.append(
            {
                "starts_on": starts.isoformat() if starts else starts_text,
                "ends_on": ends.isoformat() if ends else ends_text,
                "reason": reason,
            }
        )
    return sorted(result, key=lambda c: (str(c["starts_on"]), str(c["ends_on"]), c["reason"] or ""))


def _validate_costs(value: Iterable[Mapping[str, Any]], errors: dict[str, str]) -> list[dict[str, Any]]:
    result = []
    for index, raw in enumerate(list(value)[:MAX_COSTS]):
        option = _text(raw.get("option"))
        description = _text(raw.get("description"), multiline=True)
        amount_text = (_text(raw.get("amount")) or "").lstrip("£").strip()
        if not (option or description or amount_text):
            continue
        amount: str | None = None
        if amount_text:
            try:
                if not _AMOUNT.fullmatch(amount_text):
                    raise InvalidOperation
                amount = _amount(Decimal(amount_text))
            except InvalidOperation:
                errors[f"cost_{index}_amount"] = MESSAGES["amount"]
                amount = amount_text
        if len(option or "") > 200:
            errors[f"cost_{index}_option"] = MESSAGES["cost_option"]
        if len(description or "") > 1000:
            errors[f"cost_{index}_description"] = MESSAGES["cost_description"]
        result.append({"option": option, "amount": amount, "description": description})
    return sorted(result, key=lambda c: (c["option"] or "",))


def _check_codes(field: str, codes: list[str], allowed: Iterable[str], errors: dict[str, str]) -> None:
    if set(codes) - set(allowed):
        errors[field] = MESSAGES[field]


def validate(document: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned document (only the keys given); raises `ValidationError` keyed by form input ids."""
    unknown = set(document) - set(FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        if field in document:
            clean[field] = _text(document[field], field in _MULTILINE)
    if "name" in clean and (clean["name"] is None or not 3 <= len(clean["name"]) <= 200):
        errors["name"] = MESSAGES["name"]
    for field in ("description", "eligibility_description"):
        if len(clean.get(field) or "") > 5000:
            errors[field] = MESSAGES[field]
    for field in ("email", "contact_email"):
        if field in document:
            clean[field] = email = _text(document[field])
            if email and not is_email_address(email):
                errors[field] = MESSAGES["email"]
    url = clean.get("url")
    if url and (len(url) > 500 or not _URL.fullmatch(url)):
        errors["url"] = MESSAGES["url"]
    if "contact_name" in document:
        clean["contact_name"] = _text(document["contact_name"])
        if len(clean["contact_name"] or "") > 200:
            errors["contact_name"] = MESSAGES["contact_name"]
    if "phones" in document:
        phones = []
        for index, number in enumerate(list(document["phones"] or [])[:MAX_PHONES]):
            text = _text(number)
            if text is None:
                continue
            digits = sum(ch.isdigit() for ch in text)
            if not _PHONE.fullmatch(text) or not 7 <= digits <= 15:
                errors["phone" if index == 0 else f"phone_{index + 1}"] = MESSAGES["phone"]
            if text not in phones:
                phones.append(text)
        clean["phones"] = phones
    if "address" in document:
        clean["address"] = _validate_address(document["address"], errors)
    if "opening_times" in document:
        clean["opening_times"] = _validate_times(document["opening_times"] or {}, errors)
    if "closures" in document:
        clean["closures"] = _validate_closures(document["closures"] or [], errors)
    if "costs" in document:
        clean["costs"] = _validate_costs(document["costs"] or [], errors)
    for field in ("minimum_age", "maximum_age"):
        if field in document:
            age = _age(document[field])
            if age is False:
                errors[field] = MESSAGES["age"]
                clean[field] = None
            else:
                clean[field] = age
    low, high = clean.get("minimum_age"), clean.get("maximum_age")
    if low is not None and high is not None and low > high and "maximum_age" not in errors:
        errors["maximum_age"] = MESSAGES["age_order"]
    vocabularies: dict[str, Iterable[str]] = {
        "languages": known_language_codes(),
        "accessibility": ACCESSIBILITY,
        "neighbourhoods": NEIGHBOURHOOD_SLUGS,
        "needs": NEED_SLUGS,
    }
    for field, allowed in vocabularies.items():
        if field in document:
            codes = _codes(document[field])
            if field == "languages":
                codes = sorted({code.lower() for code in codes})
            _check_codes(field, codes, allowed, errors)
            clean[field] = codes
    if errors:
        raise ValidationError(errors)
    return {field: clean[field] for field in FIELDS if field in clean}


# -- writing --------------------------------------------------------------------------------------------


def _own_location(session: Session, service: Service) -> Location:
    """The service's main location, copied first if another service shares it (edits stay this
    service's own); created when there is none."""
    location = main_location(service)
    if location is None:
        location = Location(
            location_type="physical", name=service.name, organization_id=service.organization_id
        )
        session.add(location)
        service.service_at_locations.append(ServiceAtLocation(location=location))
        return location
    shared = session.scalar(
        select(ServiceAtLocation.id).where(
            ServiceAtLocation.location_id == location.id, ServiceAtLocation.service_id != service.id
        )
    )
    if shared is None:
        return location
    copy = Location(
        location_type=location.location_type,
        name=location.name,
        description=location.description,
        transportation=location.transportation,
        latitude=location.latitude,
        longitude=location.longitude,
        organization_id=service.organization_id,
    )
    copy.addresses = [
        Address(
            address_1=a.address_1,
            address_2=a.address_2,
            city=a.city,
            region=a.region,
            state_province=a.state_province,
            postal_code=a.postal_code,
            country=a.country,
            address_type=a.address_type,
        )
        for a in location.addresses
    ]
    copy.accessibility = [
        Accessibility(code=a.code, description=a.description, details=a.details, url=a.url)
        for a in location.accessibility
    ]
    session.add(copy)
    for link in service.service_at_locations:
        if link.location is location:
            link.location = copy
    return copy


def _apply_address(session: Session, service: Service, value: Mapping[str, Any] | None) -> None:
    if value is None:
        location = main_location(service)
        if location is None or location.physical_address is None:
            return
        location = _own_location(session, service)
        address = location.physical_address
        if address is not None:
            location.addresses.remove(address)
        return
    location = _own_location(session, service)
    address = location.physical_address
    if address is None:
        address = Address(address_type="physical")
        location.addresses.append(address)
    postcode = value.get("postcode") or ""
    if address.postal_code != postcode:
        point = session.get(Postcode, postcode)
        if point is not None:
            location.latitude, location.longitude = point.latitude, point.longitude
    address.address_1 = value.get("address_1") or ""
    address.address_2 = value.get("address_2")
    address.city = value.get("city") or ""
    address.postal_code = postcode


def _apply_accessibility(session: Session, service: Service, codes: list[str]) -> None:
    location = main_location(service)
    current = sorted({a.code for a in (location.accessibility if location else []) if a.code})
    if current == codes:
        return
    location = _own_location(session, service)
    kept = [a for a in location.accessibility if a.code in codes or a.code is None]
    have = {a.code for a in kept}
    location.accessibility = kept + [
        Accessibility(code=code, description=ACCESSIBILITY[code]) for code in codes if code not in have
    ]


def _apply_opening_times(service: Service, value: Mapping[str, list[list[str]]]) -> None:
    """Replace the plain weekly sessions, keeping rows whose sessions all stay (with their notes)."""
    wanted = {(code, opens, closes) for code in DAY_CODES for opens, closes in value.get(code, [])}
    if _sessions(service.schedules) == {code: sorted(value.get(code, [])) for code in DAY_CODES}:
        return
    remaining = set(wanted)
    for schedule in list(service.schedules):
        if not shown_in_form(schedule):
            continue  # monthly and other rules the form cannot show stay as they are
        assert schedule.opens_at is not None and schedule.closes_at is not None
        opens, closes = _hhmm(schedule.opens_at), _hhmm(schedule.closes_at)
        sessions = {(code, opens, closes) for code in (schedule.byday or "").split(",")}
        if sessions <= remaining:
            remaining -= sessions
        else:
            service.schedules.remove(schedule)
    by_times: dict[tuple[str, str], list[str]] = {}
    for code, opens, closes in remaining:
        by_times.setdefault((opens, closes), []).append(code)
    for (opens, closes), codes in sorted(by_times.items()):
        service.schedules.append(
            Schedule(
                freq="WEEKLY",
                byday=",".join(sorted(codes, key=DAY_CODES.index)),
                opens_at=time.fromisoformat(opens),
                closes_at=time.fromisoformat(closes),
            )
        )


def _apply_needs(session: Session, service: Service, slugs: list[str]) -> None:
    if _need_slugs(service) == slugs:
        return
    terms = seed_need_taxonomy(session)
    need_term_ids = {term.id for term in terms.values()}
    kept = [
        a
        for a in service.attributes
        if a.taxonomy_term_id not in need_term_ids or a.taxonomy_term.code in slugs
    ]
    have = {a.taxonomy_term.code for a in kept if a.taxonomy_term is not None}
    for slug in slugs:
        if slug not in have:
            attribute = Attribute(link_id=service.id, link_type="service", taxonomy_term_id=terms[slug].id)
            attribute.taxonomy_term = terms[slug]
            kept.append(attribute)
    service.attributes = kept


def apply(session: Session, service: Service, document: Mapping[str, Any]) -> None:
    """Write the keys of a validated (partial) document to the service, then flush."""
    with session.no_autoflush:
        for field in ("name", "description", "email", "url", "eligibility_description"):
            if field in document and getattr(service, field) != document[field]:
                setattr(service, field, document[field])
        for field in ("minimum_age", "maximum_age"):
            if field in document and getattr(service, field) != document[field]:
                setattr(service, field, document[field])
        if "phones" in document and [p.number for p in service.phones] != document["phones"]:
            existing = {phone.number: phone for phone in service.phones}
            service.phones = [
                existing.get(number) or Phone(number=number, type="voice") for number in document["phones"]
            ]
        if "contact_name" in document or "contact_email" in document:
            contact = service.contacts[0] if service.contacts else None
            name = document.get("contact_name", contact.name if contact else None)
            email = document.get("contact_email", contact.email if contact else None)
            if contact is None and (name or email):
                contact = Contact(organization_id=None)
                service.contacts.append(contact)
            if contact is not None:
                contact.name, contact.email = name, email
                if not (name or email or contact.title or contact.department):
                    service.contacts.remove(contact)
        if "address" in document:
            _apply_address(session, service, document["address"])
        if "accessibility" in document:
            _apply_accessibility(session, service, document["accessibility"])
        if "opening_times" in document:
            _apply_opening_times(service, document["opening_times"])
        if "closures" in document and snapshot_part(service, "closures") != document["closures"]:
            service.closures = [
                Closure(
                    starts_on=date.fromisoformat(c["starts_on"]),
                    ends_on=date.fromisoformat(c["ends_on"]),
                    reason=c["reason"],
                )
                for c in document["closures"]
            ]
        if "costs" in document and snapshot_part(service, "costs") != document["costs"]:
            service.cost_options = [
                CostOption(
                    option=c["option"],
                    amount=None if c["amount"] is None else Decimal(c["amount"]),
                    currency="GBP",
                    amount_description=c["description"],
                )
                for c in document["costs"]
            ]
        if "languages" in document and snapshot_part(service, "languages") != document["languages"]:
            kept = [lang for lang in service.languages if (lang.code or "").lower() in document["languages"]]
            have = {(lang.code or "").lower() for lang in kept}
            names = Locale("en").languages
            service.languages = kept + [
                Language(code=code, name=LANGUAGES.get(code) or names.get(code, code))
                for code in document["languages"]
                if code not in have
            ]
        if (
            "neighbourhoods" in document
            and snapshot_part(service, "neighbourhoods") != document["neighbourhoods"]
        ):
            service.neighbourhoods = list(
                session.scalars(
                    select(Neighbourhood)
                    .where(Neighbourhood.slug.in_(document["neighbourhoods"]))
                    .order_by(Neighbourhood.slug)
                )
            )
        if "needs" in document:
            _apply_needs(session, service, document["needs"])
    session.flush()


def snapshot_part(service: Service, field: str) -> Any:
    return snapshot(service)[field]


def changed_keys(current: Mapping[str, Any], document: Mapping[str, Any]) -> list[str]:
    """The keys of `document` whose values differ from `current`, in `FIELDS` order."""
    return [field for field in FIELDS if field in document and document[field] != current.get(field)]


def version(document: Mapping[str, Any]) -> str:
    """A short fingerprint of the editable details (sha256 of their canonical JSON).

    The edit form carries it from the moment it is shown, so the edit can be checked against the listing
    as it is when the edit is applied: a fingerprint, unlike a counter, needs no new column and also
    tells when an import or a restore brought back an earlier version. Keys outside `FIELDS` are left out.
    """
    editable = {key: value for key, value in document.items() if key in FIELDS}
    canonical = json.dumps(editable, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def is_version(text: object) -> bool:
    """Whether `text` has the form of a `version` (a client may send anything)."""
    return isinstance(text, str) and _VERSION.fullmatch(text) is not None
