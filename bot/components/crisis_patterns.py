"""Deterministic crisis detection from reviewed pattern files (`bot/safety/crisis_<lang>.yml`).

Kept free of Rasa imports so the safety net can be tested and reviewed on its own; the Rasa graph
component in `crisis_net.py` is a thin wrapper around `CrisisMatcher`.

File format (see `bot/safety/README.md`):

    language: en
    categories:
      self_harm:
        phrases: [kill myself, suicid*]       # whole words; * = any letters at that end of a word
        patterns: ['\\b(going to|gonna) end it\\b']   # regular expressions on the normalised text
      danger: ...
    exclusions:
      phrases: [dying to know]                # look-alikes removed before matching
      patterns: ['\\b(heat|weather) is killing me\\b']

Every message is checked against every language's file: people mix languages, and a Polish speaker may
write in English. Exclusions remove only the look-alike words, so "I'm killing time before I kill
myself" is still caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .textnorm import clean, fold, fold_pattern

# The order in which categories are reported: the first is the "primary" category.
CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")
DEFAULT_SAFETY_DIR = Path(__file__).resolve().parent.parent / "safety"


class CrisisPatternError(ValueError):
    """A pattern file is malformed: refuse to start rather than run with a broken safety net."""


@dataclass(frozen=True)
class Rule:
    language: str
    category: str
    source: str  # the phrase or pattern as written in the file
    regex: re.Pattern[str]


@dataclass
class CrisisMatch:
    categories: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    @property
    def primary(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys(rule.language for rule in self.rules))

    def __bool__(self) -> bool:
        return bool(self.categories)


def phrase_regex(phrase: str) -> str:
    """A phrase as a regular expression over normalised text: whole words, `*` = any letters there."""
    tokens: list[str] = []
    for raw in phrase.split():
        lead = raw.startswith("*")
        trail = raw.endswith("*") and len(raw) > 1
        folded = clean(fold(raw.strip("*"))).split()
        if not folded:
            continue
        pieces = [re.escape(p) for p in folded]
        if lead:
            pieces[0] = r"\w*" + pieces[0]
        if trail:
            pieces[-1] = pieces[-1] + r"\w*"
        tokens.extend(pieces)
    if not tokens:
        raise CrisisPatternError(f"empty phrase: {phrase!r}")
    return r"(?<!\w)" + r"\s+".join(tokens) + r"(?!\w)"


def _compile(source: str, regex: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(regex)
    except re.error as exc:
        raise CrisisPatternError(f"{where}: bad pattern {source!r}: {exc}") from exc


def _strings(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CrisisPatternError(f"{where}: expected a list of non-empty strings")
    return [v.strip() for v in value]


class CrisisMatcher:
    """Matches messages against every loaded language file."""

    def __init__(self, rules: Iterable[Rule], exclusions: Iterable[re.Pattern[str]]) -> None:
        self.rules = list(rules)
        self.exclusions = list(exclusions)
        self.languages = sorted({rule.language for rule in self.rules})

    @classmethod
    def from_directory(cls, directory: Path | str | None = None) -> CrisisMatcher:
        directory = Path(directory) if directory else DEFAULT_SAFETY_DIR
        files = sorted(directory.glob("crisis_*.yml"))
        if not files:
            raise CrisisPatternError(f"no crisis pattern files (crisis_<lang>.yml) in {directory}")
        rules: list[Rule] = []
        exclusions: list[re.Pattern[str]] = []
        for path in files:
            file_rules, file_exclusions = cls._load_file(path)
            rules.extend(file_rules)
            exclusions.extend(file_exclusions)
        return cls(rules, exclusions)

    @staticmethod
    def _load_file(path: Path) -> tuple[list[Rule], list[re.Pattern[str]]]:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise CrisisPatternError(f"{path.name}: not valid YAML: {exc}") from exc
        language = data.get("language") or path.stem.removeprefix("crisis_")
        categories = data.get("categories") or {}
        unknown = set(categories) - set(CATEGORIES)
        if unknown:
            raise CrisisPatternError(f"{path.name}: unknown categories {sorted(unknown)}; use {CATEGORIES}")
        rules: list[Rule] = []
        for category, spec in categories.items():
            spec = spec or {}
            where = f"{path.name}:{category}"
            for phrase in _strings(spec.get("phrases"), f"{where}.phrases"):
                rules.append(Rule(language, category, phrase, _compile(phrase, phrase_regex(phrase), where)))
            for pattern in _strings(spec.get("patterns"), f"{where}.patterns"):
                rules.append(
                    Rule(language, category, pattern, _compile(pattern, fold_pattern(pattern), where))
                )
        excl = data.get("exclusions") or {}
        exclusions = [
            _compile(p, phrase_regex(p), f"{path.name}:exclusions")
            for p in _strings(excl.get("phrases"), f"{path.name}:exclusions.phrases")
        ] + [
            _compile(p, fold_pattern(p), f"{path.name}:exclusions")
            for p in _strings(excl.get("patterns"), f"{path.name}:exclusions.patterns")
        ]
        return rules, exclusions

    def prepare(self, text: str) -> str:
        """Normalised text with look-alike phrases blanked out."""
        normalised = clean(fold(text))
        for exclusion in self.exclusions:
            normalised = exclusion.sub(" ", normalised)
        return normalised

    def match(self, text: str) -> CrisisMatch:
        prepared = self.prepare(text)
        found: dict[str, list[Rule]] = {}
        for rule in self.rules:
            if rule.regex.search(prepared):
                found.setdefault(rule.category, []).append(rule)
        result = CrisisMatch()
        for category in CATEGORIES:
            if category in found:
                result.categories.append(category)
                result.rules.extend(found[category])
        return result
