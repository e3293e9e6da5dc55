"""The public pages on a phone, in Chromium: the first search result is on the first screen, filtering
brings the reader (and focus) back to the results, every public page type fits 320 px without scrolling
sideways, and axe-core finds nothing on the folded and unfolded search, in English and right-to-left
Arabic. Screenshots of the phone search are kept for review."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import page_urls

PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}
LANGUAGES = ["en", "ar"]


@pytest.fixture
def context_options() -> dict[str, Any]:
    # A phone; axe is injected as a script, which the pages' CSP (rightly) refuses, so bypass it here
    return {"viewport": PHONE, "locale": "en-GB", "is_mobile": True, "has_touch": True, "bypass_csp": True}


def in_language(page: Any, site: str, language: str) -> None:
    page.goto(f"{site}/?lang={language}")  # the choice is remembered in the session


def first_result_top(page: Any) -> float:
    return page.evaluate(
        "() => document.querySelector('main .results .card').getBoundingClientRect().top + window.scrollY"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["q=food+bank", "q=advice&free=1&language=pl"])
def test_the_first_search_result_starts_on_the_first_screen_of_a_phone(
    page: Any, site: str, language: str, query: str, screenshots: Path
) -> None:
    in_language(page, site, language)
    page.goto(f"{site}/search?{query}")
    assert page.locator("main .results .card").count() >= 1
    assert page.locator("details[data-filters]").evaluate("d => d.open") is False
    assert first_result_top(page) <= PHONE["height"]
    if query == "q=food+bank":
        page.screenshot(path=str(screenshots / f"page-search-phone-{language}.png"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_filtering_on_a_phone_lands_on_the_results_heading_with_the_filters_summarised(
    page: Any, site: str, language: str
) -> None:
    in_language(page, site, language)
    page.goto(f"{site}/search?q=food")
    page.locator("details[data-filters] > summary").click()
    page.locator("#free").check()
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"free=1.*#results-title$"))
    assert page.evaluate("() => document.activeElement.id") == "results-title"
    heading_top = page.evaluate("() => document.getElementById('results-title').getBoundingClientRect().top")
    assert 0 <= heading_top < PHONE["height"]
    assert page.locator(".applied-filters").count() == 1
    assert page.locator("details[data-filters]").evaluate("d => d.open") is False


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{site}/search?q=food+bank")
        assert page.locator("details[data-filters]").evaluate("d => d.open") is True
        filters = page.locator(".search-layout__filters").bounding_box()
        results = page.locator(".search-layout__results").bounding_box()
        assert filters["x"] + filters["width"] <= results["x"]
    finally:
        context.close()


def test_a_result_leads_to_its_service_and_back_to_the_same_results(page: Any, site: str) -> None:
    page.goto(f"{site}/search?q=food+bank&free=1")
    first = page.locator("main .results .card").first
    card_id = first.get_attribute("id")
    first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/services/"))
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url(re.compile(rf"/search\?q=food\+bank&free=1#{card_id}$"))
    assert page.locator(f"#{card_id}").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_type_scrolls_sideways_at_320_px(page: Any, site: str, language: str) -> None:
    urls = page_urls(page, site)
    urls["search-filters-open"] = urls["search"]
    urls["report-thanks"] = f"{urls['report']}/thanks"
    in_language(page, site, language)
    page.set_viewport_size(NARROWEST)
    wide = {}
    for name, path in urls.items():
        page.goto(site + path)
        if name == "search-filters-open":
            page.locator("details[data-filters] > summary").click()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROWEST["width"]:
            wide[name] = width
    assert not wide, f"pages wider than {NARROWEST['width']} px: {wide}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_on_the_phone_search_folded_unfolded_and_filtered(
    page: Any, site: str, language: str
) -> None:
    in_language(page, site, language)
    found = {}
    page.goto(f"{site}/search?q=food+bank")
    found["folded"] = axe_violations(page)
    page.locator("details[data-filters] > summary").click()
    found["unfolded"] = axe_violations(page)
    page.goto(f"{site}/search?q=advice&free=1&language=pl#results-title")
    found["filtered"] = axe_violations(page)
    page.goto(f"{site}/search?q=food&open_now=1&day=sunday&free=1&need=food")
    found["narrow filters"] = axe_violations(page)
    found = {state: describe(violations) for state, violations in found.items() if violations}
    assert not found, "\n\n".join(f"{state}:\n{text}" for state, text in found.items())
