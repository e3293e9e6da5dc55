"""Feed tokens: shown once, kept only as a hash, scoped, revocable, and tied to their owner's role."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from directory.errors import ValidationError
from directory.insight import tokens
from directory.models import InsightToken
from tests.factories import create_user

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EVERY = ["cheadle", "heatons", "victoria"]


@pytest.fixture
def admin(db_session):
    return create_user(db_session, email="admin@example.org", role="council_admin")


def _issue(db_session, owner, *, name="Dashboard", neighbourhoods=None):
    return tokens.issue(
        db_session, owner=owner, name=name, neighbourhoods=neighbourhoods, every=EVERY, now=NOW
    )


def test_a_token_is_stored_only_as_its_hash_and_starts_with_a_recognisable_prefix(db_session, admin):
    token, raw = _issue(db_session, admin)
    assert raw.startswith(tokens.PREFIX) and len(raw) > 40
    stored = db_session.scalars(select(InsightToken)).one()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (stored.token_hash, stored.prefix, stored.name)
    assert raw.startswith(stored.prefix) and len(stored.prefix) < len(raw) // 3
    assert tokens.find_active(db_session, raw) is token


def test_two_tokens_never_share_a_secret(db_session, admin):
    _, first = _issue(db_session, admin)
    _, second = _issue(db_session, admin)
    assert first != second


def test_an_unknown_empty_or_overlong_token_finds_nothing(db_session, admin):
    _, raw = _issue(db_session, admin)
    for attempt in (None, "", raw + "x", raw[:-1], "ahi_" + "a" * 300):
        assert tokens.find_active(db_session, attempt) is None


def test_a_revoked_token_stops_working_and_cannot_be_revoked_twice(db_session, admin):
    token, raw = _issue(db_session, admin)
    tokens.revoke(db_session, by=admin, token_id=token.id, now=NOW)
    assert tokens.find_active(db_session, raw) is None
    assert tokens.status(token, admin) == tokens.REVOKED
    with pytest.raises(tokens.NotFound):
        tokens.revoke(db_session, by=admin, token_id=token.id, now=NOW)


def test_a_token_stops_working_when_its_owner_is_no_longer_a_council_administrator(db_session, admin):
    token, raw = _issue(db_session, admin)
    admin.role = "moderator"
    db_session.flush()
    assert tokens.find_active(db_session, raw) is None
    assert tokens.status(token, admin) == tokens.OWNER_GONE
    admin.role = "council_admin"
    admin.is_active = False
    db_session.flush()
    assert tokens.find_active(db_session, raw) is None


def test_only_a_council_administrator_issues_or_revokes_tokens(db_session, admin):
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    with pytest.raises(tokens.NotAllowed):
        _issue(db_session, moderator)
    token, _ = _issue(db_session, admin)
    with pytest.raises(tokens.NotAllowed):
        tokens.revoke(db_session, by=moderator, token_id=token.id, now=NOW)


def test_another_council_administrator_may_revoke_a_token(db_session, admin):
    other = create_user(db_session, email="other@example.org", role="council_admin")
    token, raw = _issue(db_session, admin)
    tokens.revoke(db_session, by=other, token_id=token.id, now=NOW)
    assert tokens.find_active(db_session, raw) is None


def test_a_token_needs_a_name_and_known_neighbourhoods(db_session, admin):
    with pytest.raises(ValidationError) as missing:
        _issue(db_session, admin, name="   ")
    assert set(missing.value.errors) == {"name"}
    with pytest.raises(ValidationError) as long:
        _issue(db_session, admin, name="x" * 101)
    assert set(long.value.errors) == {"name"}
    with pytest.raises(ValidationError) as unknown:
        _issue(db_session, admin, neighbourhoods=["heatons", "atlantis"])
    assert set(unknown.value.errors) == {"neighbourhoods"}
    assert db_session.scalars(select(InsightToken)).all() == []


def test_a_token_without_neighbourhoods_reads_all_and_a_scoped_one_only_its_own(db_session, admin):
    everywhere, _ = _issue(db_session, admin)
    scoped, _ = _issue(db_session, admin, neighbourhoods=["victoria", "heatons", "heatons"])
    assert tokens.scope(everywhere) is None
    assert tokens.scope(scoped) == ["heatons", "victoria"]


def test_last_used_is_written_at_most_once_a_day(db_session, admin):
    token, _ = _issue(db_session, admin)
    assert token.last_used_on is None
    assert tokens.touch(db_session, token, date(2026, 12, 1)) is True
    assert tokens.touch(db_session, token, date(2026, 12, 1)) is False
    assert tokens.touch(db_session, token, date(2026, 12, 2)) is True
    assert token.last_used_on == date(2026, 12, 2)


def test_the_list_shows_every_token_newest_first_with_its_owner(db_session, admin):
    first, _ = tokens.issue(db_session, owner=admin, name="Old", neighbourhoods=None, every=EVERY, now=NOW)
    later = NOW.replace(hour=10)
    second, _ = tokens.issue(db_session, owner=admin, name="New", neighbourhoods=None, every=EVERY, now=later)
    listed = tokens.listed(db_session)
    assert [(token.id, owner.id) for token, owner in listed] == [(second.id, admin.id), (first.id, admin.id)]
