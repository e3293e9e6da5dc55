"""The SMS channel's queries, in one place (tables in directory/models/sms.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directory.models import SmsInbound, SmsSender


def message_key(secret: str, message_sid: str) -> str:
    return hashlib.sha256(f"{secret}:{message_sid}".encode()).hexdigest()


def claim_message(session: Session, *, key: str, sender_hash: str, now: datetime) -> bool:
    """Record a message id as answered; False if it already was (a Twilio retry). Commits at once, so a
    retry arriving while the first is still being answered is refused too."""
    session.add(SmsInbound(message_key=key, sender_hash=sender_hash, received_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def sender(session: Session, sender_hash: str, *, now: datetime) -> SmsSender:
    found = session.get(SmsSender, sender_hash)
    if found is None:
        found = SmsSender(sender_hash=sender_hash, opted_out=False, epoch=0, last_seen=now)
        session.add(found)
    found.last_seen = now
    return found


def messages_since(session: Session, since: datetime, *, sender_hash: str | None = None) -> int:
    query = select(func.count()).select_from(SmsInbound).where(SmsInbound.received_at >= since)
    if sender_hash is not None:
        query = query.where(SmsInbound.sender_hash == sender_hash)
    return session.scalar(query) or 0


def purge(session: Session, *, older_than: timedelta, now: datetime) -> dict[str, int]:
    """Delete message ids and senders idle for longer than the retention period; opt-outs are kept."""
    cutoff = now - older_than
    inbound = session.execute(delete(SmsInbound).where(SmsInbound.received_at < cutoff)).rowcount
    senders = session.execute(
        delete(SmsSender).where(SmsSender.last_seen < cutoff, SmsSender.opted_out.is_(False))
    ).rowcount
    return {"messages": inbound or 0, "senders": senders or 0}
