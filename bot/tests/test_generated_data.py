"""Files the assistant carries as copies of other files must match their sources.

The assistant never imports the directory's code, so the need slugs and the NLU lookup and synonym data
are generated into bot/ (scripts/build_nlu_data.py) and committed. A copy that drifted would let the
`need` slot hold a slug the directory does not know, or offer residents a need it cannot search.
"""

from __future__ import annotations

import json

import pytest
import yaml

from actions.needs import NEED_SLUGS
from scripts import build_nlu_data
from tests.conftest import BOT, REPO


def _directory_slugs() -> list[str]:
    needs = json.loads((REPO / "directory" / "needs" / "needs.json").read_text(encoding="utf-8"))["needs"]
    return [need["slug"] for need in needs]


def test_the_assistants_need_slugs_are_the_directorys_in_the_same_order():
    assert list(NEED_SLUGS) == _directory_slugs()
    assert len(NEED_SLUGS) == 16


def test_the_build_reads_the_need_slugs_from_the_directorys_vocabulary():
    assert build_nlu_data.need_slugs() == _directory_slugs()


@pytest.mark.parametrize(
    "name",
    ["actions/need_slugs.json", "data/nlu/generated/places.yml", "data/nlu/generated/need_synonyms.yml"],
)
def test_each_generated_file_is_what_the_build_writes_from_its_sources(name):
    files, problems = build_nlu_data.generated()
    assert problems == []
    text, _ = files[BOT / name]
    assert (BOT / name).read_text(encoding="utf-8") == text, "run bot/scripts/build_nlu_data.py"


def test_every_synonym_maps_to_a_need_slug_the_directory_knows():
    data = yaml.safe_load(
        (BOT / "data" / "nlu" / "generated" / "need_synonyms.yml").read_text(encoding="utf-8")
    )
    targets = {entry["synonym"] for entry in data["nlu"]}
    assert targets and targets <= set(_directory_slugs())


def test_the_need_buttons_offer_every_need_in_the_directorys_order():
    generated = yaml.safe_load((BOT / "domain" / "responses_generated.yml").read_text(encoding="utf-8"))
    for key in ("utter_ask_need", "utter_need_not_sure"):
        for variation in generated["responses"][key]:
            payloads = [button["payload"] for button in variation["buttons"]]
            assert payloads == [f'/find_help{{"need":"{slug}"}}' for slug in _directory_slugs()], key
