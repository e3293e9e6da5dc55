"""Rollups by day, week and month give the same counts as the raw events; raw events are purged after
the retention period, once rolled up; a page reads rollups before the watermark and raw events after."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from directory.insight import periods, rollup
from directory.insight.events import Reach, details_demand, search_demand
from directory.insight.figures import period_figures
from directory.insight.recorder import DemandRecorder
from directory.models import DemandEvent, DemandRollup

HOODS = ("heatons", "cheadle", "victoria")
TODAY = date(2026, 12, 4)


def record(session: Session, day: date, count: int, **fields: object) -> None:
    recorder = DemandRecorder()
    recorder.configure(
        sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint"), interval=0
    )
    values = {"channel": "web", "language": "en", "needs": ("food",), "neighbourhood": "heatons", **fields}
    reach = values.pop("reach", Reach(local=1))
    for n in range(count):
        when = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=n % 24)
        demand = search_demand(values["channel"], values["language"], needs=values["needs"], place=None,
                               reach=reach, when=when, neighbourhood=values["neighbourhood"])  # fmt: skip
        recorder.record(demand)
    assert recorder.flush() == count


def test_a_months_figures_are_the_same_before_and_after_the_rollup(db_session: Session) -> None:
    record(db_session, date(2026, 11, 3), 7)
    record(db_session, date(2026, 11, 20), 6, needs=("money",), reach=Reach(borough=2))
    record(db_session, date(2026, 11, 21), 9, channel="sms", language="pl", neighbourhood="cheadle")
    november = periods.month(2026, 11)
    before = period_figures(db_session, november, HOODS)
    report = rollup.rollup(db_session, today=TODAY)
    after = period_figures(db_session, november, HOODS)
    assert report.events == 22 and report.days >= 18
    keys = [("total", "heatons"), ("need", "heatons", "food"), ("no_local", "heatons", "money"),
            ("outcome", "heatons", "money", "wide"), ("channel", "cheadle", "sms"), ("borough_total",)]  # fmt: skip
    for key in keys:
        assert before.cell(*key) == after.cell(*key), key
    assert after.cell("total", "heatons").value == 13
    assert after.cell("no_local", "heatons", "money").value == 6
    assert after.cell("language", "cheadle", "pl").value == 9
    assert after.cell("channel", "heatons", "sms").suppressed  # zero is below the threshold too


def test_weeks_and_months_are_rolled_from_days_and_days_after_the_watermark_are_read_raw(
    db_session: Session,
) -> None:
    record(db_session, date(2026, 11, 30), 5)  # Monday of ISO week 49
    rollup.rollup(db_session, today=date(2026, 12, 2))
    record(db_session, date(2026, 12, 2), 6)  # after the watermark: not rolled yet
    week = periods.parse("2026-W49")
    assert period_figures(db_session, week, HOODS).cell("total", "heatons").value == 11
    weeks = db_session.scalar(
        select(func.sum(DemandRollup.count)).where(
            DemandRollup.period == "week", DemandRollup.start == week.start
        )
    )
    assert weeks == 5
    rollup.rollup(db_session, today=date(2026, 12, 7))
    assert period_figures(db_session, week, HOODS).cell("total", "heatons").value == 11


def test_raw_events_are_purged_after_the_retention_period_and_their_sums_stay(db_session: Session) -> None:
    old, recent = TODAY - timedelta(days=120), TODAY - timedelta(days=10)
    record(db_session, old, 8)
    record(db_session, recent, 5)
    assert rollup.purge(db_session, days=90, today=TODAY) == 0  # nothing rolled up yet: nothing purged
    report = rollup.run_daily(db_session, retention_days=90, today=TODAY)
    assert report.purged == 8
    remaining = db_session.scalars(select(DemandEvent.hour)).all()
    assert len(remaining) == 5 and all(h.date() == recent for h in remaining)
    month = periods.containing(old, periods.MONTH)
    assert period_figures(db_session, month, HOODS).cell("total", "heatons").value == 8


def test_details_are_rolled_up_by_service_and_shown_only_from_the_threshold(db_session: Session) -> None:
    recorder = DemandRecorder()
    recorder.configure(
        sessionmaker(bind=db_session.connection(), join_transaction_mode="create_savepoint"), interval=0
    )
    when = datetime(2026, 11, 10, 14, tzinfo=UTC)
    for service, count in (("s-often", 6), ("s-rarely", 2)):
        for _ in range(count):
            recorder.record(
                details_demand(
                    "web", "en", service_id=service, need="food", neighbourhood="heatons", when=when
                )
            )
    recorder.flush()
    rollup.rollup(db_session, today=TODAY)
    figures = period_figures(db_session, periods.month(2026, 11), HOODS)
    assert [(sid, cell.value) for sid, cell in figures.most_opened("heatons")] == [("s-often", 6)]


def test_a_finished_periods_kept_figures_follow_its_rollup_rows(db_session: Session) -> None:
    record(db_session, date(2026, 10, 5), 6)
    rollup.rollup(db_session, today=TODAY)
    october = periods.month(2026, 10)
    assert period_figures(db_session, october, HOODS).cell("total", "heatons").value == 6
    assert period_figures(db_session, october, HOODS) is period_figures(db_session, october, HOODS)  # kept
    record(db_session, date(2026, 10, 6), 4)  # late events for a finished month, rolled again
    rollup.reopen(db_session, date(2026, 10, 6))
    rollup.rollup(db_session, today=TODAY)
    assert period_figures(db_session, october, HOODS).cell("total", "heatons").value == 10
