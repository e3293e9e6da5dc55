"""The insight pages in Chromium: axe-core finds no WCAG 2.2 A/AA violation on a neighbourhood's page,
the borough view and the printable view, in English and Arabic; each chart is an image with a text
alternative beside a table of the same figures; nothing scrolls sideways at 320 px (wide tables scroll
in their own box, which the keyboard reaches); the period is chosen with the keyboard alone.

The demand events are committed (the live server answers from other threads) and removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete

from directory.insight.access import set_user_neighbourhoods
from directory.models import DemandEvent, User
from tests.browser.axe import axe_violations, describe
from tests.browser.pages.steps import SIDEWAYS, sign_in
from tests.factories import create_user, demand_events
from web.extensions import database, rate_limiter

ADMIN = "insight-admin@example.org"
TEAM = "insight-team@example.org"
PERIOD = "2026-10"


@pytest.fixture
def demand(app: Flask, site: str) -> Iterator[None]:
    """October 2026: searches in two neighbourhoods, some needs common and some rare, in four languages."""
    rate_limiter.reset()
    when = datetime(2026, 10, 14, 11, tzinfo=UTC)
    plan = [("heatons", "food", "en", 14, (2, 1, 0)), ("heatons", "money", "pl", 9, (0, 0, 0)),
            ("heatons", "housing", "ur", 6, (0, 3, 1)), ("heatons", "loneliness", "ar", 3, (1, 0, 0)),
            ("victoria", "food", "en", 8, (1, 0, 0)), ("victoria", "warmth", "en", 5, (0, 2, 0))]  # fmt: skip
    with app.app_context():
        session = database.session
        try:
            channels = ("web", "widget", "sms", "api")
            for hood, need, language, count, reach in plan:
                for n in range(count):  # the channels in turn
                    session.add_all(demand_events(1, hour=when, hood=hood, need=need, language=language,
                                                  channel=channels[n % 4], reach=reach, sample=True))  # fmt: skip
            create_user(session, email=ADMIN, role="council_admin")
            team = create_user(session, email=TEAM, role="neighbourhood_team")
            set_user_neighbourhoods(session, team.id, ["heatons"])
            session.commit()
            yield
        finally:
            session.rollback()
            session.execute(delete(DemandEvent).where(DemandEvent.hour == when))
            session.execute(delete(User).where(User.email.in_([ADMIN, TEAM])))
            session.commit()
            database.session.remove()
            rate_limiter.reset()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_insight_pages_pass_axe_and_fit_320_px(
    page: Any, site: str, demand: None, language: str, screenshots: Path
) -> None:
    sign_in(page, site, ADMIN, language)
    found: dict[str, str] = {}
    for name, path in (("neighbourhood", "/portal/insight/heatons"), ("borough", "/portal/insight/borough"),
                       ("print", "/portal/insight/heatons/print")):  # fmt: skip
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(f"{site}{path}?period={PERIOD}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe_violations(page)
        if violations:
            found[name] = describe(violations)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(f"{site}{path}?period={PERIOD}")
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways at 320 px ({language})"
        if language == "en":
            page.screenshot(path=str(screenshots / f"insight-{name}-{language}.png"), full_page=True)
    assert not found, "\n\n".join(f"{name}: {text}" for name, text in found.items())


def test_each_chart_is_an_image_with_a_text_alternative_beside_a_table_of_the_same_figures(
    page: Any, site: str, demand: None
) -> None:
    sign_in(page, site, ADMIN)
    page.goto(f"{site}/portal/insight/heatons?period={PERIOD}")
    charts = page.locator("figure.insight-chart img")
    assert charts.count() == 2
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("alt") and "table" in chart.get_attribute("alt")
        chart.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    food = page.locator("#table-demand tbody tr").filter(has_text="Food").first
    assert food.locator("td").last.inner_text().strip() == "14", page.locator("#table-demand").inner_text()
    svg = page.request.get(site + charts.nth(0).get_attribute("src")).text()
    assert ">14<" in svg.replace(" ", "") and "fewer than 5" in svg


def test_a_team_member_chooses_the_period_with_the_keyboard_and_sees_only_their_neighbourhood(
    page: Any, site: str, demand: None
) -> None:
    sign_in(page, site, TEAM)
    page.goto(f"{site}/portal/insight")
    assert page.url.startswith(f"{site}/portal/insight/heatons")
    page.focus("#period")
    page.select_option("#period", PERIOD)
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"period={PERIOD}" in page.url
    assert "14" in page.locator("#table-demand").inner_text()
    # (asked without navigating: the page-error collector would count a refused page as a failure)
    assert page.request.get(f"{site}/portal/insight/victoria?period={PERIOD}").status == 403


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_team_and_token_pages_pass_axe_and_fit_320_px(
    page: Any, site: str, demand: None, language: str
) -> None:
    sign_in(page, site, ADMIN, language)
    found: dict[str, str] = {}
    for path in ("/portal/insight/team", "/portal/insight/tokens", "/portal/invitations"):
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = describe(violations)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(site + path)
        assert page.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways at 320 px ({language})"
    assert not found, "\n\n".join(f"{name}: {text}" for name, text in found.items())
