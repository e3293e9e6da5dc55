"""An SQL tracker store that never writes what a resident typed.

Rasa's SQL tracker store keeps every event as JSON, user messages included, for ever. Residents tell
us about debt, abuse and illness, so we keep only what the dialogue needs to continue on another
instance: the intent, the entities understood (need, place, number) and what the assistant did. The
message text, the tokens of each entity and any channel metadata other than the language are dropped
before the row is written. Conversations are deleted after the retention period by
scripts/purge_trackers.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, UserUttered

logger = logging.getLogger(__name__)

REDACTED = ""
KEPT_METADATA = ("language", "channel")


def _entity(entity: dict[str, Any]) -> dict[str, Any]:
    # `value` is the normalised meaning (a need slug, a postcode, a list position); `text` is the
    # resident's own spelling of it, which we do not need.
    return {key: value for key, value in entity.items() if key != "text"}


def redact(event: Event) -> Event:
    """The event as it may be stored: a user message without its text; anything else unchanged."""
    if not isinstance(event, UserUttered):
        return event
    parse_data = dict(event.parse_data or {})
    parse_data.pop("text", None)
    parse_data.pop("response_selector", None)
    parse_data["entities"] = [_entity(e) for e in parse_data.get("entities") or []]
    metadata = {key: value for key, value in (event.metadata or {}).items() if key in KEPT_METADATA}
    if "metadata" in parse_data:
        parse_data["metadata"] = metadata
    return UserUttered(
        text=REDACTED,
        intent=event.intent,
        entities=[_entity(e) for e in event.entities or []],
        parse_data=parse_data,
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata=metadata,
    )


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose new rows never contain message text (see the module docstring).

    On SQLite (`make run`) the file is put in write-ahead-log mode, which the file keeps: several
    assistant instances then read conversations while another writes, instead of waiting for it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            except sqlalchemy.exc.OperationalError as error:  # another instance holds the file: it set it
                logger.warning("could not set the tracker store's SQLite file to WAL mode: %s", error)

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redact(event)
