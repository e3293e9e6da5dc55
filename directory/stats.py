"""Directory statistics, for the CLI and (later) the council dashboard."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import (
    Attribute,
    Neighbourhood,
    Organization,
    Service,
    TaxonomyTerm,
    service_neighbourhood,
    visible_services,
)
from .needs import NEED_SLUGS


def directory_stats(session: Session) -> dict[str, Any]:
    services = session.scalar(select(func.count()).select_from(Service)) or 0
    active = session.scalar(select(func.count()).where(visible_services())) or 0
    organisations = session.scalar(select(func.count()).select_from(Organization)) or 0
    by_hood = dict(
        session.execute(
            select(Neighbourhood.name, func.count(service_neighbourhood.c.service_id))
            .outerjoin(service_neighbourhood, service_neighbourhood.c.neighbourhood_id == Neighbourhood.id)
            .group_by(Neighbourhood.name)
            .order_by(Neighbourhood.name)
        ).all()
    )
    need_counts = dict(
        session.execute(
            select(TaxonomyTerm.code, func.count(Attribute.id))
            .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
            .where(TaxonomyTerm.code.in_(NEED_SLUGS), Attribute.link_type == "service")
            .group_by(TaxonomyTerm.code)
        ).all()
    )
    return {
        "services": services,
        "active_services": active,
        "organisations": organisations,
        "by_neighbourhood": by_hood,
        "by_need": {slug: need_counts.get(slug, 0) for slug in NEED_SLUGS},
    }
