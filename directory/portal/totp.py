"""Time-based one-time codes (RFC 6238 over RFC 4226 HOTP), with the standard library only.

Council staff may add a second step to signing in: an authenticator app shares a random secret (base32,
as the apps expect) and shows a 6-digit code that changes every 30 seconds. `matching_step` accepts the
current step and one either side (clocks drift), and never a step at or before the last one used, so a
code cannot be replayed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import unicodedata
from datetime import datetime
from urllib.parse import quote, urlencode

PERIOD = 30
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends for SHA-1
WINDOW = 1


def new_secret() -> str:
    """A fresh random secret as unpadded base32 (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    """The key for a base32 secret, forgiving spaces, lower case and missing padding."""
    text = "".join(secret.split()).upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the code for `counter`, dynamically truncated to `digits` decimal digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(moment: datetime, *, period: int = PERIOD) -> int:
    """The RFC 6238 time step (T) for an aware `moment`."""
    return int(moment.timestamp()) // period


def code_at(secret: str, moment: datetime, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """The code an authenticator shows at `moment`."""
    return hotp(secret_bytes(secret), step_at(moment), digits=digits, digest=digest)


def clean_code(code: str | None) -> str:
    """The digits of a typed or pasted code ("123 456", "123-456", "١٢٣٤٥٦" -> "123456")."""
    kept = (ch for ch in (code or "") if not ch.isspace() and ch != "-")
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in kept
    )


def matching_step(
    secret: str, code: str | None, moment: datetime, last_step: int | None = None
) -> int | None:
    """The step whose code is `code` (the current step, or one either side), or None.

    A step at or before `last_step` is never accepted: each code works once.
    """
    typed = clean_code(code)
    if len(typed) != DIGITS or not typed.isascii() or not typed.isdigit():
        return None
    try:
        key = secret_bytes(secret)
    except ValueError:
        return None
    now_step = step_at(moment)
    for step in range(now_step - WINDOW, now_step + WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(hotp(key, step), typed):
            return step
    return None


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app: "ABCD EFGH ..."."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI authenticator apps read (Key URI format)."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": PERIOD}
    )
    return f"otpauth://totp/{label}?{query}"
