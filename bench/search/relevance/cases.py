"""The labelled phrasings (`data/{en,pl,ur,ar}.yml`) and the held-out split that is never tuned on."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import yaml

LANGUAGES = ("en", "pl", "ur", "ar")
HELD_OUT_EVERY = 4  # every 4th case of each language (the 4th, 8th, ...) is held out


@dataclass(frozen=True)
class Case:
    language: str
    text: str
    need: str
    place: str | None  # neighbourhood slug when the phrasing names a place or postcode
    held_out: bool


def load(language: str) -> list[Case]:
    raw = yaml.safe_load(resources.files(__package__).joinpath(f"data/{language}.yml").read_text("utf-8"))
    return [
        Case(language, item["text"], item["need"], item.get("place"), (i + 1) % HELD_OUT_EVERY == 0)
        for i, item in enumerate(raw["cases"])
    ]


def load_all() -> list[Case]:
    return [case for language in LANGUAGES for case in load(language)]
