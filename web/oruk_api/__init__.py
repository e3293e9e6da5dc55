"""Open Referral UK 3.0 read API: open access, `Access-Control-Allow-Origin: *`, JSON errors."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from directory.models import Taxonomy, TaxonomyTerm
from directory.oruk import ORUK_PROFILE, ORUK_VERSION, serialise
from directory.oruk.listing import (
    InvalidParameter,
    Page,
    get_service_at_location,
    has_database_filters,
    list_service_at_locations,
    list_services,
    load_page,
    parse_paging,
    parse_service_filters,
)
from directory.queries import get_service

from ..converters import ID_PATTERN
from ..extensions import database, search_provider
from ..urls import public_url

ID_RE = re.compile(ID_PATTERN)

bp = Blueprint("oruk_api", __name__)


@bp.after_request
def open_access(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(InvalidParameter)
def invalid_parameter(exc: InvalidParameter) -> Any:
    return jsonify(error="invalid_parameter", parameter=exc.name, message=str(exc)), 400


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    return jsonify(error=exc.name.lower().replace(" ", "_"), message=exc.description), exc.code


def _not_found(kind: str, record_id: str) -> Any:
    return jsonify(error="not_found", message=f"No {kind} with id {record_id[:64]!r}."), 404


@bp.get("/")
def api_details() -> Any:
    return jsonify(
        version=ORUK_VERSION, profile=ORUK_PROFILE, openapi_url=public_url("oruk_api.openapi")
    )


@cache
def _openapi_document() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("openapi.json").read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi() -> Any:
    document = dict(_openapi_document())
    document["servers"] = [{"url": public_url("oruk_api.api_details").rstrip("/")}]
    return jsonify(document)


def _ranked(filters: Any) -> list[str] | None:
    return search_provider.search.ranked_ids(filters.search) if filters.search else None


@bp.get("/services")
def services() -> Any:
    filters = parse_service_filters(request.args)
    if filters.search and not filters.postcode and not has_database_filters(filters):
        # Text alone: let the search engine page and count, rather than rank every match.
        start = (filters.page - 1) * filters.per_page
        ids, total = search_provider.search.text_page(filters.search, offset=start, limit=filters.per_page)
        page = Page(load_page(database.session, ids), total, filters.page, filters.per_page)
        return jsonify(page.wrapper([serialise.service_list_item(s) for s in page.items]))
    page = list_services(
        database.session,
        filters,
        ranked_ids=_ranked(filters),
        gazetteer=search_provider.search.gazetteer,
        exact_postcode=search_provider.exact_postcode,
    )
    return jsonify(page.wrapper([serialise.service_list_item(s) for s in page.items]))


@bp.get("/services/<record_id:service_id>")
def service(service_id: str) -> Any:
    record = get_service(database.session, service_id[:64])
    if record is None:
        return _not_found("service", service_id)
    return jsonify(serialise.service_full(record))


@bp.get("/service_at_locations")
def service_at_locations() -> Any:
    filters = parse_service_filters(request.args)
    page = list_service_at_locations(
        database.session,
        filters,
        ranked_ids=_ranked(filters),
        gazetteer=search_provider.search.gazetteer,
        exact_postcode=search_provider.exact_postcode,
    )
    return jsonify(page.wrapper([serialise.service_at_location_list_item(r) for r in page.items]))


@bp.get("/service_at_locations/<record_id:record_id>")
def service_at_location(record_id: str) -> Any:
    record = get_service_at_location(database.session, record_id[:64])
    if record is None:
        return _not_found("service_at_location", record_id)
    return jsonify(serialise.service_at_location_full(record))


def _paged(query: Any, count_query: Any, build: Any) -> Any:
    page_number, per_page = parse_paging(request.args)
    total = database.session.scalar(count_query) or 0
    items = list(database.session.scalars(query.offset((page_number - 1) * per_page).limit(per_page)))
    page = Page(items, total, page_number, per_page)
    return jsonify(page.wrapper([build(item) for item in items]))


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
    if record is None:
        return _not_found("taxonomy", taxonomy_id)
    return jsonify(serialise.taxonomy(record, with_terms=True))


@bp.get("/taxonomy_terms")
def taxonomy_terms() -> Any:
    query = select(TaxonomyTerm).order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    count = select(func.count()).select_from(TaxonomyTerm)
    taxonomy_id = (request.args.get("taxonomy_id") or "").strip()
    if taxonomy_id:
        if not ID_RE.fullmatch(taxonomy_id):
            raise InvalidParameter("taxonomy_id", "is not a valid identifier")
        query = query.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        count = count.where(TaxonomyTerm.taxonomy_id == taxonomy_id)
    return _paged(query, count, serialise.taxonomy_term)


@bp.get("/taxonomy_terms/<record_id:term_id>")
def taxonomy_term(term_id: str) -> Any:
    record = database.session.get(TaxonomyTerm, term_id[:64])
    if record is None:
        return _not_found("taxonomy_term", term_id)
    return jsonify(serialise.taxonomy_term(record))
