"""Two-step sign-in for council staff: turning it on and off, the code step, no replay, lock-out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from directory.models import User
from directory.portal import totp
from tests.factories import create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database
from web.portal.auth import PENDING_KEY, USER_KEY

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _reload(user_id: str) -> User:
    return database.session.get(User, user_id, populate_existing=True)


def _code(offset_steps: int = 0) -> str:
    return totp.code_at(SECRET, datetime.now(UTC) + timedelta(seconds=30 * offset_steps))


def _wrong_code() -> str:
    near = {_code(o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


@pytest.fixture
def staff(rollback_app_session):
    user = create_user(rollback_app_session, email="mod@example.org", role="moderator")
    user.totp_secret = SECRET
    rollback_app_session.commit()
    return user


def _enter_code(client, code):
    token = csrf_token(client, "/portal/sign-in/code")
    return client.post("/portal/sign-in/code", data={"csrf_token": token, "code": code})


def test_the_password_alone_does_not_sign_in_staff_with_a_second_step(client, staff):
    response = sign_in(client, email="mod@example.org")
    assert response.status_code == 303 and response.headers["Location"] == "/portal/sign-in/code"
    with client.session_transaction() as session:
        assert USER_KEY not in session and session[PENDING_KEY]["user"] == staff.id
    dashboard = client.get("/portal/")
    assert dashboard.status_code == 303 and dashboard.headers["Location"].startswith("/portal/sign-in")
    assert _reload(staff.id).last_login_at is None


def test_the_code_page_is_accessible_and_accepts_a_pasted_code(client, staff):
    sign_in(client, email="mod@example.org")
    page = client.get("/portal/sign-in/code")
    assert page.status_code == 200
    root = check_page(page.data)
    field = root.find(".//input[@id='code']")
    assert field.get("inputmode") == "numeric" and field.get("autocomplete") == "one-time-code"
    assert field.get("onpaste") is None and field.get("maxlength") is None
    code = _code()
    done = _enter_code(client, f"{code[:3]} {code[3:]}")
    assert done.status_code == 303 and done.headers["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert _reload(staff.id).last_login_at is not None


def test_the_same_code_is_refused_a_second_time(app, client, staff):
    sign_in(client, email="mod@example.org")
    code = _code()
    assert _enter_code(client, code).status_code == 303
    other = app.test_client()
    sign_in(other, email="mod@example.org")
    replay = _enter_code(other, code)
    assert replay.status_code == 400
    check_page(replay.data)
    assert "has been used already" in replay.get_data(as_text=True)
    assert other.get("/portal/").status_code == 303


def test_wrong_codes_lead_to_the_lock_out(client, staff):
    sign_in(client, email="mod@example.org")
    for _ in range(4):
        assert _enter_code(client, _wrong_code()).status_code == 400
    locked = _enter_code(client, _wrong_code())
    assert locked.status_code == 303 and locked.headers["Location"] == "/portal/sign-in"
    assert _reload(staff.id).locked_until is not None
    assert sign_in(client, email="mod@example.org").status_code == 400  # even the right password
    assert client.get("/portal/sign-in/code").status_code == 303


def test_the_code_step_without_a_password_first_goes_back_to_sign_in(client, staff):
    response = client.get("/portal/sign-in/code")
    assert response.status_code == 303 and response.headers["Location"] == "/portal/sign-in"
    with client.session_transaction() as session:
        session[PENDING_KEY] = {"user": staff.id, "stamp": "forged", "at": 0, "next": None}
    assert client.get("/portal/sign-in/code").status_code == 303


def test_codes_are_rate_limited(app, client, staff, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_CODE_RATE_LIMIT", "2/600")
    sign_in(client, email="mod@example.org")
    assert _enter_code(client, _wrong_code()).status_code == 400
    assert _enter_code(client, _wrong_code()).status_code == 400
    limited = _enter_code(client, _code())
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    check_page(limited.data)
    with client.session_transaction() as session:
        assert USER_KEY not in session


def test_a_code_posted_without_a_csrf_token_is_refused(client, staff):
    sign_in(client, email="mod@example.org")
    assert client.post("/portal/sign-in/code", data={"code": _code()}).status_code == 400
    with client.session_transaction() as session:
        assert USER_KEY not in session


def _secret_on_page(page) -> str:
    match = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page.get_data(as_text=True))
    assert match
    return match.group(1).replace(" ", "")


def test_a_moderator_turns_on_two_step_sign_in_with_a_code_and_then_needs_it(client, rollback_app_session):
    user = create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    sign_in(client, email="mod@example.org")
    page = client.get("/portal/two-step")
    assert page.status_code == 200
    check_page(page.data)
    secret = _secret_on_page(page)
    assert secret == _secret_on_page(client.get("/portal/two-step"))  # the same key on a reload
    assert f"otpauth://totp/Around%20Here:mod@example.org?secret={secret}" in page.get_data(as_text=True)
    with client.session_transaction() as session:
        assert secret not in str(dict(session))  # the cookie never holds the key
    token = csrf_token(client, "/portal/two-step")
    wrong = client.post("/portal/two-step", data={"csrf_token": token, "code": "12345"})
    assert wrong.status_code == 400
    check_page(wrong.data)
    assert _reload(user.id).totp_secret is None
    now = datetime.now(UTC)
    done = client.post("/portal/two-step", data={"csrf_token": token, "code": totp.code_at(secret, now)})
    assert done.status_code == 303
    on = client.get("/portal/two-step")
    check_page(on.data)
    assert "Two-step sign-in is on" in on.get_data(as_text=True)
    assert _reload(user.id).totp_secret == secret

    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})
    assert sign_in(client, email="mod@example.org").headers["Location"] == "/portal/sign-in/code"


def test_turning_two_step_sign_in_off_needs_a_current_code(client, staff):
    sign_in(client, email="mod@example.org")
    assert _enter_code(client, _code()).status_code == 303
    token = csrf_token(client, "/portal/two-step")
    refused = client.post("/portal/two-step/off", data={"csrf_token": token, "code": _wrong_code()})
    assert refused.status_code == 400
    check_page(refused.data)
    assert _reload(staff.id).totp_secret == SECRET
    done = client.post("/portal/two-step/off", data={"csrf_token": token, "code": _code(1)})
    assert done.status_code == 303
    assert _reload(staff.id).totp_secret is None


def test_organisation_users_cannot_turn_on_two_step_sign_in(signed_in, editor):
    assert signed_in.get("/portal/two-step").status_code == 403
    token = csrf_token(signed_in, "/portal/")
    assert signed_in.post("/portal/two-step", data={"csrf_token": token, "code": "123456"}).status_code == 403
    assert "Two-step sign-in" not in signed_in.get("/portal/").get_data(as_text=True)
    assert _reload(editor.id).totp_secret is None


def test_a_council_administrator_removes_a_lost_phones_second_step(client, staff, rollback_app_session):
    create_user(rollback_app_session, email="admin@example.org", role="council_admin")
    rollback_app_session.commit()
    sign_in(client, email="admin@example.org")
    page = client.get("/portal/users")
    assert page.status_code == 200 and "mod@example.org" in page.get_data(as_text=True)
    check_page(page.data)
    token = csrf_token(client, "/portal/users")
    assert client.post(f"/portal/users/{staff.id}/two-step/remove").status_code == 400  # no CSRF token
    assert _reload(staff.id).totp_secret == SECRET
    done = client.post(f"/portal/users/{staff.id}/two-step/remove", data={"csrf_token": token})
    assert done.status_code == 303
    assert _reload(staff.id).totp_secret is None
    assert (
        client.post("/portal/users/no-such-user/two-step/remove", data={"csrf_token": token}).status_code
        == 404
    )


def test_a_moderator_cannot_remove_someone_elses_second_step(client, staff, rollback_app_session):
    create_user(rollback_app_session, email="other@example.org", role="moderator")
    rollback_app_session.commit()
    sign_in(client, email="other@example.org")
    assert client.get("/portal/users").status_code == 403
    token = csrf_token(client, "/portal/")
    assert (
        client.post(f"/portal/users/{staff.id}/two-step/remove", data={"csrf_token": token}).status_code
        == 403
    )
    assert _reload(staff.id).totp_secret == SECRET


def test_the_command_line_removes_a_second_step(app, staff):
    result = app.test_cli_runner().invoke(args=["portal", "remove-two-step", "--email", "MOD@example.org"])
    assert result.exit_code == 0, result.output
    assert _reload(staff.id).totp_secret is None
    missing = app.test_cli_runner().invoke(args=["portal", "remove-two-step", "--email", "no@example.org"])
    assert missing.exit_code != 0


def test_after_the_code_the_user_goes_where_they_were_going(client, staff):
    token = csrf_token(client, "/portal/sign-in?next=/portal/claims")
    response = client.post(
        "/portal/sign-in?next=/portal/claims",
        data={"csrf_token": token, "email": "mod@example.org", "password": "correct horse battery staple"},
    )
    assert response.headers["Location"] == "/portal/sign-in/code"
    assert _enter_code(client, _code()).headers["Location"] == "/portal/claims"
