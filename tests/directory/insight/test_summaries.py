"""A finished week's or month's figures are read from one summary row the rollup job writes: the same
cells as summing its rollup rows, rewritten when those rows change, never made for a period still under
way, and crisis answers still read as they arrive."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from directory.insight import periods, rollup, summaries
from directory.insight.events import Reach
from directory.insight.figures import PeriodFigures, period_figures, read_counts
from directory.insight.recorder import DemandRecorder
from directory.models import DemandSummary
from tests.directory.insight.test_rollup import HOODS, TODAY, record


def summary_of(session: Session, period: periods.Period) -> DemandSummary | None:
    return session.scalar(
        select(DemandSummary).where(DemandSummary.period == period.kind, DemandSummary.start == period.start)
    )


def test_a_finished_months_summary_gives_the_same_cells_as_its_rollup_rows(db_session: Session) -> None:
    record(db_session, date(2026, 11, 3), 7)
    record(db_session, date(2026, 11, 20), 6, needs=("money",), reach=Reach(borough=2))
    record(db_session, date(2026, 11, 21), 9, channel="sms", language="pl", neighbourhood="cheadle")
    record(db_session, date(2026, 11, 22), 3, needs=("housing",), neighbourhood="victoria", reach=Reach())
    rollup.rollup(db_session, today=TODAY)
    november = periods.month(2026, 11)
    assert summary_of(db_session, november) is not None
    stored = period_figures(db_session, november, HOODS)
    summed = PeriodFigures.from_counts(november, read_counts(db_session, november), HOODS)
    assert set(stored.keys()) == set(summed.keys())
    for key in summed.keys():
        assert stored.cell(*key) == summed.cell(*key), key
    assert stored.cell("total", "heatons").value == 13
    assert stored.cell("need", "victoria", "housing").suppressed


def test_no_summary_is_written_for_a_week_or_month_still_under_way(db_session: Session) -> None:
    record(db_session, date(2026, 12, 1), 6)
    rollup.rollup(db_session, today=TODAY)  # 4 December: week 49 and December are not over
    assert summary_of(db_session, periods.parse("2026-W49")) is None
    assert summary_of(db_session, periods.month(2026, 12)) is None
    assert period_figures(db_session, periods.month(2026, 12), HOODS).cell("total", "heatons").value == 6
    rollup.rollup(db_session, today=date(2026, 12, 8))
    assert summary_of(db_session, periods.parse("2026-W49")) is not None
    assert summary_of(db_session, periods.month(2026, 12)) is None


def test_rolling_a_finished_month_again_rewrites_its_summary(db_session: Session) -> None:
    record(db_session, date(2026, 10, 5), 6)
    rollup.rollup(db_session, today=TODAY)
    october = periods.month(2026, 10)
    first = summary_of(db_session, october).built
    assert period_figures(db_session, october, HOODS).cell("total", "heatons").value == 6
    record(db_session, date(2026, 10, 6), 4)
    rollup.reopen(db_session, date(2026, 10, 6))
    rollup.rollup(db_session, today=TODAY)
    db_session.expire_all()
    assert summary_of(db_session, october).built != first
    assert period_figures(db_session, october, HOODS).cell("total", "heatons").value == 10


def test_periods_rolled_before_summaries_existed_are_read_from_rollups_and_summarised_on_the_next_run(
    db_session: Session,
) -> None:
    record(db_session, date(2026, 9, 14), 8)
    rollup.rollup(db_session, today=TODAY)
    db_session.execute(delete(DemandSummary))
    september = periods.month(2026, 9)
    assert period_figures(db_session, september, HOODS).cell("total", "heatons").value == 8
    rollup.rollup(db_session, today=TODAY)  # nothing new to roll: the missing summaries are written
    assert summary_of(db_session, september) is not None
    weeks = db_session.scalar(
        select(func.count()).select_from(DemandSummary).where(DemandSummary.period == "week")
    )
    assert weeks == 1
    assert period_figures(db_session, september, HOODS).cell("total", "heatons").value == 8


def test_a_crisis_counted_after_its_month_was_summarised_is_still_shown(db_session: Session) -> None:
    record(db_session, date(2026, 10, 5), 6)
    rollup.rollup(db_session, today=TODAY)
    october = periods.month(2026, 10)
    assert period_figures(db_session, october, HOODS).cell("crisis", "urgent").suppressed
    recorder = DemandRecorder()
    recorder.configure(
        sessionmaker(bind=db_session.connection(), join_transaction_mode="create_savepoint"), interval=0
    )
    for _ in range(5):
        recorder.record_crisis("urgent", when=datetime(2026, 10, 31, 23, 59, tzinfo=UTC))
    recorder.flush()
    assert period_figures(db_session, october, HOODS).cell("crisis", "urgent").value == 5


def test_a_summary_holds_counts_and_slugs_only(db_session: Session) -> None:
    record(db_session, date(2026, 10, 5), 6, neighbourhood="cheadle", language="ur")
    rollup.rollup(db_session, today=TODAY)
    cells = summaries.load(db_session, periods.month(2026, 10))
    assert cells[("language", "cheadle", "ur")] == 6
    for key, count in cells.items():
        assert isinstance(count, int) and all(isinstance(part, str) for part in key)
