"""An approved change reaches residents at once: the assistant's next answer carries it, no restart.

The real assistant (Rasa and the action server from bot/.venv) asks this app's directory API, so the
change is committed for real and put back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from directory.models import Membership, Service, User
from directory.portal import revisions
from tests.factories import create_user
from tests.helpers.chat import payloads, say
from web.extensions import database, search_provider


@pytest.fixture
def chat(app, fresh_rate_limits):
    """The app's own client: the assistant's actions reach the same app from other threads."""
    return app.test_client()


@pytest.fixture
def first_food_service_in_reddish(app, chat, assistant) -> Iterator[Service]:
    """The first service the assistant offers for food in Reddish; its name is restored afterwards."""
    body = say(chat, "food bank in Reddish").get_json()
    card = payloads(body, "services")[0]["services"][0]
    service = database.session.get(Service, card["id"])
    assert service is not None
    original = service.name
    yield service
    database.session.rollback()
    database.session.get(Service, card["id"]).name = original
    for email in ("renamer@example.org", "approver@example.org"):
        user = database.session.scalar(select(User).where(User.email == email))
        if user is not None:
            database.session.delete(user)
    database.session.commit()
    search_provider.updater.drain()


def test_a_renamed_service_is_named_in_the_assistants_next_answer_once_a_moderator_approves(
    app, chat, assistant, first_food_service_in_reddish
):
    service = first_food_service_in_reddish
    session = database.session
    author = create_user(session, email="renamer@example.org")
    session.add(Membership(user_id=author.id, organization_id=service.organization_id, role="org_editor"))
    moderator = create_user(session, email="approver@example.org", role="moderator")
    new_name = f"{service.name} (Larkspur Hall)"
    now = datetime.now(UTC)
    revision = revisions.propose_edit(
        session,
        user=author,
        service_id=service.id,
        changes={"name": new_name},
        now=now,
        base_version=revisions.current_version(session, service.id),
    )
    session.commit()
    search_provider.updater.drain()
    before = payloads(say(chat, "food bank in Reddish").get_json(), "services")[0]["services"]
    assert new_name not in [card["name"] for card in before], "a pending edit must not reach residents"

    revisions.approve(session, moderator=moderator, revision_id=revision.id, now=now)
    session.commit()
    search_provider.updater.drain()  # what the background indexer does after the commit, in tests
    after = payloads(say(chat, "food bank in Reddish").get_json(), "services")[0]["services"]
    assert {card["id"]: card["name"] for card in after}.get(service.id) == new_name
