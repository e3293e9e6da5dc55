"""Every public page type in a real browser: axe-core finds no WCAG 2.0-2.2 A/AA violations in English
and in right-to-left Arabic, the skip link works from the keyboard, and screenshots are kept for review.
The assistant is not needed here: pages work without it (and without JavaScript)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import page_urls


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_wcag_violations_on_any_public_page_type(
    page: Any, site: str, language: str, screenshots: Path
) -> None:
    urls = page_urls(page, site)
    assert urls["service"].startswith("/services/") and urls["neighbourhood"].startswith("/neighbourhoods/")
    page.goto(f"{site}/?lang={language}")  # the choice is remembered in the session
    found = {}
    for name, path in urls.items():
        page.goto(site + path)
        assert (page.locator("html").get_attribute("lang") or "").split("-")[0] == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe_violations(page)
        if violations:
            found[name] = describe(violations)
        page.screenshot(path=str(screenshots / f"page-{name}-{language}.png"), full_page=True)
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())


def test_the_report_form_with_errors_has_no_violations_and_focuses_the_error_summary(
    page: Any, site: str
) -> None:
    urls = page_urls(page, site)
    page.goto(site + urls["report"])
    page.locator("main form button[type=submit], main form input[type=submit]").last.click()
    assert page.locator("main").get_by_role("alert").count() or page.locator(".error-summary").count()
    assert not axe_violations(page), describe(axe_violations(page))


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page: Any, site: str
) -> None:
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_search_works_by_keyboard_alone(page: Any, site: str) -> None:
    page.goto(f"{site}/")
    search_box = page.get_by_role("searchbox").first if page.get_by_role("searchbox").count() else None
    field = search_box or page.locator("main input[type=text], main input[type=search]").first
    field.focus()
    page.keyboard.type("food bank")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.locator("main a[href*='/services/']").count() >= 1
