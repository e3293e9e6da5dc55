"""Two-step sign-in for council staff: turning one-time codes on and off, the code step of signing in,
and a council administrator removing someone's second step (a lost phone). Rules: `directory.portal.accounts`
and `directory.portal.totp`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from sqlalchemy import select

from directory.errors import ValidationError
from directory.models import User
from directory.portal import accounts, totp

from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import now as _now
from .common import signed_in_user
from .common import too_many as _too_many
from .errors import rate_limited
from .forms import AcceptForm, CodeForm

log = logging.getLogger(__name__)

SETUP_KEY = "portal_totp_setup"  # a random nonce; the secret is derived from it, never kept in the cookie
ISSUER = "Around Here"


def _setup_secret(user: User) -> str:
    """The secret offered while turning the second step on: the same on every load of the page."""
    nonce = session.get(SETUP_KEY)
    if not isinstance(nonce, str):
        nonce = session[SETUP_KEY] = secrets.token_urlsafe(16)
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, f"totp-setup:{user.id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[: totp.SECRET_BYTES]).decode("ascii").rstrip("=")


def _staff() -> User:
    user = signed_in_user()
    if not accounts.may_use_second_step(user):
        abort(403)
    return user


@bp.route("/two-step", methods=["GET", "POST"])
def two_step() -> Any:
    user = _staff()
    form = CodeForm()
    errors: list[dict[str, str | None]] = []
    if user.totp_secret:
        return render_template("portal/two_step_on.html", form=form, errors=errors)
    secret = _setup_secret(user)
    if request.method == "POST" and form.validate_on_submit():
        try:
            with transaction():
                accounts.turn_on_second_step(database.session, user, secret, form.code.data or "", _now())
        except ValidationError as exc:
            errors = [{"message": gettext(m), "field": "code"} for m in exc.errors.values()]
        else:
            session.pop(SETUP_KEY, None)
            log.info("two-step sign-in turned on for a council user")
            flash(
                gettext("Two-step sign-in is on. You will need a code from your app each time you sign in."),
                "notice",
            )
            return redirect(url_for("portal.two_step"), code=303)
    form.code.data = ""
    return render_template(
        "portal/two_step.html",
        form=form,
        errors=errors,
        grouped_secret=totp.grouped(secret),
        uri=totp.provisioning_uri(secret, account=user.email, issuer=ISSUER),
    ), (400 if errors else 200)


@bp.post("/two-step/off")
def two_step_off() -> Any:
    user = _staff()
    form = CodeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with transaction():
            accounts.turn_off_second_step(database.session, user, form.code.data or "", _now())
    except ValidationError as exc:
        errors = [{"message": gettext(m), "field": "code"} for m in exc.errors.values()]
        form.code.data = ""
        return render_template("portal/two_step_on.html", form=form, errors=errors), 400
    log.info("two-step sign-in turned off by a council user")
    flash(gettext("Two-step sign-in is off."), "notice")
    return redirect(url_for("portal.two_step"), code=303)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@auth.public
def sign_in_code() -> Any:
    pending = auth.pending_second_step()
    if pending is None:
        return redirect(url_for("portal.sign_in"), code=303)
    user, nxt = pending
    form = CodeForm()
    errors: list[dict[str, str | None]] = []
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        wait = _too_many("portal-code", "PORTAL_CODE_RATE_LIMIT")
        if wait is not None:
            return rate_limited(
                wait,
                gettext("Too many attempts to sign in. Wait a few minutes and try again."),
                lambda errors: render_template("portal/sign_in_code.html", form=form, errors=errors),
            )
        try:
            accounts.check_second_step(database.session, user, form.code.data or "", _now())
        except accounts.AuthenticationFailed:
            database.session.commit()  # keep the count of failed attempts
            if user.locked_until is not None and user.locked_until > _now():
                auth.sign_out()
                flash(gettext("Too many wrong codes: the account is locked for 15 minutes."), "notice")
                return redirect(url_for("portal.sign_in"), code=303)
            errors = [{"message": gettext(accounts.MESSAGES["code_wrong"]), "field": "code"}]
            status = 400
        else:
            database.session.commit()
            auth.sign_in(user)
            return redirect(nxt or url_for("portal.dashboard"), code=303)
    form.code.data = ""
    return render_template("portal/sign_in_code.html", form=form, errors=errors), status


# -- council administrators: removing someone's second step --------------------------------------------


def _council_admin() -> User:
    user = signed_in_user()
    if not accounts.is_council_admin(user):
        abort(403)
    return user


@bp.get("/users")
def users() -> Any:
    _council_admin()
    people = database.session.scalars(
        select(User).where(User.totp_secret.is_not(None)).order_by(User.email)
    ).all()
    return render_template("portal/two_step_users.html", people=people, form=AcceptForm())


@bp.post("/users/<user_id>/two-step/remove")
def remove_two_step(user_id: str) -> Any:
    admin = _council_admin()
    if not AcceptForm().validate_on_submit():
        abort(400)
    try:
        with transaction():
            accounts.remove_second_step(database.session, admin, user_id)
    except KeyError:  # no such user; a KeyError is too broad to answer as 404 everywhere (errors.py)
        abort(404)
    log.info("a council administrator removed a user's two-step sign-in")
    flash(
        gettext("Two-step sign-in is removed. They can sign in with their password and turn it on again."),
        "notice",
    )
    return redirect(url_for("portal.users"), code=303)
