"""The home page: a labelled search box, the 16 needs and the neighbourhoods."""

from __future__ import annotations

from tests.helpers.pages import check_page


def test_the_home_page_offers_a_labelled_search_for_what_and_where(client):
    response = client.get("/")
    assert response.status_code == 200
    root = check_page(response.data)
    form = next(f for f in root.iter("form") if f.get("role") == "search")
    assert form.get("action") == "/search" and (form.get("method") or "get") == "get"
    names = {field.get("name") for field in form.iter("input")}
    assert {"q", "place"} <= names
    labels = {label.get("for"): "".join(label.itertext()) for label in root.iter("label")}
    assert labels["q"] == "What do you need help with?"
    assert "optional" in labels["place"]


def test_the_home_page_has_a_tile_for_each_of_the_16_needs_and_a_link_for_each_neighbourhood(client):
    root = check_page(client.get("/").data)
    hrefs = [a.get("href") or "" for a in root.iter("a")]
    assert sum(href.startswith("/search?need=") for href in hrefs) == 16
    assert sum(href.startswith("/neighbourhoods/") for href in hrefs) == 8


def test_need_names_and_descriptions_are_translated(client):
    body = client.get("/?lang=pl").get_data(as_text=True)
    assert "Pieniądze i długi" in body and "Money and debt" not in body
    body = client.get("/?lang=ar").get_data(as_text=True)
    assert "الصحة النفسية" in body


def test_the_home_page_has_a_skip_link_landmarks_and_the_emergency_numbers(client):
    root = check_page(client.get("/").data)
    first_link = next(root.iter("a"))
    assert first_link.get("href") == "#main" and first_link.get("class") == "skip-link"
    assert [el.tag for el in root.iter() if el.tag in ("header", "main", "footer")] == [
        "header",
        "main",
        "footer",
    ]
    tel = {a.get("href") for a in root.iter("a") if (a.get("href") or "").startswith("tel:")}
    assert {"tel:999", "tel:116123"} <= tel


def test_the_stylesheet_is_our_own_file(client):
    root = check_page(client.get("/").data)
    sheets = [link.get("href") for link in root.iter("link") if link.get("rel") == "stylesheet"]
    assert sheets == ["/static/css/site.css"]
    css = client.get(sheets[0])
    assert css.status_code == 200 and css.mimetype == "text/css"
    css.close()
