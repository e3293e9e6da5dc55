"""Helpers for the portal's tests: fresh rate limits, an account, and a signed-in client."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import TEST_PASSWORD, create_user
from tests.web.pages.conftest import csrf_token
from web.extensions import rate_limiter


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    rate_limiter.reset()
    yield
    rate_limiter.reset()


@pytest.fixture
def editor(rollback_app_session):
    user = create_user(rollback_app_session, email="editor@example.org")
    rollback_app_session.commit()  # each request ends the app's session: only committed rows outlive it
    return user


def sign_in(client: FlaskClient, email: str = "editor@example.org", password: str = TEST_PASSWORD, **kw):
    token = csrf_token(client, "/portal/sign-in")
    return client.post(
        "/portal/sign-in", data={"csrf_token": token, "email": email, "password": password}, **kw
    )


@pytest.fixture
def signed_in(client: FlaskClient, editor) -> FlaskClient:
    assert sign_in(client).status_code == 303
    return client
