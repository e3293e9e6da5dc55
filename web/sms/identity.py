"""Who is texting, without knowing who: keyed hashes of phone numbers, and log redaction.

The number itself is never stored or logged. A keyed hash (HMAC-SHA256 with a server secret) lets us
recognise the same sender (opt-out, language, rate limits) while a database leak reveals nothing: without
the key the 10^10 UK mobile numbers cannot be tried. The assistant sees a second hash that also covers a
per-sender "epoch", so EXIT starts a conversation the assistant cannot link to the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def normalise_number(number: str) -> str:
    """E.164-ish digits: '+44 7700 900123' and '+447700900123' are the same sender."""
    digits = re.sub(r"[^\d+]", "", number or "")
    return digits


def sender_hash(secret: str, number: str) -> str:
    """Stable, keyed, irreversible id for a phone number (hex, 64 chars)."""
    if not secret:
        raise ValueError("SMS_HASH_SECRET is not configured")
    return hmac.new(secret.encode(), normalise_number(number).encode(), hashlib.sha256).hexdigest()


def conversation_id(secret: str, sender: str, epoch: int) -> str:
    """The id the assistant sees: changes when the resident sends EXIT (a new epoch)."""
    return hmac.new(secret.encode(), f"{sender}:{epoch}".encode(), hashlib.sha256).hexdigest()[:40]


def redact(text: str) -> str:
    """Phone-number-like runs replaced, for anything that might reach a log."""
    return _PHONE.sub("[number]", text or "")
