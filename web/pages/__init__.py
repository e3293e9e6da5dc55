"""Public directory pages: server-rendered, fully usable without JavaScript."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, render_template, request

from directory.needs import all_needs
from directory.opening import DAY_NAMES, timetable_for
from directory.queries import get_service, neighbourhood_by_slug, neighbourhoods, services_by_ids
from directory.search import InvalidSearch, SearchRequest
from directory.summary import service_summary

from ..extensions import database, search_provider
from ..search_params import search_request_from_args

bp = Blueprint("pages", __name__, template_folder="../templates")


@bp.get("/")
def home() -> str:
    return render_template(
        "pages/home.html", needs=all_needs(), neighbourhoods=neighbourhoods(database.session)
    )


@bp.get("/search")
def search() -> Any:
    error = None
    try:
        search_request = search_request_from_args(request.args)
    except InvalidSearch as exc:
        error, search_request = str(exc), SearchRequest()
    page = search_provider.search.search(search_request)
    services = services_by_ids(database.session, page.ids)
    hits = {hit.service_id: hit for hit in page.hits}
    results = [service_summary(s, hit=hits[s.id]) for s in services]
    status = 400 if error else 200
    return render_template(
        "pages/search.html",
        page=page,
        results=results,
        error=error,
        args=request.args,
        needs=all_needs(),
        neighbourhoods=neighbourhoods(database.session),
    ), status


@bp.get("/services/<record_id:service_id>")
def service(service_id: str) -> str:
    record = get_service(database.session, service_id[:64])
    if record is None:
        abort(404)
    timetable = timetable_for(record.schedules, record.closures)
    now = datetime.now().astimezone()
    return render_template(
        "pages/service.html",
        service=record,
        summary=service_summary(record, now=now),
        day_names=DAY_NAMES,
        open_now=timetable.is_open(now),
    )


@bp.get("/neighbourhoods/<slug:slug>")
def neighbourhood(slug: str) -> str:
    hood = neighbourhood_by_slug(database.session, slug[:100])
    if hood is None:
        abort(404)
    page = search_provider.search.search(SearchRequest(neighbourhood=hood.slug, per_page=50))
    services = services_by_ids(database.session, page.ids)
    return render_template("pages/neighbourhood.html", hood=hood, services=services, total=page.total)
