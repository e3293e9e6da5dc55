"""URL converters that refuse malformed ids before they reach the database (a 404, never a 500).

PostgreSQL rejects strings containing NUL, so an unchecked id in a path could otherwise raise.
"""

from __future__ import annotations

from werkzeug.routing import BaseConverter

ID_PATTERN = r"[A-Za-z0-9_.:-]{1,64}"
SLUG_PATTERN = r"[a-z0-9-]{1,100}"


class RecordIdConverter(BaseConverter):
    regex = ID_PATTERN


class SlugConverter(BaseConverter):
    regex = SLUG_PATTERN
