"""The insight pages: what a neighbourhood's residents ask for, where help is missing, for the
neighbourhood team (their neighbourhoods only) and council administrators (every neighbourhood and the
borough view).

Every figure comes from one period's `PeriodFigures` (`directory.insight.figures`), where small numbers
and whatever would give them away were hidden once; the tables are built in `insight_tables`, shown as
HTML, CSV and (some) SVG charts drawn on the server (`insight_charts`). Periods are fixed weeks and
months chosen from a list, never arbitrary ranges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from sqlalchemy import select

from directory.insight import access, periods
from directory.insight.figures import PeriodFigures, period_figures
from directory.models import Service
from directory.portal import dashboard as listing_counts
from directory.portal.neighbourhood_team import every_neighbourhood

from ..extensions import database
from . import insight_charts as charts
from . import insight_tables as tables
from .blueprint import bp
from .common import signed_in_user
from .freshness import policy, today

HISTORY = 6  # periods in "demand over time", the chosen one last
CHOICES = {periods.MONTH: 12, periods.WEEK: 13}  # the periods offered in the chooser
STALE_LIMIT = 50
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'"  # an image: its own styles, nothing else


def _viewer() -> Any:
    user = signed_in_user()
    if not access.can_see_insight(user):
        abort(403)
    return user


def _hoods() -> list[tuple[str, str]]:
    return [(hood.slug, hood.name) for hood in every_neighbourhood(database.session)]


def _visible(user: Any, hood: str) -> list[tuple[str, str]]:
    """Every neighbourhood (slug, name); 404 for an unknown one, 403 for one this user may not see."""
    hoods = _hoods()
    if hood not in {slug for slug, _ in hoods}:
        abort(404)
    if hood not in access.visible_neighbourhoods(database.session, user, [slug for slug, _ in hoods]):
        abort(403)
    return hoods


def _period() -> periods.Period:
    text = request.args.get("period", "")
    if not text:  # the last whole month: what a team reviews at its monthly meeting
        return periods.containing(periods.today(), periods.MONTH).previous()
    try:
        return periods.parse(text)
    except periods.InvalidPeriod:
        abort(400, description=gettext("Choose a week or a month from the list."))


def _threshold() -> int:
    return int(current_app.config.get("INSIGHT_THRESHOLD", 5))


def _figures(period: periods.Period, hoods: list[tuple[str, str]]) -> PeriodFigures:
    return period_figures(database.session, period, [slug for slug, _ in hoods], threshold=_threshold())


def _choices(chosen: periods.Period) -> list[tuple[str, str, bool]]:
    """(key, label, selected) for the chooser: recent months, then recent weeks, newest first."""
    offered = [period for kind, count in CHOICES.items() for period in reversed(periods.recent(kind, count))]
    if chosen not in offered:
        offered.insert(0, chosen)
    return [(p.key, tables.period_label(p), p == chosen) for p in offered]


# -- what one neighbourhood's page shows -----------------------------------------------------------


def _neighbourhood_tables(hood: str, hoods: list[tuple[str, str]], period: periods.Period) -> dict[str, Any]:
    history = [_figures(p, hoods) for p in periods.recent(period.kind, HISTORY, ending=period)]
    figures, previous = history[-1], history[-2]
    opened_ids = [sid for sid, _ in figures.most_opened(hood)]
    names = (
        dict(
            database.session.execute(select(Service.id, Service.name).where(Service.id.in_(opened_ids))).all()
        )
        if opened_ids
        else {}
    )
    stale = listing_counts.stale_services(database.session, today(), neighbourhood=hood, policy=policy())
    return {
        "figures": figures,
        "demand": tables.demand_table(hood, history),
        "gaps": tables.gaps_table(hood, figures, previous),
        "languages": tables.languages_table(hood, figures),
        "channels": tables.channels_table(hood, figures),
        "not-understood": tables.not_understood_table(hood, figures),
        "opened": tables.opened_table(hood, figures, names),
        "listings": tables.listings_table(stale[:STALE_LIMIT], gettext("Organisation")),
    }


def _borough_tables(hoods: list[tuple[str, str]], period: periods.Period) -> dict[str, Any]:
    figures = _figures(period, hoods)
    return {
        "figures": figures,
        "needs": tables.borough_table(figures, hoods, gettext("gap")),
        "crisis": tables.crisis_table(figures),
    }


CHARTS: dict[str, Callable[[dict[str, Any]], list[charts.Panel]]] = {
    "demand": lambda built: tables.demand_panels(built["demand"]),
    "mix": lambda built: tables.mix_panels(built["languages"], built["channels"]),
}


@bp.get("/insight")
def insight() -> Any:
    user = _viewer()
    if access.sees_borough(user):
        return redirect(url_for("portal.insight_borough"))
    mine = access.visible_neighbourhoods(database.session, user, [slug for slug, _ in _hoods()])
    if not mine:
        return render_template("portal/insight/none.html"), 200
    return redirect(url_for("portal.insight_neighbourhood", hood=mine[0]))


@bp.get("/insight/borough")
def insight_borough() -> Any:
    user = _viewer()
    if not access.sees_borough(user):
        abort(403)
    hoods, period = _hoods(), _period()
    built = _borough_tables(hoods, period)
    return render_template(
        "portal/insight/borough.html",
        period=period,
        period_label=tables.period_label(period),
        choices=_choices(period),
        hoods=hoods,
        built=built,
        sample=built["figures"].sample,
        threshold=_threshold(),
    )


@bp.get("/insight/borough/<name>.csv")
def insight_borough_csv(name: str) -> Any:
    user = _viewer()
    if not access.sees_borough(user):
        abort(403)
    period = _period()
    built = _borough_tables(_hoods(), period)
    return _csv(built, name, f"borough-{name}-{period.key}.csv")


@bp.get("/insight/<hood>")
def insight_neighbourhood(hood: str) -> Any:
    return _neighbourhood_page(hood, "portal/insight/neighbourhood.html")


@bp.get("/insight/<hood>/print")
def insight_print(hood: str) -> Any:
    return _neighbourhood_page(hood, "portal/insight/print.html")


def _neighbourhood_page(hood: str, template: str) -> Any:
    user = _viewer()
    hoods, period = _visible(user, hood), _period()
    built = _neighbourhood_tables(hood, hoods, period)
    mine = access.visible_neighbourhoods(database.session, user, [slug for slug, _ in hoods])
    return render_template(
        template,
        hood=hood,
        hood_name=dict(hoods)[hood],
        others=[(slug, name) for slug, name in hoods if slug in mine and slug != hood],
        sees_borough=access.sees_borough(user),
        period=period,
        period_label=tables.period_label(period),
        choices=_choices(period),
        built=built,
        sample=built["figures"].sample,
        threshold=_threshold(),
    )


@bp.get("/insight/<hood>/<name>.csv")
def insight_csv(hood: str, name: str) -> Any:
    user = _viewer()
    hoods, period = _visible(user, hood), _period()
    return _csv(_neighbourhood_tables(hood, hoods, period), name, f"{hood}-{name}-{period.key}.csv")


@bp.get("/insight/<hood>/chart/<name>.svg")
def insight_chart(hood: str, name: str) -> Any:
    user = _viewer()
    if name not in CHARTS:
        abort(404)
    hoods, period = _visible(user, hood), _period()
    panels = CHARTS[name](_neighbourhood_tables(hood, hoods, period))
    locale = get_locale()
    svg = charts.render(
        panels,
        threshold=_threshold(),
        fewer_text=tables.fewer_than(_threshold()),
        language=locale.language if locale else "en",
    )
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = CHART_CSP
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _csv(built: dict[str, Any], name: str, filename: str) -> Any:
    table = built.get(name)
    if not isinstance(table, tables.Table):
        abort(404)
    response = Response("\ufeff" + table.csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
