"""The insight pages: who sees what, small numbers hidden in every output (page, CSV, chart, print),
fixed periods only, and the figures the team needs (gaps, mix, not understood, opened services)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.insight.access import set_user_neighbourhoods
from directory.models import Service
from tests.factories import create_user, demand_events
from tests.web.portal.conftest import sign_in

PERIOD = "2026-11"
WHEN = datetime(2026, 11, 10, 14, tzinfo=UTC)
FEWER = "fewer than 5"


def add(session: Session, count: int, **fields: object) -> None:
    session.add_all(demand_events(count, hour=WHEN, **fields))  # type: ignore[arg-type]
    session.commit()


@pytest.fixture
def people(rollback_app_session: Session) -> None:
    create_user(rollback_app_session, email="admin@example.org", role="council_admin")
    team = create_user(rollback_app_session, email="team@example.org", role="neighbourhood_team")
    set_user_neighbourhoods(rollback_app_session, team.id, ["heatons"])
    create_user(rollback_app_session, email="volunteer@example.org")
    rollback_app_session.commit()


@pytest.fixture
def demand(rollback_app_session: Session) -> str:
    """Heatons in November: food 12 found locally, money 8 found nothing, housing 6 only borough-wide;
    languages en 20, pl 3, ur 0, ar 3 (pl and ar hidden); a service opened 6 times, another twice."""
    add(rollback_app_session, 12, need="food")
    add(rollback_app_session, 5, need="money", reach=(0, 0, 0))
    add(rollback_app_session, 3, need="money", reach=(0, 0, 0), language="pl")
    add(rollback_app_session, 3, need="housing", reach=(0, 2, 1), language="ar")
    add(rollback_app_session, 3, need="housing", reach=(0, 2, 1))
    opened = rollback_app_session.scalars(select(Service.id).order_by(Service.name).limit(2)).all()
    add(rollback_app_session, 6, kind="details", service_id=opened[0], reach=(0, 0, 0))
    add(rollback_app_session, 2, kind="details", service_id=opened[1], reach=(0, 0, 0))
    add(rollback_app_session, 7, hood="victoria", need="food")
    return opened[0]


def table(client: FlaskClient, path: str) -> dict[str, list[str]]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return {row[0]: row[1:] for row in rows[1:]}


def test_a_team_member_sees_their_neighbourhood_and_nothing_of_anothers(
    client: FlaskClient, people: None, demand: str
) -> None:
    sign_in(client, email="team@example.org")
    assert client.get("/portal/").headers["Location"].endswith("/portal/insight")
    assert client.get("/portal/insight").headers["Location"].endswith("/portal/insight/heatons")
    assert client.get(f"/portal/insight/heatons?period={PERIOD}").status_code == 200
    for path in ("/portal/insight/victoria", "/portal/insight/victoria/gaps.csv", "/portal/insight/victoria/print",
                 "/portal/insight/victoria/chart/demand.svg", "/portal/insight/borough",
                 "/portal/insight/borough/needs.csv", "/portal/listings"):  # fmt: skip
        assert client.get(f"{path}?period={PERIOD}").status_code == 403, path


def test_a_council_administrator_sees_every_neighbourhood_and_the_borough(
    client: FlaskClient, people: None, demand: str
) -> None:
    sign_in(client, email="admin@example.org")
    assert client.get("/portal/insight").headers["Location"].endswith("/portal/insight/borough")
    for path in ("/portal/insight/borough", "/portal/insight/victoria", "/portal/insight/heatons/print",
                 "/portal/insight/heatons/chart/mix.svg", "/portal/insight/borough/crisis.csv"):  # fmt: skip
        assert client.get(f"{path}?period={PERIOD}").status_code == 200, path


@pytest.mark.parametrize("email", ["volunteer@example.org", None])
def test_anyone_else_is_refused_or_asked_to_sign_in(
    client: FlaskClient, people: None, email: str | None
) -> None:
    if email:
        sign_in(client, email=email)
        assert client.get("/portal/insight/heatons").status_code == 403
        assert client.get("/portal/insight").status_code == 403
    else:
        response = client.get("/portal/insight/heatons")
        assert response.status_code in (302, 303) and "/portal/sign-in" in response.headers["Location"]


def test_the_gaps_are_ranked_and_small_numbers_are_hidden_in_the_csv(
    client: FlaskClient, people: None, demand: str
) -> None:
    sign_in(client, email="admin@example.org")
    gaps = table(client, f"/portal/insight/heatons/gaps.csv?period={PERIOD}")
    order = list(gaps)
    assert order[:2] == ["Money and debt", "Housing"] or order[0] == "Money and debt", order
    assert gaps["Money and debt"][:3] == ["8", FEWER, "8"]  # no local service, only wide, nothing found
    assert gaps["Housing"][:3] == ["6", "6", FEWER]
    languages = table(client, f"/portal/insight/heatons/languages.csv?period={PERIOD}")
    assert languages["English"] == ["20"] and languages["All searches"] == ["26"]
    # Polish 3 and Arabic 3 are hidden; Urdu 0 too; nothing lets them be worked out
    assert languages["Polish"] == languages["Arabic"] == languages["Urdu"] == [FEWER]


def test_a_lone_small_count_takes_a_neighbouring_one_with_it(
    client: FlaskClient, people: None, rollback_app_session: Session
) -> None:
    add(rollback_app_session, 10, language="en", channel="web")
    add(rollback_app_session, 3, language="pl", channel="web")
    add(rollback_app_session, 6, language="ur", channel="web")
    add(rollback_app_session, 7, language="ar", channel="web")
    sign_in(client, email="admin@example.org")
    languages = table(client, f"/portal/insight/heatons/languages.csv?period={PERIOD}")
    assert languages["All searches"] == ["26"]
    assert languages["Polish"] == [FEWER] and languages["Urdu"] == [FEWER]  # 26 - 10 - 7 would give 9
    assert languages["Arabic"] == ["7"]


def test_pages_charts_and_print_never_show_a_hidden_count(
    client: FlaskClient, people: None, demand: str
) -> None:
    sign_in(client, email="admin@example.org")
    page = client.get(f"/portal/insight/heatons?period={PERIOD}").get_data(as_text=True)
    printed = client.get(f"/portal/insight/heatons/print?period={PERIOD}").get_data(as_text=True)
    chart = client.get(f"/portal/insight/heatons/chart/mix.svg?period={PERIOD}")
    assert (
        chart.mimetype == "image/svg+xml"
        and "style-src 'unsafe-inline'" in chart.headers["Content-Security-Policy"]
    )
    svg = chart.get_data(as_text=True)
    for text in (page, printed, svg):
        assert FEWER in text and ">20<" in text.replace(" ", "")
        assert ">3<" not in text.replace(" ", "") and ">2<" not in text.replace(" ", "")


def test_the_most_opened_services_and_the_listings_to_check(
    client: FlaskClient, people: None, demand: str, rollback_app_session: Session
) -> None:
    sign_in(client, email="admin@example.org")
    opened = table(client, f"/portal/insight/heatons/opened.csv?period={PERIOD}")
    name = rollback_app_session.get(Service, demand).name
    assert list(opened.items()) == [(name, ["6"])]  # the service opened twice is not listed


def test_only_fixed_periods_are_accepted(client: FlaskClient, people: None) -> None:
    sign_in(client, email="admin@example.org")
    for bad in ("2026-11-03", "2026-W60", "last week", "2026-13", "1999-01"):
        response = client.get("/portal/insight/heatons", query_string={"period": bad})
        assert response.status_code == 400, bad
    assert client.get("/portal/insight/heatons?period=2026-W45").status_code == 200
    assert client.get("/portal/insight/nowhere").status_code == 404
    assert client.get(f"/portal/insight/heatons/secrets.csv?period={PERIOD}").status_code == 404


def test_sample_data_is_said_to_be_sample(
    client: FlaskClient, people: None, rollback_app_session: Session
) -> None:
    sign_in(client, email="admin@example.org")
    assert "Sample data" not in client.get(f"/portal/insight/heatons?period={PERIOD}").get_data(as_text=True)
    add(rollback_app_session, 6, sample=True)
    assert "Sample data" in client.get(f"/portal/insight/heatons?period={PERIOD}").get_data(as_text=True)
