"""Errors the directory's rules raise for people to act on (shared by reports, accounts, revisions).

Their messages are English msgids marked with `N_`; the web app translates them where it shows them.
"""

from __future__ import annotations


class ValidationError(ValueError):
    """The input cannot be accepted; `errors` maps each field to a message a person can act on."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def N_(message: str) -> str:
    """Mark `message` for translation where it is shown (gettext's "no-op" marker)."""
    return message
