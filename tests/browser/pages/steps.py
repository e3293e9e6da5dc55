"""Steps the page tests share: signing in to the portal, and whether a page scrolls sideways."""

from __future__ import annotations

import re
from typing import Any

from tests.factories import TEST_PASSWORD

# How far the page is wider than the window: more than 0 means a sideways scroll.
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sign_in(page: Any, site: str, email: str, language: str = "en") -> None:
    """Sign in as `email` (a user made with the factories' password), in a fresh session."""
    page.context.clear_cookies()
    page.goto(f"{site}/portal/sign-in?lang={language}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/portal/sign-in" not in page.url, f"{email} could not sign in"


def page_urls(page: Any, site: str) -> dict[str, str]:
    """One URL of each page type, found by following the site's own links."""
    page.goto(f"{site}/search?q=food+bank&neighbourhood=")
    service = page.locator("main a[href*='/services/']").first.get_attribute("href")
    page.goto(f"{site}/")
    hood = page.locator("main a[href*='/neighbourhoods/']").first.get_attribute("href")
    service_path = re.sub(r"^https?://[^/]+", "", service or "").split("?")[0]  # without ?back=
    return {
        "home": "/",
        "search": "/search?q=food+bank",
        "search-empty": "/search?q=zzzzqqqq",
        "service": service_path,
        "print": f"{service_path}/print",
        "report": f"{service_path}/report",
        "neighbourhood": re.sub(r"^https?://[^/]+", "", hood or ""),
        "not-found": "/services/00000000-0000-0000-0000-000000000000",
    }
