"""Password reset by email, through a real local SMTP server: one answer for every address, one use."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from directory.models import PasswordReset
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

_LINK = re.compile(r"https?://\S+/portal/password-reset/(\S+)")


def _ask(client, email):
    token = csrf_token(client, "/portal/password-reset")
    return client.post("/portal/password-reset", data={"csrf_token": token, "email": email})


def test_the_reset_email_arrives_with_a_working_link_and_the_token_is_never_stored(client, editor, mailbox):
    response = _ask(client, "Editor@example.org")
    assert response.status_code == 200 and "If an account exists" in response.get_data(as_text=True)
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == "editor@example.org" and message["Subject"] == "Reset your Around Here password"
    token = _LINK.search(message.get_payload(decode=True).decode()).group(1)
    stored = database.session.scalars(select(PasswordReset.token_hash)).all()
    assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored

    url = f"/portal/password-reset/{token}"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    check_page(page.data)
    weak = client.post(url, data={"csrf_token": csrf_token(client, url), "password": "short"})
    assert weak.status_code == 400
    check_page(weak.data)
    done = client.post(url, data={"csrf_token": csrf_token(client, url), "password": "a brand new password"})
    assert done.status_code == 303 and done.headers["Location"] == "/portal/sign-in"
    assert "Your password has been changed" in client.get("/portal/sign-in").get_data(as_text=True)
    assert client.get(url).status_code == 404  # used once
    assert sign_in(client, password="a brand new password").status_code == 303


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, editor, mailbox):
    known = _ask(client, "editor@example.org")
    unknown = _ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.data == unknown.data
    assert len(mailbox) == 1


def test_a_reset_request_without_a_csrf_token_is_refused_and_sends_nothing(client, editor, mailbox):
    response = client.post("/portal/password-reset", data={"email": "editor@example.org"})
    assert response.status_code == 400
    assert mailbox == []
    assert database.session.scalars(select(PasswordReset)).all() == []


def test_reset_requests_from_one_address_are_rate_limited_without_saying_so(
    app, client, editor, mailbox, monkeypatch
):
    monkeypatch.setitem(app.config, "PORTAL_RESET_RATE_LIMIT", "2/900")
    answers = [_ask(client, "editor@example.org") for _ in range(4)]
    assert len(mailbox) == 2
    assert len({a.data for a in answers}) == 1


def test_an_unknown_reset_token_shows_a_page_to_ask_again(client):
    response = client.get("/portal/password-reset/" + "x" * 43)
    assert response.status_code == 404
    check_page(response.data)
    assert "Ask for a new link" in response.get_data(as_text=True)


def _token_for(editor, *, now):
    from directory.portal.accounts import start_password_reset

    token = start_password_reset(database.session, editor.email, now)
    database.session.commit()
    return token


def _password_is(email, password):
    from directory.models import User
    from directory.portal.accounts import verify_password

    user = database.session.scalars(select(User).where(User.email == email)).one()
    database.session.refresh(user)
    return verify_password(password, user.password_hash)


def test_an_expired_reset_link_is_refused_and_the_password_is_unchanged(client, editor):
    from datetime import UTC, datetime, timedelta

    token = _token_for(editor, now=datetime.now(UTC) - timedelta(hours=1, minutes=1))
    url = f"/portal/password-reset/{token}"
    page = client.get(url)
    assert page.status_code == 404 and "Ask for a new link" in page.get_data(as_text=True)
    session_token = csrf_token(client, "/portal/password-reset")
    posted = client.post(url, data={"csrf_token": session_token, "password": "an attacker's new password"})
    assert posted.status_code == 404
    assert not _password_is(editor.email, "an attacker's new password")
    assert sign_in(client).status_code == 303  # the old password still works


def test_a_reset_link_cannot_be_used_twice_even_by_posting_the_form_again(client, editor):
    from datetime import UTC, datetime

    token = _token_for(editor, now=datetime.now(UTC))
    url = f"/portal/password-reset/{token}"
    form_token = csrf_token(client, url)
    first = client.post(url, data={"csrf_token": form_token, "password": "the first new password"})
    assert first.status_code == 303
    form_token = csrf_token(client, "/portal/password-reset")
    again = client.post(url, data={"csrf_token": form_token, "password": "a second new password"})
    assert again.status_code == 404
    assert _password_is(editor.email, "the first new password")
    assert not _password_is(editor.email, "a second new password")


def test_asking_for_a_new_link_stops_the_earlier_one_working(client, editor):
    from datetime import UTC, datetime

    earlier = _token_for(editor, now=datetime.now(UTC))
    later = _token_for(editor, now=datetime.now(UTC))
    assert client.get(f"/portal/password-reset/{earlier}").status_code == 404
    assert client.get(f"/portal/password-reset/{later}").status_code == 200
