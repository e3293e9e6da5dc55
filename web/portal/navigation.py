"""The navigation every portal page shows, so no page is a dead end: the links a user's roles allow,
the current area marked for screen readers (`aria-current`), and signing out.

It reads the user `auth.require_session` found for this request and never looks the session up itself:
public pages (signing in, links sent by email) must not refresh or end a session by being shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from directory.insight import access
from directory.opening import LONDON
from directory.portal import accounts, joining

from .. import formatting as fmt
from ..extensions import database
from .blueprint import bp

# Which area each view belongs to, for `aria-current`; views not named here are part of no area.
AREAS = {
    "portal.dashboard": "home",
    "portal.listings": "listings",
    "portal.organisation": "listings",
    "portal.overdue_listings": "listings",
    "portal.moderation": "moderation",
    "portal.moderation_overview": "moderation",
    "portal.claims": "moderation",
    "portal.reports": "moderation",
    "portal.invite": "invitations",
    "portal.two_step": "account",
    "portal.users": "account",
    "portal.insight": "insight",
    "portal.insight_borough": "insight",
    "portal.insight_neighbourhood": "insight",
    "portal.insight_team": "insight",
    "portal.insight_tokens": "insight",
}


@dataclass(frozen=True)
class NavLink:
    area: str
    href: str
    label: str
    current: bool


def nav_links() -> list[NavLink]:
    """The signed-in user's links, in a fixed order; none on a page shown without a session."""
    user = g.get("portal_current_user")
    if user is None:
        return []
    here = AREAS.get(request.endpoint or "")
    links = [("home", url_for("portal.dashboard"), gettext("Home"))]
    if accounts.can_moderate(user):
        links.append(("listings", url_for("portal.listings"), gettext("Listings")))
        links.append(("moderation", url_for("portal.moderation"), gettext("Moderation")))
    if access.can_see_insight(user):
        links.append(("insight", url_for("portal.insight"), gettext("Insight")))
    if joining.may_invite(database.session, user):
        links.append(("invitations", url_for("portal.invite"), gettext("Invitations")))
    if accounts.may_use_second_step(user):
        links.append(("account", url_for("portal.two_step"), gettext("Two-step sign-in")))
    return [NavLink(area, href, label, area == here) for area, href, label in links]


def when(value: datetime) -> Markup:
    """A moment as the borough's date and 24-hour time, kept in one piece in right-to-left text."""
    local = value.astimezone(LONDON)
    return fmt.isolate(f"{fmt.long_date(local.date())} {local:%H:%M}")


@bp.context_processor
def _navigation() -> dict[str, Any]:
    return {"portal_nav_links": nav_links, "portal_when": when}
