"""Score the evaluation set (`data/*.yml`) through the app, as residents reach it.

A message scores when a service with its labelled need is among the first 3 that `/api/search` returns,
and, separately, among the 3 cards the chat fallback gives with the assistant unreachable. Out-of-scope
messages score when the fallback answers them without any service card. The same functions serve the
bench (`python -m bench.needs`) and the test that keeps the floors (`tests/directory/needs`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml
from flask.testing import FlaskClient
from sqlalchemy import select

LANGUAGES = ("en", "pl", "ur", "ar")
TOP = 3


@dataclass(frozen=True)
class Example:
    text: str
    need: str
    place: str | None = None  # neighbourhood slug, when the message names somewhere


@dataclass
class EvaluationSet:
    language: str
    needs: list[Example]
    out_of_scope: list[str]


@dataclass
class Score:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, text: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(text)

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0


def load(language: str) -> EvaluationSet:
    raw = yaml.safe_load(resources.files(__package__).joinpath(f"data/{language}.yml").read_text("utf-8"))
    return EvaluationSet(
        language=language,
        needs=[Example(item["text"], item["need"], item.get("place")) for item in raw["needs"]],
        out_of_scope=list(raw["out_of_scope"]),
    )


def api_needs(client: FlaskClient, text: str) -> tuple[list[list[str]], str | None]:
    """The needs of each of the first `TOP` results of `/api/search?q=text`, and the place's neighbourhood."""
    body = client.get("/api/search", query_string={"q": text, "per_page": TOP}).get_json()
    place = (body.get("place") or {}).get("neighbourhood")
    return [result["needs"] for result in body["results"][:TOP]], place


def fallback_services(client: FlaskClient, text: str, language: str) -> list[str]:
    """Ids of the service cards the chat answers with (the caller makes sure the assistant is down)."""
    body = client.post(
        "/chat/api/message", json={"session": uuid.uuid4().hex, "message": text, "language": language}
    ).get_json()
    assert body["source"] == "directory", "the evaluation needs the assistant unreachable"
    ids: list[str] = []
    for reply in body["replies"]:
        custom = reply.get("custom") or {}
        if custom.get("type") == "services":
            ids += [card["id"] for card in custom["services"]]
    return ids


def score_api(client: FlaskClient, data: EvaluationSet) -> tuple[Score, Score]:
    """(right need in the top 3, right neighbourhood for messages that name a place)."""
    need, place = Score(), Score()
    for example in data.needs:
        found, neighbourhood = api_needs(client, example.text)
        need.add(any(example.need in needs for needs in found), example.text)
        if example.place:
            place.add(neighbourhood == example.place, example.text)
    return need, place


def score_fallback(client: FlaskClient, data: EvaluationSet, needs_of: dict[str, list[str]]) -> tuple[Score, Score]:
    """(right need among the fallback's cards, out-of-scope messages answered without cards)."""
    need, out = Score(), Score()
    for example in data.needs:
        ids = fallback_services(client, example.text, data.language)
        need.add(any(example.need in needs_of.get(i, ()) for i in ids[:TOP]), example.text)
    for text in data.out_of_scope:
        out.add(not fallback_services(client, text, data.language), text)
    return need, out


def service_needs() -> dict[str, list[str]]:
    """Every service's needs, from the app's database (fallback cards carry ids, not needs); call it
    inside the app's context."""
    from directory.models import Service
    from directory.search.documents import need_slugs
    from web.extensions import database

    services = database.session.scalars(select(Service)).all()
    return {service.id: list(need_slugs(service)) for service in services}


def summary(result: dict[str, Any]) -> str:
    """One line per language, for the terminal."""
    lines = [f"{'lang':5} {'api top3':>9} {'place':>7} {'chat top3':>10} {'out of scope':>13}"]
    for language, row in result.items():
        lines.append(
            f"{language:5} {row['api_need_top3']:>9.0%} {row['api_place']:>7.0%} "
            f"{row['fallback_need_top3']:>10.0%} {row['out_of_scope_without_services']:>13.0%}"
        )
    return "\n".join(lines)
