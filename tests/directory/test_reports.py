"""Residents' reports that a listing is wrong: the rule, and what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from directory.models import ListingReport, ReportStatus
from directory.portal.reports import (
    MESSAGES,
    REPORT_REASONS,
    NotAllowed,
    ReportNotFound,
    UnknownService,
    ValidationError,
    create_report,
    decide_report,
    mark_forwarded,
    open_reports,
    report_recipients,
)
from tests.factories import create_organization, create_service, create_user


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


# -- sending reports to the organisation and deciding them ---------------------------------------------

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def test_a_report_goes_to_the_organisations_active_users_and_never_to_the_reporter(db_session):
    organization = create_organization(db_session, name="Offerton Friends")
    organization.email = "office@offerton.example.org"
    service = create_service(db_session, organization=organization)
    report = create_report(
        db_session, service_id=service.id, reason="closed", details="", contact_email="resident@example.org"
    )
    assert report_recipients(db_session, report) == ["office@offerton.example.org"]  # no portal users yet
    create_user(db_session, email="b@example.org", organizations=((organization, "org_editor"),))
    gone = create_user(db_session, email="c@example.org", organizations=((organization, "org_admin"),))
    gone.is_active = False
    create_user(db_session, email="a@example.org", organizations=((organization, "org_admin"),))
    create_user(
        db_session, email="other@example.org", organizations=((create_organization(db_session), "org_admin"),)
    )
    assert report_recipients(db_session, report) == ["a@example.org", "b@example.org"]
    mark_forwarded(db_session, report, NOW)
    assert report.forwarded_at == NOW


def test_an_organisation_without_users_or_a_usable_address_hears_nothing(db_session):
    organization = create_organization(db_session, name="Quiet Group")
    organization.email = "not an address"
    report = create_report(
        db_session,
        service_id=create_service(db_session, organization=organization).id,
        reason="address",
        details="",
        contact_email=None,
    )
    assert report_recipients(db_session, report) == []


def test_only_moderators_see_and_decide_open_reports(db_session):
    service = create_service(db_session)
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    member = create_user(
        db_session, email="member@example.org", organizations=((service.organization, "org_admin"),)
    )
    report = create_report(db_session, service_id=service.id, reason="closed", details="", contact_email=None)
    with pytest.raises(NotAllowed):
        open_reports(db_session, member)
    with pytest.raises(NotAllowed):
        decide_report(
            db_session, moderator=member, report_id=report.id, status=ReportStatus.RESOLVED, now=NOW
        )
    assert report in open_reports(db_session, moderator)

    decide_report(
        db_session, moderator=moderator, report_id=report.id, status=ReportStatus.DISMISSED, now=NOW
    )
    assert (report.status, report.decided_at, report.moderator_id) == ("dismissed", NOW, moderator.id)
    assert report not in open_reports(db_session, moderator)
    with pytest.raises(ReportNotFound):  # already decided
        decide_report(
            db_session, moderator=moderator, report_id=report.id, status=ReportStatus.RESOLVED, now=NOW
        )
    with pytest.raises(ValueError):
        decide_report(db_session, moderator=moderator, report_id=report.id, status=ReportStatus.OPEN, now=NOW)
