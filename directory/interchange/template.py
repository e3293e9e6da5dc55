"""The CSV template for council officers: one row per service, columns a person can fill in.

Each row is turned into an ORUK-shaped record and validated by the same rules as every feed; problems
name the spreadsheet row and the column. A sheet speaks only for the columns it has: leave a column
out and that detail of existing services is kept. Rows without an `id` are matched to existing services
by organisation and service name, organisations by name and locations by address, so uploading the
same sheet twice updates rather than duplicates. Cells our export wrote formula-safe (a leading
apostrophe, see `spreadsheet`) are read back as they were. See docs/import-template.md.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Address, Neighbourhood, Organization, Service
from ..needs import all_needs
from ..places.postcodes import normalise_postcode
from ..vocabulary import ACCESSIBILITY, LANGUAGES
from .ids import canonical_uuid, derived_id
from .jsonfeed import FeedItem
from .normalise import Ownership
from .opening_times import OpeningTimesError, parse_opening_times
from .reference import chunks
from .report import FeedError, Problem
from .spreadsheet import unescape_cell
from .text import clean_plain

COLUMNS = (
    "organisation_name",
    "service_name",
    "description",
    "needs",
    "neighbourhoods",
    "scope",
    "location_name",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_times",
    "cost",
    "minimum_age",
    "maximum_age",
    "eligibility",
    "languages",
    "accessibility",
    "status",
    "last_reviewed",
    "id",
)
REQUIRED = ("organisation_name", "service_name")
# Columns the export fills from validated numbers: written as numbers, not as formula-safe text.
NUMBER_COLUMNS = frozenset({"latitude", "longitude", "minimum_age", "maximum_age"})
LOCATION_COLUMNS = frozenset(
    {"location_name", "address_1", "address_2", "city", "postcode", "latitude", "longitude", "accessibility"}
)
# Which service fields each column speaks for (a sheet without the column leaves them alone).
OWNS = {
    "service_name": "name",
    "description": "description",
    "website": "url",
    "email": "email",
    "status": "status",
    "eligibility": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "last_reviewed": "assured_date",
    "phone": "phones",
    "opening_times": "schedules",
    "cost": "cost_options",
    "languages": "languages",
}
# Validation paths (indexes removed) -> the column a person should look at.
_PATH_COLUMNS = {
    "id": "id",
    "name": "service_name",
    "description": "description",
    "url": "website",
    "email": "email",
    "status": "status",
    "eligibility_description": "eligibility",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "assured_date": "last_reviewed",
    "organization": "organisation_name",
    "organization.name": "organisation_name",
    "organization.id": "organisation_name",
    "x_around_here.needs": "needs",
    "x_around_here.neighbourhoods": "neighbourhoods",
    "x_around_here.scope": "scope",
    "service_at_locations.location.name": "location_name",
    "service_at_locations.location.latitude": "latitude",
    "service_at_locations.location.longitude": "longitude",
    "service_at_locations.location.addresses.address_1": "address_1",
    "service_at_locations.location.addresses.address_2": "address_2",
    "service_at_locations.location.addresses.city": "city",
    "service_at_locations.location.addresses.postal_code": "postcode",
}
_PREFIX_COLUMNS = (
    ("phones", "phone"),
    ("schedules", "opening_times"),
    ("cost_options", "cost"),
    ("languages", "languages"),
    ("service_at_locations.location.accessibility", "accessibility"),
    ("service_at_locations", "address_1"),
)
_MONEY = re.compile(r"£?\s*(\d+(?:\.\d{1,2})?)")
_FREE = re.compile(r"^(free|free of charge|no charge|£?0(\.00?)?)$", re.IGNORECASE)
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_LANGUAGE_BY_NAME = {name.casefold(): code for code, name in LANGUAGES.items()}
_ACCESSIBILITY_BY_TEXT = {text.casefold(): code for code, text in ACCESSIBILITY.items()}


def split_list(cell: str) -> list[str]:
    """Cells holding several values separate them with semicolons (commas appear inside values)."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def key(text: str) -> str:
    return clean_plain(text).casefold()


@dataclass
class TemplateFeed:
    """A CSV file in our template's layout."""

    path: Path
    name: str = ""
    kind: str = "csv"
    unit: str = "row"
    ownership: Ownership | None = None
    warnings: list[Problem] = field(default_factory=list)
    text: str = ""
    columns: tuple[str, ...] = ()
    organizations: dict[str, str] = field(default_factory=dict)
    services: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    addresses: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    hood_slugs: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name

    # --- reading --------------------------------------------------------------------------------------

    def open(self, session: Session) -> None:
        if not self.path.is_file():
            raise FeedError(f"no such file: {self.path}")
        self.text = _decode(self.path.read_bytes())
        reader = csv.reader(io.StringIO(self.text))
        header = [clean_plain(h).lower().replace(" ", "_") for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise FeedError(
                f"missing column(s) {', '.join(missing)}; the first row must name the columns "
                f"(see docs/import-template.md)"
            )
        duplicated = sorted({c for c in header if header.count(c) > 1 and c})
        if duplicated:
            raise FeedError(f"column(s) named twice: {', '.join(duplicated)}")
        for column in header:
            if column and column not in COLUMNS:
                self.warnings.append(Problem(None, None, column, "not a template column: ignored", "warning"))
        self.columns = tuple(c for c in header if c in COLUMNS)
        self.ownership = self._ownership()
        self._lookups(session)

    def _ownership(self) -> Ownership:
        owned = {OWNS[c] for c in self.columns if c in OWNS} | {"name"}
        if LOCATION_COLUMNS & set(self.columns):
            owned.add("service_at_locations")
        if "status" not in self.columns:
            owned.discard("status")
        return Ownership(service=frozenset(owned), organization=frozenset({"name"}))

    def _rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(io.StringIO(self.text))
        header = [clean_plain(h).lower().replace(" ", "_") for h in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            row = {
                column: unescape_cell(cells[i].strip()) if i < len(cells) else ""
                for i, column in enumerate(header)
            }
            if any(row.values()):
                yield number, row

    def _lookups(self, session: Session) -> None:
        """Existing organisations, services and addresses the sheet's rows may mean."""
        org_names, postcodes = set(), set()
        for _, row in self._rows():
            org_names.add(key(row.get("organisation_name", "")))
            postcode = normalise_postcode(row.get("postcode", "")) or row.get("postcode", "").upper()
            if postcode:
                postcodes.add(postcode)
        for chunk in chunks(sorted(org_names)):
            rows = session.execute(
                select(Organization.id, Organization.name)
                .where(func.lower(Organization.name).in_(chunk))
                .order_by(Organization.id)
            )
            for org_id, name in rows:
                self.organizations.setdefault(key(name), org_id)
            services = session.execute(
                select(Service.id, Service.name, Organization.name)
                .join(Organization, Service.organization_id == Organization.id)
                .where(func.lower(Organization.name).in_(chunk))
            )
            for service_id, name, org_name in services:
                self.services.setdefault((key(org_name), key(name)), []).append(service_id)
        for chunk in chunks(sorted(postcodes)):
            for address in session.scalars(select(Address).where(Address.postal_code.in_(chunk))):
                self.addresses.setdefault(
                    (key(address.address_1), address.postal_code), (address.location_id, address.id)
                )
        for slug, name in session.execute(select(Neighbourhood.slug, Neighbourhood.name)):
            self.hood_slugs[slug] = slug
            self.hood_slugs[key(name)] = slug
        for need in all_needs():
            self.needs[need.slug] = need.slug
            self.needs[key(need.name)] = need.slug

    def items(self) -> Iterator[FeedItem]:
        for number, row in self._rows():
            problems: list[Problem] = []
            raw = self._record(number, row, problems)
            yield FeedItem(number, raw, tuple(problems))

    # --- one row --------------------------------------------------------------------------------------

    def _record(self, number: int, row: dict[str, str], problems: list[Problem]) -> dict[str, Any]:
        def problem(column: str, reason: str) -> None:
            problems.append(Problem(number, row.get("id") or None, column, reason, "error"))

        org_name = row.get("organisation_name", "")
        service_name = row.get("service_name", "")
        service_id = self._service_id(row, problem)
        org_id = self.organizations.get(key(org_name)) or derived_id("template-organisation", key(org_name))
        raw: dict[str, Any] = {
            "id": service_id,
            "name": service_name,
            "status": (row.get("status") or "active").lower(),
            "organization": {"id": org_id, "name": org_name},
        }
        for column, field_name in (
            ("description", "description"),
            ("website", "url"),
            ("email", "email"),
            ("eligibility", "eligibility_description"),
        ):
            if row.get(column):
                raw[field_name] = row[column]
        for column in ("minimum_age", "maximum_age"):
            if row.get(column):
                raw[column] = _number(row[column], whole=True)
        if row.get("last_reviewed"):
            raw["assured_date"] = _iso_date(row["last_reviewed"])
        raw["phones"] = [
            {"id": derived_id(service_id, "phone", str(i)), "number": number_text, "type": "voice"}
            for i, number_text in enumerate(split_list(row.get("phone", "")))
        ]
        raw["schedules"] = self._schedules(service_id, row.get("opening_times", ""), problem)
        raw["cost_options"] = _costs(service_id, row.get("cost", ""))
        raw["languages"] = self._languages(service_id, row.get("languages", ""))
        raw["service_at_locations"] = self._location(service_id, row)
        extension: dict[str, Any] = {}
        if "needs" in self.columns:
            extension["needs"] = [self.needs.get(key(v), v) for v in split_list(row.get("needs", ""))]
        if "neighbourhoods" in self.columns:
            extension["neighbourhoods"] = [
                self.hood_slugs.get(key(v), v) for v in split_list(row.get("neighbourhoods", ""))
            ]
        if "scope" in self.columns:
            extension["scope"] = (row.get("scope") or "local").lower()
        raw["x_around_here"] = extension
        return raw

    def _service_id(self, row: dict[str, str], problem: Any) -> str:
        given = row.get("id", "")
        if given:
            canonical = canonical_uuid(given)
            if canonical is None:
                problem("id", f"{given!r} is not a UUID (leave it empty for a new service)")
                return derived_id("template-invalid", given)
            return canonical
        names = (key(row.get("organisation_name", "")), key(row.get("service_name", "")))
        matches = self.services.get(names, [])
        if len(matches) > 1:
            problem(
                "id",
                f"{len(matches)} services have this organisation and name: add the id column to say which",
            )
        return matches[0] if matches else derived_id("template-service", *names)

    def _schedules(self, service_id: str, cell: str, problem: Any) -> list[dict[str, Any]]:
        try:
            sessions = parse_opening_times(cell)
        except OpeningTimesError as exc:
            problem("opening_times", str(exc))
            return []
        return [
            {
                "id": derived_id(service_id, "schedule", str(i)),
                "freq": "WEEKLY",
                "byday": session.byday,
                "opens_at": session.opens.isoformat(),
                "closes_at": session.closes.isoformat(),
            }
            for i, session in enumerate(sessions)
        ]

    def _languages(self, service_id: str, cell: str) -> list[dict[str, Any]]:
        result = []
        for i, value in enumerate(split_list(cell)):
            code = value.lower() if value.lower() in LANGUAGES else _LANGUAGE_BY_NAME.get(value.casefold())
            if code is None and re.fullmatch(r"[a-z]{2,3}", value.lower()):
                code = value.lower()
            result.append(
                {
                    "id": derived_id(service_id, "language", str(i)),
                    "code": code,
                    "name": LANGUAGES.get(code or "", value),
                }
            )
        return result

    def _location(self, service_id: str, row: dict[str, str]) -> list[dict[str, Any]]:
        if not any(row.get(c) for c in LOCATION_COLUMNS):
            return []
        postcode = normalise_postcode(row.get("postcode", "")) or row.get("postcode", "").upper()
        found = self.addresses.get((key(row.get("address_1", "")), postcode))
        if found:
            location_id, address_id = found
        else:
            place = (
                row.get("address_1")
                or row.get("location_name")
                or f"{row.get('latitude')},{row.get('longitude')}"
            )
            location_id = derived_id("template-location", key(place), postcode)
            address_id = derived_id(location_id, "address")
        location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
        if row.get("location_name"):
            location["name"] = row["location_name"]
        for column in ("latitude", "longitude"):
            if row.get(column):
                location[column] = _number(row[column], whole=False)
        if any(row.get(c) for c in ("address_1", "address_2", "city", "postcode")):
            address = {
                "id": address_id,
                "address_1": row.get("address_1"),
                "city": row.get("city"),
                "postal_code": row.get("postcode"),
            }
            if row.get("address_2"):
                address["address_2"] = row["address_2"]
            location["addresses"] = [address]
        location["accessibility"] = [
            {
                "id": derived_id(location_id, "accessibility", code),
                "description": ACCESSIBILITY.get(code, value),
                "x_around_here": {"code": code} if code in ACCESSIBILITY else {},
            }
            for value in split_list(row.get("accessibility", ""))
            for code in [
                value.lower()
                if value.lower() in ACCESSIBILITY
                else _ACCESSIBILITY_BY_TEXT.get(value.casefold(), value)
            ]
        ]
        return [{"id": derived_id(service_id, "at", location_id), "location": location}]

    def field_label(self, path: str) -> str:
        plain = re.sub(r"\[\d+\]", "", path)
        if plain in _PATH_COLUMNS:
            return _PATH_COLUMNS[plain]
        for prefix, column in _PREFIX_COLUMNS:
            if plain.startswith(prefix):
                return column
        return plain

    def taxonomies(self) -> Iterator[Any]:
        return iter(())

    def terms(self) -> Iterator[Any]:
        return iter(())

    def neighbourhoods(self) -> Iterator[Any]:
        return iter(())

    def close(self) -> None:
        self.text = ""


def _decode(data: bytes) -> str:
    for bom, name in ((codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise FeedError(f'the file is {name}-encoded; in Excel use "Save As: CSV UTF-8" and try again')
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(
            f'byte {exc.start:,} is not valid UTF-8: in Excel use "Save As: CSV UTF-8" (not plain "CSV") and try again'
        ) from None


def _number(text: str, *, whole: bool) -> Any:
    """A number for the validator, or the text itself so it reports 'expected a number' by column."""
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        return text
    return int(value) if whole and value.is_integer() else value


def _iso_date(text: str) -> str:
    match = _UK_DATE.match(text.strip())
    if match:
        try:
            return datetime(int(match[3]), int(match[2]), int(match[1])).date().isoformat()
        except ValueError:
            return text
    return text.strip()


def _costs(service_id: str, cell: str) -> list[dict[str, Any]]:
    options = []
    for i, text in enumerate(split_list(cell)):
        option: dict[str, Any] = {
            "id": derived_id(service_id, "cost", str(i)),
            "currency": "GBP",
            "amount_description": text,
        }
        if _FREE.match(text):
            option["amount"] = 0
        else:
            match = _MONEY.search(text)
            if match:
                option["amount"] = float(match[1])
        options.append(option)
    return options
