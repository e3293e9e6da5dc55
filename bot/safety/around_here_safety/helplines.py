"""Which helplines a tier gives, from the reviewed `rules/helplines.yml`.

The urgent tier starts with 999 (and the silent 999-then-55 route, added by whoever renders it); the
supportive tier gives the listening lines for the categories found. At most `max_helplines` in all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .net import URGENT, Assessment
from .rules import RULES_DIR, CrisisRuleError

HELPLINES_FILE = RULES_DIR / "helplines.yml"


@cache
def load_helplines(path: Path = HELPLINES_FILE) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        helplines = {key: dict(value) for key, value in data["helplines"].items()}
        tiers = {tier: {c: list(keys) for c, keys in data[tier].items()} for tier in ("urgent", "supportive")}
        about_other = {c: list(keys) for c, keys in (data.get("about_other") or {}).items()}
        limit = int(data.get("max_helplines", 3))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CrisisRuleError(f"{path.name}: cannot be read: {exc}") from exc
    for keys in [*tiers["urgent"].values(), *tiers["supportive"].values(), *about_other.values()]:
        missing = set(keys) - set(helplines)
        if missing:
            raise CrisisRuleError(f"{path.name}: unknown helplines {sorted(missing)}")
    return {"helplines": helplines, "tiers": tiers, "about_other": about_other, "limit": limit}


def helplines_for(assessment: Assessment) -> list[dict[str, Any]]:
    """The helplines to show, most important first (an empty list for no crisis)."""
    if not assessment:
        return []
    data = load_helplines()
    categories = assessment.categories or ["self_harm"]
    keys = ["emergency"] if assessment.tier == URGENT else []
    for category in categories:
        if assessment.about == "other":
            keys += data["about_other"].get(category, [])
        keys += data["tiers"][assessment.tier].get(category, [])
    chosen = list(dict.fromkeys(keys))[: data["limit"]]
    return [dict(data["helplines"][key], key=key) for key in chosen]


def crisis_payload(assessment: Assessment) -> dict[str, Any]:
    """The wire format: {type: crisis, tier, categories, about, helplines}."""
    return {**assessment.as_payload(), "helplines": helplines_for(assessment)}
