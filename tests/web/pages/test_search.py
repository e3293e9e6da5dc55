"""Search results: filters, counts, result cards, pagination and honest answers when nothing matches."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from directory.models import Neighbourhood
from tests.helpers.pages import check_page


def _cards(root) -> list:
    return [li for li in root.iter("li") if li.get("class") == "card"]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


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


def test_results_show_a_count_and_cards_with_name_organisation_phone_and_place(client):
    root = check_page(client.get("/search?q=food+bank&place=SK5+6").data)
    count = root.find(".//h2[@id='results-title']")
    assert count is not None and "services found" in count.text
    cards = _cards(root)
    assert 1 <= len(cards) <= 10
    first = cards[0]
    title = first.find("h3/a")
    assert title is not None and title.get("href").startswith("/services/")
    assert first.find("p[@class='card__organisation']") is not None
    tel = [a for a in first.iter("a") if (a.get("href") or "").startswith("tel:")]
    assert tel and tel[0].get("href")[4:].isdigit()
    assert re.search(r"\d mile(s)? away|Less than 0.1 miles", _text(first))
    assert any("Pantry" in _text(card) or "Food" in _text(card) for card in cards)


def test_free_services_carry_a_free_badge_and_sample_listings_say_so(client):
    root = check_page(client.get("/search?need=food&free=1").data)
    badges = [
        [el.text for el in card.iter("strong") if "tag" in (el.get("class") or "")] for card in _cards(root)
    ]
    assert badges and all("Free" in card for card in badges)
    assert any("Sample listing" in card for card in badges)


def test_each_result_says_when_it_is_next_open(client):
    root = check_page(client.get("/search?need=food&per_page=20").data)
    statuses = [
        _text(dd)
        for card in _cards(root)
        for row in card.iter("div")
        if row.get("class") == "facts__row" and row.find("dt").text == "Opening times"
        for dd in row.iter("dd")
    ]
    assert statuses and all(
        s.startswith(("Open now until", "Closed now. Opens", "Open 24 hours")) for s in statuses
    )


def test_the_filters_cover_need_neighbourhood_day_language_open_now_free_and_accessibility(client):
    root = check_page(client.get("/search?q=advice").data)
    form = next(f for f in root.iter("form") if f.get("role") == "search")
    names = {el.get("name") for el in form.iter() if el.tag in ("input", "select")}
    assert {
        "q",
        "place",
        "need",
        "neighbourhood",
        "day",
        "language",
        "open_now",
        "free",
        "accessibility",
    } <= names
    languages = [o.get("value") for o in form.find(".//select[@name='language']").iter("option")]
    assert {"pl", "ur", "ar"} <= set(languages)


def test_filters_narrow_the_results_and_stay_selected(client):
    everything = check_page(client.get("/search?q=advice").data)
    narrowed = check_page(client.get("/search?q=advice&language=pl&accessibility=step-free&free=1").data)

    def total(root) -> int:
        return int(root.find(".//h2[@id='results-title']").text.split()[0])

    assert total(narrowed) < total(everything)
    form = next(f for f in narrowed.iter("form") if f.get("role") == "search")
    assert form.find(".//option[@value='pl']").get("selected") is not None
    assert form.find(".//input[@value='step-free']").get("checked") is not None
    assert form.find(".//input[@name='free']").get("checked") is not None


def test_a_neighbourhood_filter_only_shows_services_serving_it(client, rollback_app_session):
    slug = rollback_app_session.scalars(select(Neighbourhood.slug).order_by(Neighbourhood.slug)).first()
    root = check_page(client.get(f"/search?neighbourhood={slug}&per_page=50").data)
    assert _cards(root)
    assert root.find(f".//option[@value='{slug}']").get("selected") is not None


def test_pagination_links_are_rel_prev_and_next_and_say_which_page_this_is(client):
    root = check_page(client.get("/search?need=mental-health&page=2&per_page=5").data)
    nav = next(n for n in root.iter("nav") if n.get("class") == "pagination")
    links = {a.get("rel"): a.get("href") for a in nav.iter("a")}
    assert "page=1" in links["prev"] and "page=3" in links["next"]
    assert "need=mental-health" in links["next"] and "per_page=5" in links["next"]
    assert any("Page 2 of" in (li.text or "") for li in nav.iter("li"))


def test_the_first_page_has_no_previous_link(client):
    root = check_page(client.get("/search?need=mental-health&per_page=5").data)
    nav = next(n for n in root.iter("nav") if n.get("class") == "pagination")
    assert [a.get("rel") for a in nav.iter("a")] == ["next"]


def test_no_results_is_said_plainly_with_suggestions_and_a_way_to_drop_the_filters(client):
    root = check_page(client.get("/search?q=zzzzqqq&free=1&place=Reddish").data)
    assert root.find(".//h2[@id='results-title']").text == "0 services found"
    advice = root.find(".//div[@class='no-results']")
    assert advice is not None
    text = _text(advice)
    assert "could not find any services" in text and "check the spelling" in text
    hrefs = [a.get("href") for a in advice.iter("a")]
    assert "/search?q=zzzzqqq&place=Reddish" in hrefs
    assert "/#needs" in hrefs


def test_a_page_past_the_end_says_there_are_no_more_results(client):
    root = check_page(client.get("/search?q=food&page=999").data)
    assert "no more results" in _text(root.find(".//main"))


def test_a_place_outside_the_borough_is_explained(client):
    root = check_page(client.get("/search?q=food&place=M1+1AE").data)
    assert "is outside Stockport" in _text(root.find(".//main"))


def test_an_unknown_place_is_explained(client):
    root = check_page(client.get("/search?q=food&place=Atlantis").data)
    assert "could not find the place" in _text(root.find(".//main"))


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=-1", None, "The page number must be a whole number from 1 to 1000"),
        ("per_page=100000", None, "The number of results on a page must be a whole number from 1 to 50"),
        ("age=abc", None, "Age must be a whole number from 0 to 130"),
        ("need=bananas", "need", "Choose a need from the list"),
        ("day=funday", "day", "Choose a day of the week"),
        ("neighbourhood=atlantis", "neighbourhood", "Choose a neighbourhood from the list"),
        ("neighbourhood=NOT+A+SLUG", "neighbourhood", "Choose a neighbourhood from the list"),
    ],
)
def test_bad_search_parameters_get_an_error_summary_in_plain_words_and_a_400(client, query, field, message):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    root = check_page(response.data)
    summary = root.find(".//div[@class='error-summary']")
    assert summary is not None and summary.get("role") == "alert"
    assert message in _text(summary)
    assert root.find("head/title").text.startswith("Error:")
    if field:
        assert summary.find(f".//a[@href='#{field}']") is not None
        assert root.find(f".//p[@id='{field}-error']") is not None
    assert not _cards(root)


def test_error_messages_are_in_the_readers_language(client):
    root = check_page(client.get("/search?need=bananas&lang=pl").data)
    assert "Wybierz rodzaj pomocy z listy" in _text(root.find(".//div[@class='error-summary']"))


def test_the_search_api_keeps_its_english_json_errors(client):
    body = client.get("/api/search?need=bananas&lang=pl").get_json()
    assert body == {"error": "invalid_parameter", "message": "unknown need: bananas"}
