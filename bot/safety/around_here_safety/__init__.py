"""Around Here's crisis safety net: one reviewed package for the assistant, the chat fallback and SMS.

Standard library and PyYAML only, so the same code and the same reviewed files run in the assistant's
Python 3.10 environment and in the app's. There are no learned weights: every decision comes from the
rule files in `rules/`, which a safeguarding lead reviews (README.md, docs/safety.md).

    from around_here_safety import assess, crisis_payload
    found = assess("i have a rope ready")   # Assessment(tier="urgent", categories=["self_harm"], ...)
    crisis_payload(found)                   # {"type": "crisis", "tier": "urgent", ..., "helplines": [...]}
"""

from .helplines import crisis_payload, helplines_for, load_helplines
from .net import NONE, SUPPORTIVE, URGENT, Assessment, CrisisNet, assess, default_net, higher_tier
from .rules import CATEGORIES, CrisisRuleError, load_rules
from .textnorm import fold, normalise

__all__ = [
    "CATEGORIES",
    "NONE",
    "SUPPORTIVE",
    "URGENT",
    "Assessment",
    "CrisisNet",
    "CrisisRuleError",
    "assess",
    "crisis_payload",
    "default_net",
    "fold",
    "helplines_for",
    "higher_tier",
    "load_helplines",
    "load_rules",
    "normalise",
]
