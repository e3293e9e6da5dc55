"""The open aggregate feed: suppressed weekly demand counts as JSON, for the council's reporting tools.

`GET /api/insight/demand?neighbourhood=&need=&from=2026-W01&to=2026-W52` with `Authorization: Bearer
<token>` (issued to a council administrator in the portal, `directory.insight.tokens`). Every count is
read through `period_figures(...).cell(...)`, the same suppressed cells the insight pages show, so the
feed can never be set against a page to subtract a hidden count; a count below the threshold is null.
Borough-wide sums are left out for the same reason. Weeks are ISO weeks, never arbitrary ranges.

The answer is never cached (`no-store`) and each token is rate limited.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from directory.insight import tokens
from directory.insight.figures import NEEDS, period_figures
from directory.insight.periods import WEEK, InvalidPeriod, containing, parse_week, recent, weeks_between
from directory.portal.neighbourhood_team import every_neighbourhood

from ..extensions import database, rate_limiter
from ..transaction import transaction
from . import bp

MAX_WEEKS = 106
DEFAULT_WEEKS = 12
RATE_LIMIT_KEY = "INSIGHT_FEED_RATE_LIMIT"
DEFAULT_RATE_LIMIT = "60/60"
NOTE = (
    "Counts are searches per ISO week. A count below the threshold (zero included) is null: it is "
    "suppressed, as are counts that would let a hidden one be worked out by subtraction."
)


class FeedError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def _answer(body: dict[str, Any], status: int = 200, **headers: str) -> ResponseReturnValue:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response.headers[name.replace("_", "-")] = value
    return response


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _weeks() -> list[Any]:
    first_text, last_text = request.args.get("from"), request.args.get("to")
    try:
        first = parse_week(first_text) if first_text else None
        last = parse_week(last_text) if last_text else None
    except InvalidPeriod as exc:
        raise FeedError(400, "invalid_parameter", f"not an ISO week like 2026-W05: {exc}") from exc
    if first is None and last is None:
        return recent(WEEK, DEFAULT_WEEKS, ending=containing(_today(), WEEK).previous())
    if first is None:
        assert last is not None
        return recent(WEEK, DEFAULT_WEEKS, ending=last)
    if last is None:
        last = max(first, containing(_today(), WEEK).previous())
    if last < first:
        raise FeedError(400, "invalid_parameter", "to must be the same week as from or later")
    if (last.start - first.start).days // 7 + 1 > MAX_WEEKS:
        raise FeedError(400, "invalid_parameter", f"ask for at most {MAX_WEEKS} weeks at a time")
    return weeks_between(first, last, limit=MAX_WEEKS)


def _today() -> Any:
    return datetime.now(UTC).date()


def _neighbourhoods(token: Any, every: list[str]) -> list[str]:
    allowed = tokens.scope(token)
    visible = [slug for slug in every if allowed is None or slug in allowed]
    wanted = (request.args.get("neighbourhood") or "").strip()
    if not wanted:
        return visible
    if wanted not in every:
        raise FeedError(400, "invalid_parameter", f"unknown neighbourhood: {wanted[:100]}")
    if wanted not in visible:
        raise FeedError(403, "forbidden", "this token may not read that neighbourhood")
    return [wanted]


def _needs() -> list[str]:
    wanted = (request.args.get("need") or "").strip()
    if not wanted:
        return list(NEEDS)
    if wanted not in NEEDS:
        raise FeedError(400, "invalid_parameter", f"unknown need: {wanted[:100]}")
    return [wanted]


@bp.get("/insight/demand")
def insight_demand() -> ResponseReturnValue:
    session = database.session
    token = tokens.find_active(session, _bearer())
    if token is None:
        challenge = 'Bearer realm="insight"'
        if _bearer() is not None:
            challenge += ', error="invalid_token"'
        message = "send a working token: Authorization: Bearer <token>"
        return _answer({"error": "unauthorized", "message": message}, 401, WWW_Authenticate=challenge)
    current_app.config.setdefault(RATE_LIMIT_KEY, DEFAULT_RATE_LIMIT)
    wait = rate_limiter.hit("insight-feed", token.id, RATE_LIMIT_KEY)
    if wait is not None:
        body = {"error": "too_many_requests", "message": "too many requests with this token: wait"}
        return _answer(body, 429, Retry_After=str(max(1, round(wait))))
    every = [hood.slug for hood in every_neighbourhood(session)]
    try:
        weeks = _weeks()
        hoods = _neighbourhoods(token, every)
        needs = _needs()
    except FeedError as problem:
        return _answer({"error": problem.error, "message": problem.message}, problem.status)
    threshold = int(current_app.config.get("INSIGHT_THRESHOLD", 5))
    rows: list[dict[str, Any]] = []
    sample = False
    for week in weeks:
        figures = period_figures(session, week, every, threshold=threshold)
        sample = sample or figures.sample
        for hood in hoods:
            for need in needs:
                rows.append(
                    {
                        "week": week.key,
                        "start": week.start.isoformat(),
                        "neighbourhood": hood,
                        "need": need,
                        "searches": figures.cell("need", hood, need).json(),
                        "no_local": figures.cell("no_local", hood, need).json(),
                        "only_wide": figures.cell("outcome", hood, need, "wide").json(),
                        "nothing_found": figures.cell("outcome", hood, need, "none").json(),
                    }
                )
    if token.last_used_on != _today():  # written at most once a day
        with transaction():
            tokens.touch(session, token, _today())
    return _answer(
        {"threshold": threshold, "suppressed_as": None, "weeks": rows, "sample": sample, "note": NOTE}
    )
