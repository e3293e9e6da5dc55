"""One-time codes: RFC 6238 test vectors, the ±1 step window, no replay, and forgiving input."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.portal import totp

SHA1_KEY = b"12345678901234567890"
KEYS = {
    "sha1": SHA1_KEY,
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
# RFC 6238, appendix B: (Unix time, SHA-1, SHA-256, SHA-512), 8 digits, 30-second steps.
VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


def _secret(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=")


@pytest.mark.parametrize(("seconds", "sha1", "sha256", "sha512"), VECTORS)
def test_the_codes_match_the_rfc_6238_test_vectors(seconds, sha1, sha256, sha512):
    moment = datetime.fromtimestamp(seconds, UTC)
    for digest, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        assert totp.code_at(_secret(KEYS[digest]), moment, digits=8, digest=digest) == expected


def test_the_six_digit_code_is_the_last_six_digits_of_the_rfc_value():
    moment = datetime.fromtimestamp(1111111109, UTC)
    assert totp.code_at(_secret(SHA1_KEY), moment) == "081804"


def test_the_current_step_and_one_either_side_are_accepted_but_not_two_away():
    secret = totp.new_secret()
    now = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)
    step = totp.step_at(now)
    for offset in (-1, 0, 1):
        code = totp.code_at(secret, now + timedelta(seconds=30 * offset))
        assert totp.matching_step(secret, code, now) == step + offset
    for offset in (-2, 2):
        code = totp.code_at(secret, now + timedelta(seconds=30 * offset))
        if code not in {totp.code_at(secret, now + timedelta(seconds=30 * o)) for o in (-1, 0, 1)}:
            assert totp.matching_step(secret, code, now) is None


def test_a_code_at_or_before_the_last_used_step_is_refused():
    secret = totp.new_secret()
    now = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)
    code = totp.code_at(secret, now)
    step = totp.matching_step(secret, code, now)
    assert step is not None
    assert totp.matching_step(secret, code, now, last_step=step) is None
    assert totp.matching_step(secret, code, now, last_step=step - 1) == step
    later = now + timedelta(seconds=30)
    assert totp.matching_step(secret, totp.code_at(secret, later), later, last_step=step) == step + 1


@pytest.mark.parametrize("typed", ["123 456", "123-456", " 123456 ", "١٢٣٤٥٦", "۱۲۳۴۵۶"])
def test_spaces_and_dashes_in_a_pasted_code_are_ignored(typed):
    assert totp.clean_code(typed) == "123456"


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12345x", "¹²³⁴⁵⁶", None])
def test_malformed_codes_never_match(typed):
    secret = totp.new_secret()
    assert totp.matching_step(secret, typed, datetime(2026, 12, 1, tzinfo=UTC)) is None


def test_a_new_secret_is_random_base32_of_160_bits():
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second and len(first) == 32
    assert len(totp.secret_bytes(first)) == 20
    assert totp.secret_bytes(totp.grouped(first).lower()) == totp.secret_bytes(first)


def test_the_grouped_secret_and_the_otpauth_uri_are_what_apps_expect():
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert totp.grouped(secret) == "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
    uri = totp.provisioning_uri(secret, account="mod@council.example", issuer="Around Here")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert parts.path == "/Around%20Here:mod@council.example"
    query = parse_qs(parts.query)
    assert query["secret"] == [secret] and query["issuer"] == ["Around Here"]
    assert query["digits"] == ["6"] and query["period"] == ["30"] and query["algorithm"] == ["SHA1"]
