"""Every revision is kept: the overview shows the history, moderators restore earlier versions, and an
approved edit of opening times, neighbourhoods and categories reaches search at once."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from directory.models import Service, ServiceRevision
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import open_edit_form
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")


@pytest.fixture
def listing(rollback_app_session):
    """A service with a unique name, its editor, a moderator and an outsider; kept out of the index after."""
    organization = create_organization(rollback_app_session, name="Vorpal Helpers")
    service = create_service(
        rollback_app_session, name="Vorpalwick Larder", organization=organization, neighbourhoods=("heatons",)
    )
    create_user(rollback_app_session, email="ed@example.org", organizations=((organization, "org_editor"),))
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    create_user(rollback_app_session, email="out@example.org")
    rollback_app_session.commit()
    search_provider.updater.drain()
    service_id = service.id
    yield service_id
    gone = database.session.get(Service, service_id)
    if gone is not None:
        database.session.delete(gone)
        database.session.commit()
        search_provider.updater.drain()


def _times(**extra):
    data = {f"{code}_{part}": "" for code in (*WEEKDAYS, "SA", "SU") for part in ("opens", "closes")}
    for code in WEEKDAYS:
        data[f"{code}_opens"], data[f"{code}_closes"] = "09:00", "17:00"
    return {**data, **extra}


def _names(client, query):
    return [item["name"] for item in client.get(f"/api/search?{query}").get_json()["results"]]


def _approve(client, revision_id, **extra):
    token = csrf_token(client, "/portal/moderation")
    response = client.post(
        f"/portal/moderation/{revision_id}/approve", data={"csrf_token": token, "note": "", **extra}
    )
    assert response.status_code == 303


def _latest_revision():
    return database.session.scalars(
        select(ServiceRevision).order_by(ServiceRevision.created_at.desc())
    ).first()


def test_an_approved_edit_of_times_neighbourhoods_and_categories_is_found_in_search(client, listing):
    edit_url = f"/portal/services/{listing}/edit"
    assert sign_in(client, email="ed@example.org").status_code == 303
    form = {
        **open_edit_form(client, edit_url),
        **_times(SU_opens="10:00", SU_closes="13:00"),
        "sections": ["neighbourhoods", "needs"],
        "neighbourhoods": ["heatons", "tame-valley"],
        "needs": ["food", "legal"],
    }
    sent = client.post(edit_url, data=form, follow_redirects=True)
    assert sent.status_code == 200 and "sent for checking" in sent.get_data(as_text=True)
    revision = _latest_revision()
    assert revision.status == "pending"
    assert sorted(json.loads(revision.changes)) == ["needs", "neighbourhoods", "opening_times"]
    assert "Vorpalwick Larder" not in _names(client, "q=vorpalwick&day=sunday")

    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})
    assert sign_in(client, email="mod@example.org").status_code == 303
    page = client.get("/portal/moderation")
    check_page(page.data)
    text = page.get_data(as_text=True)
    assert "Sunday 10:00–13:00" in text and "Tame Valley" in text
    # the organisation suggested "legal"; the moderator publishes "digital" instead
    _approve(client, revision.id, needs_shown="1", needs=["food", "digital"])
    search_provider.updater.drain()
    assert "Vorpalwick Larder" in _names(client, "q=vorpalwick&day=sunday")
    assert "Vorpalwick Larder" in _names(client, "q=vorpalwick&neighbourhood=tame-valley")
    assert "Vorpalwick Larder" in _names(client, "q=vorpalwick&need=digital")
    assert "Vorpalwick Larder" not in _names(client, "q=vorpalwick&need=legal")
    decided = database.session.get(ServiceRevision, revision.id)
    assert json.loads(decided.snapshot)["needs"] == ["digital", "food"]


def test_the_overview_shows_the_history_and_a_moderator_restores_an_earlier_version(client, listing):
    edit_url = f"/portal/services/{listing}/edit"
    assert sign_in(client, email="ed@example.org").status_code == 303
    moderator = client.application.test_client()
    assert sign_in(moderator, email="mod@example.org").status_code == 303
    for name in ("Vorpalwick Food Larder", "Vorpalwick Kitchen"):
        form = open_edit_form(client, edit_url)
        assert client.post(edit_url, data={**form, "name": name}).status_code == 303
        _approve(moderator, _latest_revision().id)
    first, second = database.session.scalars(
        select(ServiceRevision).order_by(ServiceRevision.created_at)
    ).all()
    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})

    assert sign_in(client, email="mod@example.org").status_code == 303
    assert database.session.get(Service, listing).name == "Vorpalwick Kitchen"
    overview = client.get(f"/portal/services/{listing}")
    assert overview.status_code == 200
    check_page(overview.data)
    text = overview.get_data(as_text=True)
    assert "Vorpalwick Kitchen" in text and "Published" in text and "Restore this version" in text
    restore_url = f"/portal/services/{listing}/revisions/{first.id}/restore"
    done = client.post(restore_url, data={"csrf_token": csrf_token(client, f"/portal/services/{listing}")})
    assert done.status_code == 303
    assert database.session.get(Service, listing).name == "Vorpalwick Food Larder"
    restored = _latest_revision()
    assert (restored.kind, restored.status, json.loads(restored.changes), json.loads(restored.before)) == (
        "restore",
        "approved",
        {"name": "Vorpalwick Food Larder"},
        {"name": "Vorpalwick Kitchen"},
    )
    search_provider.updater.drain()
    assert "Vorpalwick Food Larder" in _names(client, "q=vorpalwick")
    assert "Restore the version before this change" in client.get(f"/portal/services/{listing}").get_data(
        as_text=True
    )
    token = csrf_token(client, f"/portal/services/{listing}")
    original = client.post(restore_url, data={"csrf_token": token, "version": "before"})
    assert original.status_code == 303
    assert database.session.get(Service, listing).name == "Vorpalwick Larder"


def test_an_organisation_user_sees_the_history_but_may_not_restore(client, listing, rollback_app_session):
    assert sign_in(client, email="ed@example.org").status_code == 303
    edit_url = f"/portal/services/{listing}/edit"
    client.post(edit_url, data={**open_edit_form(client, edit_url), "name": "Vorpalwick Pantry"})
    revision = _latest_revision()
    revision.status, revision.snapshot = "approved", json.dumps({"name": "Vorpalwick Old"})
    database.session.commit()
    overview = client.get(f"/portal/services/{listing}")
    assert overview.status_code == 200 and "Restore this version" not in overview.get_data(as_text=True)
    token = csrf_token(client, f"{edit_url}/check")
    response = client.post(
        f"/portal/services/{listing}/revisions/{revision.id}/restore", data={"csrf_token": token}
    )
    assert response.status_code == 403
    assert database.session.get(Service, listing).name == "Vorpalwick Larder"


def test_a_user_of_another_organisation_gets_404_for_the_overview(client, listing):
    assert sign_in(client, email="out@example.org").status_code == 303
    assert client.get(f"/portal/services/{listing}").status_code == 404
    assert client.get("/portal/services/no-such-service").status_code == 404


def test_restoring_needs_a_moderator_and_a_csrf_token(client, listing):
    assert sign_in(client, email="mod@example.org").status_code == 303
    response = client.post(f"/portal/services/{listing}/revisions/whatever/restore", data={})
    assert response.status_code == 400
    token = csrf_token(client, "/portal/password-reset")
    missing = client.post(
        f"/portal/services/{listing}/revisions/whatever/restore", data={"csrf_token": token}
    )
    assert missing.status_code == 404


def test_approving_an_edit_counts_as_a_review_and_the_history_names_only_what_changed(client, listing):
    service = database.session.get(Service, listing)
    service.assured_date = date(2020, 1, 1)  # long overdue: reminders would be going out
    database.session.commit()
    edit_url = f"/portal/services/{listing}/edit"
    assert sign_in(client, email="ed@example.org").status_code == 303
    form = {**open_edit_form(client, edit_url), "name": "Vorpalwick Pantry", "sections": ["needs"]}
    form["needs"] = ["food"]  # the categories it has: sent, but not a change
    assert client.post(edit_url, data=form).status_code == 303
    revision = _latest_revision()
    assert sorted(json.loads(revision.changes)) == ["name"]
    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})

    assert sign_in(client, email="mod@example.org").status_code == 303
    _approve(client, revision.id, needs_shown="1", needs=["food"])  # the moderator keeps the categories
    decided = database.session.get(ServiceRevision, revision.id)
    assert sorted(json.loads(decided.changes)) == ["name"] and sorted(json.loads(decided.before)) == ["name"]
    database.session.expire_all()
    assert database.session.get(Service, listing).assured_date == datetime.now(UTC).date()
    overview = client.get(f"/portal/services/{listing}").get_data(as_text=True)
    history = overview.split("History of changes", 1)[1]
    assert "Name" in history and "Categories" not in history
