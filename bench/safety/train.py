"""`python -m bench.safety.train`: train the safety net's statistical stage on the development corpus.

Trains on the development splits `dev`, `dev2` and `dev3` (never the held-out half). The thresholds are
chosen by 5-fold cross-validation over `dev3`, the batch the rules were not developed against (so the
rules' misses there are real ones): the thresholds that find the most crisis messages while look-alikes raised to any tier
stay at or under 3 %, look-alikes raised to urgent at or under 0.5 %, and supportive messages raised to
urgent at or under 10 % (999 for someone who needs a listening line is a cost too). The weights are
written as plain JSON to bot/safety/around_here_safety/rules/model.json, where both environments read
it.
"""

from __future__ import annotations

import argparse
import random

from around_here_safety.model import CATEGORIES, MODEL_FILE, TIERS, Model, NaiveBayes, features, save
from around_here_safety.net import CrisisNet, combine
from around_here_safety.rules import load_rules

from .corpus import CORPUS, LANGUAGES, Example, load

GRID = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1.01]


def split(name: str) -> list[Example]:
    if not (CORPUS / name).is_dir():
        return []
    return load(name, tuple(lang for lang in LANGUAGES if (CORPUS / name / f"{lang}.yml").exists()))


def fit(net: CrisisNet, examples: list[Example], thresholds: dict[str, float]) -> Model:
    prepared = [(features(net.prepare(e.text)), e) for e in examples]
    tier = NaiveBayes.train([(f, e.tier) for f, e in prepared], TIERS)
    category = NaiveBayes.train([(f, e.categories[0]) for f, e in prepared if e.categories], CATEGORIES)
    return Model(tier, category, thresholds)


def cross_validate(net: CrisisNet, base: list[Example], fresh: list[Example], folds: int = 5) -> dict[str, float]:
    """Per threshold pair, the outcomes on `fresh` when each fold of it is held out in turn (the model
    trained on `base` and the other folds)."""
    fresh = list(fresh)
    random.Random(7).shuffle(fresh)
    outcomes: dict[tuple[float, float], list[tuple[Example, str]]] = {}
    for k in range(folds):
        test = fresh[k::folds]
        train = base + [e for i, e in enumerate(fresh) if i % folds != k]
        model = fit(net, train, {})
        for example in test:
            prepared = net.prepare(example.text)
            ruled = net.assess_rules(prepared)
            for crisis in GRID:
                for urgent in GRID:
                    model_thresholds = Model(model.tier, model.category, {"crisis": crisis, "urgent": urgent})
                    tier = combine(ruled, prepared, model_thresholds).tier
                    outcomes.setdefault((crisis, urgent), []).append((example, tier))
    best = {"crisis": 1.01, "urgent": 1.01}
    best_score = -1.0
    for (crisis, urgent), results in outcomes.items():
        lookalikes = [t for e, t in results if not e.is_crisis]
        any_rate = sum(t != "none" for t in lookalikes) / len(lookalikes)
        urgent_rate = sum(t == "urgent" for t in lookalikes) / len(lookalikes)
        supportive = [t for e, t in results if e.tier == "supportive"]
        over_triage = sum(t == "urgent" for t in supportive) / max(1, len(supportive))
        baseline = sum(t == "urgent" for e, t in outcomes[(1.01, 1.01)] if e.tier == "supportive")
        if any_rate > 0.03 or urgent_rate > 0.005 or over_triage > 0.10 + baseline / max(1, len(supportive)):
            continue
        urgent_hits = [t == "urgent" for e, t in results if e.tier == "urgent"]
        crisis_hits = [t != "none" for e, t in results if e.is_crisis]
        score = sum(urgent_hits) / len(urgent_hits) + sum(crisis_hits) / len(crisis_hits)
        if score > best_score:
            best, best_score = {"crisis": crisis, "urgent": urgent}, score
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    net = CrisisNet(load_rules(), model=None)
    base, fresh = split("dev") + split("dev2"), split("dev3")
    examples = base + fresh
    thresholds = cross_validate(net, base, fresh) if fresh else {"crisis": 1.01, "urgent": 1.01}
    model = fit(net, examples, thresholds)
    save(model, MODEL_FILE)
    print(f"trained on {len(examples)} development messages; thresholds {thresholds}; "
          f"{len(model.tier.weights)} tier features; written to {MODEL_FILE}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
