"""Both versions of the details two people changed (`directory.portal.revisions.EditConflict`), readable: the
editor's conflict page and the moderator's show them the same way."""

from __future__ import annotations

from directory.portal.revisions import ConflictRow

from .labels import field_label, format_value, neighbourhood_names


def conflict_rows(rows: list[ConflictRow]) -> list[tuple[str, str, str]]:
    """(label, the listing now, the other version) for each detail, for portal/_conflict_table.html."""
    hoods = neighbourhood_names()
    return [
        (
            field_label(row.field),
            format_value(row.field, row.current, hoods),
            format_value(row.field, row.proposed, hoods),
        )
        for row in rows
    ]
