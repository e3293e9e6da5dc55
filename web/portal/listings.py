"""Council staff browse and search every organisation and listing, and filter them (neighbourhood, need,
status, freshness). A GET form, so a filtered list can be bookmarked or sent to a colleague, and it
works without JavaScript; filter values nobody offered (a hand-edited address) are ignored, not errors."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory.needs import NEED_SLUGS
from directory.portal import accounts, dashboard, freshness

from ..extensions import database
from ..formatting import need_name
from .blueprint import bp
from .common import moderator as _moderator
from .freshness import policy, today
from .labels import neighbourhood_names

STATUS_LABELS = {
    "waiting": lazy_gettext("Changes waiting for checking"),
    "active": lazy_gettext("Open"),
    "temporarily_closed": lazy_gettext("Temporarily closed"),
    "archived": lazy_gettext("Archived"),
}
FRESHNESS_LABELS = {
    "current": lazy_gettext("Checked in the last 6 months"),
    "overdue": lazy_gettext("Overdue for review, still shown"),
    "hidden": lazy_gettext("Hidden as out of date"),
}


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), 100_000))
    except ValueError:
        return 1


@bp.get("/listings")
def listings() -> Any:
    user = _moderator()
    hoods = neighbourhood_names()
    asked = dashboard.ListingFilters(
        text=request.args.get("q", ""),
        neighbourhood=request.args.get("neighbourhood", ""),
        need=request.args.get("need", ""),
        status=request.args.get("status", ""),
        freshness=request.args.get("freshness", ""),
        organisation=request.args.get("organisation", ""),
    )
    filters = asked.clean(neighbourhoods=set(hoods), needs=set(NEED_SLUGS))
    rules = policy()
    now_date = today()
    found = dashboard.find_listings(
        database.session, filters, now_date, page=_page_number(request.args.get("page")), policy=rules
    )
    args = {
        key: value
        for key, value in (
            ("q", filters.text),
            ("neighbourhood", filters.neighbourhood),
            ("need", filters.need),
            ("status", filters.status),
            ("freshness", filters.freshness),
            ("organisation", filters.organisation),
        )
        if value
    }
    organisation_name = None
    if filters.organisation:
        organisation_name = next(
            (s.organization.name for s in found.services if s.organization_id == filters.organisation), None
        )

    def page_url(number: int) -> str:
        return (
            url_for("portal.listings", **args, page=number)
            if number > 1
            else url_for("portal.listings", **args)
        )

    rows = [
        {
            "service": s,
            "hoods": ", ".join(n.name for n in sorted(s.neighbourhoods, key=lambda n: n.name))
            or gettext("Borough-wide, or no neighbourhood set"),
            "waiting": s.id in found.waiting,
            "overdue": freshness.is_overdue(s, now_date, rules),
            "due": freshness.review_due(s, rules),
        }
        for s in found.services
    ]
    return render_template(
        "portal/listings.html",
        filters=filters,
        found=found,
        rows=rows,
        organisations=dashboard.matching_organisations(database.session, filters.text),
        organisation_name=organisation_name,
        neighbourhoods=sorted(hoods.items(), key=lambda item: item[1]),
        no_neighbourhood=dashboard.NO_NEIGHBOURHOOD,
        needs=sorted(((slug, need_name(slug)) for slug in NEED_SLUGS), key=lambda item: item[1]),
        statuses=[(key, str(label)) for key, label in STATUS_LABELS.items()],
        freshness_options=[(key, str(label)) for key, label in FRESHNESS_LABELS.items()],
        filtered=bool(args),
        page_url=page_url,
        is_admin=accounts.is_council_admin(user),
    )
