"""Read an HSDS 3.0 tabular data package (one CSV file per table) as ORUK-shaped service records.

Tables are joined on their id columns into the same nested shape `/services/{id}` returns, so the CSV
package goes through exactly the validation and writer the JSON feeds do. `datapackage.json` names the
files when it is usable; otherwise the standard HSDS file names are read. Tables we do not store
(funding, programs, required documents, metadata) are named in the report. The child tables are held
in memory while joining: tabular packages are small, use ORUK JSON for very large directories.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .jsonfeed import FeedItem
from .normalise import Ownership
from .report import FeedError, Problem
from .spreadsheet import unescape_cell

TABLES = (
    "organizations",
    "organization_identifiers",
    "services",
    "phones",
    "schedules",
    "service_areas",
    "service_at_locations",
    "locations",
    "addresses",
    "accessibility",
    "languages",
    "cost_options",
    "contacts",
    "attributes",
    "taxonomies",
    "taxonomy_terms",
)
# Older packages and the HSDS example name some tables differently.
ALIASES = {"service_at_location": "service_at_locations", "accessibility_for_disabilities": "accessibility"}
NOT_STORED = ("funding", "programs", "required_documents", "metadata", "meta_table_descriptions")
INTEGER_COLUMNS = frozenset(
    {"minimum_age", "maximum_age", "year_incorporated", "timezone", "count", "interval"}
)
NUMBER_COLUMNS = frozenset({"latitude", "longitude", "amount"})

Table = list[dict[str, Any]]


def _convert(column: str, value: str) -> Any:
    """CSV holds text, written formula-safe by careful exporters (`'-2.15`: the apostrophe is theirs);
    numbers are converted so they validate as numbers (bad ones stay text: reported)."""
    value = unescape_cell(value)
    text = value.strip()
    if column in INTEGER_COLUMNS | NUMBER_COLUMNS:
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if column in INTEGER_COLUMNS and number.is_integer() else number
    return value


def read_table(path: Path) -> Table:
    """Rows as dicts without empty cells (empty means absent, as in ORUK JSON)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [
                {
                    key.strip(): _convert(key.strip(), value)
                    for key, value in row.items()
                    if key and value not in (None, "")
                }
                for row in csv.DictReader(handle)
            ]
    except UnicodeDecodeError as exc:
        raise FeedError(f"{path.name}: byte {exc.start:,} is not valid UTF-8; save it as UTF-8") from None
    except csv.Error as exc:
        raise FeedError(f"{path.name}: not a readable CSV file ({exc})") from None


def _group(rows: Table, key: str) -> dict[str, Table]:
    groups: dict[str, Table] = defaultdict(list)
    for row in rows:
        if row.get(key):
            groups[str(row[key])].append(row)
    return groups


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in keys}


@dataclass
class HsdsCsvFeed:
    """A folder holding an HSDS 3.0 CSV data package."""

    directory: Path
    name: str
    kind: str = "hsds-csv"
    unit: str = "row"
    ownership: Ownership | None = None
    warnings: list[Problem] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)

    def open(self, _session: Any = None) -> None:
        if not self.directory.is_dir():
            raise FeedError(f"no such folder: {self.directory}")
        paths = self._resource_paths()
        if "services" not in paths:
            raise FeedError(f"{self.directory}: no services.csv, so no services to import")
        self.tables = {name: read_table(path) for name, path in paths.items()}
        for name in NOT_STORED:
            if (self.directory / f"{name}.csv").is_file():
                self.warnings.append(
                    Problem(None, None, f"{name}.csv", "we do not store this table: ignored", "warning")
                )

    def _resource_paths(self) -> dict[str, Path]:
        """From datapackage.json when it is usable, else the standard file names."""
        found: dict[str, Path] = {}
        package = self.directory / "datapackage.json"
        resources = None
        if package.is_file():
            try:
                resources = json.loads(package.read_text(encoding="utf-8")).get("resources")
            except (ValueError, AttributeError, UnicodeDecodeError) as exc:
                self.warnings.append(
                    Problem(
                        None,
                        None,
                        "datapackage.json",
                        f"unreadable ({exc}): using the standard file names",
                        "warning",
                    )
                )
        if isinstance(resources, list):
            for resource in resources:
                if isinstance(resource, dict) and isinstance(resource.get("path"), str):
                    name = ALIASES.get(str(resource.get("name")), str(resource.get("name")))
                    path = (self.directory / resource["path"]).resolve()
                    if name in TABLES and path.is_file() and self.directory.resolve() in path.parents:
                        found[name] = path
        for path in sorted(self.directory.glob("*.csv")):
            name = ALIASES.get(path.stem, path.stem)
            if name in TABLES:
                found.setdefault(name, path)
        return found

    # --- joining --------------------------------------------------------------------------------------

    def items(self) -> Iterator[FeedItem]:
        t = self.tables
        organizations = {str(o["id"]): o for o in t.get("organizations", []) if o.get("id")}
        identifiers = _group(t.get("organization_identifiers", []), "organization_id")
        locations = {str(loc["id"]): loc for loc in t.get("locations", []) if loc.get("id")}
        addresses = _group(t.get("addresses", []), "location_id")
        accessibility = _group(t.get("accessibility", []), "location_id")
        terms = {str(term["id"]): term for term in t.get("taxonomy_terms", []) if term.get("id")}
        by_service = {
            name: _group(t.get(name, []), "service_id")
            for name in ("phones", "schedules", "service_areas", "languages", "cost_options", "contacts")
        }
        links = _group(t.get("service_at_locations", []), "service_id")
        link_schedules = _group(
            [s for s in t.get("schedules", []) if not s.get("service_id")], "service_at_location_id"
        )
        attributes = _group(t.get("attributes", []), "link_id")

        def location(location_id: str) -> dict[str, Any] | None:
            row = locations.get(location_id)
            if row is None:
                return None
            return {
                **row,
                "addresses": [_without(a, "location_id") for a in addresses.get(location_id, [])],
                "accessibility": [_without(a, "location_id") for a in accessibility.get(location_id, [])],
            }

        for index, row in enumerate(t.get("services", []), start=2):
            service_id = str(row.get("id", ""))
            record: dict[str, Any] = {key: value for key, value in row.items() if key != "program_id"}
            org = organizations.get(str(row.get("organization_id", "")))
            if org is not None:
                record["organization"] = {
                    **org,
                    "organization_identifiers": identifiers.get(str(org["id"]), []),
                }
            for name, groups in by_service.items():
                record[name] = groups.get(service_id, [])
            record["service_at_locations"] = [
                {
                    **link,
                    "location": location(str(link.get("location_id", ""))),
                    "schedules": link_schedules.get(str(link.get("id", "")), []),
                }
                for link in links.get(service_id, [])
            ]
            record["attributes"] = [
                {**a, "taxonomy_term": terms[str(a["taxonomy_term_id"])]}
                if str(a.get("taxonomy_term_id")) in terms
                else a
                for a in attributes.get(service_id, [])
            ]
            yield FeedItem(index, record)

    def taxonomies(self) -> Iterator[Any]:
        return iter(self.tables.get("taxonomies", []))

    def terms(self) -> Iterator[Any]:
        return iter(self.tables.get("taxonomy_terms", []))

    def neighbourhoods(self) -> Iterator[Any]:
        return iter(())

    def field_label(self, path: str) -> str:
        return path

    def close(self) -> None:
        self.tables = {}
