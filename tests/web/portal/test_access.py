"""Who may reach what in the portal, checked over every route the app has (found in its url_map).

New portal views are covered as soon as they are registered: a stranger is sent to sign in from every
non-public URL, every POST refuses a missing or wrong CSRF token, and a user of another organisation
gets the same answer for a real id as for an invented one. Each check asserts that nothing in the
database changed and that no email was sent.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from directory.models import (
    Invitation,
    ListingReport,
    Membership,
    Organization,
    OrganizationClaim,
    PasswordReset,
    ReviewReminder,
    Schedule,
    Service,
    ServiceRevision,
    User,
)
from directory.portal import revisions
from tests.factories import create_organization, create_service, create_user
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

# Views open without a session. A new one must be reviewed and added here, saying why it is safe.
EXPECTED_PUBLIC = {
    "portal.sign_in",  # the sign-in form itself
    "portal.request_reset",  # asking for a reset link: the same answer whether or not the account exists
    "portal.reset_password",  # the emailed reset link: the token in the path is the credential
    "portal.sign_in_code",  # the one-time code after the right password: works only for that pending step
    "portal.join",  # the emailed invitation: the token is the credential; it sets up the account
    "portal.register",  # a group registers and asks to claim an organisation (rate limited, emails a link)
    "portal.confirm_registration",  # the emailed link confirming the registration's address
    "portal.confirm_link",  # "still accurate" from a reminder email: a signed token; GET only shows a button
}

# Views that any signed-in user may use with another organisation's id (none today). For example, a
# registered user asking to manage an existing organisation names that organisation by its id.
OPEN_TO_ANY_SIGNED_IN_USER: set[str] = set()

METHODS = ("GET", "POST")
PASSWORD_ROLES = {
    "council_admin": "admin@council.example",
    "moderator": "moderator@council.example",
    "org_admin": "orgadmin@alpha.example",
    "org_editor": "editor@alpha.example",
    "other_org_editor": "editor@beta.example",
    "no_membership": "nobody@example.org",
}


# -- the world every test runs in ---------------------------------------------------------------------


@pytest.fixture
def world(rollback_app_session) -> dict[str, str]:
    """Two organisations, a user for each role, and Beta's pending and approved edits, report, claim and
    invitation: the records another organisation's users must never reach."""
    session = rollback_app_session
    now = datetime.now(UTC)
    alpha = create_organization(session, name="Access Alpha Group")
    beta = create_organization(session, name="Access Beta Group")
    alpha_service = create_service(session, name="Alpha Lunch Club", organization=alpha)
    beta_service = create_service(session, name="Beta Warm Space", organization=beta)
    create_user(session, email=PASSWORD_ROLES["council_admin"], role="council_admin")
    moderator = create_user(session, email=PASSWORD_ROLES["moderator"], role="moderator")
    create_user(session, email=PASSWORD_ROLES["org_admin"], organizations=((alpha, "org_admin"),))
    create_user(session, email=PASSWORD_ROLES["org_editor"], organizations=((alpha, "org_editor"),))
    beta_editor = create_user(
        session, email=PASSWORD_ROLES["other_org_editor"], organizations=((beta, "org_editor"),)
    )
    nobody = create_user(session, email=PASSWORD_ROLES["no_membership"])
    approved = revisions.propose_edit(
        session,
        user=beta_editor,
        service_id=beta_service.id,
        changes={"description": "Warm room and hot drinks."},
        now=now - timedelta(days=2),
        base_version=revisions.current_version(session, beta_service.id),
    )
    revisions.approve(session, moderator=moderator, revision_id=approved.id, now=now - timedelta(days=1))
    pending = revisions.propose_edit(
        session,
        user=beta_editor,
        service_id=beta_service.id,
        changes={"name": "Beta Warm Hub"},
        now=now,
        base_version=revisions.current_version(session, beta_service.id),
    )
    report = ListingReport(service_id=beta_service.id, reason="wrong", details="The phone is wrong.")
    claim = OrganizationClaim(user_id=nobody.id, organization_id=beta.id, message="We run it now.")
    invitation = Invitation(
        email="invitee@example.org",
        organization_id=beta.id,
        role="org_editor",
        token_hash=hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest(),
        expires_at=now + timedelta(days=7),
    )
    session.add_all([report, claim, invitation])
    session.commit()
    return {
        "alpha": alpha.id,
        "beta": beta.id,
        "alpha_service": alpha_service.id,
        "beta_service": beta_service.id,
        "pending": pending.id,
        "approved": approved.id,
        "report": report.id,
        "claim": claim.id,
        "invitation": invitation.id,
        "beta_editor": beta_editor.id,
    }


def _rows(*columns: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in database.session.execute(select(*columns)).all())


def _state() -> dict[str, list[tuple[Any, ...]]]:
    """Everything a portal request could change, read fresh from the database."""
    database.session.expire_all()
    return {
        "revisions": _rows(ServiceRevision.id, ServiceRevision.status, ServiceRevision.kind),
        "users": _rows(User.id, User.email, User.password_hash, User.role, User.is_active, User.totp_secret),
        "memberships": _rows(Membership.user_id, Membership.organization_id, Membership.role),
        "reports": _rows(ListingReport.id, ListingReport.status, ListingReport.forwarded_at),
        "claims": _rows(OrganizationClaim.id, OrganizationClaim.status),
        "invitations": _rows(Invitation.id, Invitation.accepted_at, Invitation.expires_at),
        "resets": _rows(PasswordReset.id, PasswordReset.used_at),
        "reminders": _rows(ReviewReminder.id),
        "organizations": _rows(Organization.id, Organization.name, Organization.publishes_directly),
        "services": _rows(
            Service.id,
            Service.name,
            Service.description,
            Service.status,
            Service.archived_at,
            Service.stale_hidden_at,
            Service.assured_date,
        ),
        "schedules": _rows(Schedule.service_id, Schedule.byday, Schedule.opens_at, Schedule.closes_at),
    }


def _changes(before: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    after = _state()
    return [name for name in before if before[name] != after[name]]


# -- finding the routes -------------------------------------------------------------------------------


def _portal_rules(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("portal.")),
        key=lambda rule: rule.rule,
    )


def _is_public(app: Flask, endpoint: str) -> bool:
    return bool(getattr(app.view_functions[endpoint], "portal_public", False))


def _methods(rule: Rule) -> list[str]:
    unexpected = (rule.methods or set()) - {"GET", "POST", "HEAD", "OPTIONS"}
    assert not unexpected, f"{rule.endpoint} answers {unexpected}: add those methods to these tests"
    return [method for method in METHODS if method in (rule.methods or set())]


def _invented(rule: Rule, name: str) -> str | int:
    if f"<int:{name}>" in rule.rule:
        return 987654321
    return secrets.token_urlsafe(32) if "token" in name.lower() else str(uuid.uuid4())


def _real(rule: Rule, name: str, world: dict[str, str]) -> list[str | int]:
    """Beta's records for a path variable, by its name; an invented value when nothing matches."""
    key = name.lower()
    if "revision" in key:
        return [world["pending"], world["approved"]]
    for part, record in (
        ("service", "beta_service"),
        ("report", "report"),
        ("claim", "claim"),
        ("invit", "invitation"),
        ("user", "beta_editor"),
        ("member", "beta_editor"),
        ("org", "beta"),
    ):
        if part in key:
            return [world[record]]
    return [_invented(rule, name)]


def _urls(app: Flask, rule: Rule, method: str, values: dict[str, Any]) -> str:
    return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


def _real_urls(app: Flask, rule: Rule, method: str, world: dict[str, str]) -> list[str]:
    names = sorted(rule.arguments)
    combos: list[dict[str, Any]] = [{}]
    for name in names:
        combos = [{**combo, name: value} for combo in combos for value in _real(rule, name, world)]
    return [_urls(app, rule, method, combo) for combo in combos]


def _invented_url(app: Flask, rule: Rule, method: str) -> str:
    return _urls(app, rule, method, {name: _invented(rule, name) for name in rule.arguments})


@pytest.fixture
def as_user(app: Flask) -> Iterator[Any]:
    """A new client signed in as one of the world's users (by role name)."""

    def signed_in(role: str) -> FlaskClient:
        client = app.test_client()
        response = sign_in(client, email=PASSWORD_ROLES[role])
        assert response.status_code == 303, f"{role} could not sign in"
        return client

    yield signed_in


# -- a stranger ---------------------------------------------------------------------------------------


def test_the_public_portal_views_are_exactly_the_reviewed_list(app):
    public = {rule.endpoint for rule in _portal_rules(app) if _is_public(app, rule.endpoint)}
    assert public == EXPECTED_PUBLIC


def test_a_stranger_is_sent_to_sign_in_from_every_portal_url_and_nothing_changes(app, client, world, mailbox):
    before = _state()
    token = csrf_token(client, "/portal/sign-in")  # a valid token for this (signed-out) session
    checked, problems = 0, []
    for rule in _portal_rules(app):
        public = _is_public(app, rule.endpoint)
        for method in _methods(rule):
            for url in dict.fromkeys(
                [*_real_urls(app, rule, method, world), _invented_url(app, rule, method)]
            ):
                checked += 1
                if method == "GET":
                    response = client.get(url)
                    location = urlsplit(response.headers.get("Location", ""))
                    if public:  # a page, a "link not valid" page, or back to sign in (no step pending)
                        if response.status_code not in (200, 404) and location.path != "/portal/sign-in":
                            problems.append(f"GET {url} (public): {response.status_code}")
                        continue
                    if (
                        response.status_code != 303
                        or location.path != "/portal/sign-in"
                        or parse_qs(location.query).get("next") != [url]
                    ):
                        problems.append(f"GET {url}: {response.status_code} {location.geturl()}")
                    continue
                refused = client.post(url, data={})
                if refused.status_code != 400:
                    problems.append(f"POST {url} without a CSRF token: {refused.status_code}")
                if public:  # an empty form with a valid token: refused or asked again, never an error
                    response = client.post(url, data={"csrf_token": token})
                    if response.status_code >= 500:
                        problems.append(f"POST {url} (public) with a token: {response.status_code}")
                    continue
                response = client.post(url, data={"csrf_token": token})
                location = urlsplit(response.headers.get("Location", ""))
                if response.status_code != 303 or location.path != "/portal/sign-in" or location.query:
                    problems.append(f"POST {url} with a token: {response.status_code} {location.geturl()}")
    assert not problems, "\n".join(problems)
    assert checked >= 10
    assert _changes(before) == []
    assert mailbox == []
    with client.session_transaction() as session:
        assert "portal_user" not in session


# -- CSRF ---------------------------------------------------------------------------------------------


def test_every_post_form_refuses_a_missing_or_wrong_csrf_token_and_changes_nothing(
    app, world, as_user, mailbox
):
    """Signed in as a council administrator, who may do everything: only the token is wrong."""
    admin = as_user("council_admin")
    other = app.test_client()
    other_token = csrf_token(other, "/portal/sign-in")  # valid, but for another browser's session
    before = _state()
    posted, problems = 0, []
    for rule in _portal_rules(app):
        if "POST" not in _methods(rule):
            continue
        for url in _real_urls(app, rule, "POST", world):
            for label, data in (
                ("no token", {}),
                ("a made-up token", {"csrf_token": "IjEyMzQ1Njc4OTAi.Zz9Zzw.not-a-real-signature"}),
                ("another session's token", {"csrf_token": other_token}),
            ):
                posted += 1
                response = admin.post(url, data={**data, "note": "x", "email": "x@example.org"})
                if response.status_code != 400:
                    problems.append(f"POST {url} with {label}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert posted >= 3 * 4
    assert _changes(before) == []
    assert mailbox == []
    assert admin.get("/portal/").status_code == 200  # still signed in: even sign-out was refused


# -- other organisations' records ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["org_editor", "org_admin", "no_membership"])
def test_another_organisations_ids_get_the_same_answer_as_invented_ids_and_change_nothing(
    app, world, as_user, mailbox, role
):
    """Guessing Beta's ids (services, revisions, reports, claims...) tells an outsider nothing."""
    user = as_user(role)
    token = csrf_token(user, "/portal/password-reset")  # the session's token, valid for every form
    before = _state()
    checked, problems = 0, []
    for rule in _portal_rules(app):
        if (
            not rule.arguments
            or _is_public(app, rule.endpoint)
            or rule.endpoint in OPEN_TO_ANY_SIGNED_IN_USER
        ):
            continue
        for method in _methods(rule):
            invented = _invented_url(app, rule, method)
            for url in _real_urls(app, rule, method, world):
                checked += 1
                if method == "GET":
                    real, made_up = user.get(url), user.get(invented)
                else:
                    real = user.post(url, data={"csrf_token": token})
                    made_up = user.post(invented, data={"csrf_token": token})
                if real.status_code not in (403, 404) or real.status_code != made_up.status_code:
                    problems.append(
                        f"{method} {url}: {real.status_code} (invented id: {made_up.status_code})"
                    )
    assert not problems, "\n".join(problems)
    assert checked >= 5
    assert _changes(before) == []
    assert mailbox == []


def test_an_organisation_user_opens_their_own_service_but_gets_404_for_another_organisations(world, as_user):
    for role in ("org_editor", "org_admin", "council_admin"):
        user = as_user(role)
        assert user.get(f"/portal/services/{world['alpha_service']}/edit").status_code == 200, role
    for role in ("org_editor", "org_admin", "no_membership"):
        user = as_user(role)
        assert user.get(f"/portal/services/{world['beta_service']}/edit").status_code == 404, role


def test_an_edit_posted_to_another_organisations_service_is_404_and_stores_nothing(world, as_user, mailbox):
    user = as_user("org_admin")
    url = f"/portal/services/{world['beta_service']}/edit"
    token = csrf_token(user, "/portal/password-reset")
    before = _state()
    form = {"csrf_token": token, "name": "Taken Over", "description": "Mine now.", "email": "", "url": ""}
    assert user.post(url, data=form).status_code == 404
    assert _changes(before) == []
    assert mailbox == []


# -- the moderators' pages ----------------------------------------------------------------------------

ORGANISATION_ROLES = ("org_admin", "org_editor", "other_org_editor", "no_membership")


def test_only_moderators_and_council_admins_see_the_moderation_queue(world, as_user):
    for role in ("moderator", "council_admin"):
        page = as_user(role).get("/portal/moderation")
        assert page.status_code == 200, role
        assert "Beta Warm Hub" in page.get_data(as_text=True)
    for role in ORGANISATION_ROLES:
        assert as_user(role).get("/portal/moderation").status_code == 403, role


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_no_organisation_user_can_decide_a_pending_edit_even_their_own(world, as_user, mailbox, decision):
    url = f"/portal/moderation/{world['pending']}/{decision}"
    before = _state()
    for role in ORGANISATION_ROLES:
        user = as_user(role)
        token = csrf_token(user, "/portal/password-reset")
        assert user.post(url, data={"csrf_token": token, "note": "mine"}).status_code == 403, role
    assert _changes(before) == []
    assert mailbox == []
    moderator = as_user("moderator")  # the same request from a moderator works: the check is the role
    token = csrf_token(moderator, "/portal/password-reset")
    assert moderator.post(url, data={"csrf_token": token, "note": ""}).status_code == 303
    assert database.session.get(ServiceRevision, world["pending"], populate_existing=True).status == (
        "approved" if decision == "approve" else "rejected"
    )


# -- each role's pages --------------------------------------------------------------------------------

ROLES = ("council_admin", "moderator", "org_admin", "org_editor", "other_org_editor", "no_membership")
# The status each role gets on GET, in the order of ROLES ("alpha_service" and "beta" are the world's).
ROLE_MATRIX = {
    "/portal/moderation": (200, 200, 403, 403, 403, 403),
    "/portal/moderation/overview": (200, 200, 403, 403, 403, 403),
    "/portal/moderation/overdue": (200, 200, 403, 403, 403, 403),
    "/portal/listings": (200, 200, 403, 403, 403, 403),
    "/portal/reports": (200, 200, 403, 403, 403, 403),
    "/portal/claims": (200, 200, 403, 403, 403, 403),
    "/portal/invitations": (200, 403, 200, 403, 403, 403),  # organisation admins invite to their own
    "/portal/users": (200, 403, 403, 403, 403, 403),
    "/portal/organisations/{beta}": (200, 403, 403, 403, 403, 403),
    "/portal/services/{alpha_service}": (200, None, 200, 200, 404, 404),  # None: not asserted
    "/portal/services/{alpha_service}/edit": (200, None, 200, 200, 404, 404),
}


def test_each_role_gets_exactly_the_pages_it_should(app, world, as_user):
    adapter = app.url_map.bind("localhost")
    problems = []
    for column, role in enumerate(ROLES):
        user = as_user(role)
        for template, statuses in ROLE_MATRIX.items():
            url = template.format(**world)
            adapter.match(url, method="GET")  # the route exists (a NotFound error here means it was removed)
            expected = statuses[column]
            got = user.get(url).status_code
            if expected is not None and got != expected:
                problems.append(f"{role} GET {url}: {got}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_an_organisation_admin_cannot_invite_someone_to_another_organisation(world, as_user, mailbox):
    user = as_user("org_admin")
    token = csrf_token(user, "/portal/invitations")
    before = _state()
    for role in ("org_admin", "org_editor"):
        response = user.post(
            "/portal/invitations",
            data={
                "csrf_token": token,
                "email": "friend@example.org",
                "organization": world["beta"],
                "role": role,
            },
        )
        assert response.status_code in (400, 403, 404), role
    assert _changes(before) == []
    assert mailbox == []


def test_no_organisation_user_can_decide_a_claim_or_a_report(world, as_user, mailbox):
    before = _state()
    for role in ORGANISATION_ROLES:
        user = as_user(role)
        token = csrf_token(user, "/portal/password-reset")
        for url in (
            f"/portal/claims/{world['claim']}/approve",
            f"/portal/claims/{world['claim']}/reject",
            f"/portal/reports/{world['report']}/resolve",
            f"/portal/reports/{world['report']}/dismiss",
        ):
            assert user.post(url, data={"csrf_token": token, "note": ""}).status_code == 403, (role, url)
    assert _changes(before) == []
    assert mailbox == []


def test_no_organisation_user_can_restore_an_earlier_version_even_of_their_own_listing(
    world, as_user, mailbox
):
    url = f"/portal/services/{world['beta_service']}/revisions/{world['approved']}/restore"
    before = _state()
    for role in ORGANISATION_ROLES:  # "other_org_editor" is Beta's own editor, who wrote the revision
        user = as_user(role)
        token = csrf_token(user, "/portal/password-reset")
        assert user.post(url, data={"csrf_token": token, "version": "before"}).status_code == 403, role
    assert _changes(before) == []
    assert mailbox == []
    moderator = as_user("moderator")  # the same request from a moderator restores: the check is the role
    token = csrf_token(moderator, "/portal/password-reset")
    assert moderator.post(url, data={"csrf_token": token, "version": "before"}).status_code == 303
    assert "revisions" in _changes(before)
