"""Our `x_around_here` extension: scope, neighbourhoods, needs, closures; and what a feed without it keeps."""

from __future__ import annotations

import pytest

from directory.interchange import ImportFailed, import_oruk
from directory.models import Service
from tests.directory.interchange.feeds import service, service_id


def extension(**fields) -> dict:
    return {"x_around_here": fields}


def test_the_extension_sets_scope_neighbourhoods_needs_and_closures(db_session, write_json):
    record = service(
        1,
        **extension(
            scope="borough",
            neighbourhoods=["heatons", "cheadle"],
            needs=["energy"],
            is_sample=True,
            closures=[{"starts_on": "2026-12-24", "ends_on": "2026-12-27", "reason": "Christmas"}],
        ),
    )
    report = import_oruk(db_session, write_json(record))
    assert report.created == 1
    stored = db_session.get(Service, service_id(1))
    assert (stored.scope, stored.is_sample) == ("borough", True)
    assert sorted(n.slug for n in stored.neighbourhoods) == ["cheadle", "heatons"]
    assert [a.taxonomy_term.code for a in stored.attributes] == ["energy"]
    assert [(c.starts_on.isoformat(), c.reason) for c in stored.closures] == [("2026-12-24", "Christmas")]


def test_a_feed_without_the_extension_leaves_scope_and_neighbourhoods_as_they_are(db_session, write_json):
    import_oruk(db_session, write_json(service(1, **extension(scope="national", neighbourhoods=["heatons"]))))
    report = import_oruk(db_session, write_json(service(1, email="new@example.org")))
    assert report.updated == 1
    db_session.expire_all()
    stored = db_session.get(Service, service_id(1))
    assert stored.scope == "national" and [n.slug for n in stored.neighbourhoods] == ["heatons"]


def test_changing_only_neighbourhoods_updates_the_service(db_session, write_json):
    import_oruk(db_session, write_json(service(1, **extension(neighbourhoods=["heatons"]))))
    report = import_oruk(db_session, write_json(service(1, **extension(neighbourhoods=["victoria"]))))
    assert report.updated == 1
    db_session.expire_all()
    assert [n.slug for n in db_session.get(Service, service_id(1)).neighbourhoods] == ["victoria"]


def test_unknown_neighbourhoods_in_a_feed_are_dropped_with_a_warning(db_session, write_json):
    report = import_oruk(
        db_session, write_json(service(1, **extension(neighbourhoods=["heatons", "atlantis"])))
    )
    assert report.created == 1
    assert any("unknown neighbourhood 'atlantis'" in p.reason for p in report.warnings)
    assert [n.slug for n in db_session.get(Service, service_id(1)).neighbourhoods] == ["heatons"]


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"scope": "galactic"}, "x_around_here.scope", "is not one of"),
        ({"needs": ["groceries"]}, "x_around_here.needs", "unknown need 'groceries'"),
        (
            {"closures": [{"starts_on": "2026-12-27", "ends_on": "2026-12-24"}]},
            "x_around_here.closures[0].ends_on",
            "before",
        ),
    ],
)
def test_bad_extension_values_are_refused_by_field(db_session, write_json, fields, field, reason):
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, write_json(service(1, **extension(**fields))))
    (problem,) = failure.value.report.errors
    assert problem.field == field and reason in problem.reason
