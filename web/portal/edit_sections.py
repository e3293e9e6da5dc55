"""The listing editor's sections: which details each short page edits, how its inputs show a document
and how a post becomes a partial document for `directory.portal.service_document.validate`.

One thing per page (GOV.UK): a volunteer on a phone sees one short form, not one 10,000 px long.
Opening times are rows of sessions (day, opens, closes) with buttons to add, copy and remove them, and
closures use day/month/year boxes, so nothing depends on the browser's locale or on JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext, lazy_gettext

from directory.opening import DAY_CODES
from directory.portal import service_document

from .. import formatting as fmt

WEEKDAYS = DAY_CODES[:5]


@dataclass(frozen=True)
class Section:
    slug: str
    title: Any  # a lazy string, translated where it is shown
    keys: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("about", lazy_gettext("About the service"), ("name", "description", "url")),
    Section("contact", lazy_gettext("Contact details"), ("phones", "email", "contact_name", "contact_email")),
    Section("address", lazy_gettext("Address"), ("address",)),
    Section("opening-times", lazy_gettext("Opening times"), ("opening_times",)),
    Section("closures", lazy_gettext("Closures"), ("closures",)),
    Section("costs", lazy_gettext("Costs"), ("costs",)),
    Section("who", lazy_gettext("Who it is for"), ("eligibility_description", "minimum_age", "maximum_age")),
    Section("languages", lazy_gettext("Languages and accessibility"), ("languages", "accessibility")),
    Section("neighbourhoods", lazy_gettext("Neighbourhoods"), ("neighbourhoods",)),
    Section("categories", lazy_gettext("Categories"), ("needs",)),
)
BY_SLUG = {section.slug: section for section in SECTIONS}
SECTION_OF = {key: section for section in SECTIONS for key in section.keys}
_PROSE = ("description", "eligibility_description")


# -- showing ----------------------------------------------------------------------------------------------


def _date_parts(text: str | None) -> list[str]:
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return ["", "", ""]
    return [str(day.day), str(day.month), str(day.year)]


def values_from_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """Every section's inputs (by name) showing a document."""
    values: dict[str, Any] = {}
    for key, field in service_document.FIELDS.items():
        if field.form == "text":
            value = document.get(key) or ""
            values[key] = service_document.paragraphs_from_html(value) if key in _PROSE else value
        elif field.form == "number":
            values[key] = "" if document.get(key) is None else str(document[key])
        elif field.form == "choices":
            values[key] = list(document.get(key) or [])
    phones = list(document.get("phones") or [])
    for index in range(service_document.MAX_PHONES):
        values[_phone_name(index)] = phones[index] if index < len(phones) else ""
    address = document.get("address") or {}
    for key in ("address_1", "address_2", "city", "postcode"):
        values[key] = address.get(key) or ""
    times = document.get("opening_times") or {}
    values["times"] = {
        code: [list(pair) for pair in times.get(code) or []] or [["", ""]] for code in DAY_CODES
    }
    values["closures"] = [
        {
            "starts": _date_parts(c.get("starts_on")),
            "ends": _date_parts(c.get("ends_on")),
            "reason": c.get("reason") or "",
        }
        for c in document.get("closures") or []
    ] + [{"starts": ["", "", ""], "ends": ["", "", ""], "reason": ""}]
    costs = list(document.get("costs") or [])
    values["cost_free"] = (
        "free" if all(not c.get("amount") or float(c["amount"]) == 0 for c in costs) else "paid"
    )
    values["cost_rows"] = min(len(costs) + 1, service_document.MAX_COSTS)  # and one more to fill in
    for index in range(values["cost_rows"]):
        item = costs[index] if index < len(costs) else {}
        values[f"cost_{index}_option"] = item.get("option") or ""
        values[f"cost_{index}_amount"] = item.get("amount") or ""
        values[f"cost_{index}_description"] = item.get("description") or ""
    return values


def _phone_name(index: int) -> str:
    return "phone" if index == 0 else f"phone_{index + 1}"


def session_name(code: str, part: str, index: int) -> str:
    """An opening-time input's name (and the key of its error): "SA_opens", "SA_closes_2"..."""
    return f"{code}_{part}" if index == 0 else f"{code}_{part}_{index + 1}"


# -- reading a post -------------------------------------------------------------------------------------


def times_from_form(form: Any) -> dict[str, list[list[str]]]:
    """The session rows as posted, in order (empty rows too, so errors match the boxes)."""
    times: dict[str, list[list[str]]] = {}
    for code in DAY_CODES:
        rows = []
        for index in range(service_document.MAX_SESSIONS):
            opens, closes = session_name(code, "opens", index), session_name(code, "closes", index)
            if opens in form or closes in form:
                rows.append([form.get(opens, "").strip(), form.get(closes, "").strip()])
        times[code] = rows or [["", ""]]
    return times


def change_times(times: dict[str, list[list[str]]], form: Any) -> str | None:
    """Apply the add, remove or copy button that was pressed; the day changed, or None."""
    if form.get("add") in DAY_CODES:
        code = form["add"]
        if len(times[code]) < service_document.MAX_SESSIONS:
            times[code].append(["", ""])
        return code
    remove = form.get("remove", "")
    code, _, index = remove.partition("-")
    if code in DAY_CODES and index.isdigit() and int(index) < len(times[code]):
        del times[code][int(index)]
        times[code] = times[code] or [["", ""]]
        return code
    if "copy" in form and form.get("copy_from") in DAY_CODES:
        source = form["copy_from"]
        rows = [list(pair) for pair in times[source] if any(pair)] or [["", ""]]
        target = form.get("copy_to", "")
        days = WEEKDAYS if target == "weekdays" else DAY_CODES if target == "all" else (target,)
        for day in days:
            if day in DAY_CODES and day != source:
                times[day] = [list(pair) for pair in rows]
        return source
    return None


def _typed_date(form: Any, name: str) -> str:
    """The day/month/year boxes as an ISO date; as typed (so it fails validation) when not a real date.
    A post without month and year boxes (a script's) may give the ISO date in the first."""
    parts = [form.get(f"{name}{suffix}", "").strip() for suffix in ("", "_month", "_year")]
    if not any(parts):
        return ""
    if not parts[1] and not parts[2]:
        return parts[0]
    try:
        day, month, year = (int(part) for part in parts)
        year = year + 2000 if year < 100 else year
        return date(year, month, day).isoformat()
    except ValueError:
        return "/".join(parts)


def closures_from_form(form: Any) -> list[dict[str, Any]]:
    """The closure rows as posted, in order, with their boxes kept for showing again."""
    rows = []
    for index in range(service_document.MAX_CLOSURES):
        name = f"closure_{index}"
        if f"{name}_starts" not in form:
            break
        rows.append(
            {
                "starts": [form.get(f"{name}_starts{s}", "").strip() for s in ("", "_month", "_year")],
                "ends": [form.get(f"{name}_ends{s}", "").strip() for s in ("", "_month", "_year")],
                "reason": form.get(f"{name}_reason", "").strip(),
                "starts_on": _typed_date(form, f"{name}_starts"),
                "ends_on": _typed_date(form, f"{name}_ends"),
            }
        )
    return rows


def change_closures(rows: list[dict[str, Any]], form: Any) -> bool:
    """Apply "Add another closure" or "Remove"; whether one was pressed."""
    blank = {"starts": ["", "", ""], "ends": ["", "", ""], "reason": "", "starts_on": "", "ends_on": ""}
    if "add_closure" in form:
        if len(rows) < service_document.MAX_CLOSURES:
            rows.append(dict(blank))
        return True
    remove = form.get("remove_closure", "")
    if remove.isdigit() and int(remove) < len(rows):
        del rows[int(remove)]
        if not rows:
            rows.append(dict(blank))
        return True
    return False


def _costs(form: Any, current: Mapping[str, Any]) -> list[dict[str, Any]]:
    if form.get("cost_free") == "free":
        costs = current.get("costs") or []
        unpaid = all(not c.get("amount") or float(c["amount"]) == 0 for c in costs)
        return list(costs) if unpaid else []
    return [
        {
            "option": form.get(f"cost_{i}_option", ""),
            "amount": form.get(f"cost_{i}_amount", ""),
            "description": form.get(f"cost_{i}_description", ""),
        }
        for i in range(service_document.MAX_COSTS)
        if f"cost_{i}_amount" in form
    ]


def document_from_form(section: Section, form: Any, current: Mapping[str, Any]) -> dict[str, Any]:
    """The section's details as posted: a partial document (descriptions as stored text)."""
    document: dict[str, Any] = {}
    for key in section.keys:
        field = service_document.FIELDS[key]
        if key in _PROSE:
            document[key] = service_document.html_from_paragraphs(form.get(key, ""))
        elif field.form in ("text", "number"):
            document[key] = form.get(key, "")
        elif field.form == "choices":
            document[key] = form.getlist(key)
        elif key == "phones":
            document[key] = [form.get(_phone_name(i), "") for i in range(service_document.MAX_PHONES)]
        elif key == "address":
            document[key] = {k: form.get(k, "") for k in ("address_1", "address_2", "city", "postcode")}
        elif key == "opening_times":
            document[key] = times_from_form(form)
        elif key == "closures":
            document[key] = [
                {"starts_on": r["starts_on"], "ends_on": r["ends_on"], "reason": r["reason"]}
                for r in closures_from_form(form)
            ]
        elif key == "costs":
            document[key] = _costs(form, current)
    return document


def early_errors(section: Section, form: Any, document: Mapping[str, Any]) -> dict[str, str]:
    """Errors `validate` cannot see: "it costs money" with no cost given."""
    if "costs" in section.keys and form.get("cost_free") != "free":
        if not any(any(str(v or "").strip() for v in row.values()) for row in document["costs"]):
            return {"cost_0_amount": service_document.MESSAGES["costs_missing"]}
    return {}


# What shows that a post carries a detail, for posts of several sections at once (scripts): a detail's
# first input, or for choices its name in "sections" (no box ticked posts nothing).
_FIRST_INPUT = {"phones": "phone", "address": "address_1", "closures": "closure_0_starts", "costs": "cost_free"}


def _posted(key: str, form: Any, sections: set[str]) -> bool:
    if service_document.FIELDS[key].form == "choices":
        return key in sections
    if key == "opening_times":
        return any(session_name(code, "opens", 0) in form for code in DAY_CODES)
    return _FIRST_INPUT.get(key, key) in form


def document_from_post(form: Any, current: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Whole sections posted at once to the editor's entry point: the details posted, read as each
    section's page reads them (a detail not posted is left out), and errors found before validation."""
    sections = set(form.getlist("sections"))
    document: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for section in SECTIONS:
        keys = tuple(key for key in section.keys if _posted(key, form, sections))
        if keys:
            part = Section(section.slug, section.title, keys)
            read = document_from_form(part, form, current)
            errors.update(early_errors(part, form, read))
            document.update(read)
    return document, errors


CHECKBOX_GROUPS = tuple(key for key, field in service_document.FIELDS.items() if field.form == "choices")


def error_items(errors: Mapping[str, str]) -> list[dict[str, str | None]]:
    """Validation errors as the error summary lists them, each linked to its input."""
    items: list[dict[str, str | None]] = []
    for field, message in errors.items():
        day = next((i for i, code in enumerate(DAY_CODES) if field.startswith(f"{code}_")), None)
        text = gettext(message, day=fmt.day_name(day, capital=False)) if day is not None else gettext(message)
        link = f"{field}-0" if field in CHECKBOX_GROUPS else field
        items.append({"message": text, "field": None if field == "form" else link})
    return items


def same(key: str, one: Any, other: Any) -> bool:
    """Whether two values of a detail say the same (a description compared as the words it shows)."""
    if key in _PROSE:
        return service_document.paragraphs_from_html(one) == service_document.paragraphs_from_html(other)
    return one == other
