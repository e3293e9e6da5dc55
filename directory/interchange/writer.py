"""Write validated services to the database in batches, updating in place and never duplicating.

Each batch prefetches what it will touch in a few queries, upserts organisations, locations and services
with their child rows (rows the feed no longer lists are deleted), then flushes and releases the
objects, so memory stays flat however long the feed. References between a service's own rows (a
phone's contact, a schedule's service-at-location) are set after a first flush, because those columns
have no ORM relationship to order the inserts by; references to rows about to be deleted are cleared
first, so the database's ON DELETE CASCADE never removes a row we still hold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, inspect, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ..models import (
    Accessibility,
    Address,
    Attribute,
    Closure,
    Contact,
    CostOption,
    IndexChange,
    Language,
    Location,
    Neighbourhood,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceScope,
    service_neighbourhood,
)
from .ids import derived_id
from .records import SERVICE_COLLECTIONS, LocationData, OrganizationData, Row, ServiceData
from .reference import ReferenceWriter, chunks
from .report import ImportReport, Outcome
from .sync import assign, same_value, sync_rows

log = logging.getLogger(__name__)

COLLECTION_MODELS: dict[str, type[Any]] = {
    "contacts": Contact,
    "phones": Phone,
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "languages": Language,
    "cost_options": CostOption,
    "closures": Closure,
}
# Columns pointing at a sibling row; their targets' deletion cascades in the database.
SIBLING_REFS = {
    "contact_id": "contacts",
    "phone_id": "phones",
    "service_at_location_id": "service_at_locations",
}
CHILD_MODELS = (
    *COLLECTION_MODELS.values(),
    ServiceAtLocation,
    Attribute,
    Address,
    Accessibility,
    OrganizationIdentifier,
)


@dataclass
class _Batch:
    services: dict[str, Service] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    strays: dict[type[Any], dict[str, Any]] = field(default_factory=dict)
    neighbourhoods: dict[str, Neighbourhood] = field(default_factory=dict)
    existing_organizations: set[str] = field(default_factory=set)
    done_organizations: set[str] = field(default_factory=set)
    done_locations: set[str] = field(default_factory=set)
    pending_refs: list[tuple[Any, dict[str, str | None], str]] = field(default_factory=list)
    changed: dict[str, bool] = field(default_factory=dict)
    link_changes: list[tuple[str, set[str], set[str]]] = field(default_factory=list)


class ServiceWriter:
    """Upserts services batch by batch inside the caller's transaction."""

    def __init__(
        self,
        session: Session,
        report: ImportReport,
        reference: ReferenceWriter,
        *,
        need_term_ids: dict[str, str],
        keep_outcomes: bool,
    ) -> None:
        self.session = session
        self.report = report
        self.reference = reference
        self.need_term_ids = need_term_ids
        self.keep_outcomes = keep_outcomes
        self.deferred: list[tuple[int, ServiceData]] = []
        self.written_organizations: set[str] = set()

    # --- batches --------------------------------------------------------------------------------------

    def write_batch(self, batch: Sequence[tuple[int, ServiceData]], *, final: bool = False) -> None:
        if not batch:
            return
        session = self.session
        held_before = set(session.identity_map.keys())
        self.reference.resolve_terms(a.term_id for _, data in batch for a in data.attributes or ())
        with session.no_autoflush:
            state = self._prefetch(batch)
            ready = []
            for record, data in batch:
                if data.organization is None and not self._organization_exists(data.organization_id, state):
                    if not final:
                        self.deferred.append((record, data))  # its organisation comes later in the feed
                        continue
                    self.report.error(record, data.raw_id, "organization_id", "no such organisation")
                    continue
                ready.append((record, data))
            if self._clear_doomed_refs(ready, state):
                session.flush()
            outcomes = [(record, data, self._upsert_service(record, data, state)) for record, data in ready]
        session.flush()
        self._apply_refs(state)
        self._apply_links(state)
        session.flush()
        for record, data, created in outcomes:
            action = "create" if created else ("update" if state.changed.get(data.id) else "unchanged")
            self.report.count(Outcome(record, data.raw_id, data.name, action), keep=self.keep_outcomes)
        self.written_organizations |= state.done_organizations
        self._release(state, held_before)

    def finish(self, org_parents: dict[str, str | None]) -> None:
        """Services whose organisation came later, then organisation parents (now all written)."""
        deferred, self.deferred = self.deferred, []
        for chunk in chunks(deferred, 200):
            self.write_batch(chunk, final=True)
        self._set_parents(org_parents)

    # --- prefetch and release -------------------------------------------------------------------------

    def _prefetch(self, batch: Sequence[tuple[int, ServiceData]]) -> _Batch:
        session = self.session
        state = _Batch()
        service_ids = [data.id for _, data in batch]
        state.services = {
            s.id: s
            for s in session.scalars(
                select(Service)
                .where(Service.id.in_(service_ids))
                .options(*(selectinload(getattr(Service, name)) for name in SERVICE_COLLECTIONS))
                .options(selectinload(Service.service_at_locations), selectinload(Service.attributes))
                .options(selectinload(Service.neighbourhoods))
            )
        }
        org_ids = {d.organization.id for _, d in batch if d.organization} | {
            d.organization_id for _, d in batch
        }
        org_ids |= {loc.organization_id for _, d in batch for loc in d.locations() if loc.organization_id}
        org_ids.discard("")
        state.organizations = {
            o.id: o
            for chunk in chunks(sorted(org_ids))
            for o in session.scalars(
                select(Organization)
                .where(Organization.id.in_(chunk))
                .options(selectinload(Organization.identifiers))
            )
        }
        state.existing_organizations = set(state.organizations)
        location_ids = {sal.location_id for _, d in batch for sal in d.service_at_locations or ()}
        state.locations = {
            loc.id: loc
            for chunk in chunks(sorted(location_ids))
            for loc in session.scalars(
                select(Location)
                .where(Location.id.in_(chunk))
                .options(selectinload(Location.addresses), selectinload(Location.accessibility))
            )
        }
        state.neighbourhoods = {n.slug: n for n in session.scalars(select(Neighbourhood))}
        self._prefetch_strays(batch, state)
        return state

    def _prefetch_strays(self, batch: Sequence[tuple[int, ServiceData]], state: _Batch) -> None:
        """Rows the feed gives to one parent but we hold under another: found so they can move."""
        wanted: dict[type[Any], set[str]] = {model: set() for model in CHILD_MODELS}
        for _, data in batch:
            for name, rows in data.collections.items():
                wanted[COLLECTION_MODELS[name]].update(row.id for row in rows or ())
            wanted[ServiceAtLocation].update(sal.id for sal in data.service_at_locations or ())
            wanted[Attribute].update(a.id for a in data.attributes or ())
            for location in data.locations():
                wanted[Address].update(row.id for row in location.addresses)
                wanted[Accessibility].update(row.id for row in location.accessibility)
            if data.organization and data.organization.identifiers:
                wanted[OrganizationIdentifier].update(row.id for row in data.organization.identifiers)
        held: set[int] = set()
        for service in state.services.values():
            for name in (*SERVICE_COLLECTIONS, "service_at_locations", "attributes"):
                held.update(id(child) for child in getattr(service, name))
        for model, ids in wanted.items():
            found = {}
            for chunk in chunks(sorted(ids)):
                for row in self.session.scalars(select(model).where(model.id.in_(chunk))):
                    if id(row) not in held:
                        found[row.id] = row
            state.strays[model] = found

    def _release(self, state: _Batch, held_before: set[Any]) -> None:
        """Detach this batch's objects (children follow by cascade) so memory does not grow.

        Objects the caller already held stay attached: detaching them would surprise the caller.
        """
        objects: Iterable[Any] = (
            *state.services.values(),
            *state.organizations.values(),
            *state.locations.values(),
            *state.neighbourhoods.values(),
            *(row for rows in state.strays.values() for row in rows.values()),
        )
        for obj in objects:
            if obj in self.session and inspect(obj).key not in held_before:
                self.session.expunge(obj)

    def _organization_exists(self, organization_id: str, state: _Batch) -> bool:
        if organization_id in state.organizations or organization_id in self.written_organizations:
            return True
        return self.session.get(Organization, organization_id) is not None if organization_id else False

    # --- organisations and locations ------------------------------------------------------------------

    def _upsert_organization(self, data: OrganizationData, state: _Batch) -> tuple[Organization, bool]:
        org = state.organizations.get(data.id)
        created = org is None
        if org is None:
            org = Organization(id=data.id, is_sample=bool(data.is_sample))
            self.session.add(org)
            state.organizations[data.id] = org
        changed = assign(org, data.values)
        if data.is_sample is not None:
            changed |= assign(org, {"is_sample": data.is_sample})
        if data.identifiers is not None:
            children, any_change, membership = sync_rows(
                org.identifiers,
                data.identifiers,
                OrganizationIdentifier,
                state.strays.get(OrganizationIdentifier),
            )
            if membership:
                org.identifiers = children
            changed |= any_change
        state.done_organizations.add(data.id)
        return org, created or changed

    def _upsert_location(
        self, data: LocationData, state: _Batch, organization_ids: set[str]
    ) -> tuple[Location, bool]:
        location = state.locations.get(data.id)
        created = location is None
        if location is None:
            location = Location(id=data.id)
            self.session.add(location)
            state.locations[data.id] = location
        owner = data.organization_id if data.organization_id in organization_ids else None
        changed = assign(location, {**data.values, "organization_id": owner})
        for name, model in (("addresses", Address), ("accessibility", Accessibility)):
            children, any_change, membership = sync_rows(
                getattr(location, name), getattr(data, name), model, state.strays.get(model)
            )
            if membership:
                setattr(location, name, children)
            changed |= any_change
        state.done_locations.add(data.id)
        return location, created or changed

    # --- services -------------------------------------------------------------------------------------

    def _upsert_service(self, record: int, data: ServiceData, state: _Batch) -> bool:
        """Create or update one service; returns True when it was created."""
        session = self.session
        service = state.services.get(data.id)
        created = service is None
        if service is None:
            service = Service(id=data.id, scope=ServiceScope.LOCAL.value, is_sample=False)
            session.add(service)
            state.services[data.id] = service
        changed = False
        if data.organization is not None:
            if data.organization.id in state.done_organizations:
                org = state.organizations[data.organization.id]
                changed |= assign(org, data.organization.values)
            else:
                org, org_changed = self._upsert_organization(data.organization, state)
                changed |= org_changed
            if service.organization is not org:
                service.organization = org
                changed = True
        elif service.organization_id != data.organization_id:
            service.organization_id = data.organization_id
            changed = True

        values = {k: v for k, v in data.values.items() if k != "last_modified"}
        changed |= assign(service, values)
        for key, value in (("scope", data.scope), ("is_sample", data.is_sample)):
            if value is not None:
                changed |= assign(service, {key: value})
        changed |= self._last_modified(service, data.values.get("last_modified"), changed)

        for name in SERVICE_COLLECTIONS:
            rows = data.collections.get(name)
            if rows is not None:
                changed |= self._sync_collection(service, name, rows, state)
        if data.service_at_locations is not None:
            changed |= self._sync_locations(service, data, state)
        changed |= self._sync_attributes(record, service, data, state)
        if data.neighbourhoods is not None:
            changed |= self._plan_links(service, data.neighbourhoods, state)
        state.changed[data.id] = changed
        return created

    def _last_modified(self, service: Service, value: Any, other_changes: bool) -> bool:
        """Keep the publisher's last_modified; without one, the column's onupdate stamps our time."""
        if value is None:
            return False
        if not same_value(service.last_modified, value):
            service.last_modified = value
            return True
        if other_changes and service in self.session and service not in self.session.new:
            flag_modified(service, "last_modified")  # written as is, so onupdate does not replace it
        return False

    def _sync_collection(self, service: Service, name: str, rows: list[Row], state: _Batch) -> bool:
        model = COLLECTION_MODELS[name]
        current = getattr(service, name)
        children, changed, membership = sync_rows(current, rows, model, state.strays.get(model))
        if membership:
            setattr(service, name, children)
        for child, row in zip(children, _unique(rows), strict=True):
            if row.refs:
                state.pending_refs.append((child, row.refs, service.id))
        return changed

    def _sync_locations(self, service: Service, data: ServiceData, state: _Batch) -> bool:
        changed = False
        organization_ids = (
            state.existing_organizations | state.done_organizations | self.written_organizations
        )
        wanted: list[tuple[Any, Location]] = []
        for sal in data.service_at_locations or ():
            if sal.location is not None and sal.location_id not in state.done_locations:
                location, location_changed = self._upsert_location(sal.location, state, organization_ids)
                changed |= location_changed
            elif sal.location is not None:
                location = state.locations[sal.location_id]
            else:
                location = state.locations.get(sal.location_id)
            if location is None:
                continue  # reported when validated: no such location
            wanted.append((sal, location))
        current = {link.id: link for link in service.service_at_locations}
        strays = state.strays.get(ServiceAtLocation, {})
        links = []
        for sal, location in wanted:
            link = current.get(sal.id) or strays.get(sal.id)
            if link is None:
                link = ServiceAtLocation(id=sal.id, location=location, description=sal.description)
                changed = True
            else:
                if link.location_id != location.id:
                    link.location = location
                    changed = True
                changed |= assign(link, {"description": sal.description})
            links.append(link)
        current_links = service.service_at_locations
        if len(links) != len(current_links) or {id(x) for x in links} != {id(x) for x in current_links}:
            service.service_at_locations = links
            changed = True
        return changed

    def _sync_attributes(self, record: int, service: Service, data: ServiceData, state: _Batch) -> bool:
        need_terms = set(self.need_term_ids.values())
        wanted: list[tuple[str, str, dict[str, Any]]] = []  # (id, term id, values)
        slugs: set[str] = set(data.needs or ())
        if data.attributes is None:
            if data.needs is None:
                return False
            # The source speaks for needs only: keep every other attribute as it is.
            wanted += [
                (a.id, a.taxonomy_term_id, {"value": a.value, "label": a.label, "link_entity": a.link_entity})
                for a in service.attributes
                if a.taxonomy_term_id not in need_terms
            ]
        else:
            for attribute in data.attributes:
                term_id = self.reference.term_ids.get(attribute.term_id)
                if term_id is None:
                    self.report.warning(
                        record,
                        data.raw_id,
                        "attributes",
                        f"unknown taxonomy term {attribute.term_id}: ignored",
                    )
                    continue
                wanted.append((attribute.id, term_id, attribute.values))
                slugs |= self.reference.term_needs.get(term_id, frozenset())
        have_terms = {term_id for _, term_id, _ in wanted}
        for slug in sorted(slugs):
            term_id = self.need_term_ids[slug]
            if term_id not in have_terms:
                wanted.append((derived_id(service.id, "need", slug), term_id, {}))
                have_terms.add(term_id)
        return self._sync_attribute_rows(service, wanted, state)

    def _sync_attribute_rows(
        self, service: Service, wanted: list[tuple[str, str, dict[str, Any]]], state: _Batch
    ) -> bool:
        current = list(service.attributes)
        by_term = {a.taxonomy_term_id: a for a in current}
        by_id = {a.id: a for a in current}
        wanted_terms = {term_id for _, term_id, _ in wanted}
        strays = state.strays.get(Attribute, {})
        used: set[int] = set()
        result, changed = [], False
        for attribute_id, term_id, values in wanted:
            attribute = by_term.get(term_id)
            if attribute is None:
                candidate = by_id.get(attribute_id) or strays.get(attribute_id)
                if (
                    candidate is not None
                    and id(candidate) not in used
                    and candidate.taxonomy_term_id not in (wanted_terms - {term_id})
                ):
                    attribute = candidate
            if attribute is None or id(attribute) in used:
                attribute = Attribute(
                    id=attribute_id,
                    link_id=service.id,
                    link_type="service",
                    taxonomy_term_id=term_id,
                    **values,
                )
                changed = True
            else:
                fields = {
                    "taxonomy_term_id": term_id,
                    "link_type": "service",
                    "link_id": service.id,
                    **values,
                }
                changed |= assign(attribute, fields)
            used.add(id(attribute))
            result.append(attribute)
        if len(result) != len(current) or {id(a) for a in result} != {id(a) for a in current}:
            service.attributes = result
            changed = True
        return changed

    # --- references and links, after the first flush --------------------------------------------------

    def _clear_doomed_refs(self, batch: Sequence[tuple[int, ServiceData]], state: _Batch) -> bool:
        """Clear references to sibling rows that this batch deletes, before anything is deleted."""
        cleared = False
        for _, data in batch:
            service = state.services.get(data.id)
            if service is None:
                continue
            keep = {
                "contacts": {r.id for r in data.collections.get("contacts") or ()}
                if data.collections.get("contacts") is not None
                else {c.id for c in service.contacts},
                "phones": {r.id for r in data.collections.get("phones") or ()}
                if data.collections.get("phones") is not None
                else {p.id for p in service.phones},
                "service_at_locations": {s.id for s in data.service_at_locations or ()}
                if data.service_at_locations is not None
                else {s.id for s in service.service_at_locations},
            }
            for name in ("phones", "schedules", "languages"):
                for child in getattr(service, name):
                    for column, target in SIBLING_REFS.items():
                        value = getattr(child, column, None)
                        if value is not None and value not in keep[target]:
                            setattr(child, column, None)
                            cleared = True
        return cleared

    def _apply_refs(self, state: _Batch) -> None:
        for child, refs, service_id in state.pending_refs:
            if assign(child, refs):
                state.changed[service_id] = True

    def _plan_links(self, service: Service, slugs: list[str], state: _Batch) -> bool:
        wanted = {state.neighbourhoods[s].id for s in slugs if s in state.neighbourhoods}
        is_new = service in self.session.new
        current = set() if is_new else {n.id for n in service.neighbourhoods}
        if wanted == current:
            return False
        state.link_changes.append((service.id, current, wanted))
        return True

    def _apply_links(self, state: _Batch) -> None:
        """Neighbourhood links in SQL: through the ORM every link would load a neighbourhood's services."""
        if not state.link_changes:
            return
        added, removed = [], []
        for service_id, current, wanted in state.link_changes:
            added += [
                {"service_id": service_id, "neighbourhood_id": hood} for hood in sorted(wanted - current)
            ]
            removed += [(service_id, hood) for hood in sorted(current - wanted)]
        with self.session.no_autoflush:
            for service_id, hood in removed:
                self.session.execute(
                    delete(service_neighbourhood).where(
                        service_neighbourhood.c.service_id == service_id,
                        service_neighbourhood.c.neighbourhood_id == hood,
                    )
                )
            if added:
                self.session.execute(insert(service_neighbourhood), added)
            # The search index stores neighbourhoods; a change of links alone must still reach it.
            self.session.add_all(
                IndexChange(service_id=service_id) for service_id, _, _ in state.link_changes
            )

    def _set_parents(self, org_parents: dict[str, str | None]) -> None:
        session = self.session
        wanted = {p for p in org_parents.values() if p}
        present: set[str] = set()
        for chunk in chunks(sorted(wanted)):
            present.update(session.scalars(select(Organization.id).where(Organization.id.in_(chunk))))
        missing_reported: set[str] = set()
        held_before = set(session.identity_map.keys())
        for chunk in chunks(sorted(org_parents)):
            loaded = list(session.scalars(select(Organization).where(Organization.id.in_(chunk))))
            for org in loaded:
                parent = org_parents[org.id]
                if parent and parent not in present:
                    if parent not in missing_reported:
                        self.report.warning(
                            None,
                            org.id,
                            "organization.parent_organization_id",
                            f"parent {parent} is not in the feed or the directory: left empty",
                        )
                        missing_reported.add(parent)
                    parent = None
                if org.parent_organization_id != parent:
                    org.parent_organization_id = parent
            session.flush()
            for org in loaded:
                if inspect(org).key not in held_before:
                    session.expunge(org)


def _unique(rows: list[Row]) -> list[Row]:
    seen: set[str] = set()
    result = []
    for row in rows:
        if row.id not in seen:
            seen.add(row.id)
            result.append(row)
    return result
