"""The unit of work (`web.transaction`): commit on success, roll back on any exception, and the
after-commit steps only after a commit."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from directory.errors import ValidationError
from directory.models import User
from tests.factories import create_user
from web.extensions import database
from web.transaction import after_commit, transaction, transactional


def _exists(email: str) -> bool:
    database.session.expire_all()
    return database.session.scalars(select(User).where(User.email == email)).first() is not None


def test_a_unit_of_work_commits_what_it_changed_and_then_runs_its_after_commit_steps(
    app, rollback_app_session
):
    ran = []
    with app.app_context():
        with transaction():
            create_user(database.session, email="kept@example.org")
            after_commit(lambda: ran.append(_exists("kept@example.org")))
            assert ran == []
        assert ran == [True]
        database.session.rollback()  # nothing left to undo: it was committed
        assert _exists("kept@example.org")


@pytest.mark.parametrize("error", [ValidationError({"email": "no"}), KeyError("x"), RuntimeError("bug")])
def test_a_unit_of_work_rolls_back_on_any_exception_and_skips_its_after_commit_steps(
    app, rollback_app_session, error
):
    ran = []
    with app.app_context():
        with pytest.raises(type(error)), transaction():
            create_user(database.session, email="undone@example.org")
            after_commit(lambda: ran.append("sent"))
            raise error
        assert not _exists("undone@example.org")
        assert ran == []


def test_a_decorated_function_is_one_unit_of_work(app, rollback_app_session):
    @transactional
    def make(email: str, fail: bool) -> None:
        create_user(database.session, email=email)
        if fail:
            raise ValidationError({"email": "taken"})

    with app.app_context():
        make("made@example.org", fail=False)
        with pytest.raises(ValidationError):
            make("failed@example.org", fail=True)
        assert _exists("made@example.org") and not _exists("failed@example.org")


def test_a_failing_after_commit_step_is_logged_and_the_others_still_run(app, rollback_app_session, caplog):
    ran = []

    def broken() -> None:
        raise OSError("relay down")

    with app.app_context(), caplog.at_level(logging.ERROR):
        with transaction():
            create_user(database.session, email="still@example.org")
            after_commit(broken)
            after_commit(lambda: ran.append("next"))
        assert ran == ["next"] and "OSError" in caplog.text
        assert _exists("still@example.org")


def test_units_of_work_do_not_nest(app, rollback_app_session):
    with app.app_context(), transaction(), pytest.raises(RuntimeError), transaction():
        pass  # pragma: no cover - never entered
