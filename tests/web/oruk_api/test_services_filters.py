"""`/services` filters combine with AND, order sensibly, and refuse bad parameters with JSON 400s."""

from __future__ import annotations

import pytest

from directory.places import haversine_m

BASE = "/api/oruk"


def _all(client, query: str) -> list[dict]:
    """Every matching service, following the pages."""
    items, page = [], 1
    while True:
        body = client.get(f"{BASE}/services?per_page=100&page={page}&{query}").get_json()
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def _full(client, service_id: str) -> dict:
    return client.get(f"{BASE}/services/{service_id}").get_json()


def test_the_need_filter_returns_only_services_for_that_need(client):
    items = _all(client, "need=carers")
    assert items
    for item in items:
        codes = {a["taxonomy_term"].get("code") for a in _full(client, item["id"]).get("attributes", [])}
        assert "carers" in codes


def test_filters_combine_with_and(client):
    need_only = {i["id"] for i in _all(client, "need=food")}
    hood_only = {i["id"] for i in _all(client, "neighbourhood=heatons")}
    both = {i["id"] for i in _all(client, "need=food&neighbourhood=heatons")}
    assert both and both == need_only & hood_only


def test_age_filters_keep_services_that_accept_that_age(client):
    for item in _all(client, "minimum_age=70&maximum_age=70"):
        assert item.get("minimum_age", 0) <= 70 <= item.get("maximum_age", 200)


def test_day_and_time_filters_keep_services_with_a_matching_session(client):
    items = _all(client, "day=SA&start_time=10:00&end_time=11:00")
    assert items
    for item in items:
        sessions = _full(client, item["id"])["schedules"]
        assert any(
            "SA" in (s.get("byday") or "") and s["opens_at"] < "11:00" and s["closes_at"] > "10:00"
            for s in sessions
        )


def test_postcode_and_proximity_keep_nearby_services_nearest_first(client):
    items = _all(client, "postcode=SK6+6&proximity=2500")
    assert items
    origin = client.get("/api/places/resolve?q=SK6+6").get_json()
    distances = []
    for item in items:
        locations = [sal["location"] for sal in _full(client, item["id"]).get("service_at_locations", [])]
        distance = min(
            haversine_m(origin["lat"], origin["lon"], loc["latitude"], loc["longitude"]) for loc in locations
        )
        assert distance <= 2500
        distances.append(distance)
    assert distances == sorted(distances)


def test_search_ranks_with_the_shared_search_service(client):
    items = _all(client, "search=fod+bank")
    assert items
    assert any(word in items[0]["name"] for word in ("Food", "Pantry", "Fridge"))


def test_modified_after_in_the_future_returns_nothing(client):
    body = client.get(f"{BASE}/services?modified_after=2999-01-01").get_json()
    assert body["total_items"] == 0 and body["empty"] is True and body["contents"] == []


def test_pages_cover_every_service_once(client):
    first = client.get(f"{BASE}/services?per_page=100&page=1").get_json()
    seen = [i["id"] for i in first["contents"]]
    for page in range(2, first["total_pages"] + 1):
        seen += [
            i["id"] for i in client.get(f"{BASE}/services?per_page=100&page={page}").get_json()["contents"]
        ]
    assert len(seen) == len(set(seen)) == first["total_items"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("page=-1", "page"), ("page=abc", "page"), ("per_page=100000", "per_page"), ("per_page=0", "per_page"),
     ("proximity=abc&postcode=SK1+1AA", "proximity"), ("proximity=500", "proximity"),
     ("postcode=NOTAPOSTCODE", "postcode"), ("day=someday", "day"), ("start_time=25:00", "start_time"),
     ("modified_after=yesterday", "modified_after"), ("need=unicorns", "need"), ("minimum_age=-4", "minimum_age"),
     ("day=MO&start_time=12:00&end_time=09:00", "end_time")],
)  # fmt: skip
def test_bad_parameters_get_a_json_400_naming_the_parameter(client, query, parameter):
    for path in ("services", "service_at_locations"):
        response = client.get(f"{BASE}/{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        body = response.get_json()
        assert body["error"] == "invalid_parameter" and body["parameter"] == parameter


@pytest.mark.parametrize("path", ["services", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_an_unknown_id_is_a_json_404(client, path):
    response = client.get(f"{BASE}/{path}/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["taxonomies?page=0", "taxonomy_terms?per_page=101"])
def test_bad_paging_on_taxonomy_lists_is_a_json_400(client, path):
    assert client.get(f"{BASE}/{path}").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["services/abc%00def", "taxonomies/%00", "taxonomy_terms/x%20y", "service_at_locations/" + "a" * 65],
)
def test_malformed_ids_in_the_path_are_json_404s_on_every_database(client, path):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "query", ["taxonomy_term_id=%00", "taxonomy_id=a%00b", "neighbourhood=%00", "neighbourhood=Not+A+Slug"]
)
def test_control_characters_in_id_parameters_are_json_400s_on_every_database(client, query):
    response = client.get(f"{BASE}/services?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_parameter"
