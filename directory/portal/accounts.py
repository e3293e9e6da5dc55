"""The rules for portal accounts: passwords, signing in with lock-out, password resets and roles.

Like `directory.portal.reports`, these functions add to or change the caller's session and flush; the caller
owns the transaction and commits. `authenticate` records failed attempts, so commit after a failure too.
Messages are English source text marked with `N_`; whoever shows them translates them.

Passwords are hashed with scrypt (memory-hard, in the standard library) and stored as
"scrypt$n$r$p$salt$hash" (salt and hash in unpadded URL-safe base64), so the cost can be raised later
without invalidating existing hashes. Reset tokens are random; only their SHA-256 is stored.

Council staff may add a second step (one-time codes, `directory.portal.totp`): for them the right password
alone signs no one in, and wrong codes count towards the same lock-out as wrong passwords.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, literal, null, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..errors import N_, ValidationError
from ..interchange.text import clean_plain, is_email_address
from ..models import Membership, Organization, PasswordReset, User, UserRole
from . import totp

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAX_N = 2**20  # refuse stored parameters that would cost more memory than this (about 1 GiB)

MAX_FAILED_LOGINS = 5
LOCK_OUT = timedelta(minutes=15)
RESET_LIFETIME = timedelta(hours=1)
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


MESSAGES = {
    # One message for an unknown address, a wrong password, a locked or a disabled account.
    "sign_in": N_(
        "The email address or password is not right, or the account is locked. "
        "Check them and try again, or reset your password."
    ),
    "email": N_("Enter an email address in the correct format, like name@example.com"),
    "email_taken": N_("An account with this email address already exists"),
    "password_short": N_("Enter a password of at least 12 characters"),
    "password_long": N_("Enter a password of 1024 characters or fewer"),
    "password_repeated": N_("Enter a password that is not one character repeated"),
    "reset_invalid": N_("This link to reset your password has expired or has already been used"),
    "code": N_("Enter the 6-digit code from your authenticator app"),
    "code_wrong": N_("The code is not right or has been used already. Enter the newest code from your app."),
}


class AuthenticationFailed(Exception):
    """Signing in failed; deliberately the same for every reason (no account enumeration)."""

    message = MESSAGES["sign_in"]


class InvalidResetToken(Exception):
    """The reset token is unknown, expired or used."""

    message = MESSAGES["reset_invalid"]


# -- passwords ----------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=128 * r * (n + p + 2) * 2
    )


def hash_password(password: str) -> str:
    """A fresh salted scrypt hash of `password`, as "scrypt$n$r$p$salt$hash"."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether `password` matches `encoded` (constant-time comparison); False for a malformed hash."""
    try:
        scheme, n_text, r_text, p_text, salt_text, digest_text = encoded.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = _unb64(salt_text), _unb64(digest_text)
    except (ValueError, binascii.Error):
        return False
    if scheme != "scrypt" or not (1 < n <= _MAX_N) or n & (n - 1) or not (0 < r <= 32) or not (0 < p <= 16):
        return False
    if not expected:
        return False
    actual = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


_DUMMY_HASH: list[str] = []


def _spend_hashing_time(password: str) -> None:
    """Verify against a throw-away hash, so an unknown address takes as long as a known one."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_urlsafe(16)))
    verify_password(password, _DUMMY_HASH[0])


def password_problems(password: str) -> str | None:
    """The message for a password that breaks the rules, or None. Pasting and managers are welcome."""
    if len(password) < MIN_PASSWORD:
        return MESSAGES["password_short"]
    if len(password) > MAX_PASSWORD:
        return MESSAGES["password_long"]
    if len(set(password)) == 1:
        return MESSAGES["password_repeated"]
    return None


def normalise_email(email: str | None) -> str:
    return clean_plain(email or "").strip().lower()


# -- accounts -----------------------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str = "",
    role: str = UserRole.NONE.value,
    now: datetime,
) -> User:
    """Check and add a new account (flushed, not committed)."""
    address = normalise_email(email)
    errors: dict[str, str] = {}
    if not is_email_address(address):
        errors["email"] = MESSAGES["email"]
    elif find_user(session, address) is not None:
        errors["email"] = MESSAGES["email_taken"]
    problem = password_problems(password)
    if problem:
        errors["password"] = problem
    if role not in set(UserRole):
        raise ValueError(f"unknown role {role!r}")
    if errors:
        raise ValidationError(errors)
    user = User(
        email=address,
        password_hash=hash_password(password),
        display_name=clean_plain(display_name or "")[:200],
        role=role,
        is_active=True,
        failed_logins=0,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    address = normalise_email(email)
    if not address:
        return None
    return session.scalars(select(User).where(User.email == address)).one_or_none()


def authenticate(session: Session, email: str, password: str, now: datetime) -> User:
    """The account for `email` if `password` is right and it is active and not locked out.

    Raises `AuthenticationFailed` (one message for every reason), after the same hashing work whether
    or not the account exists. The fifth failure in a row locks the account for 15 minutes; a success
    clears the count. Changes are flushed: commit after a failure as well as after a success.
    """
    user = find_user(session, email)
    if user is None:
        _spend_hashing_time(password)
        raise AuthenticationFailed()
    if user.locked_until is not None and user.locked_until > now:
        _spend_hashing_time(password)  # not even a right password opens a locked account
        raise AuthenticationFailed()
    if not verify_password(password, user.password_hash) or not user.is_active:
        _count_failure(session, user, now)
        raise AuthenticationFailed()
    if user.totp_secret:  # the count is cleared only after the second step, so codes share the lock-out
        session.flush()
        return user
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return user


def _count_failure(session: Session, user: User, now: datetime) -> None:
    """Count one failed attempt in the database itself, and lock the account when it reaches the limit.

    One UPDATE adds one to the stored count (not to the count this process read earlier), so attempts
    that overlap in other threads and workers are never lost, and the attempt that reaches
    MAX_FAILED_LOGINS sets the lock-out in the same statement. A lock-out that has passed starts a fresh
    count. `user` is brought up to date with what the database now holds."""
    expired = and_(User.locked_until.is_not(None), User.locked_until <= now)
    count = case((expired, 0), else_=func.coalesce(User.failed_logins, 0)) + 1
    lock_until = case(
        (count >= MAX_FAILED_LOGINS, literal(now + LOCK_OUT, User.locked_until.type)),
        (expired, null()),
        else_=User.locked_until,
    )
    stored = session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_logins=count, locked_until=lock_until)
        .returning(User.failed_logins, User.locked_until),
        execution_options={"synchronize_session": False},
    ).one()
    set_committed_value(user, "failed_logins", stored.failed_logins)
    set_committed_value(user, "locked_until", stored.locked_until)


def session_stamp(user: User) -> str:
    """A value kept in the signed-in session: it changes with the password, ending older sessions.

    It covers every way a password is set, including those that do not call `end_sessions`."""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:32]


def end_sessions(session: Session, user: User) -> None:
    """End every session of `user` started so far, wherever its cookie has been copied to.

    A session keeps the account's `session_version` from when it began and is refused once they
    differ; a signed cookie alone cannot be revoked. Raised in SQL, so two at once both count.
    Flushed: the caller commits."""
    user.session_version = User.session_version + 1
    session.flush()


# -- password resets ----------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What is stored for an emailed token (reset, invitation): never the token itself."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_password_reset(session: Session, email: str, now: datetime) -> str | None:
    """A new reset token to email to an active account, or None (the caller says the same either way).

    Only the token's SHA-256 is stored; earlier unused links for the account stop working.
    """
    user = find_user(session, email)
    if user is None or not user.is_active:
        return None
    for earlier in session.scalars(
        select(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
    ):
        earlier.used_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=user.id, token_hash=token_hash(token), created_at=now, expires_at=now + RESET_LIFETIME
        )
    )
    session.flush()
    return token


def _usable_reset(session: Session, token: str, now: datetime) -> PasswordReset | None:
    if not token or len(token) > 200:
        return None
    reset = session.scalars(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    ).one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at <= now or not reset.user.is_active:
        return None
    return reset


def reset_token_is_valid(session: Session, token: str, now: datetime) -> bool:
    return _usable_reset(session, token, now) is not None


def complete_password_reset(session: Session, token: str, new_password: str, now: datetime) -> User:
    """Set a new password with a reset token, once; raises `InvalidResetToken` or `ValidationError`.

    The second step (if any) stays: a reset link proves the email address, not the phone.
    """
    reset = _usable_reset(session, token, now)
    if reset is None:
        raise InvalidResetToken()
    problem = password_problems(new_password)
    if problem:
        raise ValidationError({"password": problem})
    user = reset.user
    user.password_hash = hash_password(new_password)
    user.failed_logins = 0
    user.locked_until = None
    reset.used_at = now
    end_sessions(session, user)  # whoever knew the old password may be signed in
    return user


# -- the second step (one-time codes, council staff only) --------------------------------------------


def needs_second_step(user: User) -> bool:
    return bool(user.totp_secret)


def may_use_second_step(user: User | None) -> bool:
    """Only council staff may turn on one-time codes (organisation users sign in with a password)."""
    return can_moderate(user)


def _code_error(code: str) -> str:
    return MESSAGES["code"] if len(totp.clean_code(code)) != totp.DIGITS else MESSAGES["code_wrong"]


def turn_on_second_step(session: Session, user: User, secret: str, code: str, now: datetime) -> None:
    """Keep `secret` for `user` once they show a current code from it (proof the app holds it)."""
    if not may_use_second_step(user):
        raise PermissionError("only council staff use one-time codes")
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise ValidationError({"code": _code_error(code)})
    user.totp_secret = secret
    user.totp_last_step = step
    session.flush()


def turn_off_second_step(session: Session, user: User, code: str, now: datetime) -> None:
    """Forget the secret, with a current code (so a left-open session alone cannot turn it off)."""
    if not user.totp_secret:
        return
    step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        raise ValidationError({"code": _code_error(code)})
    user.totp_secret = None
    user.totp_last_step = None
    session.flush()


def remove_second_step(session: Session, admin: User, user_id: str) -> User:
    """A council administrator removes another user's second step (a lost phone); KeyError if unknown."""
    if not is_council_admin(admin):
        raise PermissionError("only a council administrator removes a second step")
    user = session.get(User, user_id)
    if user is None:
        raise KeyError(user_id)
    user.totp_secret = None
    user.totp_last_step = None
    end_sessions(session, user)  # a lost phone may be in someone else's hands, signed in
    return user


def check_second_step(session: Session, user: User, code: str, now: datetime) -> User:
    """After the right password: the right current code signs in; raises `AuthenticationFailed`.

    A wrong code counts towards the same lock-out as a wrong password; a used code is refused.
    Flushed: commit after a failure too.
    """
    if (
        not user.is_active
        or not user.totp_secret
        or (user.locked_until is not None and user.locked_until > now)
    ):
        raise AuthenticationFailed()
    step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        _count_failure(session, user, now)
        raise AuthenticationFailed()
    user.totp_last_step = step
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.flush()
    return user


# -- roles --------------------------------------------------------------------------------------------


def can_moderate(user: User | None) -> bool:
    return bool(user and user.is_active and user.role in (UserRole.COUNCIL_ADMIN, UserRole.MODERATOR))


def is_council_admin(user: User | None) -> bool:
    return bool(user and user.is_active and user.role == UserRole.COUNCIL_ADMIN)


def can_edit_organization(session: Session, user: User | None, organization_id: str) -> bool:
    if is_council_admin(user):
        return True
    if user is None or not user.is_active:
        return False
    found = session.scalars(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organization_id == organization_id
        )
    ).first()
    return found is not None


def organization_role(session: Session, user: User | None, organization_id: str) -> str | None:
    """The user's role in the organisation ("org_admin", "org_editor"), or None if not a member."""
    if user is None or not user.is_active:
        return None
    return session.scalars(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.organization_id == organization_id
        )
    ).first()


def memberships(session: Session, user: User) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .join(Organization, Organization.id == Membership.organization_id)
            .where(Membership.user_id == user.id)
            .order_by(Organization.name)
        )
    )
