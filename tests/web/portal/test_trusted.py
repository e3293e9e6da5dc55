"""Trusted organisations publish directly; council administrators switch the trust on and off; the edit
form keeps the contract the browser test relies on."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from directory.models import Organization, Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import open_edit_form, save_section
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider


@pytest.fixture
def group(rollback_app_session):
    organization = create_organization(rollback_app_session, name="Trusty Helpers")
    service = create_service(rollback_app_session, name="Trustwick Pantry", organization=organization)
    create_user(rollback_app_session, email="ed@example.org", organizations=((organization, "org_editor"),))
    create_user(rollback_app_session, email="admin@example.org", role="council_admin")
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    ids = organization.id, service.id
    yield ids
    gone = database.session.get(Service, service.id)
    if gone is not None:
        database.session.delete(gone)
        database.session.commit()
        search_provider.updater.drain()


def test_a_council_admin_trusts_an_organisation_and_its_edits_are_published_at_once(client, group):
    organization_id, service_id = group
    assert sign_in(client, email="admin@example.org").status_code == 303
    page = client.get(f"/portal/organisations/{organization_id}")
    assert page.status_code == 200 and "Trustwick Pantry" in page.get_data(as_text=True)
    check_page(page.data)
    token = csrf_token(client, f"/portal/organisations/{organization_id}")
    done = client.post(
        f"/portal/organisations/{organization_id}/publishing",
        data={"csrf_token": token, "publishes_directly": "yes"},
    )
    assert done.status_code == 303
    assert database.session.get(Organization, organization_id).publishes_directly is True
    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})

    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{service_id}/edit"
    assert "publishes its changes directly" in client.get(edit_url).get_data(as_text=True)
    save_section(client, edit_url, "contact", phone="0161 496 0321")
    form = client.get(f"{edit_url}/check").get_data(as_text=True)
    assert "Publish changes" in form and "Send changes for checking" not in form
    data = {
        **open_edit_form(client, edit_url),
        "name": "Trustwick Food Pantry",
        "sections": ["needs"],
        "needs": ["food", "money"],
    }
    sent = client.post(edit_url, data=data, follow_redirects=True)
    assert sent.status_code == 200
    check_page(sent.data)
    assert "published" in sent.get_data(as_text=True) and "Phone numbers" in sent.get_data(as_text=True)
    assert database.session.get(Service, service_id).name == "Trustwick Food Pantry"
    rows = database.session.scalars(select(ServiceRevision).order_by(ServiceRevision.status)).all()
    assert [(r.status, r.kind, r.moderator_id) for r in rows] == [
        ("approved", "edit", None),
        ("pending", "edit", None),
    ]
    assert (
        '"needs"' in rows[1].changes and '"needs"' not in rows[0].changes
    )  # categories wait for a moderator
    assert rows[0].snapshot and "Trustwick Food Pantry" in rows[0].snapshot
    search_provider.updater.drain()
    names = [r["name"] for r in client.get("/api/search?q=trustwick").get_json()["results"]]
    assert "Trustwick Food Pantry" in names


def test_only_a_council_admin_may_see_an_organisation_or_change_its_trust(client, group):
    organization_id, _ = group
    for email in ("ed@example.org", "mod@example.org"):
        assert sign_in(client, email=email).status_code == 303
        assert client.get(f"/portal/organisations/{organization_id}").status_code == 403
        token = csrf_token(client, "/portal/password-reset")
        response = client.post(
            f"/portal/organisations/{organization_id}/publishing",
            data={"csrf_token": token, "publishes_directly": "yes"},
        )
        assert response.status_code == 403
        client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})
    assert database.session.get(Organization, organization_id).publishes_directly is False


def test_changing_trust_without_a_csrf_token_is_refused(client, group):
    organization_id, _ = group
    assert sign_in(client, email="admin@example.org").status_code == 303
    response = client.post(
        f"/portal/organisations/{organization_id}/publishing", data={"publishes_directly": "yes"}
    )
    assert response.status_code == 400
    assert client.get("/portal/organisations/no-such-organisation").status_code == 404
    assert database.session.get(Organization, organization_id).publishes_directly is False


def test_the_opening_times_page_has_labelled_text_time_inputs_for_every_day(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    page = client.get(f"/portal/services/{service_id}/edit/opening-times")
    check_page(page.data)
    html = page.get_data(as_text=True)
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    for code, day in zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), days, strict=True):
        group_html = re.search(
            rf'<div class="sessions__day" id="day-{code}" role="group"(.*?)</div>\s*</div>', html, re.S
        )
        assert group_html and f'id="day-{code}-name">{day}</span>' in group_html.group(1), f"a {day} group"
        for part, word in (("opens", "Opens"), ("closes", "Closes")):
            name = f"{code}_{part}"
            assert re.search(rf'<input[^>]*id="{name}" name="{name}" type="text"', html)
            assert f'<label class="visually-hidden" for="{name}">{word} ({day})</label>' in html
    assert 'value="09:00"' in html  # the published times are filled in
    assert ">Continue</button>" in html


def test_a_time_error_names_the_day_and_links_to_the_input(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{service_id}/edit"
    response = save_section(client, edit_url, "opening-times", MO_opens="10:00", MO_closes="09:00")
    assert response.status_code == 400
    check_page(response.data)
    html = response.get_data(as_text=True)
    assert '<a href="#MO_closes">The Monday closing time must be after the opening time</a>' in html
    assert 'id="MO_closes"' in html and 'aria-invalid="true"' in html
    assert database.session.scalars(select(ServiceRevision)).all() == []


def test_sections_saved_unchanged_change_nothing_and_one_send_is_one_revision(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{service_id}/edit"
    for section in ("about", "contact", "address", "opening-times", "closures", "costs", "who", "languages"):
        assert save_section(client, edit_url, section).status_code == 303, section
    for section in ("neighbourhoods", "categories"):
        assert save_section(client, edit_url, section).status_code == 303, section
    unchanged = client.post(edit_url, data=open_edit_form(client, edit_url))
    assert unchanged.status_code == 400 and "Nothing has changed" in unchanged.get_data(as_text=True)
    save_section(client, edit_url, "opening-times", SA_opens="10:00", SA_closes="12:30")
    save_section(client, edit_url, "languages", accessibility=["hearing-loop"])
    assert client.post(edit_url, data=open_edit_form(client, edit_url)).status_code == 303
    revision = database.session.scalars(select(ServiceRevision)).one()
    assert sorted(json.loads(revision.changes)) == ["accessibility", "opening_times"]
    assert json.loads(revision.changes)["opening_times"]["SA"] == [["10:00", "12:30"]]
