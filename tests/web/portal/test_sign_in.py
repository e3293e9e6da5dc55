"""Signing in and out of the portal: sessions, CSRF, safe redirects, rate limits and accessible pages."""

from __future__ import annotations

import re

import pytest

from directory.models import User
from tests.factories import TEST_PASSWORD, create_organization, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database
from web.portal.auth import USER_KEY


def _reload(user: User) -> User:
    return database.session.get(User, user.id, populate_existing=True)


PORTAL_PAGES = ["/portal/", "/portal/?tab=1"]


def test_every_signed_in_portal_page_redirects_a_stranger_to_sign_in_with_where_they_were(client):
    for url in PORTAL_PAGES:
        response = client.get(url)
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/portal/sign-in?next=")
    token = csrf_token(client, "/portal/sign-in")
    response = client.post("/portal/sign-out", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].startswith("/portal/sign-in")


def test_signing_in_goes_to_the_portal_and_shows_the_users_organisations(client, rollback_app_session):
    group = create_organization(rollback_app_session, name="Reddish Friends")
    create_user(rollback_app_session, email="editor@example.org", organizations=((group, "org_admin"),))
    rollback_app_session.commit()
    response = sign_in(client, email="Editor@Example.org")
    assert response.status_code == 303 and response.headers["Location"] == "/portal/"
    page = client.get("/portal/")
    assert page.status_code == 200
    root = check_page(page.data)
    text = " ".join("".join(root.find(".//main").itertext()).split())
    assert "Reddish Friends" in text and "Organisation administrator" in text
    assert "editor@example.org" in text
    assert page.headers["Cache-Control"] == "no-store"


def test_signing_in_starts_a_new_session(client, editor):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert session[USER_KEY] == editor.id
        assert "planted" not in session


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, editor):
    wrong = sign_in(client, password="not the password")
    unknown = sign_in(client, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 400
    messages = []
    for response in (wrong, unknown):
        root = check_page(response.data)
        summary = root.find(".//div[@class='error-summary']")
        messages.append(" ".join("".join(summary.itertext()).split()))
        assert root.find(".//input[@id='password']").get("value") in (None, "")
    assert messages[0] == messages[1]


def test_next_returns_to_a_portal_path_after_signing_in(client, editor):
    token = csrf_token(client, "/portal/sign-in?next=/portal/%3Ftab%3D1")
    response = client.post(
        "/portal/sign-in?next=/portal/%3Ftab%3D1",
        data={"csrf_token": token, "email": editor.email, "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/portal/?tab=1"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/portal/\r\nSet-Cookie: x",
        "evil.example",
    ],
)
def test_next_can_never_send_the_user_to_another_site(client, editor, target):
    token = csrf_token(client, "/portal/sign-in")
    response = client.post(
        "/portal/sign-in",
        query_string={"next": target},
        data={"csrf_token": token, "email": editor.email, "password": TEST_PASSWORD},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/portal/"


def test_a_post_without_a_csrf_token_is_refused_and_signs_no_one_in(client, editor, rollback_app_session):
    response = client.post("/portal/sign-in", data={"email": editor.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert USER_KEY not in session
    assert _reload(editor).last_login_at is None


def test_signing_out_without_a_csrf_token_is_refused_and_keeps_the_session(signed_in):
    assert signed_in.post("/portal/sign-out").status_code == 400
    assert signed_in.get("/portal/").status_code == 200


def test_signing_out_clears_the_session(signed_in):
    token = csrf_token(signed_in, "/portal/")
    response = signed_in.post("/portal/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    with signed_in.session_transaction() as session:
        assert USER_KEY not in session and "csrf_token" not in session
    assert signed_in.get("/portal/").status_code == 303


def test_a_password_change_elsewhere_ends_the_session(signed_in, editor, rollback_app_session):
    from directory.portal.accounts import hash_password

    editor.password_hash = hash_password("changed somewhere else")
    rollback_app_session.merge(editor)
    rollback_app_session.commit()
    assert signed_in.get("/portal/").status_code == 303


def test_five_wrong_passwords_lock_the_account_through_the_form(client, editor, rollback_app_session):
    for _ in range(5):
        assert sign_in(client, password="not the password").status_code == 400
    assert _reload(editor).locked_until is not None
    assert sign_in(client).status_code == 400


def test_sign_in_attempts_from_one_address_are_rate_limited(app, client, editor, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_SIGN_IN_RATE_LIMIT", "3/600")
    for _ in range(3):
        assert sign_in(client, email="nobody@example.org").status_code == 400
    limited = sign_in(client)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    check_page(limited.data)
    with client.session_transaction() as session:
        assert USER_KEY not in session


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_portal_pages_pass_the_page_checks(client, editor, lang):
    client.get(f"/portal/sign-in?lang={lang}")
    sign_in_page = check_page(client.get("/portal/sign-in").data)
    assert sign_in_page.get("dir") == ("rtl" if lang == "ar" else "ltr")
    fields = {el.get("name"): el for el in sign_in_page.iter("input")}
    assert fields["email"].get("autocomplete") == "username"
    assert fields["password"].get("autocomplete") == "current-password"
    assert fields["password"].get("onpaste") is None
    check_page(sign_in(client, password="not the password").data)
    check_page(client.get("/portal/password-reset").data)
    check_page(client.get("/portal/password-reset/not-a-token").data)
    sign_in(client)
    check_page(client.get("/portal/").data)


def _without_csrf(page: bytes) -> bytes:
    return re.sub(rb'name="csrf_token"[^>]*>', b"", page).replace(b"\n", b"")


def test_a_locked_account_gives_the_same_answer_as_a_wrong_password_until_the_lock_out_ends(
    client, editor, monkeypatch
):
    from datetime import UTC, datetime, timedelta

    import web.portal.accounts as views

    start = datetime.now(UTC)
    monkeypatch.setattr(views, "_now", lambda: start)
    for _ in range(5):
        wrong = sign_in(client, password="not the password")
    locked = sign_in(client)
    assert locked.status_code == wrong.status_code == 400
    # Nothing says "locked": the pages are the same but for the CSRF token, which carries a timestamp.
    assert _without_csrf(locked.data) == _without_csrf(wrong.data)
    with client.session_transaction() as session:
        assert USER_KEY not in session
    monkeypatch.setattr(views, "_now", lambda: start + timedelta(minutes=14))
    assert sign_in(client).status_code == 400  # still locked, with the right password
    monkeypatch.setattr(views, "_now", lambda: start + timedelta(minutes=16))
    assert sign_in(client).status_code == 303
    assert _reload(editor).failed_logins == 0 and _reload(editor).locked_until is None
