"""A service's page: everything a resident needs to decide and to get there, in their language."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date
from sqlalchemy import select

from directory.models import Closure, Service
from tests.factories import create_service
from tests.helpers.pages import check_page


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _rows(root) -> dict[str, str]:
    """The opening-times table: row heading -> times."""
    return {
        row.find("th").text: _text(row.find("td"))
        for row in root.iter("tr")
        if row.find("th[@scope='row']") is not None
    }


@pytest.fixture
def checked(rollback_app_session, pantry_id) -> date:
    """The pantry's last check: moved to the day the sample was loaded, so never a fixed date."""
    service = rollback_app_session.get(Service, pantry_id)
    assert service.assured_date is not None
    return service.assured_date


def _month(day: date, locale: str) -> str:
    return format_date(day, "MMMM", locale=locale)


def _section(root, heading_id: str) -> str:
    """The text from a heading to the next h2."""
    main = root.find(".//main")
    texts, inside = [], False
    for element in main.iter():
        if element.tag == "h2":
            inside = element.get("id") == heading_id
            continue
        if inside and element.text:
            texts.append(element.text)
        if inside and element.tail:
            texts.append(element.tail)
    return " ".join(" ".join(texts).split())


def test_every_service_page_renders(client, rollback_app_session):
    ids = rollback_app_session.scalars(select(Service.id)).all()
    assert len(ids) >= 150
    for service_id in ids:
        response = client.get(f"/services/{service_id}")
        assert response.status_code == 200, service_id
        check_page(response.data)


def test_the_service_page_shows_description_costs_eligibility_and_last_checked(client, pantry_id, checked):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    name = root.find(".//h1/bdi")
    assert name.text == "Reddish Community Pantry" and name.get("lang") == "en"
    assert "membership food club" in _text(root.find(".//div[@class='prose']"))
    assert "£3.50" in _section(root, "cost")
    assert "Ages 18 and over" in _section(root, "who")
    expected = f"Listing last checked on {checked.day} {_month(checked, 'en')} {checked.year}."
    assert expected in _text(root.find(".//main"))


def test_opening_times_are_a_table_of_days_with_local_times(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    rows = _rows(root)
    assert rows["Wednesday"] == "16:00–18:00"
    assert rows["Monday"] == "Closed"
    assert list(rows)[:7] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    status = next(p for p in root.iter("p") if (p.get("class") or "").startswith("status"))
    assert status.text.startswith(("Closed now. Opens", "Open now until"))


def test_opening_times_and_dates_follow_the_readers_language(client, pantry_id, checked):
    root = check_page(client.get(f"/services/{pantry_id}?lang=pl").data)
    rows = _rows(root)
    assert rows["Środa"] == "16:00–18:00" and rows["Poniedziałek"] == "Zamknięte"
    assert f"{checked.day} {_month(checked, 'pl')} {checked.year}" in _text(root.find(".//main"))
    root = check_page(client.get(f"/services/{pantry_id}?lang=ar").data)
    rows = _rows(root)
    assert rows["الأربعاء"].endswith("م")  # 4:00–6:00 PM, the Arabic way
    assert f"{_month(checked, 'ar')} {checked.year}" in _text(root.find(".//main"))


def test_contacts_are_tel_and_mailto_links_and_the_location_links_to_openstreetmap(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    hrefs = [a.get("href") for a in root.iter("a")]
    assert "tel:01614960100" in hrefs
    assert "mailto:pantry.reddish@example.org" in hrefs
    maps = [h for h in hrefs if h.startswith("https://www.openstreetmap.org/")]
    assert maps == ["https://www.openstreetmap.org/?mlat=53.43661&mlon=-2.15444#map=17/53.43661/-2.15444"]
    phone = next(a for a in root.iter("a") if a.get("href") == "tel:01614960100")
    assert phone.get("dir") == "ltr"


def test_accessibility_and_languages_are_listed_in_the_readers_words(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    assert "Step-free access" in _text(root.find(".//main"))
    root = check_page(client.get(f"/services/{pantry_id}?lang=pl").data)
    main = _text(root.find(".//main"))
    assert "Wejście bez schodów" in main and "Angielski" in main


def test_a_sample_listing_says_it_is_made_up(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    notice = root.find(".//div[@class='notice notice--sample']")
    assert notice is not None and "This is a sample listing." in _text(notice)


def test_a_real_listing_has_no_sample_notice(client, rollback_app_session):
    service = create_service(rollback_app_session, name="Real Helpline")
    service.is_sample = False
    rollback_app_session.flush()
    root = check_page(client.get(f"/services/{service.id}").data)
    assert root.find(".//div[@class='notice notice--sample']") is None


def test_a_closed_service_says_so(client, rollback_app_session):
    service = create_service(rollback_app_session, name="Old Club", status="defunct")
    root = check_page(client.get(f"/services/{service.id}").data)
    assert "This service is no longer running." in _text(root.find(".//main"))


def _monthly_repair_cafe(session) -> Service:
    service = create_service(session, name="Monthly Repair Cafe", schedules=(("1SA", "10:00", "12:00"),))
    service.schedules[0].freq = "MONTHLY"
    service.closures = [Closure(starts_on=date(2099, 12, 24), ends_on=date(2099, 12, 26), reason="Christmas")]
    session.flush()
    return service


# Records made in a test live until the end of the first request (its session is then closed), so each
# test below makes one request.
def test_monthly_sessions_and_closures_are_described(client, rollback_app_session):
    service = _monthly_repair_cafe(rollback_app_session)
    root = check_page(client.get(f"/services/{service.id}").data)
    assert _rows(root) == {"First Saturday of the month": "10:00–12:00"}
    assert "Closed from 24 December 2099 to 26 December 2099" in _text(root.find(".//main"))


def test_monthly_sessions_are_described_in_the_readers_language(client, rollback_app_session):
    service = _monthly_repair_cafe(rollback_app_session)
    root = check_page(client.get(f"/services/{service.id}?lang=pl").data)
    assert _rows(root) == {"Sobota w pierwszym tygodniu miesiąca": "10:00–12:00"}


def test_a_service_without_opening_times_says_we_do_not_know_them(client, rollback_app_session):
    quiet = create_service(rollback_app_session, name="Drop By", schedules=())
    root = check_page(client.get(f"/services/{quiet.id}").data)
    assert "We do not know the opening times" in _text(root.find(".//main"))


def test_descriptions_are_sanitised_and_their_headings_cannot_break_the_outline(client, rollback_app_session):
    service = create_service(
        rollback_app_session,
        description=(
            '<h2>Who we are</h2><p onclick="x()">Hi <a href="javascript:alert(1)">there</a></p>'
            "<script>x</script>"
        ),
    )
    response = client.get(f"/services/{service.id}")
    root = check_page(response.data)
    prose = root.find(".//div[@class='prose']")
    assert [el.tag for el in prose.iter() if el.tag.startswith("h")] == []
    assert "Who we are" in _text(prose)
    assert b"javascript:" not in response.data and b"onclick" not in response.data


def test_the_page_links_to_a_printable_version_and_offers_to_report_a_problem(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    hrefs = [a.get("href") for a in root.iter("a")]
    assert f"/services/{pantry_id}/print" in hrefs
    report = next(f for f in root.iter("form") if f.get("action") == f"/services/{pantry_id}/report")
    assert (report.get("method") or "get") == "get"
    assert {o.get("value") for o in report.iter("option")} >= {"closed", "opening-times", "other"}


def test_an_unknown_or_malformed_service_is_a_404_page(client):
    for path in ("/services/not-a-real-id", "/services/" + "a" * 65, "/services/%00", "/services/a%20b"):
        response = client.get(path)
        assert response.status_code == 404, path
        root = check_page(response.data)
        assert root.find(".//h1").text == "Page not found"
