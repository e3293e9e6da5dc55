"""Request bodies are capped: an oversized one is refused with 413 before anything reads it."""

from __future__ import annotations

import io

import pytest

from tests.helpers.sms import TOKEN

TWO_MB = 2 * 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - io's protocol
        raise AssertionError("the body of an oversized request was read")


def _post_unread(client, path: str, content_type: str, **headers: str):
    return client.post(
        path,
        headers=headers,
        environ_overrides={
            "wsgi.input": UnreadableBody(),
            "CONTENT_LENGTH": str(TWO_MB),
            "CONTENT_TYPE": content_type,
        },
    )


@pytest.mark.parametrize(
    "path",
    ["/sms/inbound", "/portal/sign-in", "/portal/password-reset", "/chat/api/message", "/api/search", "/nowhere"],
)
def test_a_two_megabyte_post_is_refused_with_413_without_reading_the_body(client, path):
    response = _post_unread(client, path, "application/x-www-form-urlencoded", **{"X-Twilio-Signature": "x"})
    assert response.status_code == 413


def test_a_signed_looking_sms_post_over_the_limit_is_413_not_403(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    response = _post_unread(client, "/sms/inbound", "application/x-www-form-urlencoded", **{"X-Twilio-Signature": "x"})
    assert response.status_code == 413


def test_an_sms_post_without_a_signature_is_refused_before_its_form_is_parsed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    response = client.post(
        "/sms/inbound",
        environ_overrides={
            "wsgi.input": UnreadableBody(),
            "CONTENT_LENGTH": "1000",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 403


def test_a_chunked_body_without_a_declared_length_is_refused_rather_than_silently_cut(client):
    body = b"email=" + b"a" * TWO_MB
    response = client.post(
        "/portal/sign-in",
        input_stream=io.BytesIO(body),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded"},
        environ_overrides={"wsgi.input_terminated": True},  # as gunicorn sets for a chunked body
    )
    assert response.status_code == 411


def test_an_ordinary_form_under_the_limit_is_still_accepted(client):
    response = client.post("/portal/sign-in", data={"email": "a@example.org", "password": "x" * 100})
    assert response.status_code == 400  # no CSRF token: refused for that, not for its size


def test_the_oversized_page_is_an_error_page_in_the_readers_language(client):
    response = _post_unread(client, "/portal/sign-in", "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html"
