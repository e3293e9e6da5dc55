"""The directory's tables, one module per feature; import from here."""

from .base import Base, new_id, utcnow
from .location import Accessibility, Address, Location, ServiceAtLocation
from .neighbourhood import Neighbourhood, NeighbourhoodPostcodeArea, Postcode
from .organization import Organization, OrganizationIdentifier
from .outbox import IndexChange
from .schedule import Closure, Schedule
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
)
from .taxonomy import NEEDS_TAXONOMY_NAME, Attribute, Taxonomy, TaxonomyTerm

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "Base",
    "Closure",
    "Contact",
    "CostOption",
    "IndexChange",
    "Language",
    "Location",
    "NEEDS_TAXONOMY_NAME",
    "Neighbourhood",
    "NeighbourhoodPostcodeArea",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Postcode",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceScope",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "new_id",
    "service_neighbourhood",
    "utcnow",
]
