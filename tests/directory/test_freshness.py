"""Review dates, reminder stages over a simulated year, confirming, and the moderators' counts.

Simulated dates are in the year 2000, long before the sample listings were checked, so only the
listings made here are ever due.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.models import ListingReport, OrganizationClaim, ReviewReminder, ServiceRevision
from directory.portal import dashboard, freshness, revisions
from directory.portal.revisions import NotFound
from tests.factories import create_organization, create_service, create_user

START = date(2000, 1, 1)
NOW = datetime(2000, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def group(db_session):
    organization = create_organization(db_session, name="Fresh Helpers")
    service = create_service(
        db_session, name="Fresh Pantry", organization=organization, neighbourhoods=("heatons",)
    )
    service.assured_date = START
    editor = create_user(db_session, email="fresh@example.org", organizations=((organization, "org_editor"),))
    db_session.flush()
    return service, editor


def _mine(due, service):
    return [(item.stage, item.age_days) for item in due if item.service.id == service.id]


def test_the_review_is_due_six_months_after_the_last_confirmation_or_the_day_it_was_added(db_session, group):
    service, _ = group
    assert freshness.review_due(service) == START + timedelta(days=182)
    assert not freshness.is_overdue(service, START + timedelta(days=182))
    assert freshness.is_overdue(service, START + timedelta(days=183))
    service.assured_date = None
    service.created_at = datetime(2000, 3, 1, 12, 0, tzinfo=UTC)
    assert freshness.cycle_start(service) == date(2000, 3, 1)
    assert freshness.review_due(service) == date(2000, 3, 1) + timedelta(days=182)


def test_the_policy_reads_its_days_from_configuration():
    policy = freshness.Policy.from_config(
        {"FRESHNESS_HIDE_AFTER_DAYS": "400", "FRESHNESS_REVIEW_AFTER_DAYS": 90}
    )
    assert (policy.review_after_days, policy.hide_after_days, policy.first_reminder_days) == (90, 400, 180)
    assert [policy.stage_for(age) for age in (179, 180, 269, 270, 399, 400)] == [
        None, "180", "180", "270", "270", "hidden",
    ]  # fmt: skip


def test_a_simulated_year_records_each_stage_once_on_its_exact_day(db_session, group):
    service, _ = group
    seen = []
    for offset in range(0, 400):
        today = START + timedelta(days=offset)
        recorded = freshness.record_reminders(db_session, freshness.due_reminders(db_session, today), now=NOW)
        seen += [(offset, item.stage) for item in recorded if item.service.id == service.id]
        again = freshness.record_reminders(db_session, freshness.due_reminders(db_session, today), now=NOW)
        assert [item for item in again if item.service.id == service.id] == []  # the same day again
    assert seen == [(180, "180"), (270, "270"), (365, "hidden")]
    assert service.stale_hidden_at == NOW and not service.is_visible
    rows = db_session.scalars(select(ReviewReminder.stage).where(ReviewReminder.service_id == service.id))
    assert sorted(rows) == ["180", "270", "hidden"]


def test_after_missed_days_only_the_latest_stage_is_sent_and_never_an_earlier_one(db_session, group):
    service, _ = group
    due = freshness.due_reminders(db_session, START + timedelta(days=300))
    assert _mine(due, service) == [("270", 300)]
    freshness.record_reminders(db_session, due, now=NOW)
    for offset in (301, 330, 364):
        assert _mine(freshness.due_reminders(db_session, START + timedelta(days=offset)), service) == []
    assert _mine(freshness.due_reminders(db_session, START + timedelta(days=500)), service) == [
        ("hidden", 500)
    ]


def test_a_stage_recorded_by_another_run_is_not_recorded_again(db_session, group):
    service, _ = group
    today = START + timedelta(days=200)
    due = [item for item in freshness.due_reminders(db_session, today) if item.service.id == service.id]
    assert freshness.record_reminders(db_session, due, now=NOW) == due
    assert freshness.record_reminders(db_session, due, now=NOW) == []  # the unique key refuses it


def test_confirming_starts_a_new_cycle_shows_the_listing_again_and_records_a_revision(db_session, group):
    service, editor = group
    freshness.record_reminders(db_session, freshness.due_reminders(db_session, date(2001, 1, 10)), now=NOW)
    assert service.stale_hidden_at is not None
    freshness.confirm(db_session, user=editor, service_id=service.id, today=date(2001, 1, 11), now=NOW)
    assert service.assured_date == date(2001, 1, 11) and service.is_visible
    assert service.assurer_email != editor.email  # published in the ORUK feed: never a person's address
    revision = db_session.scalars(
        select(ServiceRevision).where(ServiceRevision.service_id == service.id)
    ).one()
    assert (revision.kind, revision.status, revision.author_id) == ("confirm", "approved", editor.id)
    assert json.loads(revision.changes) == {"assured_date": "2001-01-11"}
    confirmed = date(2001, 1, 11)
    assert _mine(freshness.due_reminders(db_session, confirmed + timedelta(days=179)), service) == []
    assert _mine(freshness.due_reminders(db_session, confirmed + timedelta(days=180)), service) == [
        ("180", 180)
    ]


def test_only_the_organisations_members_and_council_admins_may_confirm(db_session, group):
    service, _ = group
    outsider = create_user(db_session, email="other@example.org")
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    for user in (outsider, moderator):
        with pytest.raises(NotFound):
            freshness.confirm(db_session, user=user, service_id=service.id, today=START, now=NOW)
    assert service.assured_date == START
    freshness.confirm(db_session, user=admin, service_id=service.id, today=date(2000, 2, 2), now=NOW)
    assert service.assured_date == date(2000, 2, 2)


def test_a_link_works_only_for_the_current_cycle(db_session, group):
    service, editor = group
    freshness.confirm_from_link(
        db_session, service_id=service.id, cycle=START, user_id=editor.id, email=None,
        today=date(2000, 7, 1), now=NOW,
    )  # fmt: skip
    assert service.assured_date == date(2000, 7, 1)
    with pytest.raises(NotFound):
        freshness.service_for_link(db_session, service_id=service.id, cycle=START)


def test_a_link_sent_to_the_organisations_address_confirms_without_a_revision(db_session, group):
    service, _ = group
    freshness.confirm_from_link(
        db_session, service_id=service.id, cycle=START, user_id=None, email="group@example.org",
        today=date(2000, 7, 1), now=NOW,
    )  # fmt: skip
    assert service.assurer_email == "group@example.org" and service.assured_date == date(2000, 7, 1)
    assert (
        db_session.scalars(select(ServiceRevision).where(ServiceRevision.service_id == service.id)).all()
        == []
    )


def test_reminders_go_to_the_organisations_users_or_else_to_its_address(db_session, group):
    service, editor = group
    assert freshness.reminder_recipients(db_session, service) == [("fresh@example.org", editor.id)]
    lonely = create_organization(db_session, name="No Users Group")
    lonely.email = "group@example.org"
    other = create_service(db_session, name="Lonely Pantry", organization=lonely)
    assert freshness.reminder_recipients(db_session, other) == [("group@example.org", None)]


def test_the_dashboard_counts_overdue_and_hidden_listings_per_neighbourhood(db_session, group):
    service, _ = group
    today = date(2000, 8, 1)  # the sample listings were all checked later than this: none is overdue
    assert dashboard.freshness_by_neighbourhood(db_session, today) == [
        dashboard.NeighbourhoodFreshness("heatons", "Heatons", 1, 0)
    ]
    service.stale_hidden_at = NOW
    db_session.flush()
    rows = dashboard.freshness_by_neighbourhood(db_session, today)
    assert [(row.slug, row.overdue, row.hidden) for row in rows] == [("heatons", 0, 1)]
    assert [s.id for s in dashboard.stale_services(db_session, today, neighbourhood="heatons")] == [
        service.id
    ]
    assert dashboard.stale_services(db_session, today, neighbourhood=dashboard.NO_NEIGHBOURHOOD) == []
    assert dashboard.freshness_by_neighbourhood(db_session, date(2000, 6, 1)) == [
        dashboard.NeighbourhoodFreshness("heatons", "Heatons", 0, 1)
    ]  # hidden listings count whatever their age


def test_the_dashboard_counts_the_work_waiting(db_session, group):
    before = dashboard.queues(db_session)
    service, editor = group
    revisions.propose_edit(
        db_session,
        user=editor,
        service_id=service.id,
        changes={"name": "Fresher"},
        now=NOW,
        base_version=revisions.current_version(db_session, service.id),
    )
    db_session.add(ListingReport(service_id=service.id, reason="closed", details="Shut.", created_at=NOW))
    db_session.add(ListingReport(service_id=service.id, reason="closed", status="resolved", created_at=NOW))
    db_session.add(OrganizationClaim(user_id=editor.id, organization_id=service.organization_id))
    db_session.flush()
    after = dashboard.queues(db_session)
    assert after == dashboard.Queues(
        before.pending_revisions + 1, before.open_reports + 1, before.pending_claims + 1
    )
