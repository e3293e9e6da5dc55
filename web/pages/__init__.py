"""Public directory pages: server-rendered, fully usable without JavaScript.

Views stay thin: queries live in `directory.queries`, rules in directory services (`directory.portal.reports`),
wording in `web.formatting`, what a listing shows in `web.listings`, and the templates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from directory.models import Service
from directory.opening import DAY_NAMES, LONDON, timetable_for
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
from directory.search import InvalidSearch, SearchPage, SearchRequest
from directory.search.service import MAX_PER_PAGE

from .. import demand, formatting, listings
from ..extensions import database, rate_limiter, search_provider
from ..forms import REPORT_REASON_LABELS, ReportForm
from ..query_params import InvalidParameter, form_values, reader_message, search_request_from_args
from ..reports import forward_report
from ..transaction import transaction
from . import maps

bp = Blueprint("pages", __name__, template_folder="../templates")

# Filter fields the error summary can link to; other parameters only come from edited addresses.
_FIELD_IDS = {"need": "need", "neighbourhood": "neighbourhood", "day": "day"}
_FILTERS = ("need", "neighbourhood", "open_now", "free", "language", "accessibility", "day", "age")
# What a search's address may carry back from a service page: its words, place, filters and page.
_SEARCH_PARAMS = ("q", "place", *_FILTERS, "page", "per_page")
_MAX_BACK = 1000
# How many services opening soonest an empty "open now" search offers instead.
_SOONEST = 5


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
    hood_names = {h.slug: h.name for h in hoods}
    page, results, soonest, errors = None, [], [], []
    try:
        search_request = search_request_from_args(request.args)
        if search_request.neighbourhood and search_request.neighbourhood not in hood_names:
            raise InvalidParameter("neighbourhood", "is not a known neighbourhood")
    except InvalidSearch as exc:
        errors.append({"message": reader_message(exc), "field": _FIELD_IDS.get(getattr(exc, "param", ""))})
    else:
        counted = search_request.page == 1 and _asks_something(search_request)
        page = search_provider.search.search(replace(search_request, count_reach=counted))
        if counted:
            demand.record_search(
                "web",
                _language(),
                page,
                needs=search_request.needs,
                text=search_request.text,
                neighbourhood=search_request.neighbourhood,
            )
        results = _result_cards(page, hood_names)
        if search_request.open_now and page.total == 0:
            soonest = _opening_soonest(search_request, hood_names)
    values, options = form_values(request.args), _filter_options()
    return render_template(
        "pages/search.html",
        page=page,
        results=results,
        soonest=soonest,
        errors=errors,
        values=values,
        pagination=_pagination(page),
        filtered=any(request.args.get(name) for name in _FILTERS),
        applied=_applied_filters(values, hood_names, options),
        without_filters=_search_url(
            [(k, v) for k, v in request.args.items(multi=True) if k in ("q", "place") and v]
        ),
        without_open_now=_args_with(open_now=None, page=None),
        back=_search_query(request.args.items(multi=True)),
        neighbourhoods=hoods,
        map_points=maps.points(
            (r["id"] for r in results), back=_search_query(request.args.items(multi=True))
        ),
        **options,
    ), (400 if errors else 200)


def _asks_something(search_request: SearchRequest) -> bool:
    """A resident's search (words, a place, a need or a neighbourhood), not the empty form."""
    return bool(
        search_request.text or search_request.place or search_request.needs or search_request.neighbourhood
    )


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "en"


def _result_cards(page: SearchPage, hood_names: dict[str, str]) -> list[dict[str, Any]]:
    hits = {hit.service_id: hit for hit in page.hits}
    now, borough = _now(), current_app.config["BOROUGH_NAME"]
    return [
        listings.service_card(s, now=now, hood_names=hood_names, borough=borough, hit=hits[s.id])
        for s in services_by_ids(database.session, page.ids)
    ]


def _opening_soonest(search_request: SearchRequest, hood_names: dict[str, str]) -> list[dict[str, Any]]:
    """When nothing matching is open now, the matching services that open next: the same search without
    "open now" (its best matches), ordered by when each next opens; ties keep the search's order."""
    wider = search_provider.search.search(
        replace(search_request, open_now=False, page=1, per_page=MAX_PER_PAGE)
    )
    now, borough = _now(), current_app.config["BOROUGH_NAME"]
    hits = {hit.service_id: hit for hit in wider.hits}
    opening = []
    for record in services_by_ids(database.session, wider.ids):
        session = timetable_for(record.schedules, record.closures).next_opening(now)
        if session is not None:
            opening.append((session[0], record))
    opening.sort(key=lambda pair: pair[0])
    return [
        listings.service_card(record, now=now, hood_names=hood_names, borough=borough, hit=hits[record.id])
        for _starts, record in opening[:_SOONEST]
    ]


def _applied_filters(
    values: dict[str, Any], hood_names: dict[str, str], options: dict[str, Any]
) -> list[str]:
    """The filters in force, in words, for the one-line summary above the results (a value the form does
    not offer, from an edited address, is shown as it was typed)."""
    days, languages = dict(options["days"]), dict(options["languages"])
    accessibility = dict(options["accessibility"])
    applied = [formatting.need_name(slug) for slug in values["needs"]]
    if values["open_now"]:
        applied.append(gettext("Open now"))
    if values["free"]:
        applied.append(gettext("Free"))
    if values["neighbourhood"] in hood_names:
        applied.append(hood_names[values["neighbourhood"]])
    if values["day"] in days:
        applied.append(gettext("Open on %(day)s", day=days[values["day"]]))
    applied += [languages.get(code, code) for code in values["languages"]]
    applied += [accessibility.get(code, code) for code in values["accessibility"]]
    return applied


def _search_query(pairs: Any) -> str | None:
    """A search's query string with only the search's own parameters: what a result's link carries so
    the service page can lead back to the same results. None when nothing is left."""
    kept = [(k, v) for k, v in pairs if k in _SEARCH_PARAMS and v][:40]
    query = urlencode(kept)
    return query if kept and len(query) <= _MAX_BACK else None


def _back_url(raw: str | None) -> str | None:
    """Where "Back to results" leads: always our own search page, rebuilt from the parameters it knows
    (never the raw value), so a crafted `back` cannot send anyone elsewhere."""
    if not raw or len(raw) > _MAX_BACK:
        return None
    query = _search_query(parse_qsl(raw))
    return f"{url_for('pages.search')}?{query}" if query else None


def _pagination(page: SearchPage | None) -> dict[str, Any] | None:
    if page is None or page.pages < 2:
        return None
    return {
        "page": page.page,
        "pages": page.pages,
        "prev": f"{_args_with(page=str(page.page - 1))}#results-title" if page.page > 1 else None,
        "next": f"{_args_with(page=str(page.page + 1))}#results-title" if page.page < page.pages else None,
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
        "days": _filter_options_days(),
    }


def _filter_options_days() -> list[tuple[str, str]]:
    return [(name.lower(), formatting.day_name(i)) for i, name in enumerate(DAY_NAMES)]


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
    back = _back_url(request.args.get("back"))
    html = _render_service(
        "pages/service.html",
        service_id,
        reasons=reasons,
        back=f"{back}#service-{service_id}" if back else None,
        map_points=maps.points([service_id]),
    )
    if back:  # opened from a list of results: counted with that search's need and neighbourhood
        _count_opened(service_id, request.args.get("back") or "")
    return html


def _count_opened(service_id: str, back: str) -> None:
    values = dict(parse_qsl(back))
    neighbourhood = values.get("neighbourhood")
    if not neighbourhood and values.get("place"):
        place = search_provider.search.resolve_place(values["place"][:100])
        neighbourhood = demand.neighbourhood_of_place(place)
    demand.record_details(
        "web", _language(), service_id, need=values.get("need"), neighbourhood=neighbourhood
    )


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
    map_points = maps.points(s.id for group in groups for s in group.services)
    return render_template(
        "pages/neighbourhood.html", hood=hood, groups=groups, total=total, map_points=map_points
    )
