"""An edit names the version of the listing it started from; only the editor's own changes are applied,
and details someone else changed meanwhile are never silently put back."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from directory.db import Database
from directory.models import Service, ServiceRevision, User
from directory.portal import revisions, service_document
from directory.portal.accounts import ValidationError
from tests.factories import create_organization, create_service, create_user
from tests.plugins.database import migrated_postgres

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
OLD_TEXT = "Food parcels on Fridays."


def _listing(session: Session) -> tuple[Service, User, User, User]:
    """A listing of an organisation that publishes directly, its two editors, and a moderator."""
    organization = create_organization(session, name="Heaton Helpers")
    organization.publishes_directly = True
    service = create_service(session, name="Heaton Pantry", description=OLD_TEXT, organization=organization)
    first = create_user(session, email="a@example.org", organizations=((organization, "org_editor"),))
    second = create_user(session, email="b@example.org", organizations=((organization, "org_editor"),))
    moderator = create_user(session, email="mod@example.org", role="moderator")
    return service, first, second, moderator


@pytest.fixture
def setting(db_session):
    return _listing(db_session)


def _opened(service) -> tuple[dict, str]:
    """What an editor's form holds: the whole document, and its version."""
    document = service_document.snapshot(service)
    return document, service_document.version(document)


def _edit(session, user, service, document, version):
    return revisions.propose_edit(
        session, user=user, service_id=service.id, changes=document, now=NOW, base_version=version
    )


def test_the_version_changes_with_any_detail_and_nothing_else(db_session, setting):
    service, *_ = setting
    document, version = _opened(service)
    assert service_document.is_version(version)
    assert service_document.version({**document, "not_a_field": 1}) == version
    assert service_document.version(json.loads(json.dumps(document))) == version
    for field, value in (("description", "Other"), ("phones", []), ("minimum_age", 3)):
        assert service_document.version({**document, field: value}) != version


def test_an_edit_from_an_earlier_version_applies_only_the_editors_own_change(db_session, setting):
    service, first, second, _ = setting
    form_a, version = _opened(service)
    form_b = dict(form_a)
    _edit(db_session, first, service, {**form_a, "description": "Hot meals on Tuesdays."}, version)
    revision = _edit(db_session, second, service, {**form_b, "phones": ["0161 496 0999"]}, version)

    assert service.description == "Hot meals on Tuesdays."
    assert [p.number for p in service.phones] == ["0161 496 0999"]
    assert json.loads(revision.changes) == {"phones": ["0161 496 0999"]}
    assert json.loads(revision.before) == {"phones": ["0161 496 0000"]}


def test_the_same_detail_changed_by_two_editors_is_a_conflict_with_both_values(db_session, setting):
    service, first, second, _ = setting
    form_a, version = _opened(service)
    form_b = dict(form_a)
    _edit(db_session, first, service, {**form_a, "description": "Hot meals on Tuesdays."}, version)
    with pytest.raises(revisions.EditConflict) as caught:
        _edit(
            db_session,
            second,
            service,
            {**form_b, "description": "Soup on Wednesdays.", "minimum_age": 16},
            version,
        )

    assert caught.value.rows == [
        revisions.ConflictRow("description", "Hot meals on Tuesdays.", "Soup on Wednesdays.", OLD_TEXT)
    ]
    assert caught.value.changes == {"description": "Soup on Wednesdays.", "minimum_age": 16}
    assert caught.value.version == service_document.version(service_document.snapshot(service))
    assert "Soup" not in str(caught.value)  # the message names fields, never what people wrote
    assert (service.description, service.minimum_age) == ("Hot meals on Tuesdays.", None)
    assert db_session.query(ServiceRevision).count() == 1
    # Sent again from the listing now (what the conflict page offers), it is applied.
    again = {**caught.value.current, **caught.value.changes}
    _edit(db_session, second, service, again, caught.value.version)
    assert (service.description, service.minimum_age) == ("Soup on Wednesdays.", 16)


def test_the_same_change_made_by_both_editors_is_not_a_conflict(db_session, setting):
    service, first, second, _ = setting
    form, version = _opened(service)
    _edit(db_session, first, service, {**form, "description": "Hot meals."}, version)
    revision = _edit(
        db_session, second, service, {**form, "description": "Hot meals.", "maximum_age": 99}, version
    )
    assert json.loads(revision.changes) == {"maximum_age": 99} and service.description == "Hot meals."


def test_a_form_sent_back_unchanged_after_someone_elses_edit_changes_nothing(db_session, setting):
    service, first, second, _ = setting
    form, version = _opened(service)
    _edit(db_session, first, service, {**form, "description": "Hot meals."}, version)
    with pytest.raises(ValidationError):
        _edit(db_session, second, service, form, version)
    assert service.description == "Hot meals."


def test_an_edit_from_a_version_changed_outside_the_portal_is_a_conflict_on_every_differing_detail(
    db_session, setting
):
    service, first, _, _ = setting
    form, version = _opened(service)
    service.description = "Changed by an import."  # no revision records it
    db_session.flush()
    with pytest.raises(revisions.EditConflict) as caught:
        _edit(db_session, first, service, {**form, "phones": ["0161 496 0999"]}, version)
    assert [(row.field, row.current, row.proposed) for row in caught.value.rows] == [
        ("description", "Changed by an import.", OLD_TEXT),
        ("phones", ["0161 496 0000"], ["0161 496 0999"]),
    ]
    assert service.description == "Changed by an import." and db_session.query(ServiceRevision).count() == 0


@pytest.mark.parametrize("version", ["", "garbled", "0" * 32, "F" * 32, "x" * 10_000])
def test_an_unknown_or_garbled_version_is_a_conflict_not_an_error(db_session, setting, version):
    service, first, _, _ = setting
    form, _ = _opened(service)
    with pytest.raises(revisions.EditConflict) as caught:
        _edit(db_session, first, service, {**form, "description": "Hot meals."}, version)
    assert [row.field for row in caught.value.rows] == ["description"]
    assert service.description == OLD_TEXT


def test_a_version_from_several_edits_ago_is_found_in_the_history(db_session, setting):
    service, first, second, _ = setting
    form, version = _opened(service)
    for name in ("Heaton Pantry Two", "Heaton Pantry Three"):
        latest, latest_version = _opened(service)
        _edit(db_session, first, service, {**latest, "name": name}, latest_version)
    revision = _edit(db_session, second, service, {**form, "url": "https://heaton.example.org"}, version)
    assert json.loads(revision.changes) == {"url": "https://heaton.example.org"}
    assert service.name == "Heaton Pantry Three"


def test_approving_a_revision_whose_detail_changed_since_needs_the_moderators_choice(db_session, setting):
    service, first, second, moderator = setting
    service.organization.publishes_directly = False
    form, version = _opened(service)
    waiting_a = _edit(db_session, first, service, {**form, "description": "Hot meals."}, version)
    waiting_b = _edit(db_session, second, service, {**form, "description": "Soup."}, version)
    assert revisions.stale_fields(waiting_b) == []
    revisions.approve(db_session, moderator=moderator, revision_id=waiting_a.id, now=NOW)

    assert revisions.stale_fields(waiting_b) == [
        revisions.ConflictRow("description", "Hot meals.", "Soup.", OLD_TEXT)
    ]
    with pytest.raises(revisions.EditConflict) as caught:
        revisions.approve(db_session, moderator=moderator, revision_id=waiting_b.id, now=NOW)
    assert [row.field for row in caught.value.rows] == ["description"]
    assert service.description == "Hot meals." and waiting_b.status == "pending"
    revisions.approve(db_session, moderator=moderator, revision_id=waiting_b.id, now=NOW, overwrite=True)
    assert service.description == "Soup." and json.loads(waiting_b.before) == {"description": "Hot meals."}


@pytest.fixture
def own_postgres() -> Iterator[Database]:
    """A migrated PostgreSQL schema of this test's own: two connections see each other's commits."""
    with migrated_postgres() as database:
        yield database


def test_two_edits_arriving_together_are_checked_one_after_the_other(own_postgres):
    with own_postgres.transaction() as session:
        service, first, second, _ = _listing(session)
        service_id, first_id, second_id = service.id, first.id, second.id
    one, other = Session(own_postgres.engine), Session(own_postgres.engine)
    outcome: list[str] = []

    def edit(session: Session, user_id: str, text: str, version: str) -> None:
        user = session.get(User, user_id)
        changes = {"description": text}
        try:
            revisions.propose_edit(
                session, user=user, service_id=service_id, changes=changes, now=NOW, base_version=version
            )
            session.commit()
            outcome.append("saved")
        except revisions.EditConflict:
            session.rollback()
            outcome.append("conflict")

    try:
        version = revisions.current_version(one, service_id)
        one.rollback()
        revisions.propose_edit(
            one,
            user=one.get(User, first_id),
            service_id=service_id,
            changes={"description": "Hot meals."},
            now=NOW,
            base_version=version,
        )  # published, not yet committed: the listing's row is held
        racing = threading.Thread(target=edit, args=(other, second_id, "Soup.", version))
        racing.start()
        racing.join(timeout=1)
        assert racing.is_alive(), "the second edit waits for the first to commit"
        one.commit()
        racing.join(timeout=15)
        assert outcome == ["conflict"]
        with own_postgres.transaction() as check:
            assert check.get(Service, service_id).description == "Hot meals."
    finally:
        one.close()
        other.close()
