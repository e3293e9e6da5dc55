"""Portal accounts: scrypt password hashes, lock-out, generic failures, one-use reset tokens, roles."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.models import PasswordReset
from directory.portal import accounts
from tests.factories import TEST_PASSWORD, create_organization, create_user

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_password_hash_records_scrypt_and_its_parameters_and_verifies():
    encoded = accounts.hash_password("a long enough password")
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(accounts._unb64(salt)) == 16 and len(accounts._unb64(digest)) == 32
    assert "a long enough password" not in encoded
    assert accounts.verify_password("a long enough password", encoded)


def test_a_wrong_password_does_not_verify():
    encoded = accounts.hash_password("a long enough password")
    assert not accounts.verify_password("a long enough passworD", encoded)
    assert not accounts.verify_password("", encoded)


def test_the_same_password_gets_a_different_salt_and_hash_each_time():
    first, second = accounts.hash_password("same password here"), accounts.hash_password("same password here")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert accounts.verify_password("same password here", first)
    assert accounts.verify_password("same password here", second)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "plain",
        "md5$1$2$3$abc$def",
        "scrypt$16384$8$1$!!$??",
        f"scrypt${2**30}$8$1$AAAA$AAAA",
        "scrypt$3$8$1$AA$AA",
    ],
)
def test_a_malformed_or_too_costly_stored_hash_never_verifies(encoded):
    assert not accounts.verify_password("anything at all", encoded)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", "password_short"),
        ("a" * 12, "password_repeated"),
        ("x" * 1025 + "y", "password_long"),
    ],
)
def test_passwords_that_break_the_rules_are_refused_with_a_reason(password, message):
    assert accounts.password_problems(password) == accounts.MESSAGES[message]


def test_a_twelve_character_password_with_spaces_and_symbols_is_accepted():
    assert accounts.password_problems("pasted: 🔑 ok!") is None


def test_a_user_is_created_with_a_lower_cased_email_and_a_hashed_password(db_session):
    user = create_user(db_session, email="  Editor@Example.ORG ")
    assert user.email == "editor@example.org"
    assert user.password_hash.startswith("scrypt$") and TEST_PASSWORD not in user.password_hash
    assert (user.role, user.is_active, user.failed_logins, user.locked_until) == ("none", True, 0, None)


def test_a_second_account_with_the_same_email_in_other_case_is_refused(db_session):
    create_user(db_session, email="editor@example.org")
    with pytest.raises(accounts.ValidationError) as refused:
        create_user(db_session, email="EDITOR@example.org")
    assert refused.value.errors == {"email": accounts.MESSAGES["email_taken"]}


def test_creating_a_user_explains_a_bad_email_and_a_weak_password_together(db_session):
    with pytest.raises(accounts.ValidationError) as refused:
        accounts.create_user(db_session, email="not-an-email", password="short", now=NOW)
    assert set(refused.value.errors) == {"email", "password"}


def test_the_right_password_signs_in_and_records_the_time(db_session):
    create_user(db_session, email="editor@example.org")
    user = accounts.authenticate(db_session, "EDITOR@example.org", TEST_PASSWORD, NOW)
    assert user.last_login_at == NOW and user.failed_logins == 0


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_one(db_session):
    user = create_user(db_session)
    for attempt in range(5):
        with pytest.raises(accounts.AuthenticationFailed):
            accounts.authenticate(db_session, user.email, "wrong password!", NOW + timedelta(seconds=attempt))
    assert user.locked_until == NOW + timedelta(seconds=4) + accounts.LOCK_OUT
    with pytest.raises(accounts.AuthenticationFailed):
        accounts.authenticate(db_session, user.email, TEST_PASSWORD, NOW + timedelta(minutes=14))
    released = accounts.authenticate(
        db_session, user.email, TEST_PASSWORD, NOW + timedelta(minutes=15, seconds=5)
    )
    assert released.id == user.id
    assert (released.failed_logins, released.locked_until) == (0, None)


def test_four_wrong_passwords_then_the_right_one_clear_the_count(db_session):
    user = create_user(db_session)
    for _ in range(4):
        with pytest.raises(accounts.AuthenticationFailed):
            accounts.authenticate(db_session, user.email, "wrong password!", NOW)
    accounts.authenticate(db_session, user.email, TEST_PASSWORD, NOW)
    assert (user.failed_logins, user.locked_until) == (0, None)


def test_unknown_email_wrong_password_locked_and_disabled_accounts_fail_the_same_way(db_session):
    user = create_user(db_session, email="locked@example.org")
    disabled = create_user(db_session, email="disabled@example.org")
    disabled.is_active = False
    user.locked_until = NOW + timedelta(minutes=5)
    failures = []
    for email, password in [
        ("nobody@example.org", TEST_PASSWORD),
        ("locked@example.org", TEST_PASSWORD),
        ("disabled@example.org", TEST_PASSWORD),
        ("locked@example.org", "wrong password!"),
    ]:
        with pytest.raises(accounts.AuthenticationFailed) as failed:
            accounts.authenticate(db_session, email, password, NOW)
        failures.append((type(failed.value), failed.value.message, str(failed.value)))
    assert len(set(failures)) == 1


def test_an_unknown_email_still_spends_the_hashing_time(db_session, monkeypatch):
    calls = []
    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda *a: calls.append(a) or real(*a))
    with pytest.raises(accounts.AuthenticationFailed):
        accounts.authenticate(db_session, "nobody@example.org", "some password!", NOW)
    assert len(calls) == 1 and calls[0][1].startswith("scrypt$")


def test_a_reset_token_is_stored_only_as_its_sha256_and_sets_a_new_password_once(db_session):
    user = create_user(db_session)
    token = accounts.start_password_reset(db_session, "Editor@example.org", NOW)
    assert token and len(token) >= 40
    reset = db_session.scalars(select(PasswordReset).where(PasswordReset.user_id == user.id)).one()
    assert reset.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert reset.expires_at == NOW + timedelta(hours=1)
    accounts.complete_password_reset(db_session, token, "a brand new password", NOW + timedelta(minutes=5))
    assert accounts.verify_password("a brand new password", user.password_hash)
    with pytest.raises(accounts.InvalidResetToken):
        accounts.complete_password_reset(
            db_session, token, "another new password", NOW + timedelta(minutes=6)
        )


def test_a_reset_token_expires_after_an_hour(db_session):
    create_user(db_session)
    token = accounts.start_password_reset(db_session, "editor@example.org", NOW)
    assert accounts.reset_token_is_valid(db_session, token, NOW + timedelta(minutes=59))
    assert not accounts.reset_token_is_valid(db_session, token, NOW + timedelta(hours=1))
    with pytest.raises(accounts.InvalidResetToken):
        accounts.complete_password_reset(db_session, token, "a brand new password", NOW + timedelta(hours=1))


def test_a_newer_reset_link_replaces_the_older_one(db_session):
    create_user(db_session)
    first = accounts.start_password_reset(db_session, "editor@example.org", NOW)
    second = accounts.start_password_reset(db_session, "editor@example.org", NOW)
    assert not accounts.reset_token_is_valid(db_session, first, NOW)
    assert accounts.reset_token_is_valid(db_session, second, NOW)


def test_a_weak_new_password_is_refused_and_the_token_still_works(db_session):
    create_user(db_session)
    token = accounts.start_password_reset(db_session, "editor@example.org", NOW)
    with pytest.raises(accounts.ValidationError):
        accounts.complete_password_reset(db_session, token, "short", NOW)
    assert accounts.reset_token_is_valid(db_session, token, NOW)


def test_a_reset_for_an_unknown_email_gives_no_token_and_stores_nothing(db_session):
    before = db_session.scalars(select(PasswordReset)).all()
    assert accounts.start_password_reset(db_session, "nobody@example.org", NOW) is None
    assert db_session.scalars(select(PasswordReset)).all() == before


def test_a_reset_unlocks_a_locked_account(db_session):
    user = create_user(db_session)
    user.locked_until, user.failed_logins = NOW + timedelta(minutes=10), 5
    token = accounts.start_password_reset(db_session, user.email, NOW)
    accounts.complete_password_reset(db_session, token, "a brand new password", NOW)
    assert accounts.authenticate(db_session, user.email, "a brand new password", NOW).id == user.id


def test_roles_decide_who_moderates_and_which_organisations_a_user_may_edit(db_session):
    mine = create_organization(db_session, name="Aaa Mine")
    other = create_organization(db_session, name="Aaa Other")
    editor = create_user(db_session, email="editor@example.org", organizations=((mine, "org_editor"),))
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    assert not accounts.can_moderate(editor)
    assert accounts.can_moderate(moderator) and accounts.can_moderate(admin)
    assert accounts.can_edit_organization(db_session, editor, mine.id)
    assert not accounts.can_edit_organization(db_session, editor, other.id)
    assert not any(accounts.can_edit_organization(db_session, moderator, o.id) for o in (mine, other))
    assert all(accounts.can_edit_organization(db_session, admin, o.id) for o in (mine, other))
    admin.is_active = False
    assert not accounts.can_moderate(admin)
    assert not any(accounts.can_edit_organization(db_session, admin, o.id) for o in (mine, other))


# -- the second step (one-time codes) -----------------------------------------------------------------


def _with_second_step(db_session, *, role="moderator"):
    from directory.portal import totp

    user = create_user(db_session, email="staff@example.org", role=role)
    secret = totp.new_secret()
    accounts.turn_on_second_step(db_session, user, secret, totp.code_at(secret, NOW), NOW)
    return user, secret


def test_council_staff_turn_on_the_second_step_only_with_a_current_code(db_session):
    from directory.portal import totp

    user = create_user(db_session, email="staff@example.org", role="moderator")
    secret = totp.new_secret()
    with pytest.raises(accounts.ValidationError) as wrong:
        accounts.turn_on_second_step(
            db_session, user, secret, "000000" if totp.code_at(secret, NOW) != "000000" else "111111", NOW
        )
    assert wrong.value.errors == {"code": accounts.MESSAGES["code_wrong"]}
    with pytest.raises(accounts.ValidationError) as short:
        accounts.turn_on_second_step(db_session, user, secret, "123", NOW)
    assert short.value.errors == {"code": accounts.MESSAGES["code"]}
    assert user.totp_secret is None
    accounts.turn_on_second_step(db_session, user, secret, totp.code_at(secret, NOW), NOW)
    assert user.totp_secret == secret and user.totp_last_step == totp.step_at(NOW)
    assert accounts.needs_second_step(user)


def test_an_organisation_user_cannot_turn_on_the_second_step(db_session):
    from directory.portal import totp

    user = create_user(db_session)
    secret = totp.new_secret()
    with pytest.raises(PermissionError):
        accounts.turn_on_second_step(db_session, user, secret, totp.code_at(secret, NOW), NOW)
    assert user.totp_secret is None


def test_with_a_second_step_the_right_password_alone_does_not_record_a_sign_in(db_session):
    user, secret = _with_second_step(db_session)
    user.failed_logins = 3
    assert accounts.authenticate(db_session, user.email, TEST_PASSWORD, NOW).id == user.id
    assert user.last_login_at is None and user.failed_logins == 3  # cleared only by the right code


def test_the_right_code_signs_in_once_and_the_same_code_is_refused_again(db_session):
    from directory.portal import totp

    user, secret = _with_second_step(db_session)
    later = NOW + timedelta(seconds=30)
    code = totp.code_at(secret, later)
    accounts.check_second_step(db_session, user, code, later)
    assert user.last_login_at == later and user.totp_last_step == totp.step_at(later)
    with pytest.raises(accounts.AuthenticationFailed):
        accounts.check_second_step(db_session, user, code, later)


def test_wrong_codes_count_towards_the_lock_out(db_session):
    from directory.portal import totp

    user, secret = _with_second_step(db_session)
    later = NOW + timedelta(minutes=1)
    wrong = "000000" if totp.code_at(secret, later) != "000000" else "111111"
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(accounts.AuthenticationFailed):
            accounts.check_second_step(db_session, user, wrong, later)
    assert user.locked_until == later + accounts.LOCK_OUT
    with pytest.raises(accounts.AuthenticationFailed):
        accounts.check_second_step(db_session, user, totp.code_at(secret, later), later)


def test_turning_the_second_step_off_needs_a_current_code(db_session):
    from directory.portal import totp

    user, secret = _with_second_step(db_session)
    later = NOW + timedelta(seconds=30)
    with pytest.raises(accounts.ValidationError):
        accounts.turn_off_second_step(db_session, user, "12345", later)
    assert user.totp_secret == secret
    accounts.turn_off_second_step(db_session, user, totp.code_at(secret, later), later)
    assert (user.totp_secret, user.totp_last_step) == (None, None)
    assert not accounts.needs_second_step(user)


def test_only_a_council_administrator_removes_someone_elses_second_step(db_session):
    user, _ = _with_second_step(db_session)
    moderator = create_user(db_session, email="other-mod@example.org", role="moderator")
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    with pytest.raises(PermissionError):
        accounts.remove_second_step(db_session, moderator, user.id)
    assert user.totp_secret is not None
    accounts.remove_second_step(db_session, admin, user.id)
    assert user.totp_secret is None
    with pytest.raises(KeyError):
        accounts.remove_second_step(db_session, admin, "no-such-user")


def test_removing_someones_second_step_ends_the_sessions_they_already_have(db_session):
    user, _ = _with_second_step(db_session)
    admin = create_user(db_session, email="admin-lost-phone@example.org", role="council_admin")
    before = user.session_version
    accounts.remove_second_step(db_session, admin, user.id)
    db_session.refresh(user)
    assert user.session_version == before + 1
