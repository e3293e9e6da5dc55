"""The portal for the people who keep listings up to date (issue 7): accounts, edits and moderation.

Every view needs a signed-in session except those marked `public` (sign-in, password reset and links
sent by email); see `auth.require_session`, which runs before each view. Views stay thin: the rules are
in `directory` (accounts, revisions...), which flushes; the views own the transactions. Each module
registers its area's views on the one blueprint.
"""

# Each module registers its area's views (and the send-reminders command) on import.
from . import (  # noqa: F401
    account_views,
    archive,
    editing,
    freshness,
    joining,
    moderation,
    organisations,
    reminders_cli,
    reports,
    two_step,
)
from .blueprint import bp

__all__ = ["bp"]
