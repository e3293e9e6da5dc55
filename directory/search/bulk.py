"""A Whoosh segment writer for building a whole index at once.

When Whoosh 2.7 writes a new segment's postings it asks, for every posting, whether the field has a
length column, and for fields without one (ids, keyword filters such as the hour-of-week tokens) the
answer is a file-system `stat` each time: over a quarter of the commit of a 10,000-service index
went there (profiled). The answer cannot change while the segment is written, so it is asked once per field.
"""

from __future__ import annotations

from typing import Any

from whoosh.writing import SegmentWriter


class BulkWriter(SegmentWriter):
    def per_document_reader(self) -> Any:
        reader = super().per_document_reader()
        known: dict[str, bool] = {}
        has_column = reader.has_column

        def cached_has_column(fieldname: str) -> bool:
            found = known.get(fieldname)
            if found is None:
                found = known[fieldname] = has_column(fieldname)
            return found

        reader.has_column = cached_has_column
        return reader
