"""A forged Host header never reaches a link: every absolute address starts with PUBLIC_URL."""

from __future__ import annotations

import re

from tests.factories import create_organization, create_service, create_user
from tests.helpers.sms import TOKEN, post_signed, replies, twilio_params
from tests.web.pages.conftest import csrf_token

EVIL = "evil.example"
LINKS = re.compile(r"https?://[^\s\"'<>]+")


def _links(text: str) -> list[str]:
    return LINKS.findall(text)


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_a_password_reset_asked_for_under_a_forged_host_emails_a_link_to_our_own_address(
    app, client, rollback_app_session, mailbox
):
    create_user(rollback_app_session, email="holder@example.org")
    rollback_app_session.commit()
    token = csrf_token(client, "/portal/password-reset", base_url=f"http://{EVIL}")
    response = client.post(
        "/portal/password-reset",
        data={"csrf_token": token, "email": "holder@example.org"},
        base_url=f"http://{EVIL}",
        headers={"X-Forwarded-Host": EVIL},
    )
    assert response.status_code == 200
    [message] = mailbox
    links = _links(_body(message))
    assert links and all(link.startswith(app.config["PUBLIC_URL"] + "/portal/") for link in links)
    assert EVIL not in _body(message)


def test_a_report_posted_under_a_forged_host_emails_the_organisation_our_own_address(
    app, client, rollback_app_session, mailbox
):
    organization = create_organization(rollback_app_session, name="Quillon Helpers")
    service = create_service(rollback_app_session, name="Quillon Pantry", organization=organization)
    create_user(rollback_app_session, email="quillon@example.org", organizations=((organization, "org_admin"),))
    rollback_app_session.commit()
    url = f"/services/{service.id}/report"
    token = csrf_token(client, url, base_url=f"http://{EVIL}")
    response = client.post(
        url,
        data={"csrf_token": token, "reason": "opening-times", "details": "Closed on Mondays now"},
        base_url=f"http://{EVIL}",
    )
    assert response.status_code in (200, 303)
    assert mailbox, "the organisation was not told"
    for message in mailbox:
        assert EVIL not in _body(message)
        assert all(link.startswith(app.config["PUBLIC_URL"]) for link in _links(_body(message)))


def test_the_open_data_api_describes_itself_at_our_own_address_whatever_the_host(app, client):
    details = client.get("/api/oruk/", base_url=f"http://{EVIL}").get_json()
    assert details["openapi_url"] == app.config["PUBLIC_URL"] + "/api/oruk/openapi.json"
    servers = client.get("/api/oruk/openapi.json", base_url=f"http://{EVIL}").get_json()["servers"]
    assert servers == [{"url": app.config["PUBLIC_URL"] + "/api/oruk"}]


def test_the_widget_demo_never_names_the_forged_host(app, client):
    page = client.get("/widget/demo", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert EVIL not in page and 'src="/widget/widget.js"' in page


def test_a_chat_page_on_the_forged_host_is_not_treated_as_our_own_origin(client):
    response = client.post(
        "/chat/api/message",
        json={"session": "s" * 32, "message": "hello", "language": "en"},
        base_url=f"http://{EVIL}",
        headers={"Origin": f"http://{EVIL}"},
    )
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_sms_reply_never_carries_the_forged_host(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", "http://127.0.0.1:9")  # nothing listens: the directory answers
    url = f"http://{EVIL}/sms/inbound"
    texts = replies(post_signed(client, twilio_params("wifi on the moon"), url=url, base_url=f"http://{EVIL}"))
    assert texts and all(EVIL not in text for text in texts)
