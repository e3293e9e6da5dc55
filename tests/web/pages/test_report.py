"""Reporting a problem with a listing: a CSRF-protected form, errors in plain words, one stored report."""

from __future__ import annotations

from sqlalchemy import func, select

from directory.models import ListingReport
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token


def _reports(session) -> int:
    return session.scalar(select(func.count()).select_from(ListingReport)) or 0


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_report_form_is_labelled_and_carries_a_csrf_token(client, pantry_id):
    response = client.get(f"/services/{pantry_id}/report")
    assert response.status_code == 200
    root = check_page(response.data)  # also checks the POST form has a CSRF token and every field a label
    form = next(f for f in root.iter("form") if f.get("method") == "post")
    assert form.get("action") == f"/services/{pantry_id}/report"
    assert {el.get("name") for el in form.iter() if el.tag in ("select", "textarea", "input")} == {
        "csrf_token",
        "reason",
        "details",
        "contact_email",
    }
    assert "Reddish Community Pantry" in _text(root.find(".//main"))


def test_the_reason_chosen_on_the_listing_is_preselected(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}/report?reason=opening-times").data)
    assert root.find(".//option[@value='opening-times']").get("selected") is not None
    root = check_page(client.get(f"/services/{pantry_id}/report?reason=nonsense").data)
    assert root.find(".//option[@value='']").get("selected") is not None


def test_a_good_report_is_stored_once_and_thanks_the_reader(client, pantry_id, rollback_app_session):
    url = f"/services/{pantry_id}/report"
    token = csrf_token(client, url)
    before = _reports(rollback_app_session)
    response = client.post(
        url,
        data={
            "csrf_token": token,
            "reason": "opening-times",
            "details": "  They now open on Thursdays too.\r\n",
            "contact_email": " resident@example.org ",
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"/services/{pantry_id}/report/thanks"
    assert _reports(rollback_app_session) == before + 1
    report = rollback_app_session.scalars(
        select(ListingReport).order_by(ListingReport.created_at.desc())
    ).first()
    assert (report.service_id, report.reason, report.status) == (pantry_id, "opening-times", "open")
    assert report.details == "They now open on Thursdays too."
    assert report.contact_email == "resident@example.org"
    thanks = client.get(response.headers["Location"])
    root = check_page(thanks.data)
    assert root.find(".//h1").text == "Thank you for your report"


def test_missing_and_bad_fields_are_explained_and_nothing_is_stored(client, pantry_id, rollback_app_session):
    url = f"/services/{pantry_id}/report"
    token = csrf_token(client, url)
    before = _reports(rollback_app_session)
    response = client.post(
        url, data={"csrf_token": token, "reason": "", "details": "x" * 1001, "contact_email": "not-an-email"}
    )
    assert response.status_code == 400
    root = check_page(response.data)
    summary = root.find(".//div[@class='error-summary']")
    assert summary is not None and summary.get("role") == "alert"
    links = {a.get("href"): a.text for a in summary.iter("a")}
    assert links == {
        "#reason": "Choose what is wrong with this listing",
        "#details": "Describe the problem in 1000 characters or fewer",
        "#contact_email": "Enter an email address in the correct format, like name@example.com",
    }
    for field in ("reason", "details", "contact_email"):
        element = root.find(f".//*[@id='{field}']")
        assert element.get("aria-invalid") == "true"
        assert f"{field}-error" in element.get("aria-describedby").split()
    assert root.find(".//textarea").text == "x" * 1001  # what they wrote is kept
    assert root.find("head/title").text.startswith("Error:")
    assert _reports(rollback_app_session) == before


def test_something_else_needs_a_description(client, pantry_id, rollback_app_session):
    url = f"/services/{pantry_id}/report"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "reason": "other", "details": "   "})
    assert response.status_code == 400
    root = check_page(response.data)
    assert [a.get("href") for a in root.find(".//div[@class='error-summary']").iter("a")] == ["#details"]
    assert root.find(".//option[@value='other']").get("selected") is not None


def test_errors_are_shown_in_the_readers_language(client, pantry_id):
    url = f"/services/{pantry_id}/report?lang=ar"
    token = csrf_token(client, url)
    response = client.post(f"/services/{pantry_id}/report", data={"csrf_token": token, "reason": "bogus"})
    root = check_page(response.data)
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    assert "اختر الخطأ في بيانات هذه الخدمة" in _text(root.find(".//div[@class='error-summary']"))


def test_a_post_without_a_csrf_token_is_refused_with_a_400_page_and_nothing_is_stored(
    client, pantry_id, rollback_app_session
):
    before = _reports(rollback_app_session)
    response = client.post(f"/services/{pantry_id}/report", data={"reason": "closed"})
    assert response.status_code == 400
    root = check_page(response.data)
    assert root.find(".//h1").text == "Sorry, there is a problem"
    assert "Your form was not sent" in _text(root.find(".//main"))
    assert _reports(rollback_app_session) == before


def test_a_forged_csrf_token_is_refused(client, pantry_id, rollback_app_session):
    csrf_token(client, f"/services/{pantry_id}/report")
    before = _reports(rollback_app_session)
    response = client.post(f"/services/{pantry_id}/report", data={"csrf_token": "forged", "reason": "closed"})
    assert response.status_code == 400
    assert _reports(rollback_app_session) == before


def test_the_csrf_refusal_page_is_in_the_readers_language(client, pantry_id):
    client.get("/?lang=ur")
    response = client.post(f"/services/{pantry_id}/report", data={"reason": "closed"})
    root = check_page(response.data)
    assert root.get("lang") == "ur" and root.get("dir") == "rtl"
    assert root.find(".//h1").text == "معذرت، ایک مسئلہ پیش آ گیا ہے"


def test_reporting_an_unknown_service_is_a_404(client):
    assert client.get("/services/nope/report").status_code == 404
    assert client.get("/services/nope/report/thanks").status_code == 404


def test_too_many_reports_from_one_address_get_a_clear_429_page_and_nothing_is_stored(
    app, client, pantry_id, rollback_app_session, monkeypatch, mailbox
):
    from web.extensions import rate_limiter

    rate_limiter.reset()
    monkeypatch.setitem(app.config, "REPORT_RATE_LIMIT", "2/600")
    url = f"/services/{pantry_id}/report"
    data = {"reason": "closed", "details": "", "contact_email": ""}
    try:
        for _ in range(2):
            assert client.post(url, data={**data, "csrf_token": csrf_token(client, url)}).status_code == 303
        before = _reports(rollback_app_session)
        refused = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        root = check_page(refused.data)
        assert root.find(".//h1").text == "Too many reports"
        assert "we have not saved this one" in _text(root.find(".//main"))
        assert _reports(rollback_app_session) == before
    finally:
        rate_limiter.reset()
