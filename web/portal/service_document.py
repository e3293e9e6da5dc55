"""Organisation users change their services: edits wait for a moderator unless the organisation is
trusted to publish directly. The form shows the service's editable document
(`directory.portal.service_document`); a section missing from a post keeps its published value. The form
carries the version of the listing it showed, so an edit never puts back details someone else changed
meanwhile (`directory.portal.revisions.propose_edit`); when both changed the same details, the editor sees both
versions (409) and may send theirs again."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from directory.models import Neighbourhood, Service
from directory.needs import NEED_SLUGS
from directory.opening import DAY_CODES
from directory.portal import accounts, revisions, service_document
from directory.portal import archive as directory_archive
from directory.vocabulary import ACCESSIBILITY, LANGUAGES

from .. import formatting as fmt
from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .forms import RestoreForm
from .labels import KIND_LABELS, STATUS_LABELS, diff_rows, field_label, format_value, neighbourhood_names

log = logging.getLogger(__name__)

SESSIONS_SHOWN = 2  # per day: the form always offers a second session
CHECKBOX_GROUPS = tuple(key for key, field in service_document.FIELDS.items() if field.form == "choices")


def _session_suffix(index: int) -> str:
    return "" if index == 0 else f"_{index + 1}"


def values_from_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """The form's inputs (by name) showing a document."""
    values: dict[str, Any] = {}
    for key, field in service_document.FIELDS.items():
        if field.form == "text":
            values[key] = document.get(key) or ""
        elif field.form == "number":
            values[key] = "" if document.get(key) is None else str(document[key])
    phones = list(document.get("phones") or [])
    for index in range(service_document.MAX_PHONES):
        key = "phone" if index == 0 else f"phone_{index + 1}"
        values[key] = phones[index] if index < len(phones) else ""
    address = document.get("address") or {}
    for key in ("address_1", "address_2", "city", "postcode"):
        values[key] = address.get(key) or ""
    times = document.get("opening_times") or {}
    for code in DAY_CODES:
        sessions = list(times.get(code) or [])
        for index in range(max(SESSIONS_SHOWN, len(sessions))):
            opens, closes = sessions[index] if index < len(sessions) else ("", "")
            values[f"{code}_opens{_session_suffix(index)}"] = opens
            values[f"{code}_closes{_session_suffix(index)}"] = closes
    closures = list(document.get("closures") or [])
    values["closure_rows"] = min(len(closures) + 2, service_document.MAX_CLOSURES)
    for index in range(values["closure_rows"]):
        item = closures[index] if index < len(closures) else {}
        values[f"closure_{index}_starts"] = item.get("starts_on") or ""
        values[f"closure_{index}_ends"] = item.get("ends_on") or ""
        values[f"closure_{index}_reason"] = item.get("reason") or ""
    costs = list(document.get("costs") or [])
    values["cost_free"] = (
        "free" if all(not c.get("amount") or float(c["amount"]) == 0 for c in costs) else "paid"
    )
    values["cost_rows"] = min(max(len(costs) + 1, 2), service_document.MAX_COSTS)
    for index in range(values["cost_rows"]):
        item = costs[index] if index < len(costs) else {}
        values[f"cost_{index}_option"] = item.get("option") or ""
        values[f"cost_{index}_amount"] = item.get("amount") or ""
        values[f"cost_{index}_description"] = item.get("description") or ""
    for group in CHECKBOX_GROUPS:
        values[group] = list(document.get(group) or [])
    return values


def values_from_request(form: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The posted inputs, with the current document filling anything not posted (for showing again)."""
    values = values_from_document(current)
    for key in list(values):
        if key in form and not isinstance(values[key], list) and not key.endswith("_rows"):
            values[key] = form.get(key, "")
    for prefix in ("closure", "cost"):
        rows = 0
        while rows < 20 and f"{prefix}_{rows}_{'starts' if prefix == 'closure' else 'amount'}" in form:
            rows += 1
        if rows > values[f"{prefix}_rows"]:
            values[f"{prefix}_rows"] = rows
        for index in range(values[f"{prefix}_rows"]):
            for part in (
                ("starts", "ends", "reason") if prefix == "closure" else ("option", "amount", "description")
            ):
                key = f"{prefix}_{index}_{part}"
                values[key] = form.get(key, values.get(key, ""))
    sections = set(form.getlist("sections")) if hasattr(form, "getlist") else set()
    for group in CHECKBOX_GROUPS:
        if group in sections:
            values[group] = form.getlist(group)
    return values


def _phones(form: Any, current: Mapping[str, Any]) -> list[str] | None:
    if "phone" not in form:
        return None
    return [form.get("phone" if i == 0 else f"phone_{i + 1}", "") for i in range(service_document.MAX_PHONES)]


def _address(form: Any, current: Mapping[str, Any]) -> dict[str, str] | None:
    if "address_1" not in form:
        return None
    return {key: form.get(key, "") for key in ("address_1", "address_2", "city", "postcode")}


def _opening_times(form: Any, current: Mapping[str, Any]) -> dict[str, list[list[str]]] | None:
    if "MO_opens" not in form:
        return None
    times: dict[str, list[list[str]]] = {}
    for code in DAY_CODES:
        times[code] = []
        for index in range(service_document.MAX_SESSIONS):
            suffix = _session_suffix(index)
            if f"{code}_opens{suffix}" in form or f"{code}_closes{suffix}" in form:
                times[code].append(
                    [form.get(f"{code}_opens{suffix}", ""), form.get(f"{code}_closes{suffix}", "")]
                )
    return times


def _closures(form: Any, current: Mapping[str, Any]) -> list[dict[str, str]] | None:
    if "closure_0_starts" not in form:
        return None
    return [
        {
            "starts_on": form.get(f"closure_{i}_starts", ""),
            "ends_on": form.get(f"closure_{i}_ends", ""),
            "reason": form.get(f"closure_{i}_reason", ""),
        }
        for i in range(service_document.MAX_CLOSURES)
        if f"closure_{i}_starts" in form
    ]


def _costs(form: Any, current: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    if "cost_free" not in form:
        return None
    if form.get("cost_free") == "free":
        costs = current.get("costs") or []
        unpaid = all(not c.get("amount") or float(c["amount"]) == 0 for c in costs)
        return costs if unpaid else []
    return [
        {
            "option": form.get(f"cost_{i}_option", ""),
            "amount": form.get(f"cost_{i}_amount", ""),
            "description": form.get(f"cost_{i}_description", ""),
        }
        for i in range(service_document.MAX_COSTS)
        if f"cost_{i}_amount" in form
    ]


# How each kind of section (`service_document.Field.form`) is read from a post: None when not posted.
_READERS = {
    "phones": _phones,
    "address": _address,
    "opening_times": _opening_times,
    "closures": _closures,
    "costs": _costs,
}


def document_from_request(form: Any, current: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """A partial document of the sections posted, and errors found before validation."""
    document: dict[str, Any] = {}
    sections = set(form.getlist("sections"))
    for key, field in service_document.FIELDS.items():
        if key == "description" and key in form:  # typed as plain paragraphs (see `edit_sections`)
            value = service_document.html_from_paragraphs(form.get(key, ""))
        elif field.form in ("text", "number"):
            value = form.get(key, "") if key in form else None
        elif field.form == "choices":
            value = form.getlist(key) if key in sections else None
        else:
            value = _READERS[field.form](form, current)
        if value is not None:
            document[key] = value
    errors: dict[str, str] = {}
    if "costs" in document and form.get("cost_free") != "free":
        if not any(any(str(v).strip() for v in row.values()) for row in document["costs"]):
            errors["cost_0_amount"] = service_document.MESSAGES["costs_missing"]
    return document, errors


def _error_items(errors: Mapping[str, str]) -> list[dict[str, str | None]]:
    items: list[dict[str, str | None]] = []
    for field, message in errors.items():
        day = next((i for i, code in enumerate(DAY_CODES) if field.startswith(f"{code}_")), None)
        text = gettext(message, day=fmt.day_name(day, capital=False)) if day is not None else gettext(message)
        link = f"{field}-0" if field in CHECKBOX_GROUPS else field
        items.append({"message": text, "field": None if field == "form" else link})
    return items


def choices(service: Service, values: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The checkbox groups' (code, label) pairs, in the reader's language."""
    hoods = database.session.execute(
        select(Neighbourhood.slug, Neighbourhood.name).order_by(Neighbourhood.name)
    )
    languages = list(dict.fromkeys([*LANGUAGES, *values.get("languages", [])]))
    return {
        "languages": [(code, fmt.language_name(code)) for code in languages],
        "accessibility": [(code, fmt.accessibility_label(code)) for code in ACCESSIBILITY],
        "neighbourhoods": [(slug, name) for slug, name in hoods],
        "needs": [(slug, fmt.need_name(slug)) for slug in NEED_SLUGS],
    }


def kept_schedules(service: Service) -> int:
    """How many opening-time rules the form cannot show (they stay as they are)."""
    return sum(1 for schedule in service.schedules if not service_document.shown_in_form(schedule))


@bp.get("/services/<service_id>")
def service_overview(service_id: str) -> Any:
    """The published details, any changes waiting, and every revision (for restoring)."""
    user = auth.current_user()
    try:
        service = revisions.viewable_service(database.session, user, service_id)
    except revisions.NotFound:
        abort(404)
    hoods = neighbourhood_names()
    current = service_document.snapshot(service)
    details = [
        (field_label(field), format_value(field, current[field], hoods)) for field in service_document.FIELDS
    ]
    history = revisions.history(database.session, service.id)
    waiting = [(r, diff_rows(revisions.diff(r), hoods)) for r in history if r.status == "pending"]
    current_json = json.dumps(current, sort_keys=True)
    rows = [
        {
            "revision": r,
            "who": (r.author.display_name or r.author.email) if r.author else "",
            "kind": str(KIND_LABELS.get(r.kind, r.kind)),
            "status": str(STATUS_LABELS.get(r.status, r.status)),
            "fields": ", ".join(field_label(f) for f in revisions.changed_fields(r)),
            "moderator": (r.moderator.display_name or r.moderator.email) if r.moderator else "",
            "restorable": r.status == "approved"
            and bool(r.snapshot)
            and json.dumps(json.loads(r.snapshot), sort_keys=True) != current_json,
            "original": False,
        }
        for r in history
    ]
    oldest = next((row for row in reversed(rows) if row["revision"].status == "approved"), None)
    if oldest is not None and oldest["revision"].snapshot:
        oldest["original"] = True
    return render_template(
        "portal/service_overview.html",
        service=service,
        details=details,
        waiting=waiting,
        rows=rows,
        can_edit=accounts.can_edit_organization(database.session, user, service.organization_id),
        can_archive=_may_archive(user, service.id),
        last_checked=service.assured_date,
        archived=service.archived_at is not None,
        can_restore=accounts.can_moderate(user),
        restore_form=RestoreForm(),
    )


def _may_archive(user: Any, service_id: str) -> bool:
    """Whether the listing page offers "Archive this listing" (the archive page decides again)."""
    try:
        directory_archive.archived_service(database.session, user, service_id)
    except (directory_archive.NotFound, directory_archive.NotAllowed):
        return False
    return True


@bp.post("/services/<service_id>/revisions/<revision_id>/restore")
def restore_revision(service_id: str, revision_id: str) -> Any:
    user = _moderator()  # organisation users may not restore: 403
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with transaction():  # an unknown service or revision is a 404 (errors.py)
            revisions.restore(
                database.session,
                user=user,
                service_id=service_id,
                revision_id=revision_id,
                now=_now(),
                before=request.form.get("version") == "before",
            )
    except accounts.ValidationError as exc:
        flash(gettext(exc.errors["form"]), "notice")
    else:
        flash(gettext("The earlier version is published again."), "notice")
    return redirect(url_for("portal.service_overview", service_id=service_id), code=303)


# The editor's pages register their views on import; they use the readers above.
from . import editor as _editor  # noqa: E402, F401
