"""Literal prefilters: the text any match of a rule must contain, so most rules are skipped cheaply.

A message is checked against a few thousand reviewed rules. Most of them cannot match it, and a
substring test (`"rope" in text`) costs a fraction of a regular-expression search. For each rule this
finds, from the parsed expression, a set of literal strings such that every possible match contains
at least one of them; when none of them is in the text, the rule is not run. It changes only speed,
never a decision: the test suite checks every rule against every corpus message both ways.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # Python 3.10 (the assistant's environment)
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

MIN_LENGTH = 2
Candidate = tuple[str, ...]  # any match contains at least one of these


def _better(a: Candidate | None, b: Candidate | None) -> Candidate | None:
    """The more selective of two candidates (longer shortest string, then fewer alternatives)."""
    if a is None:
        return b
    if b is None:
        return a
    key_a, key_b = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if key_a >= key_b else b


def _sequence(items: object) -> Candidate | None:
    best: Candidate | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best, run
        if len(run) >= MIN_LENGTH:
            best = _better(best, ("".join(run),))
        run = []

    for op, av in items:  # type: ignore[attr-defined]
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _c.SUBPATTERN:
            best = _better(best, _sequence(av[-1]))
        elif op is _c.BRANCH:
            options = [_sequence(alternative) for alternative in av[1]]
            if options and all(options):
                best = _better(best, tuple(dict.fromkeys(s for option in options for s in option)))  # type: ignore[union-attr]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            best = _better(best, _sequence(av[2]))
    flush()
    return best


def required_literals(regex: re.Pattern[str]) -> Candidate | None:
    """Strings one of which every match of `regex` contains, or None when none can be found."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = _p.parse(regex.pattern, regex.flags)
    except (re.error, RecursionError, ValueError):
        return None
    return _sequence(parsed)
