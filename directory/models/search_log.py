"""The search change log: which services each committed edit touched, in commit order.

Rows are written in the edit's own transaction, so a rolled-back edit leaves no trace. Each is given
its `position` when the transaction commits (see `directory.search.changes`), so positions become
visible in increasing order and every node's indexer can follow the log with one number: the last
position it applied. Rows are pruned once every live index has passed them, or after a retention
period; `SearchLogHorizon` remembers how far pruning went, so a node behind it knows to rebuild.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class IndexChange(Base):
    """One touched service. `id` orders inserts; `position` (set at commit) orders the log."""

    __tablename__ = "search_change_log"
    # AUTOINCREMENT on SQLite: ids are never reused after the newest rows are pruned.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    position: Mapped[int | None] = mapped_column(BigInteger, unique=True, nullable=True)
    service_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SearchIndexNode(Base):
    """A live index: the position it has applied, and when it last said so (its heartbeat)."""

    __tablename__ = "search_index_node"

    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    heartbeat: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchLogHorizon(Base):
    """One row: every log position up to `pruned_through` may have been deleted."""

    __tablename__ = "search_log_horizon"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pruned_through: Mapped[int] = mapped_column(BigInteger, default=0)
