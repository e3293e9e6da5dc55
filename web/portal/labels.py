"""Words the portal shows for stored values (roles, field names), translated when shown."""

from __future__ import annotations

from flask_babel import lazy_gettext

FIELD_LABELS = {
    "name": lazy_gettext("Name"),
    "description": lazy_gettext("Description"),
    "email": lazy_gettext("Email address"),
    "url": lazy_gettext("Website"),
    "eligibility_description": lazy_gettext("Who can use it"),
}
