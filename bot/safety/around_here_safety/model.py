"""The statistical second stage: a small naive Bayes classifier over words and letter groups.

Reviewed rules catch what reviewers thought of; residents write things nobody listed. This model,
trained on the team's own labelled development corpus (bench/safety/corpus, never the held-out half),
reads the same normalised text and gives each tier a probability. It can only raise the rules'
decision (net.py): a model never lowers a tier, and its thresholds are chosen on the development half.

The weights are plain data (`rules/model.json`: per feature, a log-probability per tier), never a
pickle, so both environments load the same model and a reviewer can read what it learned. Pure
Python: training a few thousand messages takes a second (`python -m bench.safety.train`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .rules import RULES_DIR

MODEL_FILE = RULES_DIR / "model.json"
TIERS = ("none", "supportive", "urgent")
CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")


def features(prepared: str) -> set[str]:
    """Words, word pairs and the letter groups (3 to 5) inside longer words, of normalised text."""
    words = prepared.split()
    found = set(words)
    found.update(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))
    for word in words:
        if len(word) >= 4:
            padded = f"<{word}>"
            for size in (3, 4, 5):
                found.update("#" + padded[i : i + size] for i in range(len(padded) - size + 1))
    return found


@dataclass(frozen=True)
class NaiveBayes:
    classes: tuple[str, ...]
    priors: list[float]
    weights: dict[str, list[float]]  # feature -> log P(feature | class); unknown features are skipped

    def probabilities(self, found: set[str]) -> dict[str, float]:
        scores = list(self.priors)
        for feature in found:
            row = self.weights.get(feature)
            if row is not None:
                for i, weight in enumerate(row):
                    scores[i] += weight
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    @classmethod
    def train(cls, examples: Iterable[tuple[set[str], str]], classes: tuple[str, ...], *, alpha: float = 0.5,
              min_count: int = 2) -> NaiveBayes:  # fmt: skip
        """Naive Bayes over feature presence, from (features, class) pairs."""
        counts = {c: Counter() for c in classes}
        documents = Counter()
        for found, label in examples:
            documents[label] += 1
            counts[label].update(found)
        seen = Counter()
        for c in classes:
            seen.update(counts[c])
        vocabulary = sorted(f for f, n in seen.items() if n >= min_count)
        totals = {c: sum(counts[c][f] for f in vocabulary) + alpha * (len(vocabulary) + 1) for c in classes}
        weights = {
            f: [round(math.log((counts[c][f] + alpha) / totals[c]), 3) for c in classes] for f in vocabulary
        }
        n = sum(documents.values())
        priors = [round(math.log((documents[c] + 1) / (n + len(classes))), 4) for c in classes]
        return cls(classes, priors, weights)

    def as_json(self) -> dict[str, object]:
        return {"classes": list(self.classes), "priors": self.priors, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> NaiveBayes:
        return cls(tuple(data["classes"]), list(data["priors"]), dict(data["weights"]))


@dataclass(frozen=True)
class Model:
    """The tier classifier, the category classifier (trained on crisis messages) and the thresholds
    above which the model may raise the rules' decision."""

    tier: NaiveBayes
    category: NaiveBayes
    thresholds: dict[str, float]

    def as_json(self) -> dict[str, object]:
        return {"tier": self.tier.as_json(), "category": self.category.as_json(), "thresholds": self.thresholds}


def save(model: Model, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(model.as_json(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """The trained model, or None when there is none (the rules then decide alone)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(NaiveBayes.from_json(data["tier"]), NaiveBayes.from_json(data["category"]), data["thresholds"])
