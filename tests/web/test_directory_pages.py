"""Public directory pages render the sample directory as valid, accessible HTML."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import Neighbourhood, Service
from tests.helpers.pages import check_page


def test_the_home_page_offers_search_every_need_and_every_neighbourhood(client):
    response = client.get("/")
    assert response.status_code == 200
    root = check_page(response.data)
    links = [a.get("href") for a in root.iter("a")]
    assert sum("/search?need=" in (href or "") for href in links) == 16
    assert sum("/neighbourhoods/" in (href or "") for href in links) == 8


@pytest.mark.parametrize(
    "query",
    [
        "q=food+bank",
        "q=food+bank&place=SK5+6",
        "need=money&free=1",
        "q=%22AND+(",
        "q=food&page=2",
        "q=zzzzqqq",
    ],
)
def test_search_result_pages_render_for_ordinary_and_odd_queries(client, query):
    response = client.get(f"/search?{query}")
    assert response.status_code == 200
    check_page(response.data)


def test_search_results_list_matching_services(client):
    response = client.get("/search?q=food+bank&place=Reddish")
    assert b"Pantry" in response.data or b"Food" in response.data


@pytest.mark.parametrize("query", ["page=-1", "per_page=100000", "age=abc", "need=bananas", "day=funday"])
def test_bad_search_parameters_get_a_clear_message_and_a_400_not_a_500(client, query):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    root = check_page(response.data)
    assert any(el.get("role") == "alert" and el.text for el in root.iter("p"))


def test_every_service_page_renders(client, rollback_app_session):
    ids = rollback_app_session.scalars(select(Service.id)).all()
    assert len(ids) >= 150
    for service_id in ids:
        response = client.get(f"/services/{service_id}")
        assert response.status_code == 200, service_id
        check_page(response.data)


def test_every_neighbourhood_page_lists_services(client, rollback_app_session):
    for slug in rollback_app_session.scalars(select(Neighbourhood.slug)):
        response = client.get(f"/neighbourhoods/{slug}")
        assert response.status_code == 200
        root = check_page(response.data)
        assert len([a for a in root.iter("a") if "/services/" in (a.get("href") or "")]) >= 10


def test_an_unknown_service_is_a_404(client):
    assert client.get("/services/not-a-real-id").status_code == 404
