"""`python -m bench.safety.train`: train the safety net's statistical stage on the development corpus.

Trains on the development splits `dev`, `dev2` and `dev3` (never the held-out half). The thresholds are
chosen by 5-fold cross-validation over `dev3` while the rules had not been developed against it (so the
rules' misses there were real ones): the thresholds that find the most crisis messages while adding at
most 2 points of look-alikes given any tier, half a point given 999, and 10 points of supportive
messages given 999 (999 for someone who needs a listening line is a cost too) over the rules alone.
`--keep-thresholds` retrains the weights and keeps those thresholds. The weights are
written as plain JSON to bot/safety/around_here_safety/rules/model.json, where both environments read
it.
"""

from __future__ import annotations

import argparse
import random

from around_here_safety.model import (
    CATEGORIES,
    MODEL_FILE,
    TIERS,
    Model,
    NaiveBayes,
    features,
    load_model,
    save,
)
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
    def rates(results: list[tuple[Example, str]]) -> tuple[float, float, float]:
        lookalikes = [t for e, t in results if not e.is_crisis]
        supportive = [t for e, t in results if e.tier == "supportive"]
        return (
            sum(t != "none" for t in lookalikes) / len(lookalikes),
            sum(t == "urgent" for t in lookalikes) / len(lookalikes),
            sum(t == "urgent" for t in supportive) / max(1, len(supportive)),
        )

    base_any, base_urgent, base_over = rates(outcomes[(1.01, 1.01)])
    best = {"crisis": 1.01, "urgent": 1.01}
    best_score = -1.0
    for (crisis, urgent), results in outcomes.items():
        any_rate, urgent_rate, over_triage = rates(results)
        # the model may add at most 2 points of look-alikes given any tier, half a point given 999,
        # and 10 points of supportive messages given 999, over what the rules alone do
        if any_rate > base_any + 0.02 or urgent_rate > base_urgent + 0.005 or over_triage > base_over + 0.10:
            continue
        urgent_hits = [t == "urgent" for e, t in results if e.tier == "urgent"]
        crisis_hits = [t != "none" for e, t in results if e.is_crisis]
        score = sum(urgent_hits) / len(urgent_hits) + sum(crisis_hits) / len(crisis_hits)
        if score > best_score:
            best, best_score = {"crisis": crisis, "urgent": urgent}, score
        print(f"  crisis>={crisis} urgent>={urgent}: recall urgent+crisis {score:.3f}, look-alikes any "
              f"{any_rate:.3f} urgent {urgent_rate:.3f}, supportive given 999 {over_triage:.3f}")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep-thresholds",
        action="store_true",
        help="retrain the weights but keep the thresholds already chosen (once dev3 has been read, a new "
        "cross-validation on it would flatter the model)",
    )
    args = parser.parse_args(argv)
    net = CrisisNet(load_rules(), model=None)
    base, fresh = split("dev") + split("dev2"), split("dev3")
    examples = base + fresh
    existing = load_model(MODEL_FILE)
    if args.keep_thresholds and existing is not None:
        thresholds = dict(existing.thresholds)
    else:
        thresholds = cross_validate(net, base, fresh) if fresh else {"crisis": 1.01, "urgent": 1.01}
    model = fit(net, examples, thresholds)
    save(model, MODEL_FILE)
    print(f"trained on {len(examples)} development messages; thresholds {thresholds}; "
          f"{len(model.tier.weights)} tier features; written to {MODEL_FILE}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
