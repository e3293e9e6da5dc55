"""`flask directory ...` commands against the session's sample database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, func, select

from directory.models import Postcode, Service
from web.extensions import database, search_provider

ONSPD_HEADER = "pcd,pcds,doterm,oslaua,lat,long\n"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def clean_postcodes(app):
    yield
    with database.transaction() as session:
        session.execute(delete(Postcode))


def test_stats_report_services_per_need_and_neighbourhood_as_json(runner):
    result = runner.invoke(args=["directory", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["services"] >= 150
    assert all(count > 0 for count in stats["by_need"].values())
    assert len(stats["by_neighbourhood"]) == 8
    assert stats["index_documents"] == stats["active_services"]


def test_reindex_rebuilds_the_index_with_every_active_service(runner):
    result = runner.invoke(args=["directory", "reindex"])
    assert result.exit_code == 0, result.output
    with database.transaction() as session:
        active = session.scalar(select(func.count()).where(Service.status == "active"))
    assert f"indexed {active} services" in result.output
    assert search_provider.backend.doc_count() == active


def test_loading_the_sample_twice_changes_nothing(runner):
    with database.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Service))
    result = runner.invoke(args=["directory", "load-sample"])
    assert result.exit_code == 0, result.output
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == before


def test_importing_onspd_postcodes_gives_exact_points(runner, tmp_path, clean_postcodes):
    csv_path = tmp_path / "onspd.csv"
    csv_path.write_text(
        ONSPD_HEADER
        + "SK4 1AA,SK4 1AA,,E08000007,53.4201,-2.1802\n"
        + "SK4 1AB,SK4 1AB,201901,E08000007,53.4202,-2.1803\n"  # terminated: skipped
        + "M1 1AE,M1 1AE,,E08000003,53.4794,-2.2453\n"  # Manchester: not ours
    )
    result = runner.invoke(args=["directory", "import-postcodes", str(csv_path)])
    assert result.exit_code == 0, result.output
    assert "imported 1 postcodes" in result.output
    resolution = search_provider.search.resolve_place("sk41aa")
    assert (resolution.lat, resolution.lon) == (53.4201, -2.1802)


def test_a_malformed_onspd_file_is_refused_and_nothing_is_imported(runner, tmp_path, clean_postcodes):
    csv_path = tmp_path / "broken.csv"
    csv_path.write_text("postcode,latitude\nSK4 1AA,53.4\n")
    result = runner.invoke(args=["directory", "import-postcodes", str(csv_path)])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Postcode)) == 0
