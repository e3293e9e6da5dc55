"""Every ORUK endpoint's responses validate against the ORUK 3.0 schemas in ../shared/oruk."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from tests.helpers.oruk import assert_oruk_page, schema_errors

BASE = "/api/oruk"


def _no_nulls(value, path="$"):
    """ORUK asks for empty optional fields to be omitted, not sent as null."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None, f"{path}.{key} is null"
            _no_nulls(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_nulls(item, f"{path}[{index}]")


def test_the_root_describes_the_api_version_profile_and_openapi(client):
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://")
    openapi = client.get(body["openapi_url"].replace("http://localhost", ""))
    assert openapi.status_code == 200 and openapi.get_json()["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "query",
    ["", "?per_page=100", "?page=3&per_page=10", "?search=food+bank", "?need=money", "?neighbourhood=heatons",
     "?minimum_age=65", "?maximum_age=4", "?day=monday&start_time=09:00&end_time=12:00",
     "?postcode=SK5+6&proximity=3000", "?modified_after=2020-01-01T00:00:00Z", "?search=zzzzqqq"],
)  # fmt: skip
def test_service_pages_validate_against_the_service_list_schema(client, query):
    response = client.get(f"{BASE}/services{query}")
    assert response.status_code == 200, response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert_oruk_page(body, "service_list.json")
    _no_nulls(body)


def test_every_service_record_validates_against_the_full_service_schema(client, rollback_app_session):
    ids = rollback_app_session.scalars(select(Service.id)).all()
    assert len(ids) >= 150
    for service_id in ids:
        response = client.get(f"{BASE}/services/{service_id}")
        assert response.status_code == 200
        body = response.get_json()
        assert body["id"] == service_id
        errors = schema_errors("service.json", body)
        assert not errors, f"{service_id}: {errors[:5]}"
        _no_nulls(body)


@pytest.mark.parametrize(
    "query", ["", "?postcode=SK4+4&proximity=2000", "?search=warm+space", "?per_page=5&page=2"]
)
def test_service_at_location_pages_validate_against_their_schema(client, query):
    response = client.get(f"{BASE}/service_at_locations{query}")
    assert response.status_code == 200
    body = response.get_json()
    assert_oruk_page(body, "service_at_location_list.json")
    assert body["total_items"] > 0
    _no_nulls(body)


def test_every_service_at_location_record_validates(client, rollback_app_session):
    ids = rollback_app_session.scalars(select(ServiceAtLocation.id)).all()
    for record_id in ids[:60]:
        body = client.get(f"{BASE}/service_at_locations/{record_id}").get_json()
        assert not schema_errors("service_at_location.json", body), record_id


def test_taxonomy_endpoints_validate_against_their_schemas(client, rollback_app_session):
    body = client.get(f"{BASE}/taxonomies").get_json()
    assert_oruk_page(body, "taxonomy.json")
    for taxonomy_id in rollback_app_session.scalars(select(Taxonomy.id)):
        record = client.get(f"{BASE}/taxonomies/{taxonomy_id}").get_json()
        assert not schema_errors("taxonomy.json", record)
    terms = client.get(f"{BASE}/taxonomy_terms?per_page=100").get_json()
    assert_oruk_page(terms, "taxonomy_term.json")
    assert terms["total_items"] >= 16
    for term_id in rollback_app_session.scalars(select(TaxonomyTerm.id).limit(20)):
        assert not schema_errors(
            "taxonomy_term.json", client.get(f"{BASE}/taxonomy_terms/{term_id}").get_json()
        )
