"""Reference data every installation needs: the need taxonomy and the borough's neighbourhoods.

Idempotent, so `load-sample`, migrations on a new database and tests can all call it safely.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import NEEDS_TAXONOMY_NAME, Neighbourhood, NeighbourhoodPostcodeArea, Taxonomy, TaxonomyTerm
from .needs import all_needs


def seed_need_taxonomy(session: Session) -> dict[str, TaxonomyTerm]:
    """Create or refresh the need taxonomy; returns need slug -> term."""
    taxonomy = session.scalar(select(Taxonomy).where(Taxonomy.name == NEEDS_TAXONOMY_NAME))
    if taxonomy is None:
        taxonomy = Taxonomy(
            name=NEEDS_TAXONOMY_NAME,
            description="Top-level needs residents ask for help with; stable slugs in `code`.",
            version="1",
        )
        session.add(taxonomy)
        session.flush()
    existing = {t.code: t for t in taxonomy.terms}
    terms: dict[str, TaxonomyTerm] = {}
    for need in all_needs():
        term = existing.get(need.slug)
        if term is None:
            term = TaxonomyTerm(
                code=need.slug, taxonomy=taxonomy, name=need.name, description=need.description
            )
            session.add(term)
        else:
            term.name, term.description = need.name, need.description
        terms[need.slug] = term
    session.flush()
    return terms


def seed_neighbourhoods(session: Session) -> dict[str, Neighbourhood]:
    """Create or refresh neighbourhoods from the gazetteer data; returns slug -> neighbourhood."""
    from .places import Gazetteer

    existing = {n.slug: n for n in session.scalars(select(Neighbourhood))}
    result: dict[str, Neighbourhood] = {}
    for info in Gazetteer.default().neighbourhoods():
        hood = existing.get(info.slug) or Neighbourhood(slug=info.slug)
        hood.name, hood.description = info.name, info.description
        hood.latitude, hood.longitude = info.lat, info.lon
        wanted = set(info.sectors) | set(info.districts)
        have = {area.prefix for area in hood.postcode_areas}
        hood.postcode_areas = [a for a in hood.postcode_areas if a.prefix in wanted] + [
            NeighbourhoodPostcodeArea(prefix=p) for p in sorted(wanted - have)
        ]
        session.add(hood)
        result[info.slug] = hood
    session.flush()
    return result
