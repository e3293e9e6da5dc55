"""The directory's tables, one module per feature; import from here."""

from .account import Membership, MembershipRole, PasswordReset, User, UserRole
from .base import Base, new_id, utcnow
from .demand import (
    OUTSIDE,
    UNKNOWN,
    CrisisCount,
    DemandEvent,
    DemandRollup,
    DemandRollupState,
    DemandSummary,
    InsightToken,
    user_neighbourhood,
)
from .freshness import ReviewReminder
from .joining import ClaimStatus, Invitation, OrganizationClaim
from .location import Accessibility, Address, Location, ServiceAtLocation
from .neighbourhood import Neighbourhood, NeighbourhoodPostcodeArea, Postcode
from .organization import Organization, OrganizationIdentifier
from .report import ListingReport, ReportStatus
from .revision import RevisionStatus, ServiceRevision
from .schedule import Closure, Schedule
from .search_log import IndexChange, SearchIndexNode, SearchLogHorizon
from .service import (
    Contact,
    CostOption,
    Language,
    Phone,
    Service,
    ServiceArea,
    ServiceScope,
    ServiceStatus,
    service_neighbourhood,
    visible_services,
)
from .sms import SmsInbound, SmsSender
from .taxonomy import NEEDS_TAXONOMY_NAME, Attribute, Taxonomy, TaxonomyTerm

__all__ = [
    "OUTSIDE",
    "UNKNOWN",
    "CrisisCount",
    "DemandEvent",
    "DemandRollup",
    "DemandRollupState",
    "DemandSummary",
    "InsightToken",
    "user_neighbourhood",
    "Accessibility",
    "Address",
    "Attribute",
    "ClaimStatus",
    "Base",
    "Closure",
    "Contact",
    "CostOption",
    "IndexChange",
    "Invitation",
    "Language",
    "ListingReport",
    "Location",
    "Membership",
    "MembershipRole",
    "NEEDS_TAXONOMY_NAME",
    "Neighbourhood",
    "NeighbourhoodPostcodeArea",
    "Organization",
    "OrganizationClaim",
    "OrganizationIdentifier",
    "PasswordReset",
    "Phone",
    "Postcode",
    "ReportStatus",
    "ReviewReminder",
    "RevisionStatus",
    "Schedule",
    "SearchIndexNode",
    "SearchLogHorizon",
    "Service",
    "SmsInbound",
    "SmsSender",
    "ServiceArea",
    "ServiceRevision",
    "ServiceAtLocation",
    "ServiceScope",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "User",
    "UserRole",
    "new_id",
    "service_neighbourhood",
    "utcnow",
    "visible_services",
]
