"""Council administrators' side of neighbourhood insight: who is in the neighbourhood team and which
neighbourhoods each member sees, and the tokens of the open aggregate feed (`/api/insight/demand`).

Members join through an invitation (`joining`); here their neighbourhoods are changed or their access
removed. A token's secret is shown once, on the page that issues it, and never again: only its hash is
kept (`directory.insight.tokens`), so the page that shows it is never cached. The rules are in
`directory.portal.neighbourhood_team` and `directory.insight.tokens`; each change is one unit of work.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from directory.errors import ValidationError
from directory.insight import tokens
from directory.portal import accounts, neighbourhood_team

from ..extensions import database
from ..formatting import and_list
from ..transaction import transaction
from .blueprint import bp
from .common import now as _now
from .common import signed_in_user
from .errors import error_items
from .forms import AcceptForm

log = logging.getLogger(__name__)

MAX_CHOSEN = 100  # more checkboxes than there are neighbourhoods is not a form this page sent


def _admin() -> Any:
    user = signed_in_user()
    if not accounts.is_council_admin(user):
        abort(403)
    return user


def _field_errors(errors: list[dict[str, str | None]]) -> dict[str, str]:
    return {str(e["field"]): str(e["message"]) for e in errors if e["field"]}


def _hoods() -> list[Any]:
    return neighbourhood_team.every_neighbourhood(database.session)


def _names(slugs: list[str], hoods: list[Any]) -> list[str]:
    names = {hood.slug: hood.name for hood in hoods}
    return [names.get(slug, slug) for slug in slugs]


def _who(user: Any) -> str:
    return f"{user.display_name} ({user.email})" if user.display_name else user.email


# -- the neighbourhood team ---------------------------------------------------------------------------


@bp.get("/insight/team")
def insight_team() -> Any:
    user = _admin()
    hoods = _hoods()
    people = [
        (member, _names(member.neighbourhoods, hoods))
        for member in neighbourhood_team.members(database.session, user)
    ]
    return render_template("portal/insight/team.html", people=people)


@bp.route("/insight/team/<user_id>", methods=["GET", "POST"])
def insight_team_member(user_id: str) -> Any:
    """Change which neighbourhoods a member sees (at least one)."""
    user = _admin()
    hoods = _hoods()
    form = AcceptForm()
    errors: list[dict[str, str | None]] = []
    try:
        member = neighbourhood_team.member(database.session, user, user_id)
    except neighbourhood_team.NotFound:
        abort(404)
    chosen = set(member.neighbourhoods)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        wanted = request.form.getlist("neighbourhoods")[:MAX_CHOSEN]
        try:
            with transaction():
                changed = neighbourhood_team.change_neighbourhoods(
                    database.session, admin=user, user_id=user_id, slugs=wanted
                )
                message = gettext(
                    "%(who)s now sees the insight of %(neighbourhoods)s.",
                    who=_who(changed.user),
                    neighbourhoods=and_list(_names(changed.neighbourhoods, hoods)),
                )
        except neighbourhood_team.NotFound:  # pragma: no cover - found just above
            abort(404)
        except ValidationError as exc:
            errors = error_items(exc)
            chosen = set(wanted)
        else:
            log.info("a neighbourhood team member's neighbourhoods were changed")
            flash(message, "notice")
            return redirect(url_for("portal.insight_team"), code=303)
    return render_template(
        "portal/insight/team_member.html",
        member=member,
        hoods=hoods,
        chosen=chosen,
        form=form,
        errors=errors,
        field_errors=_field_errors(errors),
    ), (400 if errors else 200)


@bp.route("/insight/team/<user_id>/remove", methods=["GET", "POST"])
def insight_team_remove(user_id: str) -> Any:
    """GET asks to confirm; POST removes the member's insight access and ends their sessions."""
    user = _admin()
    form = AcceptForm()
    try:
        member = neighbourhood_team.member(database.session, user, user_id)
    except neighbourhood_team.NotFound:
        abort(404)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            with transaction():
                removed = neighbourhood_team.remove_access(database.session, admin=user, user_id=user_id)
                message = gettext(
                    "%(who)s no longer has insight access. They have been signed out.", who=_who(removed)
                )
        except neighbourhood_team.NotFound:  # pragma: no cover - found just above
            abort(404)
        log.info("a neighbourhood team member's insight access was removed")
        flash(message, "notice")
        return redirect(url_for("portal.insight_team"), code=303)
    names = _names(member.neighbourhoods, _hoods())
    return render_template("portal/insight/team_remove.html", member=member, names=names, form=form)


# -- feed tokens --------------------------------------------------------------------------------------


def _tokens_page(
    *, errors: list[dict[str, str | None]], name: str, chosen: set[str], issued: tuple[Any, str] | None
) -> Any:
    hoods = _hoods()
    rows = [
        (token, owner, tokens.status(token, owner), _names(tokens.scope(token) or [], hoods))
        for token, owner in tokens.listed(database.session)
    ]
    return render_template(
        "portal/insight/tokens.html",
        rows=rows,
        hoods=hoods,
        name=name,
        chosen=chosen,
        issued=issued,
        errors=errors,
        field_errors=_field_errors(errors),
        form=AcceptForm(),
        statuses={"active": tokens.ACTIVE, "revoked": tokens.REVOKED, "owner_gone": tokens.OWNER_GONE},
    )


@bp.route("/insight/tokens", methods=["GET", "POST"])
def insight_tokens() -> Any:
    """The feed's tokens; POST issues one and shows its secret on this answer only."""
    user = _admin()
    errors: list[dict[str, str | None]] = []
    name = ""
    chosen: set[str] = set()
    issued: tuple[Any, str] | None = None
    if request.method == "POST":
        if not AcceptForm().validate_on_submit():
            abort(400)
        name = (request.form.get("name") or "")[:500]
        wanted = request.form.getlist("neighbourhoods")[:MAX_CHOSEN]
        chosen = set(wanted)
        try:
            with transaction():
                token, raw = tokens.issue(
                    database.session,
                    owner=user,
                    name=name,
                    neighbourhoods=wanted,
                    every=[hood.slug for hood in _hoods()],
                    now=_now(),
                )
                issued = (token.name, raw)
        except ValidationError as exc:
            errors = error_items(exc)
        else:
            log.info("a feed token was issued")
            name, chosen = "", set()
    body = _tokens_page(errors=errors, name=name, chosen=chosen, issued=issued)
    return body, (400 if errors else 200), {"Cache-Control": "no-store"}


@bp.route("/insight/tokens/<token_id>/revoke", methods=["GET", "POST"])
def insight_token_revoke(token_id: str) -> Any:
    """GET asks to confirm; POST stops the token working for good."""
    user = _admin()
    form = AcceptForm()
    found = next((row for row in tokens.listed(database.session) if row[0].id == token_id), None)
    if found is None or found[0].revoked_at is not None:
        abort(404)
    token, owner = found
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            with transaction():
                revoked = tokens.revoke(database.session, by=user, token_id=token_id, now=_now())
                message = gettext(
                    "The token “%(name)s” (%(prefix)s…) is revoked. It no longer works.",
                    name=revoked.name,
                    prefix=revoked.prefix,
                )
        except tokens.NotFound:  # pragma: no cover - found just above
            abort(404)
        log.info("a feed token was revoked")
        flash(message, "notice")
        return redirect(url_for("portal.insight_tokens"), code=303)
    return render_template("portal/insight/tokens_revoke.html", token=token, owner=owner, form=form)
