"""Trusted organisations publish directly; council administrators switch the trust on and off; the edit
form keeps the contract the browser test relies on."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from directory.models import Organization, Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import open_edit_form
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
    form = client.get(edit_url).get_data(as_text=True)
    assert "Publish changes" in form and "Send changes for checking" not in form
    data = {
        **open_edit_form(client, edit_url),
        "name": "Trustwick Food Pantry",
        "sections": ["needs"],
        "needs": ["food", "money"],
    }
    sent = client.post(edit_url, data=data)
    assert sent.status_code == 200
    check_page(sent.data)
    assert "published" in sent.get_data(as_text=True)
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


def test_the_edit_form_has_labelled_time_inputs_for_every_day_in_an_opening_times_fieldset(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    page = client.get(f"/portal/services/{service_id}/edit")
    check_page(page.data)
    html = page.get_data(as_text=True)
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Opening times</legend>(.*?)</fieldset>", html, re.S)
    assert fieldset, "an Opening times fieldset"
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    for code, day in zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), days, strict=True):
        for part, word in (("opens", "opening"), ("closes", "closing")):
            name = f"{code}_{part}"
            assert re.search(rf'<input[^>]*id="{name}" name="{name}" type="time"', fieldset.group(1))
            assert f'<label class="label" for="{name}">{day} {word} time</label>' in fieldset.group(1)
    assert 'value="09:00"' in fieldset.group(1)  # the published times are filled in
    assert ">Send changes for checking</button>" in html


def test_a_time_error_names_the_day_and_links_to_the_input(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{service_id}/edit"
    data = {"csrf_token": csrf_token(client, edit_url), "MO_opens": "10:00", "MO_closes": "09:00"}
    response = client.post(edit_url, data=data)
    assert response.status_code == 400
    check_page(response.data)
    html = response.get_data(as_text=True)
    assert '<a href="#MO_closes">The Monday closing time must be after the opening time</a>' in html
    assert 'id="MO_closes"' in html and 'aria-invalid="true"' in html
    assert database.session.scalars(select(ServiceRevision)).all() == []


class _Inputs(HTMLParser):
    """The values a browser would post from the page's edit form, as (name, value) pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.pairs.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.pairs.pop()
            self.pairs.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def test_posting_the_form_back_unchanged_changes_nothing_and_one_change_is_one_revision(client, group):
    _, service_id = group
    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{service_id}/edit"
    parser = _Inputs()
    parser.feed(client.get(edit_url).get_data(as_text=True))
    form = MultiDict(parser.pairs)
    assert {"MO_opens", "closure_0_starts", "cost_free", "needs", "sections"} <= set(form)
    unchanged = client.post(edit_url, data=form)
    assert unchanged.status_code == 400 and "Nothing has changed" in unchanged.get_data(as_text=True)
    form["SA_opens"], form["SA_closes"] = "10:00", "12:30"
    form.setlist("accessibility", ["hearing-loop"])
    assert client.post(edit_url, data=form).status_code == 200
    revision = database.session.scalars(select(ServiceRevision)).one()
    assert sorted(json.loads(revision.changes)) == ["accessibility", "opening_times"]
    assert json.loads(revision.changes)["opening_times"]["SA"] == [["10:00", "12:30"]]
