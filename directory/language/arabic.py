"""Match Arabic and Urdu words whatever is attached to them.

Arabic writes the article and short prepositions as part of the word (الديون "the debts", بالإيجار "with
the rent", وللعمل "and for work") and adds suffixes (ديوني "my debts"); Urdu adds plural and case
endings (قرضے, قرضوں). So a folded token is looked up as itself, without a leading clitic, and by
every prefix of at least `MIN_PREFIX` letters: a vocabulary word of 3+ letters then matches its
suffixed forms, and shorter words only match whole.
"""

from __future__ import annotations

# Folded (ا for أ/إ/آ); longest first.
_CLITICS = ("وبال", "وال", "بال", "فال", "کال", "لل", "ال", "وب", "ول", "و", "ب", "ل", "ف")
MIN_PREFIX = 3
MIN_REST = 2


def arabic_keys(token: str) -> frozenset[str]:
    """Every key under which `token` (folded, Arabic script) can meet a vocabulary word."""
    forms = {token}
    for clitic in _CLITICS:
        if token.startswith(clitic) and len(token) - len(clitic) >= MIN_REST:
            forms.add(token[len(clitic) :])
    keys = set(forms)
    for form in forms:
        keys.update(form[:size] for size in range(MIN_PREFIX, len(form)))
    return frozenset(keys)
