"""Queries the public pages use: services serving a neighbourhood by need, and the filter vocabularies."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import Neighbourhood
from directory.needs import NEED_SLUGS
from directory.queries import accessibility_offered, languages_offered, neighbourhood_services_by_need
from tests.factories import create_service


def _hood(session, slug: str) -> Neighbourhood:
    return session.scalars(select(Neighbourhood).where(Neighbourhood.slug == slug)).one()


def test_services_serving_a_neighbourhood_are_grouped_by_need_in_vocabulary_order(db_session):
    groups, total = neighbourhood_services_by_need(db_session, _hood(db_session, "heatons"))
    assert [g.need for g in groups] == [slug for slug in NEED_SLUGS if slug in {g.need for g in groups}]
    assert total >= len({link.id for g in groups for link in g.services})
    for group in groups:
        scopes = [link.scope for link in group.services]
        order = {"local": 0, "borough": 1, "national": 2}
        assert scopes == sorted(scopes, key=order.__getitem__)
        assert len({link.id for link in group.services}) == len(group.services)


def test_local_services_elsewhere_and_inactive_ones_are_left_out(db_session):
    heatons = _hood(db_session, "heatons")
    create_service(db_session, name="Only In Marple", neighbourhoods=("hazel-grove-high-lane-marple",))
    create_service(db_session, name="Closed In Heatons", neighbourhoods=("heatons",), status="defunct")
    create_service(db_session, name="Borough Wide Help", scope="borough", needs=("money",))
    create_service(db_session, name="Open In Heatons", neighbourhoods=("heatons",), needs=("food", "money"))
    groups, _total = neighbourhood_services_by_need(db_session, heatons)
    names = {link.name for g in groups for link in g.services}
    assert {"Borough Wide Help", "Open In Heatons"} <= names
    assert not {"Only In Marple", "Closed In Heatons"} & names
    by_need = {g.need: [link.name for link in g.services] for g in groups}
    assert "Open In Heatons" in by_need["food"] and "Open In Heatons" in by_need["money"]


def test_the_filter_vocabularies_come_from_active_services(db_session):
    create_service(
        db_session, name="Kurdish Club", languages=("KU",), point=(53.4, -2.1), accessibility=("ramp",)
    )
    assert "ku" in languages_offered(db_session)
    assert "ramp" in accessibility_offered(db_session)
    assert {"en", "pl", "ur", "ar"} <= set(languages_offered(db_session))
