"""Residents' reports that a listing is wrong: the rule, and what is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory.models import ListingReport
from directory.reports import MESSAGES, REPORT_REASONS, UnknownService, ValidationError, create_report
from tests.factories import create_service


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(ListingReport)) or 0


def test_a_valid_report_is_stored_as_open_with_cleaned_text(db_session):
    service = create_service(db_session)
    report = create_report(
        db_session,
        service_id=service.id,
        reason="closed",
        details="  It shut last month.\r\n\x00",
        contact_email="  me@example.org ",
    )
    stored = db_session.get(ListingReport, report.id)
    assert (stored.reason, stored.details, stored.contact_email, stored.status) == (
        "closed",
        "It shut last month.",
        "me@example.org",
        "open",
    )
    assert stored.created_at is not None and stored.service_id == service.id


def test_email_and_details_are_optional_except_for_something_else(db_session):
    service = create_service(db_session)
    report = create_report(
        db_session, service_id=service.id, reason="address", details=None, contact_email=""
    )
    assert report.details == "" and report.contact_email is None
    with pytest.raises(ValidationError) as caught:
        create_report(db_session, service_id=service.id, reason="other", details=" \n ", contact_email=None)
    assert caught.value.errors == {"details": MESSAGES["details_missing"]}


def test_every_problem_is_reported_per_field_and_nothing_is_stored(db_session):
    service = create_service(db_session)
    before = _count(db_session)
    with pytest.raises(ValidationError) as caught:
        create_report(
            db_session, service_id=service.id, reason="bananas", details="x" * 1001, contact_email="nope@"
        )
    assert caught.value.errors == {
        "reason": "Choose what is wrong with this listing",
        "details": "Describe the problem in 1000 characters or fewer",
        "contact_email": "Enter an email address in the correct format, like name@example.com",
    }
    assert _count(db_session) == before


@pytest.mark.parametrize("email", ["a@b", "a b@c.org", "@c.org", "a@.org", "x@" + "y" * 250 + ".org"])
def test_implausible_email_addresses_are_refused(db_session, email):
    service = create_service(db_session)
    with pytest.raises(ValidationError) as caught:
        create_report(db_session, service_id=service.id, reason="closed", details="", contact_email=email)
    assert set(caught.value.errors) == {"contact_email"}


def test_exactly_1000_characters_are_allowed(db_session):
    service = create_service(db_session)
    report = create_report(
        db_session, service_id=service.id, reason="other", details="é" * 1000, contact_email=None
    )
    assert len(report.details) == 1000


def test_a_report_about_an_unknown_service_is_refused(db_session):
    with pytest.raises(UnknownService):
        create_report(
            db_session, service_id="no-such-service", reason="closed", details="", contact_email=None
        )


def test_reports_go_when_their_service_is_deleted(db_session):
    service = create_service(db_session)
    create_report(db_session, service_id=service.id, reason="closed", details="", contact_email=None)
    db_session.delete(service)
    db_session.flush()
    db_session.expire_all()
    assert db_session.scalars(select(ListingReport).where(ListingReport.service_id == service.id)).all() == []


def test_the_reasons_are_stable_codes_with_labels_in_the_web_app():
    from web.forms import REPORT_REASON_LABELS

    assert REPORT_REASONS == tuple(REPORT_REASON_LABELS)
