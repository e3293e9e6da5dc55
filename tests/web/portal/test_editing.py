"""Organisation users send edits for checking; other organisations' services stay hidden."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import open_edit_form
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database


@pytest.fixture
def own_service(rollback_app_session, editor):
    from directory.models import Membership

    organization = create_organization(rollback_app_session, name="Heaton Helpers")
    service = create_service(rollback_app_session, name="Heaton Pantry", organization=organization)
    rollback_app_session.add(
        Membership(user_id=editor.id, organization_id=organization.id, role="org_editor")
    )
    rollback_app_session.commit()
    return service.id


def _form(name="Heaton Food Pantry", **extra):
    return {"name": name, "description": "Food for anyone.", "email": "", "url": "", **extra}


def test_an_editor_sends_an_edit_for_checking_and_the_public_page_is_unchanged(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    page = signed_in.get(url)
    assert page.status_code == 200
    check_page(page.data)
    sent = signed_in.post(url, data={**open_edit_form(signed_in, url), **_form()})
    assert sent.status_code == 200 and "sent for checking" in sent.get_data(as_text=True)
    check_page(sent.data)
    assert database.session.scalars(select(ServiceRevision.status)).all() == ["pending"]
    public = signed_in.get(f"/services/{own_service}").get_data(as_text=True)
    assert "Heaton Pantry" in public and "Heaton Food Pantry" not in public


def test_field_errors_are_shown_in_plain_words_and_nothing_is_stored(signed_in, own_service):
    url = f"/portal/services/{own_service}/edit"
    response = signed_in.post(
        url, data={**open_edit_form(signed_in, url), **_form(name="ab", url="ftp://example.org")}
    )
    assert response.status_code == 400
    check_page(response.data)
    text = response.get_data(as_text=True)
    assert "Enter a name between 3 and 200 characters long" in text
    assert "Enter a web address that starts with http:// or https://" in text
    assert database.session.scalars(select(ServiceRevision)).all() == []


def test_an_editor_of_another_organisation_guessing_the_id_gets_404_and_nothing_changes(
    client, rollback_app_session, own_service
):
    other = create_organization(rollback_app_session, name="Other Group")
    create_user(rollback_app_session, email="other@example.org", organizations=((other, "org_editor"),))
    rollback_app_session.commit()
    assert sign_in(client, email="other@example.org").status_code == 303
    url = f"/portal/services/{own_service}/edit"
    assert client.get(url).status_code == 404
    token = csrf_token(client, "/portal/password-reset")  # any form: the session's token
    assert client.post(url, data={"csrf_token": token, **_form()}).status_code == 404
    assert client.get("/portal/services/no-such-service/edit").status_code == 404
    assert database.session.scalars(select(ServiceRevision)).all() == []
    assert database.session.get(Service, own_service).name == "Heaton Pantry"


def test_an_edit_without_a_csrf_token_is_refused_and_nothing_is_stored(signed_in, own_service):
    response = signed_in.post(f"/portal/services/{own_service}/edit", data=_form())
    assert response.status_code == 400
    assert database.session.scalars(select(ServiceRevision)).all() == []
