"""`flask portal create-admin`: bootstraps the first council administrator, asking for the password."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import User
from directory.portal.accounts import verify_password
from web.extensions import database


def test_create_admin_asks_for_a_hidden_password_twice_and_creates_a_council_admin(app, rollback_app_session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["portal", "create-admin", "--email", "Admin@Council.example"],
        input="a long admin password\na long admin password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long admin password" not in result.output
    user = database.session.scalars(select(User).where(User.email == "admin@council.example")).one()
    assert user.role == "council_admin" and verify_password("a long admin password", user.password_hash)


def test_create_admin_refuses_a_weak_password(app, rollback_app_session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["portal", "create-admin", "--email", "a@council.example"], input="short\nshort\n"
    )
    assert result.exit_code != 0 and "12 characters" in result.output


def test_purge_unconfirmed_removes_a_registration_whose_link_expired_long_ago(app, rollback_app_session):
    from datetime import UTC, datetime

    from directory.portal import joining
    from tests.factories import create_organization

    group = create_organization(rollback_app_session)
    joining.register(
        rollback_app_session,
        email="stale@example.org",
        display_name="Old Registration",
        password="a long enough password",
        organization_id=group.id,
        message="",
        now=datetime(2020, 1, 1, tzinfo=UTC),
    )
    rollback_app_session.commit()
    result = app.test_cli_runner().invoke(args=["portal", "purge-unconfirmed"])
    assert result.exit_code == 0, result.output
    assert "unconfirmed registrations removed: 1" in result.output
    assert database.session.scalars(select(User).where(User.email == "stale@example.org")).first() is None
