"""The portal for the people who keep listings up to date (issue 7): accounts, edits and moderation.

Every view needs a signed-in session except those marked `public` (sign-in, password reset and links
sent by email); see `auth.require_session`, which runs before each view. Views stay thin: the rules are
in `directory` (accounts, revisions...), which flushes; the views own the transactions. Each module
registers its area's views on the one blueprint.
"""

from . import account_views, editing, moderation  # noqa: F401  (registers the views)
from .blueprint import bp

__all__ = ["bp"]
