"""Places: UK postcodes, Stockport's neighbourhoods and place names, and the ONSPD importer.

Everything a caller needs to answer "where are you?" lives here, so other modules import from
`directory.places` rather than its submodules.
"""

from directory.places.gazetteer import (
    ExactLookup,
    Gazetteer,
    GazetteerDataError,
    NeighbourhoodInfo,
    Resolution,
    haversine_m,
)
from directory.places.onspd import STOCKPORT_LOCAL_AUTHORITY, OnspdFormatError, OnspdRow, iter_onspd_rows
from directory.places.postcodes import (
    PostcodeQuery,
    extract_postcode,
    iter_postcodes_in_text,
    normalise_postcode,
    parse_postcode,
)

__all__ = [
    "STOCKPORT_LOCAL_AUTHORITY",
    "ExactLookup",
    "Gazetteer",
    "GazetteerDataError",
    "NeighbourhoodInfo",
    "OnspdFormatError",
    "OnspdRow",
    "PostcodeQuery",
    "Resolution",
    "extract_postcode",
    "haversine_m",
    "iter_onspd_rows",
    "iter_postcodes_in_text",
    "normalise_postcode",
    "parse_postcode",
]
