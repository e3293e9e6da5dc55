"""Conversations as residents might write them: drawn at random (seeded) from `messages.yml`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

MESSAGES = Path(__file__).with_name("messages.yml")


@dataclass(frozen=True)
class Vocabulary:
    openers: tuple[str, ...]
    needs: tuple[str, ...]
    places: tuple[str, ...]
    follow_ups: tuple[str, ...]
    sms_follow_ups: tuple[str, ...]

    def need_messages(self) -> list[str]:
        """Every need as it can be sent: each one with a place in every place."""
        return [
            need.format(place=place)
            for need in self.needs
            for place in (self.places if "{place}" in need else ("",))
        ]

    def all_messages(self) -> set[str]:
        return {*self.openers, *self.need_messages(), *self.follow_ups, *self.sms_follow_ups}


@cache
def vocabulary(path: Path = MESSAGES) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(**{key: tuple(str(item) for item in data[key]) for key in Vocabulary.__annotations__})


def conversation(rng: random.Random, *, channel: str = "web") -> list[str]:
    """One conversation: sometimes a greeting, a need (mostly with a place), up to two follow-ups, and
    now and then a second need."""
    words = vocabulary()
    follow_ups = words.sms_follow_ups if channel == "sms" else words.follow_ups
    turns: list[str] = []
    if channel == "web" and rng.random() < 0.4:
        turns.append(rng.choice(words.openers))
    for round_ in range(2):
        if round_ and rng.random() >= 0.3:
            break
        need = rng.choice(words.needs)
        turns.append(need.format(place=rng.choice(words.places)) if "{place}" in need else need)
        turns += rng.sample(follow_ups, k=rng.choice((0, 1, 1, 2)))
    return turns
