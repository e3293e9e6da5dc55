"""The fixed word lists (need slugs, neighbourhoods, accessibility codes, languages) each live in one file.

Runtime code reads them from `directory.needs` and `directory.vocabulary`, never from the sample package,
and never keeps a typed-out copy that could drift from the data; the benchmark's tables keyed by these
words must cover exactly them.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from directory.needs import NEED_SLUGS, all_needs
from directory.places import Gazetteer
from directory.vocabulary import ACCESSIBILITY, LANGUAGES, NEIGHBOURHOOD_SLUGS

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("directory", "web")


def test_the_need_slugs_are_read_from_needs_json_in_its_order():
    data = json.loads((ROOT / "directory" / "needs" / "needs.json").read_text(encoding="utf-8"))
    assert NEED_SLUGS == tuple(need["slug"] for need in data["needs"])
    assert tuple(need.slug for need in all_needs()) == NEED_SLUGS


def test_there_are_sixteen_distinct_need_slugs_fit_for_a_web_address():
    assert len(NEED_SLUGS) == len(set(NEED_SLUGS)) == 16
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) for slug in NEED_SLUGS)


def test_the_neighbourhood_slugs_are_the_gazetteers():
    assert NEIGHBOURHOOD_SLUGS == tuple(hood.slug for hood in Gazetteer.default().neighbourhoods())


def test_accessibility_codes_and_languages_are_codes_with_words_for_people():
    assert ACCESSIBILITY and all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in ACCESSIBILITY)
    assert LANGUAGES and all(re.fullmatch(r"[a-z]{2}", code) for code in LANGUAGES)
    assert all(text.strip() for text in (*ACCESSIBILITY.values(), *LANGUAGES.values()))


def _imported_modules(path: Path) -> set[str]:
    """Absolute names of the modules a source file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_no_runtime_module_imports_the_sample_package():
    offenders = {
        str(path.relative_to(ROOT))
        for top in RUNTIME
        for path in (ROOT / top).rglob("*.py")
        if "sample" not in path.relative_to(ROOT).parts[:2]
        and any(
            name == "directory.sample" or name.startswith("directory.sample.")
            for name in _imported_modules(path)
        )
    }
    assert offenders == set()


def test_the_import_check_resolves_relative_imports():
    path = ROOT / "directory" / "interchange" / "normalise" / "places.py"  # from ...vocabulary import ...
    assert {"directory.vocabulary", "directory.vocabulary.ACCESSIBILITY"} <= _imported_modules(path)


def test_the_search_benchmark_names_services_for_every_need_and_filters_on_known_words():
    from bench.search.synthetic import SERVICE_NOUNS
    from bench.search.workload import FILTERS

    assert list(SERVICE_NOUNS) == list(NEED_SLUGS)
    for combination in FILTERS:
        assert set(combination.get("needs", ())) <= set(NEED_SLUGS), combination
        assert combination.get("neighbourhood", NEIGHBOURHOOD_SLUGS[0]) in NEIGHBOURHOOD_SLUGS, combination
        assert set(combination.get("languages", ())) <= set(LANGUAGES), combination
