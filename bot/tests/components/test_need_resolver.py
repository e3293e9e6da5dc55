"""The need resolver learns need phrases from training data and maps unseen wordings to need slugs."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.utils import training_data_from_paths
from rasa.shared.nlu.training_data.message import Message

from components.need_resolver import NeedResolver

TRAINING = """
version: "3.1"
nlu:
- intent: find_help
  examples: |
    - I need a [food bank](need:food) in [Reddish](place)
    - we have [nothing to eat](need:food)
    - [food parcel](need:food) please
    - need [groceries](need:food)
    - I'm looking for a [job](need:employment)
    - help finding [work](need:employment)
    - [job club](need:employment) in [Edgeley](place)
    - [CV](need:employment) help
    - [debt](need:money) advice
    - can't pay my [bills](need:money)
    - help with [benefits](need:money)
    - [universal credit](need:money) stopped
- intent: greet
  examples: |
    - hello
    - hi there
- synonym: employment
  examples: |
    - unemployed
    - looking for work
"""


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> NeedResolver:
    folder = tmp_path_factory.mktemp("resolver")
    (folder / "nlu.yml").write_text(TRAINING)
    data = training_data_from_paths([str(folder / "nlu.yml")], language="en")
    (folder / "storage").mkdir()
    storage = LocalModelStorage(folder / "storage")
    context = ExecutionContext(GraphSchema({}), "test")
    resource = Resource("need_resolver")
    trainer = NeedResolver.create(NeedResolver.get_default_config(), storage, resource, context)
    trainer.train(data)
    # as at inference time: a fresh instance loads what training persisted
    return NeedResolver.load(NeedResolver.get_default_config(), storage, resource, context)


def parsed(text: str, intent: str, entities: list[dict]) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set("entities", entities, add_to_output=True)
    return message


def test_an_unseen_spelling_of_a_need_phrase_maps_to_its_need(resolver: NeedResolver) -> None:
    text = "jobb help please"
    [m] = resolver.process(
        [parsed(text, "find_help", [{"entity": "need", "value": "jobb", "start": 0, "end": 4}])]
    )
    assert [e["value"] for e in m.get("entities")] == ["employment"]
    assert "NeedResolver" in m.get("entities")[0]["processors"]


def test_a_phrase_already_mapped_to_a_need_is_left_alone(resolver: NeedResolver) -> None:
    entities = [{"entity": "need", "value": "money", "start": 0, "end": 4}]
    [m] = resolver.process([parsed("debt help", "find_help", entities)])
    assert m.get("entities") == [{"entity": "need", "value": "money", "start": 0, "end": 4}]


def test_a_request_with_no_need_marked_is_classified_as_a_whole_without_a_query_span(
    resolver: NeedResolver,
) -> None:
    [m] = resolver.process([parsed("we have no food parcels and nothing to eat", "find_help", [])])
    [need] = m.get("entities")
    assert need["value"] == "food"
    assert "start" not in need


def test_other_intents_get_no_invented_need(resolver: NeedResolver) -> None:
    [m] = resolver.process([parsed("hello there", "greet", [])])
    assert not m.get("entities")


def test_other_entities_pass_through_untouched(resolver: NeedResolver) -> None:
    place = {"entity": "place", "value": "Reddish", "start": 13, "end": 20}
    [m] = resolver.process([parsed("food bank in Reddish", "find_help", [place])])
    assert place in m.get("entities")
