"""Every resident-facing search is counted once, as a demand event with nothing personal in it, through
the public interfaces: the search page, a result opened from it, the assistant's marked API calls, the
chat fallback and SMS. Unmarked API calls are open data and are not counted; a crisis is never a demand
event, only a count by day and tier."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.insight.recorder import demand_recorder
from directory.models import CrisisCount, DemandEvent, Service
from tests.helpers.chat import say
from tests.helpers.sms import NUMBER, TOKEN, text
from web.demand import HEADER
from web.sms.identity import sender_hash


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def resident(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, fresh_rate_limits: None
) -> Iterator[FlaskClient]:
    """The app's client with the assistant stopped (chat and SMS answer from the directory)."""
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", f"http://127.0.0.1:{closed_port()}")
    yield client


def events(session: Session) -> list[DemandEvent]:
    demand_recorder.flush()
    return list(session.scalars(select(DemandEvent).order_by(DemandEvent.id)))


def crisis_total(session: Session) -> int:
    demand_recorder.flush()
    return session.scalar(select(func.coalesce(func.sum(CrisisCount.count), 0))) or 0


def stored_text(session: Session) -> str:
    """Every value of every stored event and crisis count, as one string to search in."""
    rows = [
        *(tuple(row) for row in session.execute(select(DemandEvent.__table__))),
        *(tuple(row) for row in session.execute(select(CrisisCount.__table__))),
    ]
    return " | ".join(str(value) for row in rows for value in row).lower()


def test_a_page_search_is_one_event_with_its_need_neighbourhood_and_what_it_found(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    assert resident.get("/search?q=food+bank&place=Reddish").status_code == 200
    assert resident.get("/search?q=food+bank&place=Reddish&page=2").status_code == 200  # not a new search
    assert resident.get("/search").status_code == 200  # the empty form is not a search
    [event] = events(rollback_app_session)
    assert (event.kind, event.channel, event.language, event.need) == ("search", "web", "en", "food")
    assert event.neighbourhood == "tame-valley"  # Reddish
    assert event.local_results + event.borough_results + event.national_results > 0
    assert event.hour.minute == 0 and event.hour.second == 0


def test_a_search_in_another_language_place_outside_the_borough_and_unknown_words(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    resident.get("/search?q=food&place=Manchester&lang=pl")
    resident.get("/search?q=zzqx+blorf")
    first, second = events(rollback_app_session)
    assert first.neighbourhood == "outside"
    assert second.need == "not_understood" and second.neighbourhood == "unknown"
    assert second.local_results == second.borough_results == second.national_results == 0


def test_a_result_opened_from_the_results_is_counted_with_the_search_it_came_from(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    service_id = rollback_app_session.scalar(select(Service.id).limit(1))
    resident.get(f"/services/{service_id}")  # a link from elsewhere: not counted
    resident.get(f"/services/{service_id}?back=need%3Dfood%26neighbourhood%3Dheatons")
    [event] = events(rollback_app_session)
    assert (event.kind, event.service_id, event.need, event.neighbourhood) == (
        "details",
        service_id,
        "food",
        "heatons",
    )


def test_the_api_counts_only_searches_marked_as_a_residents(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    resident.get("/api/search?need=money&place=SK6+4AA")  # open data, a look-up, a health check
    resident.get("/api/search?need=money&place=Marple", headers={HEADER: "channel=sms, language=ur"})
    resident.get("/api/search?q=debt", headers={HEADER: "channel=nonsense"})  # unusable: not counted
    service_id = rollback_app_session.scalar(select(Service.id).limit(1))
    resident.get(
        f"/api/oruk/services/{service_id}", headers={HEADER: "channel=widget, language=ar, need=money"}
    )
    search, opened = events(rollback_app_session)
    assert (search.channel, search.language, search.need, search.neighbourhood) == (
        "sms",
        "ur",
        "money",
        "hazel-grove-high-lane-marple",
    )
    assert (opened.kind, opened.channel, opened.language, opened.need) == ("details", "widget", "ar", "money")


def test_the_chat_fallback_counts_the_search_it_answered_and_the_details_opened(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    session = "0" * 31 + "1"
    assert (
        say(resident, "is there a food bank in Reddish", session=session).get_json()["source"] == "directory"
    )
    say(resident, '/service_details{"number": 1}', session=session)
    search, opened = events(rollback_app_session)
    assert (search.channel, search.need, search.neighbourhood) == ("widget", "food", "tame-valley")
    assert (opened.kind, opened.channel, opened.need, opened.neighbourhood) == (
        "details",
        "widget",
        "food",
        "tame-valley",
    )


def test_an_sms_answered_from_the_directory_is_counted_as_sms(
    resident: FlaskClient, rollback_app_session: Session
) -> None:
    text(resident, "food bank in Reddish")
    [event] = events(rollback_app_session)
    assert (event.channel, event.need, event.neighbourhood) == ("sms", "food", "tame-valley")


@pytest.mark.parametrize("channel", ["chat", "sms", "page"])
def test_a_crisis_is_never_a_demand_event_and_is_counted_by_day_and_tier_only(
    resident: FlaskClient, rollback_app_session: Session, channel: str
) -> None:
    message = "I have a rope ready, is there a food bank in Reddish"
    if channel == "chat":
        say(resident, message)
    elif channel == "sms":
        text(resident, message)
    else:
        resident.get("/search", query_string={"q": message})
    assert events(rollback_app_session) == []
    if channel != "page":  # the page gives no crisis answer to count
        [row] = rollback_app_session.execute(select(CrisisCount.__table__)).all()
        assert row.tier == "urgent" and row.count == 1
        assert set(row._mapping) == {"day", "tier", "sample", "count"}


def test_no_stored_event_holds_a_word_a_session_a_phone_number_its_hash_or_an_address(
    app: Flask, resident: FlaskClient, rollback_app_session: Session
) -> None:
    session = "ab12" * 8
    ip = "203.0.113.77"
    words = ["Zebedee", "Quillfeather", "Bramblewick"]
    messages = [f"food bank near Reddish for {words[0]}", f"help with debt {words[1]} in Marple"]
    for message in messages:
        say(resident, message, session=session, **{"X-Forwarded-For": ip})
        text(resident, message)
    resident.get("/search", query_string={"q": f"warm space {words[2]}", "place": "SK4 1AA"},
                 environ_base={"REMOTE_ADDR": ip})  # fmt: skip
    resident.get(
        "/api/search",
        query_string={"q": f"carers {words[2]}", "place": "SK1 3XE"},
        headers={HEADER: "channel=widget, language=en"},
    )
    found = events(rollback_app_session)
    assert len(found) >= 6
    stored = stored_text(rollback_app_session)
    secret = app.config["SMS_HASH_SECRET"]
    forbidden: list[Any] = [
        *words,
        "food bank",
        "warm space",
        session,
        NUMBER,
        NUMBER.lstrip("+"),
        "7700900123",
        sender_hash(secret, NUMBER),
        hashlib.sha256(NUMBER.encode()).hexdigest(),
        ip,
        "sk4 1aa",
        "sk1 3xe",
        "reddish",
    ]
    for value in forbidden:
        assert str(value).lower() not in stored, value
    columns = {column.name for column in DemandEvent.__table__.columns}
    assert columns == {
        "id", "hour", "kind", "channel", "language", "need", "neighbourhood", "local_results",
        "borough_results", "national_results", "service_id", "sample",
    }  # fmt: skip
