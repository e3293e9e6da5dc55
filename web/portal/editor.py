"""The listing editor, one short page per section: `/portal/services/<id>/edit` lists the sections
(the entry point that emails and bookmarks use), each section saves into the draft (`drafts`), "Check
your answers" shows only what changed and sends it, and the editor lands on a page saying what was sent
(post/redirect/get, so reloading it sends nothing twice).

A send is checked against the version of the listing the draft started from
(`directory.portal.revisions.propose_edit`): when someone else changed the same details meanwhile, the
check page shows both versions (409) and the draft moves on to the listing as it is now, so sending again
is a deliberate choice. POST to the entry point also takes whole sections posted at once (scripts), read
as each section's page reads them (`edit_sections.document_from_post`) and sent together with the draft.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory.models import Organization, Service, ServiceRevision
from directory.opening import DAY_CODES
from directory.portal import accounts, revisions, service_document

from .. import formatting as fmt
from ..extensions import database
from ..transaction import transaction
from . import auth, drafts
from .blueprint import bp
from .common import now as _now
from .conflicts import conflict_rows
from .edit_sections import (
    BY_SLUG,
    SECTION_OF,
    SECTIONS,
    Section,
    change_closures,
    change_times,
    closures_from_form,
    document_from_form,
    document_from_post,
    early_errors,
    error_items,
    same,
    times_from_form,
    values_from_document,
)
from .forms import EditSectionForm, EditServiceForm
from .labels import field_label, format_value, neighbourhood_names
from .service_document import choices, kept_schedules

log = logging.getLogger(__name__)
# A draft that cannot be kept in the session cookie: said plainly, with the text kept on the page.
TOO_BIG = lazy_gettext(
    "These changes are too long to keep between pages. Shorten the text, or send the changes you have made "
    "so far first."
)


def _service(service_id: str) -> Service:
    user = auth.current_user()
    try:
        return revisions.editable_service(database.session, user, service_id)
    except revisions.NotFound:
        abort(404)  # the same for a service of another organisation: never reveal that it exists


def _trusted(service: Service) -> bool:
    organization = database.session.get(Organization, service.organization_id)
    return bool(organization and organization.publishes_directly)


def _draft(service: Service, current: dict[str, Any]) -> drafts.Draft:
    """This listing's draft; a new one when there is none, or when the draft changes nothing and the
    listing has changed since it began (so an old, empty draft never causes a needless conflict)."""
    draft = drafts.load(service.id)
    if draft is None or (not draft.changes and draft.base != service_document.version(current)):
        return drafts.start(service, current)
    return draft


def _waiting(draft: drafts.Draft) -> ServiceRevision | None:
    """The latest edit waiting for checking that the draft carries on (for the banner)."""
    found = [database.session.get(ServiceRevision, rid) for rid in draft.waiting]
    pending = [r for r in found if r is not None and r.status == "pending"]
    return pending[-1] if pending else None


def _page(template: str, service: Service, draft: drafts.Draft, status: int = 200, **context: Any) -> Any:
    waiting = _waiting(draft)
    return render_template(
        template,
        service=service,
        trusted=_trusted(service),
        waiting=waiting,
        waiting_author=(waiting.author.display_name or waiting.author.email)
        if waiting and waiting.author
        else "",
        sections=SECTIONS,
        changed_sections={SECTION_OF[key].slug for key in draft.changes if key in SECTION_OF},
        **context,
    ), status


def _changes(current: dict[str, Any], draft: drafts.Draft) -> list[dict[str, Any]]:
    """Each changed detail, readable: label, the listing now, the new value and the section to change it."""
    hoods = neighbourhood_names()
    return [
        {
            "label": field_label(key),
            "before": format_value(key, current.get(key), hoods),
            "after": format_value(key, draft.changes[key], hoods),
            "section": SECTION_OF[key],
        }
        for key in service_document.FIELDS
        if key in draft.changes and key in SECTION_OF
    ]


@bp.get("/services/<service_id>/edit")
def edit_service(service_id: str) -> Any:
    """The sections of the listing, each marked when changed, and the way to check and send."""
    service = _service(service_id)
    current = service_document.snapshot(service)
    draft = _draft(service, current)
    return _page("portal/edit/tasks.html", service, draft, discard_form=EditSectionForm())


def _section_values(section: Section, shown: dict[str, Any], form: Any | None) -> dict[str, Any]:
    """The inputs of a section showing `shown`, or what was posted (shown again with errors or after a
    button that adds or removes a row)."""
    values = values_from_document(shown)
    if form is None:
        return values
    for key in list(values):
        if key in form and isinstance(values[key], str):
            values[key] = form.get(key, "")
    for key in section.keys:
        if service_document.FIELDS[key].form == "choices":
            values[key] = form.getlist(key)
    if "opening_times" in section.keys:
        values["times"] = times_from_form(form)
    if "closures" in section.keys:
        values["closures"] = closures_from_form(form) or values["closures"]
    if "costs" in section.keys:
        rows = sum(1 for i in range(service_document.MAX_COSTS) if f"cost_{i}_amount" in form)
        values["cost_rows"] = max(values["cost_rows"], rows)
        for index in range(values["cost_rows"]):
            for part in ("option", "amount", "description"):
                values[f"cost_{index}_{part}"] = form.get(f"cost_{index}_{part}", "")
    return values


@bp.route("/services/<service_id>/edit/<section_slug>", methods=["GET", "POST"])
def edit_section(service_id: str, section_slug: str) -> Any:
    """One section: shown from the draft; Continue keeps it in the draft and goes to the check page."""
    section = BY_SLUG.get(section_slug)
    if section is None:
        abort(404)
    service = _service(service_id)
    current = service_document.snapshot(service)
    draft = _draft(service, current)
    form = EditSectionForm()
    errors: list[dict[str, str | None]] = []
    posted = None
    notice = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        posted = request.form
        values = _section_values(section, drafts.document(current, draft), posted)
        if section.slug == "opening-times" and (changed_day := change_times(values["times"], posted)):
            notice = gettext(
                "%(day)s updated. Continue when the times are right.",
                day=fmt.day_name(DAY_CODES.index(changed_day)),
            )
        elif section.slug == "closures" and change_closures(values["closures"], posted):
            notice = gettext("Closures updated. Continue when the dates are right.")
        else:
            document = document_from_form(section, posted, drafts.document(current, draft))
            try:
                early = early_errors(section, posted, document)
                try:
                    clean = service_document.validate(document)
                except accounts.ValidationError as exc:
                    raise accounts.ValidationError({**early, **exc.errors}) from None
                if early:
                    raise accounts.ValidationError(early)
            except accounts.ValidationError as exc:
                errors = error_items(exc.errors)
            else:
                for key in section.keys:
                    if same(key, clean[key], current.get(key)):
                        draft.changes.pop(key, None)
                    else:
                        draft.changes[key] = clean[key]
                if drafts.save(draft):
                    return redirect(url_for("portal.check_edit", service_id=service.id), code=303)
                errors = [{"message": str(TOO_BIG), "field": None}]
    else:
        values = _section_values(section, drafts.document(current, draft), None)
    return _page(
        f"portal/edit/{section.slug.replace('-', '_')}.html",
        service,
        draft,
        400 if errors else 200,
        section=section,
        form=form,
        values=values,
        errors=errors,
        error_map={e["field"]: e["message"] for e in errors if e["field"]},
        choices=choices(service, values),
        kept_schedules=kept_schedules(service),
        day_codes=DAY_CODES,
        notice=notice,
    )


@bp.get("/services/<service_id>/edit/check")
def check_edit(service_id: str) -> Any:
    """Check your answers: only the details that change, each with a link to change it, then send."""
    service = _service(service_id)
    current = service_document.snapshot(service)
    draft = _draft(service, current)
    return _check_page(service, current, draft)


def _check_page(
    service: Service,
    current: dict[str, Any],
    draft: drafts.Draft,
    *,
    errors: list[dict[str, str | None]] | None = None,
    conflict: revisions.EditConflict | None = None,
    version: str | None = None,
) -> Any:
    """The check page; `version` is the one a refused send carried (shown again, never a newer one)."""
    form = EditServiceForm()
    form.version.data = draft.base if version is None else version
    status = 409 if conflict else 400 if errors else 200
    return _page(
        "portal/edit/check.html",
        service,
        draft,
        status,
        form=form,
        discard_form=EditSectionForm(),
        changes=_changes(current, draft),
        errors=errors or [],
        conflict=conflict_rows(conflict.rows) if conflict else None,
    )


def _section_of_error(field: str) -> Section | None:
    """The section whose page has the input an error names (by the input ids `validate` uses)."""
    if field in SECTION_OF:
        return SECTION_OF[field]
    if field.startswith("phone"):
        return BY_SLUG["contact"]
    if field in ("address_1", "address_2", "city", "postcode"):
        return BY_SLUG["address"]
    if field[:3] in {f"{code}_" for code in DAY_CODES}:
        return BY_SLUG["opening-times"]
    if field.startswith("closure_"):
        return BY_SLUG["closures"]
    if field.startswith("cost_"):
        return BY_SLUG["costs"]
    return None


def _linked(service: Service, items: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """Errors found on sending link to the input on its section's page."""
    for item in items:
        section = _section_of_error(item["field"] or "")
        if item["field"] and section is not None:
            page = url_for("portal.edit_section", service_id=service.id, section_slug=section.slug)
            item["href"] = f"{page}#{item['field']}"
    return items


def _sent_fields(service_id: str, revision: ServiceRevision, author_id: str) -> list[str]:
    """The details this send changed: its revision, and the one holding suggested categories."""
    sent = {
        key
        for r in revisions.history(database.session, service_id)
        if r.created_at == revision.created_at and r.author_id == author_id
        for key in revisions.changed_fields(r)
    }
    return [key for key in service_document.FIELDS if key in sent]


@bp.post("/services/<service_id>/edit")
def send_edit(service_id: str) -> Any:
    """Send the draft (and any whole sections posted with it) for checking, or publish it directly."""
    user = auth.current_user()
    assert user is not None
    service = _service(service_id)
    form = EditServiceForm()
    if not form.validate_on_submit():
        abort(400)
    current = service_document.snapshot(service)
    draft = _draft(service, current)
    posted, early = document_from_post(request.form, drafts.document(current, draft))
    changes = {**draft.changes, **posted}
    version = str(form.version.data or "")
    try:
        with transaction():
            if early:
                try:
                    service_document.validate(changes)
                except accounts.ValidationError as exc:
                    raise accounts.ValidationError({**early, **exc.errors}) from None
                raise accounts.ValidationError(early)
            revision = revisions.propose_edit(
                database.session,
                user=user,
                service_id=service.id,
                changes=changes,
                now=_now(),
                base_version=version,
                replaces=draft.waiting,
            )
            published = revision.status == "approved"
            sent_fields = _sent_fields(service.id, revision, user.id)
            needs_waiting = published and any(
                r.status == "pending" and r.author_id == user.id and r.created_at == revision.created_at
                for r in revisions.history(database.session, service.id)
            )
    except accounts.ValidationError as exc:
        return _check_page(
            service, current, draft, errors=_linked(service, error_items(exc.errors)), version=version
        )
    except revisions.EditConflict as exc:
        # Their changes on top of the listing now, with its version: sending again is a choice.
        draft = drafts.Draft(service.id, exc.version, dict(exc.changes), draft.waiting)
        drafts.save(draft)
        log.info("service %s edit not saved: %d details changed by someone else", service.id, len(exc.rows))
        return _check_page(service, exc.current, draft, conflict=exc)
    drafts.clear()
    drafts.remember_sent(service.id, fields=sent_fields, published=published, needs_waiting=needs_waiting)
    log.info("service %s edited (published: %s)", service.id, published)
    return redirect(url_for("portal.edit_sent", service_id=service.id), code=303)


@bp.post("/services/<service_id>/edit/discard")
def discard_edit(service_id: str) -> Any:
    """Forget the draft: the editor starts again from the listing (and any change waiting) as it is now."""
    service = _service(service_id)
    if not EditSectionForm().validate_on_submit():
        abort(400)
    drafts.clear()
    return redirect(url_for("portal.edit_service", service_id=service.id), code=303)


@bp.get("/services/<service_id>/sent")
def edit_sent(service_id: str) -> Any:
    """What was just sent (or published), named detail by detail."""
    service = _service(service_id)
    sent = drafts.sent(service.id)
    if sent is None:
        return redirect(url_for("portal.service_overview", service_id=service.id), code=303)
    return render_template(
        "portal/edit/sent.html",
        service=service,
        published=bool(sent.get("published")),
        needs_waiting=bool(sent.get("needs_waiting")),
        fields=[field_label(key) for key in sent.get("fields") or [] if key in service_document.FIELDS],
    )
