"""The labelled crisis corpus, each split written by writers who had not seen the rules:

- `heldout/`: written first; never tuned on, measured as the result;
- `dev/`, `dev2/`, `dev3/`: what the rules are developed against (their misses may be read). `dev3`
  was first kept aside, unread, to choose the statistical stage's thresholds by cross-validation
  (`bench/safety/train.py`); the thresholds were fixed then, before its misses were read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
LANGUAGES = ("en", "pl", "ur", "ar")
SPLITS = ("heldout", "dev", "dev2", "dev3")
READABLE = ("dev", "dev2", "dev3")  # the splits whose misses may be read while developing rules


@dataclass(frozen=True)
class Example:
    language: str
    text: str
    tier: str  # urgent | supportive | none
    categories: tuple[str, ...]
    about: str

    @property
    def is_crisis(self) -> bool:
        return self.tier != "none"


def load(split: str, languages: tuple[str, ...] = LANGUAGES) -> list[Example]:
    examples: list[Example] = []
    for language in languages:
        data = yaml.safe_load((CORPUS / split / f"{language}.yml").read_text(encoding="utf-8"))
        for item in data["messages"]:
            examples.append(
                Example(
                    language,
                    str(item["text"]),
                    str(item["tier"]),
                    tuple(item.get("categories") or ()),
                    str(item.get("about") or "self"),
                )
            )
    return examples
