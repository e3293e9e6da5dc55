"""The ORUK 3.0 reference material in ../shared/oruk, read in place (never copied into the project)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SHARED_ORUK = Path(__file__).resolve().parents[2].parent / "shared" / "oruk"


def shared_oruk() -> Path:
    """The folder, or a skip that says why the checks that need it cannot run."""
    if not (SHARED_ORUK / "schema").is_dir():
        pytest.skip(f"ORUK reference material not found at {SHARED_ORUK}")
    return SHARED_ORUK


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted((shared_oruk() / "schema").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(schema_file: str) -> Draft202012Validator:
    schema = json.loads((shared_oruk() / "schema" / schema_file).read_text(encoding="utf-8"))
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(schema_file: str, instance: Any) -> list[str]:
    """Readable schema violations (path and message), empty when the instance is valid."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(schema_file).iter_errors(instance)
    ]


PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def assert_oruk_page(body: dict[str, Any], item_schema: str) -> None:
    assert set(body) == PAGE_KEYS, f"pagination wrapper keys: {sorted(body)}"
    assert body["size"] == len(body["contents"])
    assert body["empty"] is (not body["contents"])
    for index, item in enumerate(body["contents"]):
        errors = schema_errors(item_schema, item)
        assert not errors, f"item {index} violates {item_schema}: {errors[:5]}"
