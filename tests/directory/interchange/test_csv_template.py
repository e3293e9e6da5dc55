"""The CSV template for council officers: the documented example imports, errors name row and column,
uploading again updates in place, and an export of the directory imports back to the same sheet."""

from __future__ import annotations

import csv
import io
import re
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.interchange import ImportFailed, export_csv, import_csv
from directory.interchange.template import COLUMNS
from directory.models import Organization, Service
from directory.seed import seed_neighbourhoods

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import-template.md"
HEADER = (
    "organisation_name,service_name,phone,email,opening_times,needs,neighbourhoods,"
    "postcode,address_1,city,latitude,longitude"
)


def write_csv(tmp_path: Path, text: str, name: str = "services.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def documented_example() -> str:
    match = re.search(r"```csv\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert match, "docs/import-template.md should hold a ```csv example"
    return match.group(1)


def test_the_documented_example_imports(db_session, tmp_path):
    report = import_csv(db_session, write_csv(tmp_path, documented_example()))
    # The pantry is already in the sample directory: the row is matched to it by organisation and name.
    assert (report.error_count, report.created, report.updated) == (0, 1, 1)
    pantry = db_session.scalars(select(Service).where(Service.name == "Reddish Community Pantry")).one()
    assert pantry.organization.is_sample  # matched to the sample organisation of that name
    assert [(s.byday, s.opens_at, s.closes_at) for s in pantry.schedules] == [("WE", time(16), time(18))]
    assert sorted(a.taxonomy_term.code for a in pantry.attributes) == ["food", "money"]
    assert [n.slug for n in pantry.neighbourhoods] == ["tame-valley"]
    location = pantry.service_at_locations[0].location
    assert (location.addresses[0].postal_code, location.latitude) == ("SK5 6SP", 53.43661)
    assert sorted(a.code for a in location.accessibility) == ["step-free", "wheelchair-access"]
    assert pantry.assured_date.isoformat() == "2026-03-22" and float(pantry.cost_options[0].amount) == 3.5
    clinic = db_session.scalars(select(Service).where(Service.name == "Debt clinic")).one()
    assert clinic.url == "https://www.example.org/debt" and clinic.scope == "borough"
    assert sorted(lang.code for lang in clinic.languages) == ["en", "ur"]
    assert clinic.cost_options[0].amount == 0 and clinic.service_at_locations == []


def test_the_template_documents_every_column():
    text = DOCS.read_text(encoding="utf-8")
    assert all(f"`{column}`" in text for column in COLUMNS)
    assert documented_example().splitlines()[0].split(",") == list(COLUMNS)


def test_errors_name_the_spreadsheet_row_and_the_column(db_session, count_rows, tmp_path):
    sheet = "\n".join(
        [
            HEADER,
            "Trust A,Good row,0161 496 0001,a@example.org,Mon-Fri 09:00-17:00,food,heatons,"
            "SK4 1AA,1 High St,Stockport,53.4,-2.1",
            "Trust A,Bad email,0161 496 0002,not-an-email,Mon 09:00-12:00,food,,,,,,",
            "Trust A,Bad times,,,Mon-Fri 9-5,food,,,,,,",
            "Trust A,Bad need,,,,foood,,,,,,",
            "Trust A,Bad place,,,,food,narnia,,,,north,-2.1",
        ]
    )
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_csv(db_session, write_csv(tmp_path, sheet + "\n"))
    assert count_rows(db_session) == before
    report = failure.value.report
    faults = {(p.record, p.field) for p in report.errors}
    assert faults == {
        (3, "email"),
        (4, "opening_times"),
        (5, "needs"),
        (6, "neighbourhoods"),
        (6, "latitude"),
    }
    text = report.render()
    assert "row 3" in text and "column email" in text and "closes before it opens" in text
    assert "unknown need 'foood'" in text and "unknown neighbourhood 'narnia'" in text


def test_skip_invalid_imports_the_good_rows_of_a_sheet(db_session, tmp_path):
    sheet = f"{HEADER}\nTrust B,Fine,,,,,,,,,,\nTrust B,Broken,,nope,,,,,,,,\n"
    report = import_csv(db_session, write_csv(tmp_path, sheet), skip_invalid=True)
    assert (report.created, report.skipped) == (1, 1)
    assert db_session.scalar(select(func.count()).where(Service.name.in_(["Fine", "Broken"]))) == 1


def test_uploading_the_same_sheet_again_updates_rather_than_duplicates(db_session, tmp_path):
    sheet = f"{HEADER}\nTrust C,Drop-in,0161 496 0003,,Tue 10:00-12:00,loneliness,,,,,,\n"
    path = write_csv(tmp_path, sheet)
    assert import_csv(db_session, path).created == 1
    again = import_csv(db_session, path)
    assert (again.created, again.unchanged) == (0, 1)
    changed = write_csv(tmp_path, sheet.replace("Tue 10:00-12:00", "Thu 10:00-12:00"), "changed.csv")
    assert import_csv(db_session, changed).updated == 1
    (service,) = db_session.scalars(select(Service).where(Service.name == "Drop-in")).all()
    assert [s.byday for s in service.schedules] == ["TH"]
    assert db_session.scalar(select(func.count()).where(Organization.name == "Trust C")) == 1


def test_a_sheet_speaks_only_for_its_columns(db_session, tmp_path):
    pantry = db_session.scalars(select(Service).where(Service.name == "Reddish Community Pantry")).one()
    schedules = sorted((s.byday, s.opens_at) for s in pantry.schedules)
    sheet = f"organisation_name,service_name,phone\n{pantry.organization.name},{pantry.name},0161 496 0999\n"
    report = import_csv(db_session, write_csv(tmp_path, sheet))
    assert report.updated == 1
    db_session.expire_all()
    pantry = db_session.get(Service, pantry.id)
    assert [p.number for p in pantry.phones] == ["0161 496 0999"]
    assert sorted((s.byday, s.opens_at) for s in pantry.schedules) == schedules
    assert pantry.description and pantry.attributes and pantry.service_at_locations


def test_an_id_that_is_not_a_uuid_is_refused_by_column(db_session, tmp_path):
    sheet = "organisation_name,service_name,id\nTrust D,Thing,42\n"
    with pytest.raises(ImportFailed) as failure:
        import_csv(db_session, write_csv(tmp_path, sheet))
    (problem,) = failure.value.report.errors
    assert (problem.record, problem.field) == (2, "id") and "not a UUID" in problem.reason


def test_a_sheet_missing_a_required_column_is_refused(db_session, tmp_path):
    with pytest.raises(ImportFailed) as failure:
        import_csv(db_session, write_csv(tmp_path, "service_name,phone\nThing,0161 496 0000\n"))
    assert "missing column(s) organisation_name" in failure.value.report.errors[0].reason


def test_a_sheet_saved_as_plain_excel_csv_is_refused_with_advice(db_session, count_rows, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("organisation_name,service_name\nCafé Trust,Lunch club\n".encode("cp1252"))
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_csv(db_session, path)
    assert "CSV UTF-8" in failure.value.report.errors[0].reason
    assert count_rows(db_session) == before


def test_a_csv_export_imports_into_an_empty_database_as_the_same_sheet(db_session, empty_db, tmp_path):
    exported = tmp_path / "directory.csv"
    count = export_csv(db_session, exported)
    assert count >= 150
    with empty_db.transaction() as session:
        seed_neighbourhoods(session)  # the sheet names neighbourhoods: reference data every install has
    with empty_db.transaction() as session:
        report = import_csv(session, exported)
        assert (report.created, report.error_count) == (count, 0)
        again = tmp_path / "again.csv"
        export_csv(session, again)
    assert again.read_text(encoding="utf-8-sig") == exported.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    assert any(row["opening_times"] and row["needs"] and row["postcode"] for row in rows)


def test_a_sheet_naming_neighbourhoods_a_database_does_not_have_is_refused(db_session, empty_db, tmp_path):
    sheet = "organisation_name,service_name,neighbourhoods\nTrust E,Thing,heatons\n"
    with empty_db.transaction() as session, pytest.raises(ImportFailed) as failure:
        import_csv(session, write_csv(tmp_path, sheet))
    assert failure.value.report.errors[0].field == "neighbourhoods"
