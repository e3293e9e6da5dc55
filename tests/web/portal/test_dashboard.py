"""The moderators' overview: work waiting, and listings overdue for review per neighbourhood."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from directory.models import ListingReport, Service
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.portal.conftest import sign_in


@pytest.fixture
def stale(rollback_app_session):
    """Two listings in the Heatons not confirmed since 2000 (one hidden), and an open report."""
    session = rollback_app_session
    group = create_organization(session, name="Zelkova Helpers")
    old = create_service(session, name="Zelkova Pantry", organization=group, neighbourhoods=("heatons",))
    hidden = create_service(session, name="Zelkova Larder", organization=group, neighbourhoods=("heatons",))
    old.assured_date = hidden.assured_date = date(2000, 1, 1)
    hidden.stale_hidden_at = datetime(2001, 1, 1, tzinfo=UTC)
    session.add(ListingReport(service_id=old.id, reason="closed", details="It has closed."))
    create_user(session, email="mod@example.org", role="moderator")
    create_user(session, email="admin@example.org", role="council_admin")
    create_user(session, email="group@example.org", organizations=((group, "org_editor"),))
    session.commit()
    return old.id, hidden.id


def _heatons_row(root):
    for row in root.iter("tr"):
        cells = [" ".join("".join(c.itertext()).split()) for c in row]
        if cells and cells[0] == "Heatons":
            return row, [int(c) for c in cells[1:]]
    raise AssertionError("no row for the Heatons")


def test_a_moderator_sees_the_work_waiting_and_overdue_listings_per_neighbourhood(client, stale):
    old_id, hidden_id = stale
    assert sign_in(client, email="mod@example.org").status_code == 303
    home = client.get("/portal/")
    assert 'href="/portal/moderation/overview"' in home.get_data(as_text=True)
    check_page(home.data)
    page = client.get("/portal/moderation/overview")
    assert page.status_code == 200
    root = check_page(page.data)
    text = page.get_data(as_text=True)
    assert "Open reports from residents:" in text and 'href="/portal/moderation"' in text
    row, (overdue, hidden) = _heatons_row(root)
    assert overdue >= 1 and hidden >= 1
    link = row.find(".//a").get("href")
    listing = client.get(link)
    assert listing.status_code == 200
    check_page(listing.data)
    body = listing.get_data(as_text=True)
    assert "Zelkova Pantry" in body and "Zelkova Larder" in body and "No, hidden as out of date" in body


def test_the_overview_counts_change_when_a_listing_is_hidden(client, stale, rollback_app_session):
    old_id, _ = stale
    assert sign_in(client, email="mod@example.org").status_code == 303
    _, before = _heatons_row(check_page(client.get("/portal/moderation/overview").data))
    rollback_app_session.get(Service, old_id).stale_hidden_at = datetime(2001, 1, 1, tzinfo=UTC)
    rollback_app_session.commit()
    _, after = _heatons_row(check_page(client.get("/portal/moderation/overview").data))
    assert after == [before[0] - 1, before[1] + 1]


def test_an_organisation_user_cannot_see_the_overview(client, stale):
    assert sign_in(client, email="group@example.org").status_code == 303
    assert client.get("/portal/moderation/overview").status_code == 403
    assert client.get("/portal/moderation/overdue?neighbourhood=heatons").status_code == 403
    assert "moderation/overview" not in client.get("/portal/").get_data(as_text=True)


def test_a_council_admin_gets_a_link_to_the_directory_wide_list_instead_of_every_service(client, stale):
    assert sign_in(client, email="admin@example.org").status_code == 303
    page = client.get("/portal/")
    check_page(page.data)
    text = page.get_data(as_text=True)
    assert 'href="/portal/moderation/overdue"' in text and "Zelkova Pantry" not in text
    listing = client.get("/portal/moderation/overdue")
    check_page(listing.data)
    assert f'href="/portal/services/{stale[0]}/edit"' in listing.get_data(as_text=True)


def test_an_unknown_neighbourhood_is_not_found(client, stale):
    assert sign_in(client, email="mod@example.org").status_code == 303
    assert client.get("/portal/moderation/overdue?neighbourhood=atlantis").status_code == 404
