"""Open Referral UK 3.0 read API: open access, `Access-Control-Allow-Origin: *`, JSON errors."""

from __future__ import annotations

import json
from functools import cache, partial
from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from directory.models import Taxonomy, TaxonomyTerm
from directory.oruk import ORUK_PROFILE, ORUK_VERSION, serialise
from directory.oruk.listing import (
    Page,
    ServiceFilters,
    get_service_at_location,
    has_database_filters,
    list_service_at_locations,
    list_services,
    load_page,
)
from directory.queries import get_service

from .. import demand
from ..extensions import database, search_provider
from ..query_params import InvalidParameter, oruk_identifier, oruk_message, oruk_paging, oruk_service_filters
from ..urls import public_url

bp = Blueprint("oruk_api", __name__)


@bp.after_request
def open_access(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(InvalidParameter)
def invalid_parameter(exc: InvalidParameter) -> Any:
    return jsonify(error="invalid_parameter", parameter=exc.param, message=oruk_message(exc)), 400


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code


def _one(kind: str, record_id: str, record: Any, build: Any) -> Any:
    """The record in its ORUK shape, or a 404 naming what was asked for."""
    if record is None:
        return jsonify(error="not_found", message=f"No {kind} with id {record_id[:64]!r}."), 404
    return jsonify(build(record))


@bp.get("/")
def api_details() -> Any:
    return jsonify(version=ORUK_VERSION, profile=ORUK_PROFILE, openapi_url=public_url("oruk_api.openapi"))


@cache
def _openapi_document() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("openapi.json").read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi() -> Any:
    document = dict(_openapi_document())
    document["servers"] = [{"url": public_url("oruk_api.api_details").rstrip("/")}]
    return jsonify(document)


def _page_json(page: Page, build: Any) -> Any:
    return jsonify(page.wrapper([build(item) for item in page.items]))


def _matching(lister: Any, filters: ServiceFilters) -> Page:
    """`lister`'s page for these filters: in search-rank order for a text, nearest a postcode first."""
    ranked_ids = search_provider.search.ranked_ids(filters.search) if filters.search else None
    point = None
    if filters.postcode:
        place = search_provider.search.gazetteer.resolve(
            filters.postcode, exact_lookup=search_provider.exact_postcode
        )
        if place is None or place.lat is None or place.lon is None:
            raise InvalidParameter("postcode", "is not a postcode we can place")
        point = (place.lat, place.lon)
    return lister(database.session, filters, ranked_ids=ranked_ids, point=point)


@bp.get("/services")
def services() -> Any:
    filters = oruk_service_filters(request.args)
    if filters.search and not filters.postcode and not has_database_filters(filters):
        # Text alone: let the search engine page and count, rather than rank every match.
        start = (filters.page - 1) * filters.per_page
        ids, total = search_provider.search.text_page(filters.search, offset=start, limit=filters.per_page)
        page = Page(load_page(database.session, ids), total, filters.page, filters.per_page)
    else:
        page = _matching(list_services, filters)
    return _page_json(page, serialise.service_list_item)


@bp.get("/services/<record_id:service_id>")
def service(service_id: str) -> Any:
    record = get_service(database.session, service_id[:64])
    resident = demand.marked(request.headers) if record is not None else None
    if resident is not None and record is not None:  # the assistant opening a result for a resident
        demand.record_details(
            resident.channel,
            resident.language,
            record.id,
            need=resident.need,
            neighbourhood=resident.neighbourhood,
        )
    return _one("service", service_id, record, serialise.service_full)


@bp.get("/service_at_locations")
def service_at_locations() -> Any:
    page = _matching(list_service_at_locations, oruk_service_filters(request.args))
    return _page_json(page, serialise.service_at_location_list_item)


@bp.get("/service_at_locations/<record_id:record_id>")
def service_at_location(record_id: str) -> Any:
    record = get_service_at_location(database.session, record_id[:64])
    return _one("service_at_location", record_id, record, serialise.service_at_location_full)


def _paged(query: Any, count_query: Any, build: Any) -> Any:
    page_number, per_page = oruk_paging(request.args)
    total = database.session.scalar(count_query) or 0
    items = list(database.session.scalars(query.offset((page_number - 1) * per_page).limit(per_page)))
    return _page_json(Page(items, total, page_number, per_page), build)


@bp.get("/taxonomies")
def taxonomies() -> Any:
    return _paged(
        select(Taxonomy).order_by(Taxonomy.name, Taxonomy.id),
        select(func.count()).select_from(Taxonomy),
        serialise.taxonomy,
    )


@bp.get("/taxonomies/<record_id:taxonomy_id>")
def taxonomy(taxonomy_id: str) -> Any:
    record = database.session.get(Taxonomy, taxonomy_id[:64])
    return _one("taxonomy", taxonomy_id, record, partial(serialise.taxonomy, with_terms=True))


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> Any:
    query = select(TaxonomyTerm).order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    count = select(func.count()).select_from(TaxonomyTerm)
    taxonomy_id = oruk_identifier(request.args, "taxonomy_id")
    if taxonomy_id:
        query = query.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        count = count.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    return _paged(query, count, serialise.taxonomy_term)


@bp.get("/taxonomy_terms/<record_id:term_id>")
def taxonomy_term(term_id: str) -> Any:
    record = database.session.get(TaxonomyTerm, term_id[:64])
    return _one("taxonomy_term", term_id, record, serialise.taxonomy_term)
