"""The portal in a real browser: a group signs in, changes its opening times and confirms its listing by
keyboard alone (focus visible at every step), and axe-core finds no WCAG 2.0-2.2 A/AA violations on any
portal page type the app has (found from its url_map, so new pages are checked as they arrive).

The records are committed to the session's database (the live server answers from other threads, so a
rolled-back transaction would not be seen) and removed afterwards, index included.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from flask import Flask
from sqlalchemy import delete, select

from directory.models import (
    ListingReport,
    Organization,
    OrganizationClaim,
    Schedule,
    Service,
    ServiceRevision,
    User,
)
from directory.opening import LONDON
from directory.portal import revisions
from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import sign_in
from tests.factories import TEST_PASSWORD, create_organization, create_service, create_user
from web.extensions import database, rate_limiter, search_provider

REPO = Path(__file__).resolve().parents[3]
EDIT_TEMPLATE = REPO / "web" / "templates" / "portal" / "edit" / "opening_times.html"
DASHBOARD_TEMPLATE = REPO / "web" / "templates" / "portal" / "dashboard.html"
SUBMIT_LABELS = ("Publish changes", "Send changes for checking")

EDITOR = "keyboard-editor@example.org"
MODERATOR = "keyboard-moderator@example.org"
ADMIN = "keyboard-admin@example.org"


# -- the records ----------------------------------------------------------------------------------------


def _remove(ids: dict[str, Any], emails: list[str]) -> None:
    """Delete what the test made (services through the ORM, so the index forgets them too)."""
    session = database.session
    session.rollback()
    for service_id in ids["services"]:
        session.execute(delete(ServiceRevision).where(ServiceRevision.service_id == service_id))
        service = session.get(Service, service_id)
        if service is not None:
            session.delete(service)
    session.flush()
    session.execute(delete(Organization).where(Organization.id.in_(ids["organizations"])))
    session.execute(delete(User).where(User.email.in_(emails)))
    session.commit()
    search_provider.updater.drain()


@pytest.fixture
def portal_records(app: Flask, site: str) -> Iterator[dict[str, Any]]:
    """A trusted group (publishes directly) with one listing last checked months ago and its editor; an
    ordinary group with a pending edit, a report and a claim; a moderator and a council administrator."""
    rate_limiter.reset()
    suffix = secrets.token_hex(3)
    ids: dict[str, Any] = {"services": [], "organizations": []}
    with app.app_context():
        session = database.session
        try:
            trusted = create_organization(session, name=f"Keyboard Friends {suffix}")
            trusted.publishes_directly = True
            service = create_service(session, name=f"Keyboard Lunch Club {suffix}", organization=trusted)
            service.assured_date = date.today() - timedelta(days=200)
            ordinary = create_organization(session, name=f"Axe Checked Group {suffix}")
            other = create_service(session, name=f"Axe Checked Pantry {suffix}", organization=ordinary)
            ids["organizations"] += [trusted.id, ordinary.id]
            ids["services"] += [service.id, other.id]
            editor = create_user(session, email=EDITOR, organizations=((trusted, "org_admin"),))
            moderator = create_user(session, email=MODERATOR, role="moderator")
            create_user(session, email=ADMIN, role="council_admin")
            author = create_user(
                session, email=f"author-{suffix}@example.org", organizations=((ordinary, "org_editor"),)
            )
            pending = revisions.propose_edit(
                session,
                user=author,
                service_id=other.id,
                changes={"description": "Food parcels on Fridays."},
                now=datetime.now(UTC),
                base_version=revisions.current_version(session, other.id),
            )
            other.description = "Food parcels on Saturdays."  # changed since: the moderator is warned
            report = ListingReport(service_id=other.id, reason="wrong", details="The phone is wrong.")
            claim = OrganizationClaim(user_id=editor.id, organization_id=ordinary.id, message="We help.")
            session.add_all([report, claim])
            session.commit()
            search_provider.updater.drain()
            ids.update(
                service=service.id,
                organization=trusted.id,
                service_name=service.name,
                other_service=other.id,
                pending=pending.id,
                report=report.id,
                claim=claim.id,
                editor=editor.id,
                moderator=moderator.id,
                author_email=author.email,
            )
            yield ids
        finally:
            _remove(ids, [EDITOR, MODERATOR, ADMIN, f"author-{suffix}@example.org"])
            database.session.remove()
            rate_limiter.reset()


# -- the keyboard ---------------------------------------------------------------------------------------

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = Boolean(style.boxShadow) && style.boxShadow !== 'none';
    return {tag: el.tagName, name: el.getAttribute('name'), type: el.getAttribute('type'),
            href: el.getAttribute('href'), text: (el.innerText || el.value || '').trim(),
            visible: outline || shadow, picker: !el.matches(':focus')};
}"""


def tab_to(
    page: Any, wanted: Callable[[dict[str, Any]], bool], what: str, limit: int = 400
) -> dict[str, Any]:
    """Press Tab until `wanted` holds for the focused element; every element on the way shows its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        if info is None:
            continue
        # The last tab stop of a date or time field is the browser's own picker button, inside the
        # field: the field itself is not :focus then, and Chromium draws the button's focus ring.
        picker = info["picker"] and info["type"] in ("date", "time")
        assert info["visible"] or picker, f"focus is not visible on {info}"
        if wanted(info):
            return info
        seen.append(f"{info['tag']} {info['name'] or info['href'] or info['text'][:40]}")
    raise AssertionError(f"Tab never reached {what}; it went through: {seen}")


def _london_today() -> date:
    return datetime.now(UTC).astimezone(LONDON).date()


def _missing_for_keyboard_test() -> str | None:
    missing = []
    edit = EDIT_TEMPLATE.read_text(encoding="utf-8")
    if "_opens" not in edit:  # the names are built per day (MO_opens...)
        missing.append(f"opening times (MO_opens/MO_closes) in {EDIT_TEMPLATE.name}")
    if "Still accurate" not in DASHBOARD_TEMPLATE.read_text(encoding="utf-8"):
        missing.append(f'the "Still accurate" button in {DASHBOARD_TEMPLATE.name}')
    return "; ".join(missing) or None


def test_a_group_signs_in_changes_its_opening_times_and_confirms_its_listing_by_keyboard_alone(
    app: Flask, page: Any, site: str, portal_records: dict[str, Any]
) -> None:
    missing = _missing_for_keyboard_test()
    if missing:
        print(f"skipped: the portal does not have {missing} yet")
        pytest.skip(f"the portal does not have {missing} yet")
    service_id, name = portal_records["service"], portal_records["service_name"]

    page.goto(f"{site}/portal/sign-in")
    tab_to(page, lambda el: el["name"] == "email", "the email field")
    page.keyboard.type(EDITOR)
    tab_to(page, lambda el: el["name"] == "password", "the password field")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{site}/portal/"

    edit_path = f"/portal/services/{service_id}/edit"
    tab_to(page, lambda el: (el["href"] or "").endswith(edit_path), "the edit link for the service")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + edit_path
    tab_to(page, lambda el: (el["href"] or "").endswith(f"{edit_path}/opening-times"), "the opening times")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("input[name=MO_opens][type=text]").count() == 1
    assert page.locator("input[name=MO_closes][type=text]").count() == 1

    tab_to(page, lambda el: el["name"] == "MO_opens", "Monday's opening time")
    page.keyboard.press("Control+A")
    page.keyboard.type("0930")
    tab_to(page, lambda el: el["name"] == "MO_closes", "Monday's closing time")
    page.keyboard.press("Control+A")
    page.keyboard.type("1630")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Continue", "Continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()
    submit = tab_to(
        page,
        lambda el: el["tag"] in ("BUTTON", "INPUT") and el["text"] in SUBMIT_LABELS,
        "the button that sends the changes",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()

    with app.app_context():
        if submit["text"] != "Publish changes":  # not published directly: a moderator approves it
            waiting = database.session.scalars(
                select(ServiceRevision).where(
                    ServiceRevision.service_id == service_id, ServiceRevision.status == "pending"
                )
            ).all()
            assert len(waiting) == 1
            moderator = database.session.get(User, portal_records["moderator"])
            revisions.approve(
                database.session, moderator=moderator, revision_id=waiting[0].id, now=datetime.now(UTC)
            )
            database.session.commit()
        monday = [
            (row.opens_at, row.closes_at)
            for row in database.session.scalars(select(Schedule).where(Schedule.service_id == service_id))
            if "MO" in (row.byday or "").split(",")
        ]
        database.session.remove()
    assert monday == [(time(9, 30), time(16, 30))]

    page.goto(f"{site}/portal/")
    tab_to(
        page,
        lambda el: el["tag"] == "BUTTON" and el["text"].startswith("Still accurate") and name in el["text"],
        f'the "Still accurate" button for {name}',
    )
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.goto(f"{site}/portal/")
    today = _london_today()
    main = " ".join(page.locator("main").inner_text().split())
    assert f"Last checked: {format_date(today, 'long', locale='en_GB')}" in main
    with app.app_context():
        assert database.session.get(Service, service_id).assured_date == today
        database.session.remove()


# -- axe-core on every portal page type -----------------------------------------------------------------


def _fill(name: str, records: dict[str, Any]) -> str | None:
    """A value for a path variable: the test's records, an invalid token (its "link not valid" page)."""
    key = name.lower()
    if "token" in key:
        return secrets.token_urlsafe(32)
    if key == "section_slug":  # the listing editor's sections: the longest page stands for them
        return "opening-times"
    for part, record in (
        ("revision", "pending"),
        ("service", "service"),
        ("report", "report"),
        ("claim", "claim"),
        ("organi", "organization"),
    ):
        if part in key:
            return records[record]
    return None


def portal_page_urls(app: Flask, records: dict[str, Any]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(name, who, path) for every portal page a GET reaches, and the reasons for those left out."""
    found: list[tuple[str, str, str]] = []
    skipped: list[str] = []
    adapter = app.url_map.bind("localhost")
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
    for rule in rules:
        if not rule.endpoint.startswith("portal.") or "GET" not in (rule.methods or set()):
            continue
        values = {arg: _fill(arg, records) for arg in rule.arguments}
        unknown = [arg for arg, value in values.items() if value is None]
        if unknown:
            skipped.append(f"{rule.endpoint}: no test value for {unknown}")
            continue
        path = adapter.build(rule.endpoint, values, method="GET")
        public = getattr(app.view_functions[rule.endpoint], "portal_public", False)
        if rule.endpoint == "portal.dashboard":
            found += [("dashboard-editor", EDITOR, path), ("dashboard-moderator", MODERATOR, path)]
        elif rule.endpoint == "portal.edit_service":
            found.append(("edit_service", EDITOR, path))
        else:
            found.append((rule.endpoint.removeprefix("portal."), "" if public else ADMIN, path))
            if "service_id" in values:  # and for the listing with a pending change in its history
                values["service_id"] = records["other_service"]
                path = adapter.build(rule.endpoint, values, method="GET")
                found.append((rule.endpoint.removeprefix("portal.") + "-other", ADMIN, path))
    return found, skipped


def test_axe_finds_no_wcag_violations_on_any_portal_page_type(
    app: Flask, page: Any, site: str, portal_records: dict[str, Any]
) -> None:
    pages, skipped = portal_page_urls(app, portal_records)
    for reason in skipped:
        print(f"not checked: {reason}")
    print("checked:", ", ".join(sorted(name for name, _, _ in pages)))
    assert {"sign_in", "request_reset", "dashboard-editor", "moderation"} <= {name for name, _, _ in pages}
    found: dict[str, str] = {}
    who = None

    def check(name: str) -> None:
        violations = axe_violations(page)
        if violations:
            found[name] = f"{page.url}\n{describe(violations)}"

    for name, user, path in sorted(pages, key=lambda item: item[1]):
        if user != who:
            if user:
                sign_in(page, site, user)
            else:
                page.context.clear_cookies()
            who = user
        response = page.goto(site + path)
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        check(name)
        if name == "moderation":
            assert portal_records["pending"] in page.content() or "Food parcels" in page.content()
            approve = (
                f"form[action$='/moderation/{portal_records['pending']}/approve'] button:not([formaction])"
            )
            with page.expect_navigation():  # the detail changed since it was sent: both versions first
                page.click(approve)
            assert page.locator("table").count() == 1
            check("moderation conflict")
        if name == "edit_service":  # a section with errors, then a send from a forged version
            page.goto(f"{site}{path}/about")
            page.fill("input[name=name]", "ab")
            with page.expect_navigation():
                page.press("input[name=name]", "Enter")
            assert page.locator(".error-summary").count() == 1
            check("edit_service with errors")
            page.fill("input[name=name]", "Keyboard Lunch Hub")
            with page.expect_navigation():
                page.press("input[name=name]", "Enter")
            page.evaluate("document.querySelector('input[name=version]').value = 'forged'")
            with page.expect_navigation():
                page.click("main form[action$='/edit'] button")
            assert page.locator(".notice--warning").count() == 1
            check("edit_service conflict")

    page.context.clear_cookies()  # the sign-in page with an error
    page.goto(f"{site}/portal/sign-in")
    page.fill("input[name=email]", EDITOR)
    page.fill("input[name=password]", "not the password")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert page.locator(".error-summary").count() == 1
    check("sign_in with errors")
    assert not found, "\n\n".join(f"{name}:\n{text}" for name, text in found.items())
