"""Taxonomies, their term trees, and attributes linking any record to a term (ORUK 3.0)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UUIDPrimaryKey

NEEDS_TAXONOMY_NAME = "Around Here needs"


class Taxonomy(UUIDPrimaryKey, Base):
    __tablename__ = "taxonomy"

    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(50))

    terms: Mapped[list[TaxonomyTerm]] = relationship(back_populates="taxonomy", cascade="all, delete-orphan")


class TaxonomyTerm(UUIDPrimaryKey, Base):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    taxonomy_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"), index=True)
    code: Mapped[str | None] = mapped_column(String(100))  # for needs: the stable slug, e.g. "food"
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(10))
    term_uri: Mapped[str | None] = mapped_column(String(500))

    taxonomy: Mapped[Taxonomy | None] = relationship(back_populates="terms")
    parent: Mapped[TaxonomyTerm | None] = relationship(
        remote_side="TaxonomyTerm.id", back_populates="children"
    )
    children: Mapped[list[TaxonomyTerm]] = relationship(back_populates="parent")


class Attribute(UUIDPrimaryKey, Base):
    """Links a record (service, location...) to a taxonomy term; `link_type` names the record's table."""

    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("link_id", "link_type", "taxonomy_term_id"),)

    link_id: Mapped[str] = mapped_column(String(36), index=True)
    link_type: Mapped[str] = mapped_column(String(50), default="service")
    link_entity: Mapped[str | None] = mapped_column(String(50))
    taxonomy_term_id: Mapped[str] = mapped_column(
        ForeignKey("taxonomy_term.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(255))

    taxonomy_term: Mapped[TaxonomyTerm] = relationship(lazy="joined")
