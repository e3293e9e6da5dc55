"""Emails (`web.emails`): sent only after the change commits, in the recipient's language, and a
failure logged without the address."""

from __future__ import annotations

import logging
import re
import smtplib
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from directory.models import PasswordReset, User
from tests.factories import create_user
from tests.web.pages.conftest import csrf_token
from web import emails
from web.extensions import database, mailer
from web.transaction import transaction


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _email(to: str = "person@example.org") -> emails.Email:
    return emails.Email(to=to, subject="Hello", body="Hi\n", what="test")


def test_a_refused_email_is_reported_as_false_and_logged_without_the_address(app, monkeypatch, caplog):
    def refuse(**_kwargs):
        raise smtplib.SMTPRecipientsRefused({"person@example.org": (550, b"no such user")})

    monkeypatch.setattr(mailer, "send", refuse)
    with app.app_context(), caplog.at_level(logging.INFO):
        sent = emails.deliver(_email())
    assert sent is False
    assert "SMTPRecipientsRefused" in caplog.text
    assert "person@example.org" not in caplog.text


def test_an_email_waits_for_the_commit_and_is_never_sent_when_the_change_rolls_back(
    app, rollback_app_session, mailbox
):
    with app.test_request_context("/"):
        with pytest.raises(ValueError), transaction():
            create_user(database.session, email="gone@example.org")
            emails.send(_email("gone@example.org"))
            assert mailbox == []  # not before the commit either
            raise ValueError("the change fails")
        assert mailbox == []
        assert database.session.scalars(select(User).where(User.email == "gone@example.org")).first() is None

        with transaction():
            emails.send(_email("kept@example.org"))
            assert mailbox == []
        assert [m["To"] for m in mailbox] == ["kept@example.org"]


def test_a_failed_send_keeps_the_committed_change(app, rollback_app_session, monkeypatch):
    def refuse(**_kwargs):
        raise OSError("relay down")

    monkeypatch.setattr(mailer, "send", refuse)
    with app.test_request_context("/"):
        with transaction():
            create_user(database.session, email="stays@example.org")
            emails.send(_email("stays@example.org"))
        database.session.expire_all()
        assert database.session.scalars(select(User).where(User.email == "stays@example.org")).one()


def test_an_email_cannot_be_queued_outside_a_unit_of_work(app):
    with app.test_request_context("/"), pytest.raises(RuntimeError):
        emails.send(_email())


def test_a_polish_user_gets_the_reset_email_in_polish_whatever_the_language_of_the_request(
    client, rollback_app_session, mailbox
):
    user = create_user(rollback_app_session, email="pani@example.org")
    user.language = "pl"
    rollback_app_session.commit()
    token = csrf_token(client, "/portal/password-reset?lang=en")
    response = client.post("/portal/password-reset", data={"csrf_token": token, "email": "pani@example.org"})
    assert response.status_code == 200 and "If an account exists" in response.get_data(as_text=True)
    assert [_subject(m) for m in mailbox] == ["Zresetuj hasło do Around Here"]
    body = mailbox[0].get_payload(decode=True).decode()
    assert "Ktoś poprosił o zresetowanie hasła" in body
    assert re.search(r"/portal/password-reset/\S+", body)
    assert database.session.scalars(select(PasswordReset)).first() is not None


def test_an_account_made_by_joining_keeps_the_language_it_joined_in(client, rollback_app_session, mailbox):
    token = csrf_token(client, "/portal/register?lang=pl")
    organisation = _claimable(client)
    client.post(
        "/portal/register",
        data={
            "csrf_token": token,
            "email": "nowy@example.org",
            "name": "Nowy",
            "password": "a long enough passphrase 1",
            "organization": organisation,
            "message": "",
        },
    )
    assert [m["To"] for m in mailbox] == ["nowy@example.org"]
    assert _subject(mailbox[0]) == "Potwierdź swój adres e-mail w portalu Around Here"
    link = re.search(r"http://localhost(/portal/register/\S+)", mailbox[0].get_payload(decode=True).decode())
    assert link is not None
    confirm = link.group(1)
    client.post(confirm, data={"csrf_token": csrf_token(client, confirm)})
    user = database.session.scalars(select(User).where(User.email == "nowy@example.org")).one()
    assert user.language == "pl"


def _claimable(client) -> str:
    page = client.get("/portal/register").get_data(as_text=True)
    found = re.search(r'<option value="([0-9a-f-]{36})"', page)
    assert found is not None, "the sample directory has an organisation to claim"
    return found.group(1)
