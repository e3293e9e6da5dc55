"""The JSON search API used by the assistant and the widget."""

from __future__ import annotations

import pytest


def test_search_returns_ranked_services_with_the_fields_clients_need(client):
    response = client.get("/api/search?q=food+bank&place=SK5+6")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    assert body["total"] > 0 and body["place"]["neighbourhood"] == "tame-valley"
    first = body["results"][0]
    for key in (
        "id",
        "name",
        "organisation",
        "needs",
        "neighbourhoods",
        "open_now",
        "next_opening",
        "phone",
        "address",
        "distance_m",
    ):
        assert key in first
    assert "food" in first["needs"]


def test_a_scope_filter_finds_the_borough_wide_and_national_services_however_many_local_ones_rank_above(
    client,
):
    everything = client.get("/api/search?need=loneliness&per_page=50").get_json()
    wide = client.get("/api/search?need=loneliness&scope=borough,national&per_page=50").get_json()
    assert wide["total"] > 0 and wide["total"] < everything["total"]
    assert {r["scope"] for r in wide["results"]} <= {"borough", "national"}
    local = client.get("/api/search?need=loneliness&scope=local&per_page=50").get_json()
    assert local["total"] + wide["total"] == everything["total"]
    assert {r["scope"] for r in local["results"]} == {"local"}


def test_an_out_of_area_postcode_is_reported_as_such(client):
    body = client.get("/api/search?q=food&place=M1+1AE").get_json()
    assert body["place"]["in_area"] is False
    assert body["total"] > 0


@pytest.mark.parametrize(
    ("query", "fragment"),
    [("page=-1", "page"), ("per_page=100000", "per_page"), ("age=abc", "age"), ("need=bananas", "need"),
     ("neighbourhood=atlantis", "neighbourhood"), ("day=funday", "day"), ("scope=galactic", "scope")],
)  # fmt: skip
def test_bad_parameters_get_a_json_400_that_names_the_problem(client, query, fragment):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameter" and fragment in body["message"]


def test_places_resolve_postcodes_and_names_and_refuse_unknown_ones(client):
    assert client.get("/api/places/resolve?q=sk41aa").get_json()["neighbourhood"] == "heatons"
    assert (
        client.get("/api/places/resolve?q=Marple").get_json()["neighbourhood"]
        == "hazel-grove-high-lane-marple"
    )
    unknown = client.get("/api/places/resolve?q=zzzz")
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_place"
    assert client.get("/api/places/resolve").status_code == 400


def test_the_need_vocabulary_is_published(client):
    slugs = [n["slug"] for n in client.get("/api/needs").get_json()["needs"]]
    assert len(slugs) == 16 and "mental-health" in slugs


def test_an_unknown_api_route_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["neighbourhood=%00", "q=%00&place=%00", "need=%00"])
def test_control_characters_never_reach_the_database_as_a_500(client, query):
    response = client.get(f"/api/search?{query}")
    assert response.status_code in (200, 400)
