"""Portal sessions end: signing out, a new password or a raised session version ends every copy of the
cookie, and sessions time out when idle and some hours after signing in, sooner for council staff."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from directory.models import User
from directory.portal import accounts, totp
from tests.factories import create_user
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import _fresh_rate_limits, sign_in  # noqa: F401 (an autouse fixture)
from web.extensions import database
from web.portal.auth import PENDING_KEY, SEEN_KEY, SIGNED_IN_KEY, USER_KEY

HOUR = 3600
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ENDED = "Your session has ended"


@pytest.fixture
def volunteer(rollback_app_session) -> User:
    """An organisation's editor: no council role."""
    user = create_user(rollback_app_session, email="volunteer@example.org")
    rollback_app_session.commit()  # each request ends the app's session: only committed rows outlive it
    return user


@pytest.fixture
def moderator(rollback_app_session) -> User:
    user = create_user(rollback_app_session, email="moderator@example.org", role="moderator")
    rollback_app_session.commit()
    return user


def _signed_in(client: FlaskClient, user: User) -> FlaskClient:
    response = sign_in(client, email=user.email)
    assert response.status_code == 303 and response.headers["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    return client


def _saved_cookie(app: Flask, client: FlaskClient) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return f"{cookie.key}={cookie.value}"


def _replay(app: Flask, cookie: str, url: str = "/portal/"):
    """The saved cookie, sent by a fresh client that has never signed in."""
    name, _, value = cookie.partition("=")
    fresh = app.test_client()
    fresh.set_cookie(name, value)
    return fresh.get(url)


def _is_sent_to_sign_in(response, url: str = "/portal/") -> bool:
    """A redirect to the sign-in page that comes back to `url` afterwards."""
    if response.status_code != 303:
        return False
    location = urlsplit(response.headers["Location"])
    return location.path == "/portal/sign-in" and parse_qs(location.query).get("next") == [url]


def _sign_out(client: FlaskClient):
    token = csrf_token(client, "/portal/")
    return client.post("/portal/sign-out", data={"csrf_token": token})


def _age(client: FlaskClient, *, signed_in: float, seen: float) -> None:
    """Make the session look as if it began `signed_in` seconds ago and was last used `seen` seconds ago."""
    now = time.time()
    with client.session_transaction() as session:
        session[SIGNED_IN_KEY] = now - signed_in
        session[SEEN_KEY] = now - seen


def _end_sessions(rollback_app_session, user: User) -> None:
    accounts.end_sessions(rollback_app_session, rollback_app_session.merge(user))
    rollback_app_session.commit()


# -- signing out ends copies of the cookie -----------------------------------------------------------


def test_a_cookie_replayed_after_sign_out_gets_the_sign_in_page(app, client, volunteer):
    _signed_in(client, volunteer)
    saved = _saved_cookie(app, client)
    assert _replay(app, saved).status_code == 200  # the copy works while its owner is signed in
    assert _sign_out(client).status_code == 303
    replayed = _replay(app, saved)
    assert _is_sent_to_sign_in(replayed)
    page = _replay(app, saved, replayed.headers["Location"])
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)


def test_signing_out_ends_the_same_accounts_session_in_another_browser(app, client, volunteer):
    other = _signed_in(app.test_client(), volunteer)
    _signed_in(client, volunteer)
    _sign_out(client)
    assert _is_sent_to_sign_in(other.get("/portal/"))


def test_signing_out_leaves_other_accounts_signed_in(app, client, volunteer, moderator):
    other = _signed_in(app.test_client(), moderator)
    _signed_in(client, volunteer)
    _sign_out(client)
    assert other.get("/portal/").status_code == 200


def test_a_session_cookie_signed_longer_ago_than_the_longest_session_is_refused(
    app, client, volunteer, monkeypatch
):
    """Flask's own check on the cookie's signature age (31 days by default) now matches the limits."""
    _signed_in(client, volunteer)
    with client.session_transaction() as session:
        values = dict(session)
    longest = max(
        app.config["PORTAL_SESSION_ABSOLUTE_SECONDS"], app.config["PORTAL_STAFF_SESSION_ABSOLUTE_SECONDS"]
    )
    signed_at = int(time.time()) - longest - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_at)
    old = app.session_interface.get_signing_serializer(app).dumps(values)
    monkeypatch.undo()
    assert _is_sent_to_sign_in(_replay(app, f"{app.config['SESSION_COOKIE_NAME']}={old}"))


# -- a new password, or the account's session version raised, ends older sessions ------------------------


def test_a_session_from_before_a_password_reset_is_refused(app, client, volunteer, rollback_app_session):
    _signed_in(client, volunteer)
    saved = _saved_cookie(app, client)
    token = accounts.start_password_reset(rollback_app_session, volunteer.email, datetime.now(UTC))
    rollback_app_session.commit()
    elsewhere = app.test_client()
    url = f"/portal/password-reset/{token}"
    done = elsewhere.post(
        url, data={"csrf_token": csrf_token(elsewhere, url), "password": "a brand new password"}
    )
    assert done.status_code == 303
    assert _is_sent_to_sign_in(client.get("/portal/"))
    assert _is_sent_to_sign_in(_replay(app, saved))
    assert sign_in(elsewhere, email=volunteer.email, password="a brand new password").status_code == 303
    assert elsewhere.get("/portal/").status_code == 200


def test_raising_the_session_version_refuses_every_older_session_but_not_a_new_one(
    app, client, volunteer, rollback_app_session
):
    _signed_in(client, volunteer)
    before = database.session.get(User, volunteer.id, populate_existing=True).session_version
    _end_sessions(rollback_app_session, volunteer)
    assert database.session.get(User, volunteer.id, populate_existing=True).session_version == before + 1
    assert _is_sent_to_sign_in(client.get("/portal/"))
    _signed_in(client, volunteer)  # signing in again starts a session at the new version


def test_a_refused_session_is_forgotten_not_kept_in_the_cookie(client, volunteer, rollback_app_session):
    _signed_in(client, volunteer)
    _end_sessions(rollback_app_session, volunteer)
    client.get("/portal/")
    with client.session_transaction() as session:
        assert USER_KEY not in session


# -- timeouts ------------------------------------------------------------------------------------------


def test_a_volunteers_session_ends_after_two_idle_hours_and_says_so(client, volunteer):
    _signed_in(client, volunteer)
    _age(client, signed_in=2 * HOUR + 120, seen=2 * HOUR + 60)
    response = client.get("/portal/?tab=1")
    assert _is_sent_to_sign_in(response, "/portal/?tab=1")
    page = client.get(response.headers["Location"])
    assert ENDED in page.get_data(as_text=True)
    with client.session_transaction() as session:
        assert USER_KEY not in session
    assert _is_sent_to_sign_in(client.get("/portal/"))  # forgotten, not merely refused once


def test_a_session_in_use_outlasts_the_idle_limit(client, volunteer):
    _signed_in(client, volunteer)
    _age(client, signed_in=3 * HOUR, seen=5 * 60)
    assert client.get("/portal/").status_code == 200


def test_a_volunteers_session_ends_twelve_hours_after_signing_in_even_in_use(client, volunteer):
    _signed_in(client, volunteer)
    _age(client, signed_in=12 * HOUR + 60, seen=30)
    response = client.get("/portal/")
    assert _is_sent_to_sign_in(response)
    assert ENDED in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("signed_in", "seen", "volunteer_open", "staff_open"),
    [
        (40 * 60, 31 * 60, True, False),  # idle: staff after 30 minutes, volunteers after 2 hours
        (40 * 60, 29 * 60, True, True),
        (8 * HOUR + 60, 60, True, False),  # absolute: staff after 8 hours, volunteers after 12
        (8 * HOUR - 60, 60, True, True),
    ],
)
def test_council_staff_get_the_shorter_limits(
    app, volunteer, moderator, signed_in, seen, volunteer_open, staff_open
):
    for user, expected in ((volunteer, volunteer_open), (moderator, staff_open)):
        client = _signed_in(app.test_client(), user)
        _age(client, signed_in=signed_in, seen=seen)
        assert (client.get("/portal/").status_code == 200) is expected, user.role


def test_the_limits_are_read_from_the_configuration_at_each_request(app, client, volunteer, monkeypatch):
    _signed_in(client, volunteer)
    _age(client, signed_in=120, seen=90)
    assert client.get("/portal/").status_code == 200
    monkeypatch.setitem(app.config, "PORTAL_SESSION_IDLE_SECONDS", 60)
    _age(client, signed_in=120, seen=90)
    assert _is_sent_to_sign_in(client.get("/portal/"))


def test_the_last_request_is_noted_at_most_once_a_minute(app, client, volunteer):
    _signed_in(client, volunteer)
    name = app.config["SESSION_COOKIE_NAME"]
    quiet = client.get("/portal/")
    assert quiet.status_code == 200 and not any(name in c for c in quiet.headers.getlist("Set-Cookie"))
    _age(client, signed_in=5 * 60, seen=61)
    noted = client.get("/portal/")
    assert noted.status_code == 200 and any(name in c for c in noted.headers.getlist("Set-Cookie"))
    with client.session_transaction() as session:
        assert time.time() - session[SEEN_KEY] < 5


# -- the pending second step ---------------------------------------------------------------------------


def _code_now() -> str:
    return totp.code_at(SECRET, datetime.now(UTC))


def test_a_pending_second_step_is_refused_after_the_accounts_sessions_end(
    client, moderator, rollback_app_session
):
    staff = rollback_app_session.merge(moderator)
    staff.totp_secret = SECRET
    rollback_app_session.commit()
    assert sign_in(client, email=moderator.email).headers["Location"] == "/portal/sign-in/code"
    token = csrf_token(client, "/portal/sign-in/code")
    _end_sessions(rollback_app_session, moderator)
    answered = client.post("/portal/sign-in/code", data={"csrf_token": token, "code": _code_now()})
    assert answered.status_code == 303 and answered.headers["Location"] == "/portal/sign-in"
    with client.session_transaction() as session:
        assert USER_KEY not in session and PENDING_KEY not in session
    assert _is_sent_to_sign_in(client.get("/portal/"))


def test_without_ending_sessions_the_same_pending_step_signs_in(client, moderator, rollback_app_session):
    """The control for the test above: its refusal comes from the raised version, not the set-up."""
    staff = rollback_app_session.merge(moderator)
    staff.totp_secret = SECRET
    rollback_app_session.commit()
    sign_in(client, email=moderator.email)
    token = csrf_token(client, "/portal/sign-in/code")
    answered = client.post("/portal/sign-in/code", data={"csrf_token": token, "code": _code_now()})
    assert answered.status_code == 303 and answered.headers["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
