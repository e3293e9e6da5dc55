"""The portal for the people who keep listings up to date: accounts, edits and moderation.

Every view needs a signed-in session except those marked `public` (sign-in, password reset and links
sent by email); see `auth.require_session`, which runs before each view. Views stay thin: the rules are
in `directory.portal`, which flushes, in a module of the same name as the views that use it; the views
own the transactions (one unit of work each, `web.transaction`; the rules' errors are answered in
`errors`) and email through `web.emails`. Each module registers its area's views on the one blueprint.
"""

# Each module registers its area's views on import.
from . import (  # noqa: F401
    accounts,
    archive,
    errors,
    freshness,
    insight,
    insight_admin,
    joining,
    listings,
    navigation,
    organisations,
    reports,
    revisions,
    service_document,
    totp,
)
from .blueprint import bp

__all__ = ["bp"]
