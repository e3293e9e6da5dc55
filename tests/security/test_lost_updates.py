"""Two people editing one listing never silently undo each other's changes.

The review's story: two editors opened the same listing; one changed the description, the other only the
phone number; the description went back to the old text and both were told "published". Each test here
opens the editor in two browsers (two test clients) the way editors do, and sends what they changed with
the version of the listing their editor started from.
"""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from directory.models import Organization, Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import form_fields, hidden_inputs
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

OLD_TEXT = "Food parcels on Fridays."
OLD_PHONE = "0161 496 0000"


@pytest.fixture
def listing(rollback_app_session) -> str:
    """A listing two editors of its organisation may change, and a moderator."""
    organization = create_organization(rollback_app_session, name="Lindenwold Helpers")
    service = create_service(
        rollback_app_session,
        name="Lindenwold Pantry",
        description=OLD_TEXT,
        organization=organization,
        phone=OLD_PHONE,
    )
    for email in ("a@example.org", "b@example.org"):
        create_user(rollback_app_session, email=email, organizations=((organization, "org_editor"),))
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    return service.id


@pytest.fixture
def trusted(listing) -> str:
    """The listing's organisation publishes its edits directly, as in the review."""
    service = database.session.get(Service, listing)
    database.session.get(Organization, service.organization_id).publishes_directly = True
    database.session.commit()
    return listing


def _browser(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email=email).status_code == 303
    return client


def _open(client: FlaskClient, service_id: str):
    """The editor as the editor's browser holds it once it has loaded: the send form's token and version."""
    page = client.get(f"/portal/services/{service_id}/edit")
    assert page.status_code == 200
    return hidden_inputs(client.get(f"/portal/services/{service_id}/edit/check").get_data(as_text=True))


def _send(client: FlaskClient, service_id: str, form):
    """Send the changes (posted whole sections, as a script or the old form sends them) and follow the
    redirect to the page saying what was sent."""
    return client.post(f"/portal/services/{service_id}/edit", data=form, follow_redirects=True)


def _service(service_id: str) -> dict[str, object]:
    database.session.expire_all()
    service = database.session.get(Service, service_id)
    return {"description": service.description, "phones": [p.number for p in service.phones]}


def _revisions(service_id: str) -> list[ServiceRevision]:
    return list(
        database.session.scalars(
            select(ServiceRevision)
            .where(ServiceRevision.service_id == service_id)
            .order_by(ServiceRevision.created_at)
        )
    )


def _section(html: str, revision_id: str) -> str:
    found = re.search(
        rf'<section[^>]*aria-labelledby="revision-{revision_id}"[^>]*>(.*?)</section>', html, re.S
    )
    assert found, "the moderation page has a section for the revision"
    return found.group(1)


def test_an_editor_changing_only_the_phone_keeps_the_description_another_editor_just_published(
    app, client, trusted
):
    first, second = _browser(app, "a@example.org"), _browser(app, "b@example.org")
    form_a, form_b = _open(first, trusted), _open(second, trusted)
    form_a["description"] = "Hot meals on Tuesdays."
    sent = _send(first, trusted, form_a)
    assert sent.status_code == 200 and "published" in sent.get_data(as_text=True)
    form_b["phone"] = "0161 496 0999"
    sent = _send(second, trusted, form_b)
    assert sent.status_code == 200 and "published" in sent.get_data(as_text=True)

    assert _service(trusted) == {"description": "Hot meals on Tuesdays.", "phones": ["0161 496 0999"]}
    assert [sorted(json.loads(r.changes)) for r in _revisions(trusted)] == [["description"], ["phones"]]


def test_two_editors_changing_the_same_detail_get_a_conflict_page_and_nothing_is_overwritten(
    app, client, trusted
):
    first, second = _browser(app, "a@example.org"), _browser(app, "b@example.org")
    form_a, form_b = _open(first, trusted), _open(second, trusted)
    form_a["description"], form_a["phone"] = "Hot meals on Tuesdays.", "0161 496 0111"
    assert _send(first, trusted, form_a).status_code == 200
    form_b["description"] = "Warm room and soup on Wednesdays."
    conflict = _send(second, trusted, form_b)

    assert conflict.status_code == 409
    check_page(conflict.data)
    html = conflict.get_data(as_text=True)
    assert "Your changes have not been saved" in html
    table = re.search(r'<dl class="summary-list">.*?</dl>', html, re.S).group(0)
    assert "The listing now" in table and "Your version" in table
    assert "Hot meals on Tuesdays." in table and "Warm room and soup on Wednesdays." in table
    assert "Phone numbers" not in table  # only A changed it: not a conflict
    assert f'<form action="/portal/services/{trusted}/edit/discard" method="post">' in html
    assert "Start again from the listing as it is now" in html
    assert _service(trusted) == {"description": "Hot meals on Tuesdays.", "phones": ["0161 496 0111"]}
    assert len(_revisions(trusted)) == 1

    # Sending their version again (the send form on the conflict page) is a choice, and keeps A's phone.
    again = hidden_inputs(html)
    assert again["version"] != form_b["version"]
    assert _send(second, trusted, again).status_code == 200
    assert _service(trusted) == {
        "description": "Warm room and soup on Wednesdays.",
        "phones": ["0161 496 0111"],
    }


def test_a_send_refused_for_errors_keeps_the_version_the_editor_started_from(app, client, trusted):
    first, second = _browser(app, "a@example.org"), _browser(app, "b@example.org")
    form_a, form_b = _open(first, trusted), _open(second, trusted)
    form_a["description"] = "Hot meals on Tuesdays."
    assert _send(first, trusted, form_a).status_code == 200
    form_b["name"], form_b["phone"] = "ab", "0161 496 0999"
    errors = _send(second, trusted, form_b)
    assert errors.status_code == 400
    shown = form_fields(errors.get_data(as_text=True))
    assert shown["version"] == form_b["version"]
    shown["phone"] = "0161 496 0999"  # sent again without the name that was too short
    assert _send(second, trusted, shown).status_code == 200
    assert _service(trusted) == {"description": "Hot meals on Tuesdays.", "phones": ["0161 496 0999"]}


@pytest.mark.parametrize("version", [None, "", "not a version", "0" * 32, "f" * 5000, "é\u202e<script>"])
def test_a_missing_or_forged_version_gets_the_conflict_page_and_changes_nothing(client, trusted, version):
    browser = client
    assert sign_in(browser, email="a@example.org").status_code == 303
    form = _open(browser, trusted)
    form["description"] = "Hot meals on Tuesdays."
    if version is None:
        del form["version"]
    else:
        form["version"] = version
    response = _send(browser, trusted, form)
    assert response.status_code == 409
    check_page(response.data)
    assert "Hot meals on Tuesdays." in response.get_data(as_text=True)
    assert _service(trusted)["description"] == OLD_TEXT and _revisions(trusted) == []


def test_a_moderator_sees_only_the_detail_the_second_editor_changed(app, client, listing):
    first, second = _browser(app, "a@example.org"), _browser(app, "b@example.org")
    form_a, form_b = _open(first, listing), _open(second, listing)
    form_a["description"] = "Hot meals on Tuesdays."
    sent = _send(first, listing, form_a)
    assert sent.status_code == 200 and "sent for checking" in sent.get_data(as_text=True)
    moderator = _browser(app, "mod@example.org")
    (proposal_a,) = _revisions(listing)
    token = csrf_token(moderator, "/portal/moderation")
    approved = moderator.post(f"/portal/moderation/{proposal_a.id}/approve", data={"csrf_token": token})
    assert approved.status_code == 303

    form_b["phone"] = "0161 496 0999"  # from the form B opened before A's change was published
    assert _send(second, listing, form_b).status_code == 200
    proposal_b = _revisions(listing)[-1]
    assert (proposal_b.status, sorted(json.loads(proposal_b.changes))) == ("pending", ["phones"])
    page = moderator.get("/portal/moderation")
    check_page(page.data)
    section = _section(page.get_data(as_text=True), proposal_b.id)
    assert "Phone numbers" in section and "0161 496 0999" in section
    assert "Description" not in section and OLD_TEXT not in section

    token = csrf_token(moderator, "/portal/moderation")
    approved = moderator.post(f"/portal/moderation/{proposal_b.id}/approve", data={"csrf_token": token})
    assert approved.status_code == 303
    assert _service(listing) == {"description": "Hot meals on Tuesdays.", "phones": ["0161 496 0999"]}


def test_approving_a_change_to_a_detail_changed_since_it_was_sent_shows_both_versions_first(
    app, client, listing
):
    first, second = _browser(app, "a@example.org"), _browser(app, "b@example.org")
    form_a, form_b = _open(first, listing), _open(second, listing)
    form_a["description"] = "Hot meals on Tuesdays."
    form_b["description"] = "Warm room and soup on Wednesdays."
    assert _send(first, listing, form_a).status_code == 200
    assert _send(second, listing, form_b).status_code == 200  # nothing published yet: both wait
    proposal_a, proposal_b = _revisions(listing)
    moderator = _browser(app, "mod@example.org")
    token = csrf_token(moderator, "/portal/moderation")
    assert (
        moderator.post(f"/portal/moderation/{proposal_a.id}/approve", data={"csrf_token": token}).status_code
        == 303
    )

    listing_page = moderator.get("/portal/moderation").get_data(as_text=True)
    assert "have changed since the changes were sent" in _section(listing_page, proposal_b.id)
    token = csrf_token(moderator, "/portal/moderation")
    conflict = moderator.post(
        f"/portal/moderation/{proposal_b.id}/approve", data={"csrf_token": token, "note": "Checked."}
    )
    assert conflict.status_code == 409
    check_page(conflict.data)
    html = conflict.get_data(as_text=True)
    assert "Some of these details have changed since the changes were sent." in html
    assert "Hot meals on Tuesdays." in html and "Warm room and soup on Wednesdays." in html
    assert _service(listing)["description"] == "Hot meals on Tuesdays."
    assert database.session.get(ServiceRevision, proposal_b.id).status == "pending"

    anyway = form_fields(html)  # the explicit choice: publish anyway, with the note kept
    assert anyway["overwrite"] == "yes" and anyway["note"] == "Checked."
    assert moderator.post(f"/portal/moderation/{proposal_b.id}/approve", data=anyway).status_code == 303
    assert _service(listing)["description"] == "Warm room and soup on Wednesdays."
    decided = database.session.get(ServiceRevision, proposal_b.id)
    assert (decided.status, decided.note) == ("approved", "Checked.")
    assert json.loads(decided.before) == {"description": "Hot meals on Tuesdays."}  # what it replaced
