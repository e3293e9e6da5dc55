"""The crisis safety net: one reviewed decision, the same in the assistant, the chat fallback and SMS.

Two stages, as in published crisis-message triage: reviewed word lists catch candidates with high
recall, then a small set of combination rules decides the tier.

1. The text is normalised (textnorm.py), look-alikes are blanked out ("killing myself laughing",
   "dead end job"), and near-misses of rare key words are corrected ("sucidal" -> "suicidal").
2. Rules of four kinds match: `urgent` and `supportive` rules name a category; signals do not stand
   alone: `means` (rope, tablets, a bridge, a train), `plan` (ready, tonight, a note, goodbye),
   `intent` (going to, about to, now), `act` (took 30, cut deep), `other_person` (my friend says).
3. The tier:
   - urgent: an urgent rule; or a supportive rule together with means, plan, intent or an act; or
     means together with a plan or an act;
   - supportive: a supportive rule alone;
   - none otherwise.
   Negation never lowers a tier ("I'm not going to kill myself" still gets help): a false alarm costs
   one kind message with phone numbers; a miss can cost a life.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .fuzzy import Corrector
from .model import MODEL_FILE, Model, features, load_model
from .rules import CATEGORIES, Rule, RuleSet, load_rules
from .textnorm import normalise

URGENT = "urgent"
SUPPORTIVE = "supportive"
NONE = "none"
TIER_ORDER = {NONE: 0, SUPPORTIVE: 1, URGENT: 2}
MAX_CHARS = 2000  # longer texts are cut: detection time stays bounded


@dataclass
class Assessment:
    """What the net decided about one message."""

    tier: str = NONE
    categories: list[str] = field(default_factory=list)
    about: str = "self"  # "other" when the person at risk is someone else
    rules: list[Rule] = field(default_factory=list)
    raised_by_model: bool = False  # the statistical stage raised the rules' tier (for logs and review)

    def __bool__(self) -> bool:
        return self.tier != NONE

    @property
    def primary(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(rule.language for rule in self.rules))

    def as_payload(self) -> dict[str, object]:
        """The wire format's crisis fields (helplines are added by helplines.crisis_payload)."""
        return {"type": "crisis", "tier": self.tier, "categories": list(self.categories), "about": self.about}


def higher_tier(a: str | None, b: str | None) -> str:
    """The more serious of two tiers (a conversation's risk never goes down on its own)."""
    a, b = a or NONE, b or NONE
    return a if TIER_ORDER.get(a, 0) >= TIER_ORDER.get(b, 0) else b


def combine(ruled: Assessment, prepared: str, model: Model | None) -> Assessment:
    """The rules' decision, raised (never lowered) where the statistical stage is confident enough:
    a message the rules missed becomes supportive (urgent past the urgent threshold), and a supportive
    one urgent past the urgent threshold."""
    if model is None or not model.thresholds:
        return ruled
    found = features(prepared)
    p = model.tier.probabilities(found)
    crisis, urgent = model.thresholds["crisis"], model.thresholds["urgent"]
    if ruled.tier == NONE and p["supportive"] + p["urgent"] >= crisis:
        category = max(model.category.probabilities(found).items(), key=lambda item: item[1])[0]
        tier = URGENT if p["urgent"] >= urgent else SUPPORTIVE
        return Assessment(tier, [category], ruled.about, ruled.rules, raised_by_model=True)
    if ruled.tier == SUPPORTIVE and p["urgent"] >= urgent:
        return Assessment(URGENT, ruled.categories, ruled.about, ruled.rules, raised_by_model=True)
    return ruled


class CrisisNet:
    def __init__(self, rules: RuleSet, model: Model | None = None) -> None:
        self.rules = rules
        self.model = model
        self.corrector = Corrector(rules.fuzzy_terms)
        self.languages = rules.languages
        # Hint index: each distinct literal once, and the rules it admits. A message costs one substring
        # test per distinct literal, then a search only for the few rules whose literal it contains.
        self._always = [i for i, rule in enumerate(rules.rules) if not rule.hints]
        self._by_hint: dict[str, list[int]] = {}
        for i, rule in enumerate(rules.rules):
            for hint in rule.hints:
                self._by_hint.setdefault(hint, []).append(i)
        self._hints = tuple(self._by_hint)


    @classmethod
    def from_directory(cls, directory: Path | str | None = None) -> CrisisNet:
        """The rule files of a folder (default: the reviewed ones) and its trained model, if any."""
        model_file = Path(directory) / MODEL_FILE.name if directory else MODEL_FILE
        return cls(load_rules(directory), load_model(model_file))

    def prepare(self, text: str) -> str:
        """Normalised text, look-alikes blanked out, key-word typos corrected."""
        prepared = normalise((text or "")[:MAX_CHARS])
        for exclusion in self.rules.exclusions:
            if (not exclusion.hints or any(h in prepared for h in exclusion.hints)) and exclusion.regex.search(
                prepared
            ):
                prepared = normalise(exclusion.regex.sub(" ", prepared))
        return self.corrector.correct(prepared)

    def assess(self, text: str) -> Assessment:
        prepared = self.prepare(text)
        return combine(self.assess_rules(prepared), prepared, self.model)

    def assess_rules(self, prepared: str) -> Assessment:
        """The reviewed rules' decision alone, on prepared text."""
        hits: dict[str, list[Rule]] = {}
        candidates = set(self._always)
        for hint in [h for h in self._hints if h in prepared]:
            candidates.update(self._by_hint[hint])
        rules = self.rules.rules
        for i in sorted(candidates):
            if rules[i].regex.search(prepared):
                hits.setdefault(rules[i].kind, []).append(rules[i])
        urgent = {r.category for r in hits.get(URGENT, ())}
        supportive = {r.category for r in hits.get(SUPPORTIVE, ())}
        raised = any(kind in hits for kind in ("means", "plan", "intent", "act"))
        result = Assessment(rules=[r for rules in hits.values() for r in rules])
        if urgent or (supportive and raised):
            result.tier = URGENT
        elif "means" in hits and ("plan" in hits or "act" in hits):
            result.tier = URGENT
            supportive.add("self_harm")
        elif supportive:
            result.tier = SUPPORTIVE
        else:
            return Assessment(about="other" if "other_person" in hits else "self", rules=result.rules)
        if result.tier == URGENT and "act" in hits and "self_harm" in urgent | supportive:
            urgent.add("danger")  # something has already been done: an emergency, not only a feeling
        found = urgent | supportive
        result.categories = [c for c in CATEGORIES if c in found]
        if "other_person" in hits:
            result.about = "other"
        return result


@cache
def default_net() -> CrisisNet:
    """The reviewed net, loaded once per process (a malformed file raises here, at start-up)."""
    return CrisisNet.from_directory()


def assess(text: str) -> Assessment:
    """The reviewed net's assessment of one message."""
    return default_net().assess(text)
