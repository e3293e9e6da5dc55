"""A neighbourhood's page: what serves the place, grouped by need, with counts."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import Neighbourhood
from tests.helpers.pages import check_page


def test_every_neighbourhood_page_lists_services_grouped_by_need(client, rollback_app_session):
    for slug in rollback_app_session.scalars(select(Neighbourhood.slug)):
        response = client.get(f"/neighbourhoods/{slug}")
        assert response.status_code == 200
        root = check_page(response.data)
        assert len([a for a in root.iter("a") if "/services/" in (a.get("href") or "")]) >= 10
        sections = [s for s in root.iter("section") if s.get("class") == "need-group"]
        assert sections


def test_each_need_group_has_a_heading_a_count_and_a_filtered_search_link(client):
    root = check_page(client.get("/neighbourhoods/heatons").data)
    contents = next(n for n in root.iter("nav") if n.get("class") == "contents")
    for section in (s for s in root.iter("section") if s.get("class") == "need-group"):
        heading = section.find("h2")
        services = [a for a in section.iter("a") if a.get("href", "").startswith("/services/")]
        count = "".join(section.find("p").itertext())
        assert count.startswith(f"{len(services)} service")
        search = [a.get("href") for a in section.iter("a") if a.get("href", "").startswith("/search")]
        assert search == [f"/search?need={heading.get('id')[5:]}&neighbourhood=heatons"]
        assert contents.find(f".//a[@href='#{heading.get('id')}']") is not None


def test_borough_wide_and_national_services_are_marked(client):
    root = check_page(client.get("/neighbourhoods/heatons").data)
    tags = {span.text for span in root.iter("span") if span.get("class") == "tag"}
    assert {"Whole borough", "National"} <= tags


def test_the_page_is_translated_around_the_place_names(client):
    root = check_page(client.get("/neighbourhoods/heatons?lang=pl").data)
    name = root.find(".//h1/bdi")
    assert name.text == "Heatons" and name.get("lang") == "en"
    headings = {h.text for h in root.iter("h2")}
    assert "Jedzenie" in headings and "Pomoc według potrzeb" in headings


def test_an_unknown_neighbourhood_is_a_404(client):
    assert client.get("/neighbourhoods/atlantis").status_code == 404
    assert client.get("/neighbourhoods/UPPER").status_code == 404
