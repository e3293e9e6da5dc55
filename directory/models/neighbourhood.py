"""Neighbourhoods: how councils organise support ("Team Around the Place"); not part of ORUK."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UUIDPrimaryKey
from .service import service_neighbourhood

if TYPE_CHECKING:
    from .service import Service


class Neighbourhood(UUIDPrimaryKey, Base):
    __tablename__ = "neighbourhood"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    boundary_geojson: Mapped[str | None] = mapped_column(Text)

    postcode_areas: Mapped[list[NeighbourhoodPostcodeArea]] = relationship(
        back_populates="neighbourhood", cascade="all, delete-orphan"
    )
    services: Mapped[list[Service]] = relationship(
        secondary=service_neighbourhood, back_populates="neighbourhoods"
    )


class NeighbourhoodPostcodeArea(UUIDPrimaryKey, Base):
    """A postcode sector ("SK5 6") or district ("SK5") the neighbourhood covers."""

    __tablename__ = "neighbourhood_postcode_area"

    neighbourhood_id: Mapped[str] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    prefix: Mapped[str] = mapped_column(String(8), index=True)

    neighbourhood: Mapped[Neighbourhood] = relationship(back_populates="postcode_areas")


class Postcode(Base):
    """Exact postcode points imported from the ONS Postcode Directory in a real deployment."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # canonical "SK4 1AA"
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    sector: Mapped[str] = mapped_column(String(6), index=True)
    district: Mapped[str] = mapped_column(String(4), index=True)
    local_authority: Mapped[str | None] = mapped_column(String(9))
