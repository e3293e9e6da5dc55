"""Freshness end to end: `flask directory send-reminders` over a simulated year with real emails, the
one-click link from the email, and "Still accurate" on the portal's home page.

Simulated dates are in the year 2000, before any sample listing was checked, so only the listings made
here are ever due; the reminders' emails go through the local SMTP server.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from directory.models import ReviewReminder, Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider
from web.portal.freshness import confirm_token

A_START = date(2000, 1, 1)
B_START = date(2000, 3, 1)
C_START = date(2000, 2, 1)
LINK = re.compile(r"http://localhost(/portal/confirm/[A-Za-z0-9_.\-]+)")


@pytest.fixture
def listings(rollback_app_session):
    """Two services of a group with a portal user, one of a group with only an email address."""
    session = rollback_app_session
    group = create_organization(session, name="Quorvant Helpers")
    lonely = create_organization(session, name="Quorvant Friends")
    lonely.email = "friends@example.org"
    a = create_service(session, name="Quorvantile Pantry", organization=group, neighbourhoods=("heatons",))
    b = create_service(session, name="Quorvantile Larder", organization=group)
    c = create_service(session, name="Quorvantile Kitchen", organization=lonely)
    a.assured_date, b.assured_date, c.assured_date = A_START, B_START, C_START
    create_user(session, email="group@example.org", organizations=((group, "org_editor"),))
    create_user(session, email="mod@example.org", role="moderator")
    create_user(session, email="outsider@example.org")
    session.commit()
    search_provider.updater.drain()
    ids = {"a": a.id, "b": b.id, "c": c.id}
    yield ids
    for service_id in ids.values():  # leave the shared index as it was
        gone = database.session.get(Service, service_id)
        if gone is not None:
            database.session.delete(gone)
    database.session.commit()
    search_provider.updater.drain()


def _run(app, today: date) -> str:
    result = app.test_cli_runner().invoke(args=["directory", "send-reminders", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    return result.stdout


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _names(client, text):
    search_provider.updater.drain()  # the background indexer is off in tests: apply the queue now
    return [item["name"] for item in client.get(f"/api/search?q={text}").get_json()["results"]]


def test_a_simulated_year_sends_each_reminder_once_on_its_day_and_hides_at_a_year(
    app, client, listings, mailbox
):
    days = sorted(
        {start + timedelta(days=age + d) for start in (A_START, B_START, C_START)
         for age in (180, 270, 365) for d in (-1, 0, 1)}
    )  # fmt: skip
    sent: list[tuple[date, str, str]] = []
    for today in days:
        before = len(mailbox)
        assert "emails sent" in _run(app, today)
        after_first = len(mailbox)
        sent += [(today, m["To"], m["Subject"]) for m in mailbox[before:]]
        again = _run(app, today)  # the same day again: nothing is sent twice
        assert again.startswith("reminders: 0 at 180 days, 0 at 270 days; listings hidden: 0;")
        assert len(mailbox) == after_first

    def on(start: date, age: int) -> date:
        return start + timedelta(days=age)

    assert sent == sorted(sent, key=lambda s: s[0])
    expected = {
        (on(A_START, 180), "group@example.org", "Please check your listing: Quorvantile Pantry"),
        (on(A_START, 270), "group@example.org", "Reminder: please check your listing: Quorvantile Pantry"),
        (on(A_START, 365), "group@example.org", "Your listing Quorvantile Pantry is hidden until you check it"),
        (on(A_START, 365), "mod@example.org", "Listings hidden as out of date: 1"),
        (on(C_START, 180), "friends@example.org", "Please check your listing: Quorvantile Kitchen"),
        (on(C_START, 270), "friends@example.org", "Reminder: please check your listing: Quorvantile Kitchen"),
        (on(C_START, 365), "friends@example.org", "Your listing Quorvantile Kitchen is hidden until you check it"),
        (on(C_START, 365), "mod@example.org", "Listings hidden as out of date: 1"),
        (on(B_START, 180), "group@example.org", "Please check your listing: Quorvantile Larder"),
        (on(B_START, 270), "group@example.org", "Reminder: please check your listing: Quorvantile Larder"),
        (on(B_START, 365), "group@example.org", "Your listing Quorvantile Larder is hidden until you check it"),
        (on(B_START, 365), "mod@example.org", "Listings hidden as out of date: 1"),
    }  # fmt: skip
    assert set(sent) == expected and len(sent) == len(expected)
    digest = next(m for m in mailbox if m["To"] == "mod@example.org")
    assert "Quorvantile Pantry (Quorvant Helpers)" in _body(digest)
    for service_id in listings.values():
        service = database.session.get(Service, service_id)
        assert service.stale_hidden_at is not None and not service.is_visible
    assert _names(client, "quorvantile") == []
    assert client.get(f"/services/{listings['a']}").status_code == 404


def test_the_run_after_missed_days_sends_only_the_latest_reminder(app, listings, mailbox):
    _run(app, A_START + timedelta(days=300))  # nothing ran at day 180
    mine = [m["Subject"] for m in mailbox if "Pantry" in m["Subject"]]
    assert mine == ["Reminder: please check your listing: Quorvantile Pantry"]
    _run(app, A_START + timedelta(days=301))
    assert len([m for m in mailbox if "Pantry" in m["Subject"]]) == 1
    stages = database.session.scalars(
        select(ReviewReminder.stage).where(ReviewReminder.service_id == listings["a"])
    ).all()
    assert stages == ["270"]


def test_the_emailed_link_shows_a_button_and_confirming_unhides_the_listing(app, client, listings, mailbox):
    _run(app, A_START + timedelta(days=365))
    message = next(
        m for m in mailbox if m["Subject"].endswith("Quorvantile Pantry is hidden until you check it")
    )
    path = LINK.search(_body(message)).group(1)
    assert "Quorvantile Pantry" not in _names(client, "quorvantile")

    page = client.get(path)  # a mail scanner following the link changes nothing
    assert page.status_code == 200
    check_page(page.data)
    assert "Still accurate" in page.get_data(as_text=True)
    assert database.session.get(Service, listings["a"]).stale_hidden_at is not None

    assert client.post(path, data={}).status_code == 400  # no CSRF token
    assert database.session.get(Service, listings["a"]).stale_hidden_at is not None

    done = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert done.status_code == 200
    check_page(done.data)
    service = database.session.get(Service, listings["a"])
    assert service.stale_hidden_at is None and service.assured_date is not None
    assert service.assured_date > A_START
    revision = database.session.scalars(
        select(ServiceRevision).where(ServiceRevision.service_id == service.id)
    ).one()
    assert revision.kind == "confirm" and revision.author.email == "group@example.org"
    assert "Quorvantile Pantry" in _names(client, "quorvantile")
    assert client.get(f"/services/{service.id}").status_code == 200

    assert client.get(path).status_code == 404  # used: the cycle it was for has ended
    before = len(mailbox)
    _run(app, A_START + timedelta(days=366))
    assert [m["Subject"] for m in mailbox[before:] if "Pantry" in m["Subject"]] == []


def test_a_link_sent_to_an_organisation_address_confirms_without_an_account(app, client, listings, mailbox):
    _run(app, C_START + timedelta(days=180))
    message = next(m for m in mailbox if m["To"] == "friends@example.org")
    path = LINK.search(_body(message)).group(1)
    assert client.post(path, data={"csrf_token": csrf_token(client, path)}).status_code == 200
    service = database.session.get(Service, listings["c"])
    assert service.assurer_email == "friends@example.org" and service.assured_date > C_START


def test_a_forged_damaged_or_expired_link_gets_a_plain_not_found_page(app, client, listings, monkeypatch):
    with app.test_request_context():
        good = confirm_token(listings["a"], A_START, None)
        other_cycle = confirm_token(listings["a"], B_START, None)
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() - 121 * 86400)
        old = confirm_token(listings["a"], A_START, None)
        monkeypatch.setattr(time, "time", real_time)
    assert client.get(f"/portal/confirm/{good}").status_code == 200
    for token in (good[:-3] + "abc", "nonsense", other_cycle, old):
        page = client.get(f"/portal/confirm/{token}")
        assert page.status_code == 404
        check_page(page.data)
        assert "This link does not work any more" in page.get_data(as_text=True)
    token = csrf_token(client, f"/portal/confirm/{good}")
    assert client.post(f"/portal/confirm/{old}", data={"csrf_token": token}).status_code == 404
    assert database.session.get(Service, listings["a"]).assured_date == A_START


def test_the_portal_home_lists_each_service_with_its_dates_and_a_still_accurate_button(client, listings):
    assert sign_in(client, email="group@example.org").status_code == 303
    page = client.get("/portal/")
    assert page.status_code == 200
    root = check_page(page.data)
    text = page.get_data(as_text=True)
    assert "coming soon" not in text
    for name in ("Quorvantile Pantry", "Quorvantile Larder"):
        assert name in text
    assert "Quorvantile Kitchen" not in text  # another organisation's
    assert "1 January 2000" in text and "1 July 2000" in text  # last checked, review due (182 days)
    assert f'href="/portal/services/{listings["a"]}/edit"' in text
    buttons = [" ".join("".join(b.itertext()).split()) for b in root.iter("button")]
    assert "Still accurate: Quorvantile Pantry" in buttons

    token = csrf_token(client, "/portal/")
    done = client.post(f"/portal/services/{listings['a']}/confirm", data={"csrf_token": token})
    assert done.status_code == 303
    page = client.get(done.headers["Location"])
    assert "You confirmed that Quorvantile Pantry is still accurate." in page.get_data(as_text=True)
    assert database.session.get(Service, listings["a"]).assured_date > A_START
    assert database.session.get(Service, listings["b"]).assured_date == B_START


def test_nobody_confirms_another_organisations_service_or_without_a_csrf_token(client, listings):
    assert sign_in(client, email="group@example.org").status_code == 303
    token = csrf_token(client, "/portal/")
    assert (
        client.post(f"/portal/services/{listings['c']}/confirm", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.post(f"/portal/services/{listings['a']}/confirm", data={}).status_code == 400
    assert database.session.get(Service, listings["c"]).assured_date == C_START
    assert database.session.get(Service, listings["a"]).assured_date == A_START


def test_confirming_needs_a_session(client, listings):
    token = csrf_token(client, "/portal/sign-in")
    response = client.post(f"/portal/services/{listings['a']}/confirm", data={"csrf_token": token})
    assert response.status_code == 303 and "/portal/sign-in" in response.headers["Location"]
    assert database.session.get(Service, listings["a"]).assured_date == A_START
