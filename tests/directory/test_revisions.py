"""Edits proposed by an organisation's users wait for a moderator before they change a service."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from directory.models import ServiceRevision
from directory.portal import revisions
from directory.portal.accounts import ValidationError
from tests.factories import create_organization, create_service, create_user

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@pytest.fixture
def setting(db_session):
    organization = create_organization(db_session, name="Heaton Helpers")
    service = create_service(db_session, name="Heaton Pantry", organization=organization)
    editor = create_user(db_session, email="ed@example.org", organizations=((organization, "org_editor"),))
    outsider = create_user(db_session, email="out@example.org", organizations=())
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    return service, editor, outsider, moderator


def test_a_proposal_keeps_only_the_fields_that_differ_and_leaves_the_service_unchanged(db_session, setting):
    service, editor, _, _ = setting
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Heaton Food Pantry", "description": service.description, "url": ""},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    assert revision.status == "pending" and json.loads(revision.changes) == {"name": "Heaton Food Pantry"}
    assert json.loads(revision.before) == {"name": "Heaton Pantry"}
    assert service.name == "Heaton Pantry"
    assert [(r.field, r.before, r.after) for r in revisions.diff(revision)] == [
        ("name", "Heaton Pantry", "Heaton Food Pantry")
    ]


def test_approval_applies_the_changes_records_the_moderator_(db_session, setting):
    service, editor, _, moderator = setting
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Heaton Food Pantry"},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    revisions.approve(db_session, moderator=moderator, revision_id=revision.id, now=NOW, note="Thanks")
    assert service.name == "Heaton Food Pantry"
    assert (revision.status, revision.moderator_id, revision.decided_at, revision.note) == (
        "approved",
        moderator.id,
        NOW,
        "Thanks",
    )
    assert revisions.history(db_session, service.id) == [revision]


def test_rejection_leaves_the_service_unchanged_and_keeps_the_note(db_session, setting):
    service, editor, _, moderator = setting
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Something else"},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    revisions.reject(db_session, moderator=moderator, revision_id=revision.id, now=NOW, note="Not right")
    assert service.name == "Heaton Pantry" and (revision.status, revision.note) == ("rejected", "Not right")
    with pytest.raises(revisions.NotFound):  # decided once
        revisions.approve(db_session, moderator=moderator, revision_id=revision.id, now=NOW)


def test_a_user_of_another_organisation_cannot_propose_and_nothing_is_stored(db_session, setting):
    service, _, outsider, _ = setting
    with pytest.raises(revisions.NotFound):
        revisions.propose_edit(
            db_session,
            user=outsider,
            service_id=service.id,
            changes={"name": "Mine"},
            now=NOW,
            base_version=revisions.current_version(db_session, service.id),
        )
    assert db_session.query(ServiceRevision).count() == 0


def test_only_moderators_may_decide(db_session, setting):
    service, editor, _, _ = setting
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Heaton Food Pantry"},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    with pytest.raises(revisions.NotAllowed):
        revisions.approve(db_session, moderator=editor, revision_id=revision.id, now=NOW)
    assert service.name == "Heaton Pantry" and revision.status == "pending"


def test_each_field_breaking_a_rule_gets_its_own_plain_message(db_session, setting):
    service, editor, _, _ = setting
    with pytest.raises(ValidationError) as caught:
        revisions.propose_edit(
            db_session,
            user=editor,
            service_id=service.id,
            changes={"name": "ab", "description": "x" * 5001, "email": "not an email", "url": "ftp://x.org"},
            now=NOW,
            base_version=revisions.current_version(db_session, service.id),
        )
    assert caught.value.errors == {
        "name": revisions.MESSAGES["name"],
        "description": revisions.MESSAGES["description"],
        "email": revisions.MESSAGES["email"],
        "url": revisions.MESSAGES["url"],
    }


def test_a_proposal_that_changes_nothing_is_refused(db_session, setting):
    service, editor, _, _ = setting
    with pytest.raises(ValidationError):
        revisions.propose_edit(
            db_session,
            user=editor,
            service_id=service.id,
            changes={"name": service.name},
            now=NOW,
            base_version=revisions.current_version(db_session, service.id),
        )
    assert db_session.query(ServiceRevision).count() == 0


def test_a_trusted_organisations_edit_is_published_at_once_but_its_categories_wait(db_session, setting):
    service, editor, _, moderator = setting
    service.organization.publishes_directly = True
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Heaton Larder", "needs": ["money"]},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    assert service.name == "Heaton Larder"
    assert (revision.status, revision.kind, revision.moderator_id, revision.decided_at) == (
        "approved",
        "edit",
        None,
        NOW,
    )
    assert json.loads(revision.snapshot)["needs"] == ["food"]
    waiting = revisions.pending(db_session)
    assert [json.loads(r.changes) for r in waiting] == [{"needs": ["money"]}]
    assert revisions.suggested_needs(waiting[0]) == ["money"]
    revisions.approve(
        db_session, moderator=moderator, revision_id=waiting[0].id, now=NOW, needs=["food", "money"]
    )
    assert json.loads(waiting[0].snapshot)["needs"] == ["food", "money"]


def test_approval_without_the_moderators_categories_leaves_the_categories_alone(db_session, setting):
    service, editor, _, moderator = setting
    revision = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"needs": ["legal"]},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    revisions.approve(db_session, moderator=moderator, revision_id=revision.id, now=NOW)
    assert json.loads(revision.snapshot)["needs"] == ["food"] and "needs" not in json.loads(revision.changes)


def test_a_moderator_restores_an_earlier_version_as_a_new_approved_revision(db_session, setting):
    service, editor, _, moderator = setting
    ids = []
    for name in ("Heaton Pantry Two", "Heaton Pantry Three"):
        proposal = revisions.propose_edit(
            db_session,
            user=editor,
            service_id=service.id,
            changes={"name": name},
            now=NOW,
            base_version=revisions.current_version(db_session, service.id),
        )
        revisions.approve(db_session, moderator=moderator, revision_id=proposal.id, now=NOW)
        ids.append(proposal.id)
    with pytest.raises(revisions.NotAllowed):
        revisions.restore(db_session, user=editor, service_id=service.id, revision_id=ids[0], now=NOW)
    restored = revisions.restore(
        db_session, user=moderator, service_id=service.id, revision_id=ids[0], now=NOW
    )
    assert service.name == "Heaton Pantry Two"
    assert (restored.kind, restored.status, restored.moderator_id) == ("restore", "approved", moderator.id)
    assert [(r.field, r.before, r.after) for r in revisions.diff(restored)] == [
        ("name", "Heaton Pantry Three", "Heaton Pantry Two")
    ]
    with pytest.raises(ValidationError):  # already the published version
        revisions.restore(db_session, user=moderator, service_id=service.id, revision_id=ids[0], now=NOW)


def test_only_a_council_admin_may_trust_an_organisation(db_session, setting):
    service, editor, _, moderator = setting
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    for user in (editor, moderator):
        with pytest.raises(revisions.NotAllowed):
            revisions.set_publishes_directly(
                db_session, user=user, organization_id=service.organization_id, value=True
            )
    revisions.set_publishes_directly(
        db_session, user=admin, organization_id=service.organization_id, value=True
    )
    assert service.organization.publishes_directly is True


def test_the_version_before_the_first_change_can_be_restored(db_session, setting):
    service, editor, _, moderator = setting
    proposal = revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Heaton Pantry Two"},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    revisions.approve(db_session, moderator=moderator, revision_id=proposal.id, now=NOW)
    restored = revisions.restore(
        db_session, user=moderator, service_id=service.id, revision_id=proposal.id, now=NOW, before=True
    )
    assert service.name == "Heaton Pantry" and json.loads(restored.snapshot)["name"] == "Heaton Pantry"
