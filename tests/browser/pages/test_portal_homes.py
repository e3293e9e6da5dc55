"""The portal's homes in Chromium: axe-core finds no WCAG 2.2 A/AA violations on the volunteer's and the
staff's home, the list of listings, the moderation queue and the invitations (in English and Arabic);
none of them scrolls sideways at 320 px; and the password's show/hide button works by keyboard alone.

The records are committed (the live server answers from other threads) and removed afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from directory.portal import revisions
from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import SIDEWAYS, sign_in
from tests.browser.pages.test_portal import _remove
from tests.factories import TEST_PASSWORD, create_organization, create_service, create_user
from web.extensions import database, rate_limiter, search_provider

VOLUNTEER = "homes-volunteer@example.org"
MODERATOR = "homes-moderator@example.org"
ADMIN = "homes-admin@example.org"


@pytest.fixture
def records(app: Flask, site: str) -> Iterator[dict[str, Any]]:
    """A group with two listings (one with a change waiting), its volunteer, a moderator and an admin."""
    rate_limiter.reset()
    suffix = secrets.token_hex(3)
    ids: dict[str, Any] = {"services": [], "organizations": []}
    emails = [VOLUNTEER, MODERATOR, ADMIN]
    with app.app_context():
        session = database.session
        try:
            group = create_organization(session, name=f"Homes Test Group {suffix}")
            first = create_service(session, name=f"Homes Test Pantry {suffix}", organization=group)
            second = create_service(session, name=f"Homes Test Larder {suffix}", organization=group)
            ids["organizations"].append(group.id)
            ids["services"] += [first.id, second.id]
            volunteer = create_user(session, email=VOLUNTEER, organizations=((group, "org_admin"),))
            create_user(session, email=MODERATOR, role="moderator")
            create_user(session, email=ADMIN, role="council_admin")
            revisions.propose_edit(
                session,
                user=volunteer,
                service_id=second.id,
                changes={"description": "Open on Fridays too."},
                now=datetime.now(UTC),
                base_version=revisions.current_version(session, second.id),
            )
            session.commit()
            search_provider.updater.drain()
            ids.update(group=group.id, suffix=suffix)
            yield ids
        finally:
            _remove(ids, emails)
            database.session.remove()
            rate_limiter.reset()


def _pages(records: dict[str, Any]) -> list[tuple[str, str, str]]:
    search = "/portal/listings?q=Homes+Test&status=waiting"
    return [
        ("home-volunteer", VOLUNTEER, "/portal/"),
        ("home-staff", ADMIN, "/portal/"),
        ("listings", ADMIN, "/portal/listings"),
        ("listings-filtered", ADMIN, search),
        ("moderation", MODERATOR, "/portal/moderation"),
        ("invitations", ADMIN, "/portal/invitations"),
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_homes_lists_and_queue_pass_axe_and_fit_320_px(
    app: Flask, page: Any, site: str, records: dict[str, Any], language: str, screenshots: Path
) -> None:
    found: dict[str, str] = {}
    who = None
    for name, user, path in _pages(records):
        if user != who:
            sign_in(page, site, user, language)
            who = user
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(site + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        assert page.locator("nav.portal-nav a[href='/portal/']").count() == 1, f"{path} has no way home"
        violations = axe_violations(page)
        if violations:
            found[name] = f"{page.url}\n{describe(violations)}"
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(site + path)
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways at 320 px ({language})"
        if language == "en" or name.startswith("home"):
            page.screenshot(path=str(screenshots / f"portal-{name}-{language}.png"), full_page=True)
    assert not found, "\n\n".join(f"{name}: {text}" for name, text in found.items())


def test_the_volunteer_home_links_each_listing_with_its_status(
    page: Any, site: str, records: dict[str, Any]
) -> None:
    sign_in(page, site, VOLUNTEER)
    suffix = records["suffix"]
    larder = page.locator("li.portal-service", has_text=f"Homes Test Larder {suffix}")
    assert "Changes waiting for checking" in larder.inner_text()
    with page.expect_navigation():
        larder.get_by_role("link", name=f"Homes Test Larder {suffix}", exact=True).click()
    assert "/portal/services/" in page.url


def test_the_password_can_be_shown_and_hidden_by_keyboard(
    page: Any, site: str, records: dict[str, Any]
) -> None:
    page.goto(f"{site}/portal/sign-in")
    page.fill("input[name=password]", "correct horse battery")
    page.focus("input[name=password]")
    page.keyboard.press("Tab")
    button = page.locator("button[aria-controls=password]")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-controls')") == "password"
    assert button.get_attribute("aria-pressed") == "false"
    assert button.inner_text().startswith("Show")
    page.keyboard.press("Enter")
    assert page.locator("#password").get_attribute("type") == "text"
    assert button.inner_text().startswith("Hide") and button.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    assert page.locator("#password").get_attribute("type") == "password"
    assert button.inner_text().startswith("Show")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # Sent hidden even when shown, so the browser never keeps it as plain text.
    page.keyboard.press("Enter")
    page.fill("input[name=email]", VOLUNTEER)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert page.url == f"{site}/portal/"


def test_the_organisation_field_hides_for_the_moderator_role(
    page: Any, site: str, records: dict[str, Any]
) -> None:
    sign_in(page, site, ADMIN)
    page.goto(f"{site}/portal/invitations")
    field = page.locator("[data-organisation-field]")
    assert field.is_visible()
    page.check("input[name=role][value=moderator]")
    assert not field.is_visible()
    page.check("input[name=role][value=org_editor]")
    assert field.is_visible()
