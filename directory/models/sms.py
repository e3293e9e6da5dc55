"""What the SMS channel must remember about a sender, keyed by a hash of the number (never the number).

- `SmsSender`: opted out or not (kept for as long as the opt-out must be honoured), the language chosen
  with LANG, the conversation epoch (EXIT starts a new one) and when we last heard from them.
- `SmsInbound`: Twilio message ids already answered, so a retried webhook never sends a second reply.
Both are purged by `flask sms purge` after the retention period; an opt-out is kept without a date limit
because forgetting it would mean texting someone who asked us to stop.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class SmsSender(Base):
    __tablename__ = "sms_sender"

    sender_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(8))
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # when a "slow down" reply was last sent, so a sender over the limit gets it once, not per message
    throttled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SmsInbound(Base):
    __tablename__ = "sms_inbound"

    # a hash of Twilio's MessageSid: enough to recognise a retry, useless for looking the message up
    message_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sender_hash: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
