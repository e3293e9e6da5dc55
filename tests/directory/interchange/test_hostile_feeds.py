"""Hostile and broken feeds: each is reported clearly and leaves the database exactly as it was."""

from __future__ import annotations

import json

import pytest

from directory.interchange import ImportFailed, import_oruk
from directory.models import Service
from tests.directory.interchange.feeds import page, service, service_id


def _refused(db_session, count_rows, path, **options):
    """Import `path`, expecting a refusal; returns the report after checking nothing changed."""
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, path, **options)
    assert count_rows(db_session) == before
    assert failure.value.report.written is False
    return failure.value.report


def test_a_truncated_file_is_refused_saying_where_it_stops(db_session, count_rows, tmp_path):
    text = json.dumps(page([service(1), service(2)]))
    path = tmp_path / "truncated.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    report = _refused(db_session, count_rows, path)
    (problem,) = report.errors
    assert problem.record is None
    assert "not valid JSON" in problem.reason and "truncated" in problem.reason


def test_a_utf16_file_is_refused_by_name(db_session, count_rows, tmp_path):
    path = tmp_path / "utf16.json"
    path.write_text(json.dumps(page([service(1)])), encoding="utf-16")
    report = _refused(db_session, count_rows, path)
    assert "UTF-16" in report.errors[0].reason and "save it as UTF-8" in report.errors[0].reason


def test_latin1_bytes_are_refused_with_the_byte_offset(db_session, count_rows, tmp_path):
    text = json.dumps(page([service(1, name="Café for everyone")]), ensure_ascii=False)
    path = tmp_path / "latin1.json"
    path.write_bytes(text.encode("latin-1"))
    report = _refused(db_session, count_rows, path)
    offset = text.encode("latin-1").index("é".encode("latin-1"))
    assert f"byte {offset:,} is not valid UTF-8" in report.errors[0].reason


def test_a_script_in_a_description_is_removed_and_the_record_kept(db_session, write_json):
    description = (
        '<p onclick="steal()">Warm <strong>space</strong></p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">click</a><a href="https://example.org/help">help</a>'
        "<style>p{display:none}</style><img src=x onerror=alert(2)>"
    )
    report = import_oruk(db_session, write_json(service(1, description=description)))
    assert report.created == 1 and report.error_count == 0
    stored = db_session.get(Service, service_id(1)).description
    assert stored.startswith("<p>Warm <strong>space</strong></p>")
    for hostile in ("script", "alert", "onclick", "javascript:", "style", "onerror", "<img"):
        assert hostile not in stored
    assert '<a href="https://example.org/help" rel="noopener noreferrer nofollow">help</a>' in stored


def test_a_ten_megabyte_description_is_refused_with_a_report(db_session, count_rows, write_json):
    huge = "<p>" + "x" * (10 * 1024 * 1024) + "</p>"
    report = _refused(db_session, count_rows, write_json([service(1), service(2, description=huge)]))
    (problem,) = report.errors
    assert (problem.record, problem.field) == (2, "description")
    assert "too long" in problem.reason and "100 KB" in problem.reason


def test_duplicate_ids_within_one_feed_are_refused(db_session, count_rows, write_json):
    feed = [service(1), service(2), service(1, name="Another record with the same id")]
    report = _refused(db_session, count_rows, write_json(feed))
    (problem,) = report.errors
    assert (problem.record, problem.field) == (3, "id")
    assert "duplicate id: record 1 has the same id" in problem.reason


def test_duplicate_child_ids_across_records_are_refused(db_session, count_rows, write_json):
    phone = {"id": "5e0b4c0e-6a52-4a3e-8d4e-0b1f5b2d9c11", "number": "0161 496 0123"}
    report = _refused(
        db_session, count_rows, write_json([service(1, phones=[phone]), service(2, phones=[phone])])
    )
    (problem,) = report.errors
    assert (problem.record, problem.field) == (2, "phones")
    assert "also used by record 1" in problem.reason


def test_a_loop_in_the_taxonomy_tree_is_refused(db_session, count_rows, write_json):
    a, b, c = (f"7a1c0000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
    terms = [
        {"id": a, "name": "Parent", "description": "", "parent_id": c, "taxonomy": "Loopy"},
        {"id": b, "name": "Child", "description": "", "parent_id": a, "taxonomy": "Loopy"},
        {"id": c, "name": "Grandchild", "description": "", "parent_id": b, "taxonomy": "Loopy"},
    ]
    feed = [
        service(n, attributes=[{"id": f"{term['id'][:-1]}{n + 4}", "taxonomy_term": term}])
        for n, term in enumerate(terms)
    ]
    report = _refused(db_session, count_rows, write_json(feed))
    (problem,) = report.errors
    assert problem.field == "taxonomy_term.parent_id"
    assert problem.reason.startswith("loop in the taxonomy tree:")
    assert {"Parent", "Child", "Grandchild"} <= set(problem.reason.split(": ")[1].split(" -> "))


def test_a_term_that_is_its_own_parent_is_simply_a_root(db_session, write_json):
    term = {
        "id": "7a1c0000-0000-4000-8000-000000000009",
        "name": "Self",
        "description": "",
        "parent_id": "7a1c0000-0000-4000-8000-000000000009",
    }
    report = import_oruk(
        db_session,
        write_json(
            service(1, attributes=[{"id": "7a1c0000-0000-4000-8000-00000000000a", "taxonomy_term": term}])
        ),
    )
    assert report.written
    assert db_session.get(Service, service_id(1)).attributes[0].taxonomy_term.parent_id is None


def test_control_characters_and_decomposed_accents_are_normalised(db_session, write_json):
    name = "  Cafe\u0301\u0000 for\u202e everyone\t "
    import_oruk(db_session, write_json(service(1, name=name)))
    assert db_session.get(Service, service_id(1)).name == "Café for everyone"


def test_a_file_that_is_not_json_at_all_is_refused(db_session, count_rows, tmp_path):
    path = tmp_path / "page.json"
    path.write_text("<html><body>Service unavailable</body></html>", encoding="utf-8")
    report = _refused(db_session, count_rows, path)
    assert "not valid JSON" in report.errors[0].reason


def test_a_missing_file_is_refused_by_name(db_session, count_rows, tmp_path):
    report = _refused(db_session, count_rows, tmp_path / "nowhere.json")
    assert "no such file" in report.errors[0].reason


def test_a_utf8_file_with_a_byte_order_mark_imports(db_session, tmp_path):
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(page([service(1)])), encoding="utf-8-sig")
    assert import_oruk(db_session, path).created == 1
