"""The reviewed rule files (`rules/crisis_<lang>.yml`), read and compiled.

File format (see README.md beside the package):

    language: en
    urgent:                     # alone enough for the urgent tier
      self_harm: {phrases: [...], patterns: [...]}
      danger: ...
    supportive:                 # alone enough for the supportive tier
      self_harm: ...
      domestic_abuse: ...
    signals:                    # never alone: they raise a supportive match, or combine (net.py)
      means: {phrases: [...], patterns: [...]}
      plan: ...
      intent: ...
      other_person: ...
    fuzzy: [suicidal, overdose] # key words also matched with a typo or two (fuzzy.py)
    exclusions: {phrases: [...], patterns: [...]}   # look-alike words blanked out before matching

phrases are whole words in order, `*` at a word's end (or start) meaning any letters there; patterns
are regular expressions over the normalised text. Every file is applied to every message, because
residents mix languages. A malformed file raises `CrisisRuleError`: the net refuses to start rather
than run broken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .prefilter import required_literals
from .textnorm import clean, fold, fold_pattern

# Reported most urgent first; the first is the "primary" category.
CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")
TIERS = ("urgent", "supportive")
SIGNALS = ("means", "plan", "intent", "act", "other_person")
RULES_DIR = Path(__file__).resolve().parent / "rules"


class CrisisRuleError(ValueError):
    """A rule file is malformed: refuse to start rather than run with a broken safety net."""


@dataclass(frozen=True)
class Rule:
    language: str
    kind: str  # a tier ("urgent", "supportive") or a signal ("means", ...)
    category: str  # a crisis category for tiers; the signal's name for signals
    source: str  # as written in the file, for logs and review
    regex: re.Pattern[str]
    hints: tuple[str, ...] = ()  # every match contains one of these: if none is in the text, skip (speed only)


@dataclass(frozen=True)
class Exclusion:
    regex: re.Pattern[str]
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    exclusions: tuple[Exclusion, ...]
    fuzzy_terms: tuple[str, ...]
    languages: tuple[str, ...]


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
        raise CrisisRuleError(f"empty phrase: {phrase!r}")
    return r"(?<!\w)" + r"\s+".join(tokens) + r"(?!\w)"


def _compile(source: str, regex: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(regex)
    except re.error as exc:
        raise CrisisRuleError(f"{where}: bad pattern {source!r}: {exc}") from exc


def _strings(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CrisisRuleError(f"{where}: expected a list of non-empty strings")
    return [v.strip() for v in value]


def _hints(regex: re.Pattern[str]) -> tuple[str, ...]:
    return required_literals(regex) or ()


def _entries(spec: object, where: str) -> list[tuple[str, re.Pattern[str], tuple[str, ...]]]:
    if spec is None:
        return []
    if not isinstance(spec, dict) or set(spec) - {"phrases", "patterns"}:
        raise CrisisRuleError(f"{where}: expected phrases and/or patterns")
    found = [(p, _compile(p, phrase_regex(p), where)) for p in _strings(spec.get("phrases"), f"{where}.phrases")]
    found += [(p, _compile(p, fold_pattern(p), where)) for p in _strings(spec.get("patterns"), f"{where}.patterns")]
    return [(source, regex, _hints(regex)) for source, regex in found]


def _load_file(path: Path) -> tuple[list[Rule], list[Exclusion], list[str], str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CrisisRuleError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CrisisRuleError(f"{path.name}: expected a mapping")
    unknown_keys = set(data) - {"language", *TIERS, "signals", "fuzzy", "exclusions"}
    if unknown_keys:
        raise CrisisRuleError(f"{path.name}: unknown sections {sorted(unknown_keys)}")
    language = str(data.get("language") or path.stem.removeprefix("crisis_"))
    rules: list[Rule] = []
    for tier in TIERS:
        categories = data.get(tier) or {}
        unknown = set(categories) - set(CATEGORIES)
        if unknown:
            raise CrisisRuleError(f"{path.name}: unknown categories {sorted(unknown)}; use {CATEGORIES}")
        for category, spec in categories.items():
            for source, regex, hint in _entries(spec, f"{path.name}:{tier}.{category}"):
                rules.append(Rule(language, tier, category, source, regex, hint))
    signals = data.get("signals") or {}
    unknown = set(signals) - set(SIGNALS)
    if unknown:
        raise CrisisRuleError(f"{path.name}: unknown signals {sorted(unknown)}; use {SIGNALS}")
    for signal, spec in signals.items():
        for source, regex, hint in _entries(spec, f"{path.name}:signals.{signal}"):
            rules.append(Rule(language, signal, signal, source, regex, hint))
    exclusions = [
        Exclusion(regex, hints) for _, regex, hints in _entries(data.get("exclusions"), f"{path.name}:exclusions")
    ]
    fuzzy = [clean(fold(term)).strip() for term in _strings(data.get("fuzzy"), f"{path.name}:fuzzy")]
    return rules, exclusions, fuzzy, language


def load_rules(directory: Path | str | None = None, files: Iterable[Path] | None = None) -> RuleSet:
    """Every `crisis_<lang>.yml` in `directory` (default: the reviewed files beside this package)."""
    folder = Path(directory) if directory else RULES_DIR
    paths = sorted(files) if files is not None else sorted(folder.glob("crisis_*.yml"))
    if not paths:
        raise CrisisRuleError(f"no crisis rule files (crisis_<lang>.yml) in {folder}")
    rules: list[Rule] = []
    exclusions: list[Exclusion] = []
    fuzzy: list[str] = []
    languages: list[str] = []
    for path in paths:
        file_rules, file_exclusions, file_fuzzy, language = _load_file(path)
        rules += file_rules
        exclusions += file_exclusions
        fuzzy += file_fuzzy
        languages.append(language)
    return RuleSet(tuple(rules), tuple(exclusions), tuple(dict.fromkeys(fuzzy)), tuple(sorted(languages)))
