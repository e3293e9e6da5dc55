"""JSON API: the directory search our own clients (assistant, widget) use. Open data, open CORS.

A search marked as a resident's (the `Around-Here-Demand` header, `web/demand.py`) is counted for
neighbourhood insight; unmarked requests are not."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from directory.needs import all_needs
from directory.queries import neighbourhood_by_slug, services_by_ids
from directory.search import InvalidSearch
from directory.summary import service_summary

from .. import demand
from ..extensions import database, search_provider
from ..query_params import search_request_from_args

bp = Blueprint("api", __name__)


@bp.after_request
def open_cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(InvalidSearch)
def invalid_search(exc: InvalidSearch) -> Any:
    return jsonify(error="invalid_parameter", message=str(exc)), 400


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code


@bp.get("/search")
def search() -> Any:
    search_request = search_request_from_args(request.args)
    if (
        search_request.neighbourhood
        and neighbourhood_by_slug(database.session, search_request.neighbourhood) is None
    ):
        raise InvalidSearch(f"unknown neighbourhood: {search_request.neighbourhood}")
    resident = demand.marked(request.headers) if search_request.page == 1 else None
    page = search_provider.search.search(replace(search_request, count_reach=resident is not None))
    if resident is not None:
        demand.record_search(
            resident.channel,
            resident.language,
            page,
            needs=search_request.needs,
            text=search_request.text,
            neighbourhood=search_request.neighbourhood,
        )
    services = services_by_ids(database.session, page.ids)
    hits = {hit.service_id: hit for hit in page.hits}
    place = None
    if page.place is not None:
        place = {
            "query": page.place.query,
            "label": page.place.label,
            "in_area": page.place.in_area,
            "neighbourhood": page.place.neighbourhood,
            "kind": page.place.kind,
        }
    return jsonify(
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
        place=place,
        needs_detected=page.needs_detected,
        corrections=page.corrections,
        results=[service_summary(s, hit=hits[s.id]) for s in services],
    )


@bp.get("/needs")
def needs() -> Any:
    return jsonify(
        needs=[{"slug": n.slug, "name": n.name, "description": n.description} for n in all_needs()]
    )


@bp.get("/places/resolve")
def resolve_place() -> Any:
    text = (request.args.get("q") or "").strip()[:100]
    if not text:
        raise InvalidSearch("q is required: a postcode or place name")
    resolution = search_provider.search.resolve_place(text)
    if resolution is None:
        return jsonify(error="unknown_place", message=f"We could not find '{text}'."), 404
    return jsonify(
        query=resolution.query,
        kind=resolution.kind,
        in_area=resolution.in_area,
        neighbourhood=resolution.neighbourhood,
        neighbourhoods=list(resolution.neighbourhoods),
        label=resolution.label,
        lat=resolution.lat,
        lon=resolution.lon,
    )


# The insight feed's routes register on this blueprint when imported.
from . import insight  # noqa: E402, F401
