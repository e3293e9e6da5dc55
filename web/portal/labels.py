"""Words the portal shows for stored values (roles, field names, document values), translated when shown.

Field names are the labels of `directory.portal.service_document.FIELDS`, the one list of editable details."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select

from directory.models import Neighbourhood
from directory.opening import DAY_CODES
from directory.portal import service_document

from .. import formatting as fmt
from ..extensions import database

KIND_LABELS = {
    "edit": lazy_gettext("Edit"),
    "restore": lazy_gettext("Restore"),
    "archive": lazy_gettext("Archive"),
    "unarchive": lazy_gettext("Unarchive"),
    "confirm": lazy_gettext("Confirmed as accurate"),
}

STATUS_LABELS = {
    "pending": lazy_gettext("Waiting for checking"),
    "approved": lazy_gettext("Published"),
    "rejected": lazy_gettext("Turned down"),
}


def field_label(field: str) -> str:
    """An editable detail's name (`service_document.FIELDS`) in the reader's language."""
    known = service_document.FIELDS.get(field)
    return gettext(known.label) if known else field.replace("_", " ")


def neighbourhood_names() -> dict[str, str]:
    rows = database.session.execute(select(Neighbourhood.slug, Neighbourhood.name)).all()
    return dict(rows)  # a list of (slug, name) rows; a Result itself would be read as a mapping


def _date(text: str) -> str:
    try:
        return fmt.long_date(date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def _opening_times(value: dict[str, list[list[str]]]) -> str:
    lines = []
    for index, code in enumerate(DAY_CODES):
        sessions = ", ".join(f"{opens}–{closes}" for opens, closes in value.get(code) or [])
        if sessions:
            lines.append(f"{fmt.day_name(index)} {sessions}")
    return "\n".join(lines) or gettext("No opening times")


def _closure(item: dict[str, Any]) -> str:
    starts, ends = _date(item.get("starts_on") or ""), _date(item.get("ends_on") or "")
    when = starts if starts == ends else gettext("%(start)s to %(end)s", start=starts, end=ends)
    return f"{when}: {item['reason']}" if item.get("reason") else when


def _cost(item: dict[str, Any]) -> str:
    parts = []
    if item.get("amount") not in (None, ""):
        try:
            parts.append(fmt.money(Decimal(str(item["amount"]))))
        except ArithmeticError:
            parts.append(str(item["amount"]))
    parts += [item[key] for key in ("option", "description") if item.get(key)]
    return " – ".join(parts)


def format_value(field: str, value: Any, hoods: dict[str, str] | None = None) -> str:
    """A document value as readable text; lines separated by "\\n" (shown as separate lines)."""
    if value in (None, "", []):
        if field == "costs":
            return gettext("Free")
        if field == "opening_times":
            return gettext("No opening times")
        return ""
    if field == "opening_times":
        return _opening_times(value)
    if field == "closures":
        return "\n".join(_closure(item) for item in value)
    if field == "costs":
        return "\n".join(_cost(item) for item in value)
    if field == "address":
        return ", ".join(value[k] for k in ("address_1", "address_2", "city", "postcode") if value.get(k))
    if field == "phones":
        return ", ".join(value)
    if field == "languages":
        return ", ".join(fmt.language_name(code) for code in value)
    if field == "accessibility":
        return ", ".join(fmt.accessibility_label(code) for code in value)
    if field == "neighbourhoods":
        names = hoods if hoods is not None else neighbourhood_names()
        return ", ".join(names.get(slug, slug) for slug in value)
    if field == "needs":
        return ", ".join(fmt.need_name(slug) for slug in value)
    return str(value)


def diff_rows(rows: Any, hoods: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(label, before, after) for `directory.portal.revisions.diff` rows, readable."""
    hoods = hoods if hoods is not None else neighbourhood_names()
    return [
        (
            field_label(row.field),
            format_value(row.field, row.before, hoods),
            format_value(row.field, row.after, hoods),
        )
        for row in rows
    ]
