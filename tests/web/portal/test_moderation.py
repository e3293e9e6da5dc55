"""Moderators publish or turn down edits; the author hears by email; search follows after commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from directory.models import Service, ServiceRevision, User
from directory.portal import revisions
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider


@pytest.fixture
def proposal(rollback_app_session):
    """A pending edit renaming "Quillfeather Pantry" (a unique name, kept out of the index afterwards)."""
    organization = create_organization(rollback_app_session, name="Quill Helpers")
    service = create_service(rollback_app_session, name="Quillfeather Pantry", organization=organization)
    author = create_user(
        rollback_app_session, email="author@example.org", organizations=((organization, "org_editor"),)
    )
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    revision = revisions.propose_edit(
        rollback_app_session,
        user=author,
        service_id=service.id,
        changes={"name": "Zanzibarine Pantry"},
        now=datetime.now(UTC),
        base_version=revisions.current_version(rollback_app_session, service.id),
    )
    rollback_app_session.commit()
    search_provider.updater.drain()
    service_id, revision_id = service.id, revision.id
    yield service_id, revision_id
    gone = database.session.get(Service, service_id)
    if gone is not None:  # leave the shared index as it was
        database.session.delete(gone)
        database.session.commit()
        search_provider.updater.drain()


def _search_names(client, text):
    return [item["name"] for item in client.get(f"/api/search?q={text}").get_json()["results"]]


def test_a_moderator_approves_and_the_public_page_and_search_show_the_new_name(client, proposal, mailbox):
    service_id, revision_id = proposal
    assert "Quillfeather Pantry" in client.get(f"/services/{service_id}").get_data(as_text=True)
    assert sign_in(client, email="mod@example.org").status_code == 303
    page = client.get("/portal/moderation")
    assert page.status_code == 200
    check_page(page.data)
    assert "Zanzibarine Pantry" in page.get_data(as_text=True)
    token = csrf_token(client, "/portal/moderation")
    done = client.post(f"/portal/moderation/{revision_id}/approve", data={"csrf_token": token, "note": ""})
    assert done.status_code == 303
    assert "Zanzibarine Pantry" in client.get(f"/services/{service_id}").get_data(as_text=True)
    search_provider.updater.drain()  # the background indexer is off in tests: apply the queue now
    assert "Zanzibarine Pantry" in _search_names(client, "zanzibarine")
    assert len(mailbox) == 1 and mailbox[0]["To"] == "author@example.org"
    assert "published" in mailbox[0]["Subject"]


def test_a_rejection_leaves_the_service_unchanged_and_emails_the_author_the_note(client, proposal, mailbox):
    service_id, revision_id = proposal
    assert sign_in(client, email="mod@example.org").status_code == 303
    token = csrf_token(client, "/portal/moderation")
    done = client.post(
        f"/portal/moderation/{revision_id}/reject",
        data={"csrf_token": token, "note": "Please use the full name."},
    )
    assert done.status_code == 303
    assert database.session.get(Service, service_id).name == "Quillfeather Pantry"
    assert database.session.get(ServiceRevision, revision_id).status == "rejected"
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == "author@example.org" and "not published" in message["Subject"]
    assert "Please use the full name." in message.get_payload(decode=True).decode()


def test_a_non_moderator_gets_403_on_the_moderation_pages_and_nothing_changes(client, proposal, mailbox):
    service_id, revision_id = proposal
    assert sign_in(client, email="author@example.org").status_code == 303
    assert client.get("/portal/moderation").status_code == 403
    token = csrf_token(client, "/portal/password-reset")
    assert (
        client.post(f"/portal/moderation/{revision_id}/approve", data={"csrf_token": token}).status_code
        == 403
    )
    assert database.session.get(Service, service_id).name == "Quillfeather Pantry"
    assert database.session.scalars(select(ServiceRevision.status)).all() == ["pending"]
    assert mailbox == []


def test_an_approval_without_a_csrf_token_is_refused_and_nothing_changes(client, proposal, mailbox):
    service_id, revision_id = proposal
    assert sign_in(client, email="mod@example.org").status_code == 303
    assert client.post(f"/portal/moderation/{revision_id}/approve", data={}).status_code == 400
    assert database.session.get(Service, service_id).name == "Quillfeather Pantry"
    assert mailbox == []


def test_the_queue_shows_the_organisation_when_it_was_sent_and_only_the_changed_details(
    client, proposal, mailbox
):
    assert sign_in(client, email="mod@example.org").status_code == 303
    page = client.get("/portal/moderation")
    root = check_page(page.data)
    text = " ".join(page.get_data(as_text=True).split())
    assert "Quill Helpers" in text and "Sent" in text
    rows = [" ".join("".join(th.itertext()).split()) for th in root.findall(".//tbody/tr/th")]
    assert rows == ["Name"]
    assert root.find(".//input[@name='needs']") is None  # no categories to decide on
    assert root.find(".//nav[@class='portal-nav']//a[@href='/portal/']") is not None  # a way back


def test_the_category_boxes_appear_only_when_the_organisation_suggested_other_categories(
    client, proposal, rollback_app_session
):
    service_id, _ = proposal
    author = rollback_app_session.scalars(select(User).where(User.email == "author@example.org")).one()
    revisions.propose_edit(
        rollback_app_session,
        user=author,
        service_id=service_id,
        changes={"needs": ["money"]},
        now=datetime.now(UTC),
        base_version=revisions.current_version(rollback_app_session, service_id),
    )
    rollback_app_session.commit()
    assert sign_in(client, email="mod@example.org").status_code == 303
    root = check_page(client.get("/portal/moderation").data)
    sections = root.findall(".//section")
    boxes = [len(section.findall(".//input[@name='needs']")) for section in sections]
    assert sorted(boxes)[0] == 0 and sorted(boxes)[-1] > 0


def test_a_decision_names_the_listing_and_links_to_its_public_page(client, proposal, mailbox):
    service_id, revision_id = proposal
    assert sign_in(client, email="mod@example.org").status_code == 303
    token = csrf_token(client, "/portal/moderation")
    client.post(f"/portal/moderation/{revision_id}/approve", data={"csrf_token": token, "note": ""})
    root = check_page(client.get("/portal/moderation").data)
    notice = root.find(".//div[@class='notice']")
    assert "The changes to Zanzibarine Pantry are published." in "".join(notice.itertext())
    assert notice.find(".//a").get("href") == f"/services/{service_id}"
