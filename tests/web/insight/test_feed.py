"""The open aggregate feed: a bearer token, suppressed weekly counts, and clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from directory.insight import periods, tokens
from directory.models import DemandEvent, InsightToken, User
from tests.factories import create_user
from web.extensions import database, rate_limiter

URL = "/api/insight/demand"
WEEK = "2026-W40"  # Monday 28 September 2026
IN_WEEK = datetime(2026, 9, 30, 14, tzinfo=UTC)
ROW_KEYS = {"week", "start", "neighbourhood", "need", "searches", "no_local", "only_wide", "nothing_found"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    rate_limiter.reset()
    yield
    rate_limiter.reset()


@pytest.fixture
def admin(rollback_app_session):
    user = create_user(rollback_app_session, email="admin@example.org", role="council_admin")
    rollback_app_session.commit()
    return user


def _token(session, owner, neighbourhoods=None) -> str:
    every = ["heatons", "victoria", "cheadle", "tame-valley"]
    _, raw = tokens.issue(
        session, owner=owner, name="Dashboard", neighbourhoods=neighbourhoods, every=every, now=IN_WEEK
    )
    session.commit()
    return raw


@pytest.fixture
def raw(rollback_app_session, admin) -> str:
    return _token(rollback_app_session, admin)


def _get(client, raw: str | None, **params):
    headers = {"Authorization": f"Bearer {raw}"} if raw is not None else {}
    return client.get(URL, query_string=params, headers=headers)


def _searches(session, hood, need, *, local=0, wide=0, none=0, when=IN_WEEK):
    for count, reach in ((local, (1, 0)), (wide, (0, 2)), (none, (0, 0))):
        for _ in range(count):
            session.add(
                DemandEvent(
                    hour=when,
                    kind="search",
                    channel="web",
                    language="en",
                    need=need,
                    neighbourhood=hood,
                    local_results=reach[0],
                    borough_results=reach[1],
                    national_results=0,
                    sample=False,
                )
            )
    session.commit()


def _row(body, hood, need, week=WEEK):
    [row] = [r for r in body["weeks"] if (r["week"], r["neighbourhood"], r["need"]) == (week, hood, need)]
    return row


# -- tokens -------------------------------------------------------------------------------------------


def test_without_a_token_the_feed_answers_401_with_a_bearer_challenge(client, raw):
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
        response = client.get(URL, headers=headers, query_string={"from": WEEK, "to": WEEK})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.get_json()["error"] == "unauthorized" and "weeks" not in response.get_json()


def test_an_unknown_token_is_refused_as_invalid(client, raw):
    response = _get(client, raw[:-2] + "xx", **{"from": WEEK, "to": WEEK})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_revoked_token_stops_working(client, rollback_app_session, admin, raw):
    assert _get(client, raw, **{"from": WEEK, "to": WEEK}).status_code == 200
    token = rollback_app_session.scalars(select(InsightToken)).one()
    tokens.revoke(rollback_app_session, by=admin, token_id=token.id, now=datetime.now(UTC))
    rollback_app_session.commit()
    assert _get(client, raw, **{"from": WEEK, "to": WEEK}).status_code == 401


def test_a_token_stops_working_when_its_owner_is_no_longer_a_council_administrator(
    client, rollback_app_session, admin, raw
):
    assert _get(client, raw, **{"from": WEEK, "to": WEEK}).status_code == 200
    rollback_app_session.get(User, admin.id).role = "moderator"  # each request ends the session
    rollback_app_session.commit()
    assert _get(client, raw, **{"from": WEEK, "to": WEEK}).status_code == 401


def test_a_scoped_token_reads_only_its_own_neighbourhoods(client, rollback_app_session, admin):
    raw = _token(rollback_app_session, admin, neighbourhoods=["heatons"])
    other = _get(client, raw, neighbourhood="victoria", **{"from": WEEK, "to": WEEK})
    assert other.status_code == 403 and other.get_json()["error"] == "forbidden"
    own = _get(client, raw, neighbourhood="heatons", **{"from": WEEK, "to": WEEK})
    assert own.status_code == 200
    every = _get(client, raw, **{"from": WEEK, "to": WEEK}).get_json()
    assert {row["neighbourhood"] for row in every["weeks"]} == {"heatons"}


def test_an_unscoped_token_reads_every_neighbourhood_of_the_borough(client, raw):
    body = _get(client, raw, need="food", **{"from": WEEK, "to": WEEK}).get_json()
    hoods = [row["neighbourhood"] for row in body["weeks"]]
    assert "heatons" in hoods and "victoria" in hoods and len(hoods) == len(set(hoods)) >= 8


def test_using_a_token_notes_the_day_it_was_last_used(client, rollback_app_session, raw):
    token = rollback_app_session.scalars(select(InsightToken)).one()
    assert token.last_used_on is None
    assert _get(client, raw, **{"from": WEEK, "to": WEEK}).status_code == 200
    database.session.remove()
    used = rollback_app_session.scalars(select(InsightToken)).one()
    rollback_app_session.refresh(used)
    assert used.last_used_on == datetime.now(UTC).date()


def test_each_token_is_rate_limited(client, app, raw, monkeypatch):
    monkeypatch.setitem(app.config, "INSIGHT_FEED_RATE_LIMIT", "2/60")
    for _ in range(2):
        assert _get(client, raw, need="food", **{"from": WEEK, "to": WEEK}).status_code == 200
    refused = _get(client, raw, need="food", **{"from": WEEK, "to": WEEK})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"] == "too_many_requests"


# -- parameters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13"},
        {"from": "2026-W54"},
        {"from": "2026-05"},
        {"from": "last week"},
        {"to": "2026-W00"},
        {"from": "2026-W10", "to": "2026-W09"},
        {"from": "2024-W01", "to": "2026-W10"},
        {"from": WEEK, "to": WEEK, "neighbourhood": "atlantis"},
        {"from": WEEK, "to": WEEK, "need": "unicorns"},
    ],
)
def test_a_bad_week_range_or_slug_is_a_400_with_a_message(client, raw, params):
    response = _get(client, raw, **params)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameter" and body["message"]
    assert response.headers["Cache-Control"] == "no-store"


def test_at_most_106_weeks_may_be_asked_for(client, raw):
    first = periods.parse_week("2024-W01")
    last = periods.weeks_between(first, periods.parse_week("2026-W10"))[105]
    body = _get(client, raw, need="food", neighbourhood="heatons", **{"from": "2024-W01", "to": last.key})
    assert body.status_code == 200
    assert len(body.get_json()["weeks"]) == 106
    later = _get(client, raw, need="food", **{"from": "2024-W01", "to": last.next().key})
    assert later.status_code == 400


def test_without_weeks_the_feed_gives_the_last_twelve_complete_weeks(client, raw):
    body = _get(client, raw, need="food", neighbourhood="heatons").get_json()
    weeks = [row["week"] for row in body["weeks"]]
    this_week = periods.containing(datetime.now(UTC).date(), periods.WEEK)
    expected = [p.key for p in periods.recent(periods.WEEK, 12, ending=this_week.previous())]
    assert weeks == expected


def test_not_understood_searches_can_be_asked_for(client, rollback_app_session, raw):
    _searches(rollback_app_session, "heatons", "not_understood", none=6)
    body = _get(client, raw, need="not_understood", neighbourhood="heatons", **{"from": WEEK, "to": WEEK})
    assert body.status_code == 200
    assert _row(body.get_json(), "heatons", "not_understood")["searches"] == 6


# -- the counts ---------------------------------------------------------------------------------------


def test_small_counts_come_back_null_and_larger_ones_exact(client, rollback_app_session, raw):
    _searches(rollback_app_session, "heatons", "food", local=5, wide=6, none=7)
    _searches(rollback_app_session, "heatons", "money", wide=3)
    _searches(rollback_app_session, "victoria", "housing", none=1)
    response = _get(client, raw, **{"from": WEEK, "to": WEEK})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["threshold"] == 5 and body["suppressed_as"] is None and body["sample"] is False
    assert body["note"]
    food = _row(body, "heatons", "food")
    assert food == {
        "week": WEEK,
        "start": "2026-09-28",
        "neighbourhood": "heatons",
        "need": "food",
        "searches": 18,
        "no_local": 13,
        "only_wide": 6,
        "nothing_found": 7,
    }
    money = _row(body, "heatons", "money")
    assert (money["searches"], money["no_local"], money["only_wide"], money["nothing_found"]) == (
        None,
        None,
        None,
        None,
    )
    housing = _row(body, "victoria", "housing")
    assert housing["searches"] is None and housing["nothing_found"] is None


def test_each_week_is_counted_on_its_own(client, rollback_app_session, raw):
    _searches(rollback_app_session, "heatons", "food", none=5)
    _searches(rollback_app_session, "heatons", "food", none=4, when=datetime(2026, 10, 6, 9, tzinfo=UTC))
    body = _get(client, raw, need="food", neighbourhood="heatons", **{"from": WEEK, "to": "2026-W41"})
    rows = body.get_json()["weeks"]
    assert [(r["week"], r["searches"]) for r in rows] == [(WEEK, 5), ("2026-W41", None)]


def test_the_feed_has_no_borough_wide_sums_to_subtract_from(client, rollback_app_session, raw):
    _searches(rollback_app_session, "heatons", "food", local=5, wide=6, none=7)
    body = _get(client, raw, **{"from": WEEK, "to": WEEK}).get_json()
    assert set(body) == {"threshold", "suppressed_as", "weeks", "sample", "note"}
    assert all(set(row) == ROW_KEYS for row in body["weeks"])
    assert all(row["neighbourhood"] not in ("", "all", "borough") for row in body["weeks"])


def test_no_count_below_the_threshold_is_ever_shown(client, rollback_app_session, raw):
    for n, need in enumerate(("food", "money", "housing", "energy", "health")):
        _searches(rollback_app_session, "heatons", need, local=n, wide=n + 2, none=4 - n)
        _searches(rollback_app_session, "cheadle", need, wide=n + 3)
    body = _get(client, raw, **{"from": WEEK, "to": WEEK}).get_json()
    counts = [
        row[key] for row in body["weeks"] for key in ("searches", "no_local", "only_wide", "nothing_found")
    ]
    assert any(value is not None for value in counts)
    assert all(value is None or value >= 5 for value in counts)


def test_from_alone_runs_to_the_last_complete_week(client, raw):
    last = periods.containing(datetime.now(UTC).date(), periods.WEEK).previous()
    first = last.previous()
    body = _get(client, raw, need="food", neighbourhood="heatons", **{"from": first.key}).get_json()
    assert [row["week"] for row in body["weeks"]] == [first.key, last.key]
