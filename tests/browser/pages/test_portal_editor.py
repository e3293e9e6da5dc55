"""The listing editor on a phone (Chromium at 390x844): a volunteer changes a phone number and adds a
Saturday session in at most 8 actions, every editor page is shorter than two screens, axe-core finds no
WCAG 2.0-2.2 A/AA violation on any of them (in English and Arabic, with errors too), and nothing scrolls
sideways at 320 px.

Records are committed (the live server answers from other threads) and removed afterwards.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, select

from directory.models import Organization, Service, ServiceRevision, User
from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import sign_in
from tests.factories import create_organization, create_service, create_user
from web.extensions import database, rate_limiter, search_provider

PHONE = (390, 844)
NARROW = 320
EDITOR = "phone-editor@example.org"
SECTIONS = (
    "about",
    "contact",
    "address",
    "opening-times",
    "closures",
    "costs",
    "who",
    "languages",
    "neighbourhoods",
    "categories",
)


@pytest.fixture
def context_options() -> dict[str, Any]:
    # axe is injected as a script, which the pages' CSP (rightly) refuses: bypass it for these tests only
    return {
        "viewport": {"width": PHONE[0], "height": PHONE[1]},
        "locale": "en-GB",
        "bypass_csp": True,
        "is_mobile": True,
        "has_touch": True,
    }


@pytest.fixture
def listing(app: Flask, site: str) -> Iterator[str]:
    """A group's listing open on weekdays, and its editor (the group's changes are checked first)."""
    rate_limiter.reset()
    suffix = secrets.token_hex(3)
    with app.app_context():
        session = database.session
        organization = create_organization(session, name=f"Phone Friends {suffix}")
        service = create_service(
            session,
            name=f"Phone Lunch Club {suffix}",
            description="<p>Hot lunches for anyone.</p><p>No need to book.</p>",
            organization=organization,
        )
        create_user(session, email=EDITOR, organizations=((organization, "org_editor"),))
        session.commit()
        ids = service.id, organization.id
    try:
        yield ids[0]
    finally:
        with app.app_context():
            session = database.session
            session.execute(delete(ServiceRevision).where(ServiceRevision.service_id == ids[0]))
            gone = session.get(Service, ids[0])
            if gone is not None:
                session.delete(gone)
            session.flush()
            session.execute(delete(Organization).where(Organization.id == ids[1]))
            session.execute(delete(User).where(User.email == EDITOR))
            session.commit()
            search_provider.updater.drain()
            database.session.remove()
        rate_limiter.reset()


def _layout(page: Any) -> dict[str, int]:
    return page.evaluate(
        """() => ({height: document.documentElement.scrollHeight,
                   scrollWidth: document.documentElement.scrollWidth,
                   clientWidth: document.documentElement.clientWidth})"""
    )


class Checks:
    """What every editor page must pass: axe, under two screens tall (`short`), nothing sideways."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []

    def __call__(self, name: str, *, short: bool = True) -> None:
        violations = axe_violations(self.page)
        if violations:
            self.problems.append(f"{name} ({self.page.url}): axe\n{describe(violations)}")
        layout = _layout(self.page)
        if short and layout["height"] >= 2 * PHONE[1]:
            self.problems.append(f"{name}: {layout['height']} px tall, two screens are {2 * PHONE[1]}")
        if layout["scrollWidth"] > layout["clientWidth"]:
            self.problems.append(
                f"{name}: {layout['scrollWidth']} px wide on a {layout['clientWidth']} px screen"
            )


class Actions:
    """Counts what the volunteer does: each click and each box typed into is one action."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        with self.page.expect_navigation():
            self.page.click(selector)

    def type(self, selector: str, text: str) -> None:
        self.count += 1
        self.page.fill(selector, text)


def test_a_volunteer_changes_a_phone_and_adds_a_saturday_session_in_eight_actions_on_a_phone(
    app: Flask, page: Any, site: str, listing: str, screenshots: Any
) -> None:
    sign_in(page, site, EDITOR)
    edit = f"/portal/services/{listing}/edit"
    page.goto(site + edit)  # the link in a reminder email or on the portal home
    check = Checks(page)
    check("the sections")
    page.screenshot(path=str(screenshots / "portal-editor-sections.png"), full_page=True)

    act = Actions(page)
    act.click(f"a[href='{edit}/contact']")
    check("contact")
    act.type("input[name=phone]", "0161 496 0777")
    act.click("main .editor-actions button")
    assert page.url == f"{site}{edit}/check"
    check("check your changes")
    act.click(f"main a[href='{edit}/opening-times']")
    check("opening times")
    page.screenshot(path=str(screenshots / "portal-editor-opening-times.png"), full_page=True)
    act.type("input[name=SA_opens]", "1000")
    act.type("input[name=SA_closes]", "1300")
    act.click("main .editor-actions button")
    summary = " ".join(page.locator("main").inner_text().split())
    assert "0161 496 0777" in summary and "Saturday 10:00–13:00" in summary
    check("check your changes, two changes")
    page.screenshot(path=str(screenshots / "portal-editor-check.png"), full_page=True)
    act.click("main button:has-text('Send changes for checking')")
    assert "/edit" not in page.url and page.url.endswith(f"/portal/services/{listing}/sent")
    sent = page.locator("main").inner_text()
    assert "Phone numbers" in sent and "Opening times" in sent
    check("sent")
    assert act.count <= 8, f"{act.count} actions"

    with app.app_context():
        revision = database.session.scalars(
            select(ServiceRevision).where(ServiceRevision.service_id == listing)
        ).one()
        changes = json.loads(revision.changes)
        database.session.remove()
    assert (revision.status, sorted(changes)) == ("pending", ["opening_times", "phones"])
    assert changes["opening_times"]["SA"] == [["10:00", "13:00"]]

    page.goto(f"{site}{edit}")  # the change waiting is what the editor continues
    assert "waiting for checking" in page.locator("main").inner_text()
    check("the sections, a change waiting")
    for slug in SECTIONS:
        page.goto(f"{site}{edit}/{slug}")
        check(slug)
    page.goto(f"{site}/portal/services/{listing}")
    check("details and history", short=False)  # not an editor page: it lists the whole history
    assert not check.problems, "\n\n".join(check.problems)


def test_editor_pages_fit_320_px_with_errors_and_in_arabic(page: Any, site: str, listing: str) -> None:
    page.set_viewport_size({"width": NARROW, "height": PHONE[1]})
    sign_in(page, site, EDITOR)
    edit = f"/portal/services/{listing}/edit"
    problems: list[str] = []

    def fits(name: str) -> None:
        layout = _layout(page)
        if layout["scrollWidth"] > layout["clientWidth"]:
            problems.append(f"{name}: {layout['scrollWidth']} px wide at {NARROW} px")

    for language in ("en", "ar"):
        page.goto(f"{site}{edit}?lang={language}")
        assert page.locator("html").get_attribute("lang").startswith(language)
        fits(f"{language} sections")
        for slug in SECTIONS:
            page.goto(f"{site}{edit}/{slug}")
            fits(f"{language} {slug}")
        page.goto(f"{site}{edit}/opening-times")
        page.fill("input[name=MO_closes]", "08:00")
        with page.expect_navigation():
            page.press("input[name=MO_closes]", "Enter")  # Enter continues: the form's first button
        assert page.locator(".error-summary").count() == 1
        fits(f"{language} opening times with an error")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{language} opening times with an error: axe\n{describe(violations)}")
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
            violations = axe_violations(page)
            if violations:
                problems.append(f"ar opening times: axe\n{describe(violations)}")
        page.goto(f"{site}{edit}/check")
        fits(f"{language} check")
        page.goto(f"{site}/portal/services/{listing}")
        fits(f"{language} details and history")
    page.goto(f"{site}{edit}?lang=en")
    assert not problems, "\n\n".join(problems)
