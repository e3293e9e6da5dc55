"""Proposed edits to a service by an organisation's users, held for a moderator.

`changes` and `before` are JSON objects (field -> value) kept as text, so every backend stores them the
same way. The service itself changes only when a moderator approves (`directory.portal.revisions`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow

if TYPE_CHECKING:
    from .account import User
    from .service import Service


class RevisionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ServiceRevision(UUIDPrimaryKey, Base):
    __tablename__ = "service_revision"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=RevisionStatus.PENDING.value, index=True)
    changes: Mapped[str] = mapped_column(Text)
    before: Mapped[str] = mapped_column(Text)
    moderator_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    # edit, restore, archive, unarchive, confirm: what the revision did, for the history page
    kind: Mapped[str] = mapped_column(String(20), default="edit")
    # The whole editable record after an approved revision, so any version can be restored.
    snapshot: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])
