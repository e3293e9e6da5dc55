"""Public directory pages: server-rendered, fully usable without JavaScript.

Views stay thin: queries live in `directory.queries`, rules in directory services (`directory.portal.reports`),
wording in `web.formatting`, what a listing shows in `web.listings`, and the templates.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext

from directory.models import Service
from directory.opening import DAY_NAMES, LONDON
from directory.portal.reports import REPORT_REASONS, ValidationError, create_report
from directory.queries import (
    accessibility_offered,
    get_service,
    languages_offered,
    neighbourhood_by_slug,
    neighbourhood_services_by_need,
    neighbourhoods,
    services_by_ids,
)
from directory.search import InvalidSearch, SearchPage

from .. import formatting, listings
from ..extensions import database, rate_limiter, search_provider
from ..forms import REPORT_REASON_LABELS, ReportForm
from ..query_params import InvalidParameter, form_values, reader_message, search_request_from_args
from ..reports import forward_report
from ..transaction import transaction

bp = Blueprint("pages", __name__, template_folder="../templates")

# Filter fields the error summary can link to; other parameters only come from edited addresses.
_FIELD_IDS = {"need": "need", "neighbourhood": "neighbourhood", "day": "day"}
_FILTERS = ("need", "neighbourhood", "open_now", "free", "language", "accessibility", "day", "age")


@bp.app_context_processor
def _template_helpers() -> dict[str, Any]:
    return {"fmt": formatting, "data_lang": formatting.DATA_LANGUAGE}


def _now() -> datetime:
    return datetime.now(LONDON)


def _hood_names() -> dict[str, str]:
    return {hood.slug: hood.name for hood in neighbourhoods(database.session)}


def _service_or_404(service_id: str) -> Service:
    record = get_service(database.session, service_id)
    if record is None:
        abort(404)
    return record


def _search_url(pairs: list[tuple[str, str]]) -> str:
    return f"{url_for('pages.search')}?{urlencode(pairs)}" if pairs else url_for("pages.search")


def _args_with(**changes: str | None) -> str:
    """This search's address with some parameters replaced (or removed with None)."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return _search_url(pairs)


@bp.get("/")
def home() -> str:
    return render_template(
        "pages/home.html",
        needs=formatting.needs_for_display(),
        neighbourhoods=neighbourhoods(database.session),
    )


@bp.get("/search")
def search() -> Any:
    hoods = neighbourhoods(database.session)
    page, results, errors = None, [], []
    try:
        search_request = search_request_from_args(request.args)
        if search_request.neighbourhood and search_request.neighbourhood not in {h.slug for h in hoods}:
            raise InvalidParameter("neighbourhood", "is not a known neighbourhood")
    except InvalidSearch as exc:
        errors.append({"message": reader_message(exc), "field": _FIELD_IDS.get(getattr(exc, "param", ""))})
    else:
        page = search_provider.search.search(search_request)
        results = _result_cards(page, {h.slug: h.name for h in hoods})
    return render_template(
        "pages/search.html",
        page=page,
        results=results,
        errors=errors,
        values=form_values(request.args),
        pagination=_pagination(page),
        filtered=any(request.args.get(name) for name in _FILTERS),
        without_filters=_search_url(
            [(k, v) for k, v in request.args.items(multi=True) if k in ("q", "place") and v]
        ),
        neighbourhoods=hoods,
        **_filter_options(),
    ), (400 if errors else 200)


def _result_cards(page: SearchPage, hood_names: dict[str, str]) -> list[dict[str, Any]]:
    hits = {hit.service_id: hit for hit in page.hits}
    now, borough = _now(), current_app.config["BOROUGH_NAME"]
    return [
        listings.service_card(s, now=now, hood_names=hood_names, borough=borough, hit=hits[s.id])
        for s in services_by_ids(database.session, page.ids)
    ]


def _pagination(page: SearchPage | None) -> dict[str, Any] | None:
    if page is None or page.pages < 2:
        return None
    return {
        "page": page.page,
        "pages": page.pages,
        "prev": _args_with(page=str(page.page - 1)) if page.page > 1 else None,
        "next": _args_with(page=str(page.page + 1)) if page.page < page.pages else None,
    }


def _filter_options() -> dict[str, Any]:
    """The choices the search filters offer, in the reader's language."""
    languages = [(code, formatting.language_name(code)) for code in languages_offered(database.session)]
    return {
        "needs": formatting.needs_for_display(),
        "languages": sorted(languages, key=lambda item: item[1]),
        "accessibility": [
            (code, formatting.accessibility_label(code)) for code in accessibility_offered(database.session)
        ],
        "days": [(name.lower(), formatting.day_name(i)) for i, name in enumerate(DAY_NAMES)],
    }


def _render_service(template: str, service_id: str, **extra: Any) -> str:
    """A service's page in one of its forms (full or printable), with its details formatted."""
    record = _service_or_404(service_id)
    details = listings.service_details(
        record, now=_now(), hood_names=_hood_names(), borough=current_app.config["BOROUGH_NAME"]
    )
    return render_template(template, service=record, details=details, **extra)


@bp.get("/services/<record_id:service_id>")
def service(service_id: str) -> str:
    reasons = [(code, str(REPORT_REASON_LABELS[code])) for code in REPORT_REASONS]
    return _render_service("pages/service.html", service_id, reasons=reasons)


@bp.get("/services/<record_id:service_id>/print")
def service_print(service_id: str) -> str:
    return _render_service("pages/service_print.html", service_id, printed_on=formatting.long_date(_now()))


@bp.route("/services/<record_id:service_id>/report", methods=["GET", "POST"])
def report(service_id: str) -> Any:
    record = _service_or_404(service_id)
    form = ReportForm()
    errors: dict[str, str] = {}
    if request.method == "GET":
        if request.args.get("reason") in REPORT_REASONS:
            form.reason.data = request.args["reason"]
    elif form.validate_on_submit():  # the CSRF token; CSRFProtect has refused a bad one already
        wait = rate_limiter.hit("report", request.remote_addr or "unknown", "REPORT_RATE_LIMIT")
        if wait is not None:  # nothing is stored
            response = current_app.make_response(
                (render_template("pages/report_too_many.html", service=record), 429)
            )
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
        try:
            with transaction() as work:
                stored = create_report(
                    database.session,
                    service_id=record.id,
                    reason=form.reason.data,
                    details=form.details.data,
                    contact_email=form.contact_email.data,
                )
                # Emailed to the organisation once stored, without the reporter's address.
                work.after_commit(partial(forward_report, stored.id))
        except ValidationError as exc:
            errors = {field: gettext(message) for field, message in exc.errors.items()}
        else:
            return redirect(url_for("pages.report_thanks", service_id=record.id), code=303)
    return render_template("pages/report.html", service=record, form=form, errors=errors), (
        400 if errors else 200
    )


@bp.get("/services/<record_id:service_id>/report/thanks")
def report_thanks(service_id: str) -> str:
    return render_template("pages/report_thanks.html", service=_service_or_404(service_id))


@bp.get("/neighbourhoods/<slug:slug>")
def neighbourhood(slug: str) -> str:
    hood = neighbourhood_by_slug(database.session, slug)
    if hood is None:
        abort(404)
    groups, total = neighbourhood_services_by_need(database.session, hood)
    return render_template("pages/neighbourhood.html", hood=hood, groups=groups, total=total)
