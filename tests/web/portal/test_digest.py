"""`flask portal send-moderation-digest`: each moderator gets the changes waiting, in their language,
through the local SMTP stand-in; nothing is sent when nothing waits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.dates import format_date

from directory.opening import LONDON
from directory.portal import revisions
from tests.factories import create_organization, create_service, create_user


def _run(app) -> str:
    result = app.test_cli_runner().invoke(args=["portal", "send-moderation-digest"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


@pytest.fixture
def staff(rollback_app_session):
    session = rollback_app_session
    create_user(session, email="mod@example.org", role="moderator")
    polish = create_user(session, email="mod-pl@example.org", role="moderator")
    polish.language = "pl"
    group = create_organization(session, name="Wrenfield Neighbours")
    service = create_service(session, name="Wrenfield Pantry", organization=group)
    author = create_user(session, email="author@example.org", organizations=((group, "org_editor"),))
    session.commit()
    return session, service, author


def test_nothing_is_sent_when_no_change_waits(app, staff, mailbox):
    assert "changes waiting: 0; digest emails sent: 0" in _run(app)
    assert mailbox == []


def test_each_moderator_gets_the_waiting_changes_in_their_language(app, staff, mailbox):
    session, service, author = staff
    revisions.propose_edit(
        session,
        user=author,
        service_id=service.id,
        changes={"name": "Wrenfield Food Pantry"},
        now=datetime.now(UTC),
        base_version=revisions.current_version(session, service.id),
    )
    session.commit()
    assert "changes waiting: 1; digest emails sent: 2" in _run(app)
    by_address = {message["To"]: message for message in mailbox}
    english = by_address["mod@example.org"]
    assert english["Subject"] == "1 change is waiting for checking"
    body = _body(english)
    assert "Wrenfield Pantry (Wrenfield Neighbours)" in body and "/portal/moderation" in body
    assert "author@example.org" not in body  # no personal details in the digest
    # The date is written by the recipient's locale (the wording follows once the catalogs have it).
    today = datetime.now(UTC).astimezone(LONDON).date()
    assert format_date(today, "long", locale="pl") in _body(by_address["mod-pl@example.org"])
    assert format_date(today, "long", locale="en_GB") in body
