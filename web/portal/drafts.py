"""The listing editor's draft: what a volunteer has changed so far, section by section, kept in the
signed session cookie until they send it (no table: a draft that is never sent leaves nothing behind).

A draft is for one listing at a time. It holds the version of the listing it started from (`base`,
`directory.portal.service_document.version`: the send is checked against it, so a change someone else
made meanwhile is never silently put back), only the details that differ from the listing (`changes`),
and the pending edits it continues (`waiting`): a change still waiting for checking is what the editor
shows, and sending replaces it (`directory.portal.revisions.propose_edit`, `replaces`).

A cookie holds about 4 kB. A draft that would not fit is refused (`save` returns False) rather than
silently lost; the section says so and keeps the text on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, session

from directory.models import Service
from directory.portal import revisions, service_document

from ..extensions import database

KEY = "portal_edit"
SENT_KEY = "portal_edit_sent"
MAX_COOKIE_BYTES = 3800  # browsers keep 4096 bytes per cookie, name and attributes included


@dataclass
class Draft:
    service_id: str
    base: str
    changes: dict[str, Any] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service_id,
            "base": self.base,
            "changes": self.changes,
            "waiting": self.waiting,
        }


def load(service_id: str) -> Draft | None:
    """This listing's draft, if the session holds one (a draft of another listing is not it)."""
    data = session.get(KEY)
    if not isinstance(data, dict) or data.get("service") != service_id:
        return None
    changes = data.get("changes")
    if not isinstance(changes, dict) or not service_document.is_version(data.get("base")):
        return None
    waiting = [str(item) for item in data.get("waiting") or [] if isinstance(item, str)]
    return Draft(
        service_id,
        str(data["base"]),
        {k: v for k, v in changes.items() if k in service_document.FIELDS},
        waiting,
    )


def start(service: Service, current: dict[str, Any]) -> Draft:
    """A new draft from the listing as it is, carrying on any edits waiting for checking."""
    waiting = revisions.waiting_edits(database.session, service.id)
    merged = revisions.waiting_changes(waiting)
    changes = {key: value for key, value in merged.items() if current.get(key) != value}
    draft = Draft(service.id, service_document.version(current), changes, [r.id for r in waiting])
    if not save(draft):  # pragma: no cover - a waiting edit already fitted in a cookie when it was made
        draft.changes = {}
        save(draft)
    return draft


def fits(draft: Draft) -> bool:
    """Whether the session cookie can hold the draft beside the rest of the session."""
    data = {**dict(session), KEY: draft.as_dict()}
    serializer = current_app.session_interface.get_signing_serializer(current_app)  # type: ignore[attr-defined]
    return serializer is None or len(serializer.dumps(data)) <= MAX_COOKIE_BYTES


def save(draft: Draft) -> bool:
    if not fits(draft):
        return False
    session[KEY] = draft.as_dict()
    return True


def clear() -> None:
    session.pop(KEY, None)


def document(current: dict[str, Any], draft: Draft) -> dict[str, Any]:
    """The listing as the editor sees it: the listing now with the draft's changes on top."""
    return {**current, **draft.changes}


def remember_sent(service_id: str, *, fields: list[str], published: bool, needs_waiting: bool) -> None:
    """What was just sent, for the page the editor is sent to after sending (post/redirect/get)."""
    session[SENT_KEY] = {
        "service": service_id,
        "fields": fields,
        "published": published,
        "needs_waiting": needs_waiting,
    }


def sent(service_id: str) -> dict[str, Any] | None:
    data = session.get(SENT_KEY)
    return data if isinstance(data, dict) and data.get("service") == service_id else None
