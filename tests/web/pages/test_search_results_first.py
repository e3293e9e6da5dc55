"""Search on a phone in a hurry: the results come before the filters, the filters in force are said in one
line, filtering lands on the results, a service page leads back to the same results, and an empty "open
now" search offers what opens soonest."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.opening import LONDON, timetable_for
from directory.queries import get_service
from tests.helpers.pages import check_page
from web import pages

# A Sunday at 03:00, when none of the sample's food banks is open.
SMALL_HOURS = datetime(2026, 12, 6, 3, 0, tzinfo=LONDON)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _cards(root) -> list:
    return [li for li in root.iter("li") if li.get("class") == "card"]


def test_the_filters_fold_behind_filter_results_and_come_back_to_the_results_heading(client):
    root = check_page(client.get("/search?q=food+bank").data)
    details = root.find(".//details[@data-filters]")
    assert details is not None and details.get("open") is None
    assert _text(details.find("summary")) == "Filter results"
    form = details.find(".//form[@role='search']")
    assert form.get("action") == "/search#results-title"
    heading = root.find(".//h2[@id='results-title']")
    assert heading.get("tabindex") == "-1" and "services found" in _text(heading)
    assert root.find(".//p[@class='applied-filters']") is None  # nothing to summarise


def test_the_filters_stand_open_when_a_value_needs_correcting(client):
    root = check_page(client.get("/search?need=bananas").data)
    assert root.find(".//details[@data-filters]").get("open") is not None


def test_the_filters_in_force_are_summarised_in_one_line_with_a_way_to_clear_them(client):
    root = check_page(client.get("/search?q=advice&place=SK5+6&free=1&day=tuesday&language=pl").data)
    line = root.find(".//p[@class='applied-filters']")
    assert line is not None
    assert "Free · Open on Tuesday · Polish" in _text(line)
    clear = line.find("a")
    assert _text(clear) == "Clear filters"
    assert clear.get("href") == "/search?q=advice&place=SK5+6#results-title"


def test_the_summary_is_in_the_readers_language(client):
    root = check_page(client.get("/search?need=food&open_now=1&lang=pl").data)
    line = _text(root.find(".//p[@class='applied-filters']"))
    assert "Jedzenie · Teraz otwarte" in line


def test_pages_of_results_also_land_on_the_results_heading(client):
    root = check_page(client.get("/search?need=mental-health&per_page=5").data)
    nav = next(n for n in root.iter("nav") if n.get("class") == "pagination")
    assert all(a.get("href").endswith("#results-title") for a in nav.iter("a"))


def test_each_result_links_to_its_service_carrying_the_search(client):
    root = check_page(client.get("/search?q=food+bank&free=1&page=1&lang=pl&utm_source=x").data)
    cards = _cards(root)
    assert cards
    for card in cards:
        href = card.find(".//a").get("href")
        assert card.get("id") == f"service-{urlsplit(href).path.rsplit('/', 1)[1]}"
        back = parse_qs(urlsplit(href).query)["back"]
        assert back == ["q=food+bank&free=1&page=1"]  # the search's own parameters only


def test_the_service_page_leads_back_to_the_same_results(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}?back=q%3Dfood%2Bbank%26free%3D1").data)
    link = root.find(".//a[@class='back-link']")
    assert _text(link) == "Back to results"
    assert link.get("href") == f"/search?q=food+bank&free=1#service-{pantry_id}"


@pytest.mark.parametrize(
    "back",
    [
        "",
        "https://evil.example/search?q=food",
        "//evil.example",
        "javascript:alert(1)",
        "utm_source=x&lang=pl",
        "q=" + "a" * 2000,
        "%ZZ%00\x00",
    ],
)
def test_without_a_search_to_return_to_the_page_offers_to_find_other_services(client, pantry_id, back):
    response = client.get(f"/services/{pantry_id}", query_string={"back": back})
    assert response.status_code == 200
    link = check_page(response.data).find(".//a[@class='back-link']")
    assert _text(link) == "Find other services" and link.get("href") == "/"


def test_a_crafted_back_value_only_ever_leads_to_our_search_page(client, pantry_id):
    back = "q=food&next=https://evil.example&place=//evil.example/%0d%0aX:1"
    root = check_page(client.get(f"/services/{pantry_id}", query_string={"back": back}).data)
    href = root.find(".//a[@class='back-link']").get("href")
    assert href.startswith("/search?") and "next=" not in href
    assert parse_qs(urlsplit(href).query) == {"q": ["food"], "place": ["//evil.example/\r\nX:1"]}


@pytest.fixture
def small_hours(monkeypatch):
    """Search and the cards at SMALL_HOURS, as the search page would at that time."""
    monkeypatch.setattr(pages, "_now", lambda: SMALL_HOURS)
    real = pages.search_request_from_args
    monkeypatch.setattr(pages, "search_request_from_args", lambda args: replace(real(args), now=SMALL_HOURS))


def test_an_empty_open_now_search_says_so_and_offers_the_matching_services_opening_soonest(
    client, small_hours, rollback_app_session
):
    root = check_page(client.get("/search?q=food+bank&open_now=1").data)
    assert _text(root.find(".//h2[@id='results-title']")) == "0 services found"
    main = _text(root.find(".//main"))
    assert "Nothing matching is open now." in main
    assert "We could not find any services" not in main
    again = next(a for a in root.iter("a") if _text(a) == "Show matching services whether open or not")
    assert again.get("href") == "/search?q=food+bank#results-title"
    assert _text(root.find(".//h3[@id='soonest-title']")) == "Opening soonest"
    cards = _cards(root)
    assert 1 <= len(cards) <= 5
    assert all(card.find("h4") is not None for card in cards)  # under "Opening soonest"
    statuses = [
        _text(row.find("dd"))
        for card in cards
        for row in card.iter("div")
        if row.get("class") == "facts__row"
    ]
    assert any(s.startswith("Closed now. Opens") for s in statuses)
    starts = []
    for card in cards:
        service = get_service(rollback_app_session, card.get("id").removeprefix("service-"))
        starts.append(timetable_for(service.schedules, service.closures).next_opening(SMALL_HOURS)[0])
    assert starts == sorted(starts)
    assert all(start > SMALL_HOURS for start in starts)


def test_an_empty_open_now_search_with_nothing_to_offer_gives_the_usual_advice(client, small_hours):
    root = check_page(client.get("/search?q=zzzzqqq&open_now=1").data)
    main = _text(root.find(".//main"))
    assert "We could not find any services" in main and "Nothing matching is open now" not in main
