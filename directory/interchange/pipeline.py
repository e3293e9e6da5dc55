"""The import itself: validate the whole feed in a first streaming pass, then write it in a second.

All or nothing by default: any invalid record and nothing is written. With `skip_invalid` the valid
records are written and the rest reported. `dry_run` does the write inside a savepoint and rolls it
back, so its counts are the real ones. Every format's reader feeds this one pipeline.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from ..models import Location, Neighbourhood, Organization
from ..seed import seed_need_taxonomy
from .fetch import FETCH_ERROR_KEY
from .fields import Fields, RecordContext
from .jsonfeed import FeedItem
from .normalise import (
    Ownership,
    normalise_neighbourhood,
    normalise_service,
    normalise_taxonomy,
    normalise_term,
)
from .records import NeighbourhoodData, ServiceData, TaxonomyData, TermData
from .reference import ReferenceWriter, chunks, database_parents, find_term_loops
from .report import FeedError, ImportFailed, ImportReport, Problem
from .shapes import KIND_NAMES, classify, services_in
from .taxonomy_map import NeedMapper, default_mapper
from .writer import ServiceWriter

log = logging.getLogger(__name__)
DEFAULT_BATCH_SIZE = 500


class Feed(Protocol):
    """What the pipeline needs from a reader; `items()` restarts from the beginning on every call."""

    name: str
    kind: str
    unit: str
    ownership: Ownership | None
    warnings: list[Problem]

    def open(self, session: Session) -> None: ...
    def items(self) -> Iterator[FeedItem]: ...
    def taxonomies(self) -> Iterator[Any]: ...
    def terms(self) -> Iterator[Any]: ...
    def neighbourhoods(self) -> Iterator[Any]: ...
    def field_label(self, path: str) -> str: ...
    def close(self) -> None: ...


@dataclass
class Plan:
    """What the validation pass learnt and the write pass needs (ids and small reference data only)."""

    invalid: set[int] = field(default_factory=set)
    taxonomies: dict[str, TaxonomyData] = field(default_factory=dict)
    terms: dict[str, TermData] = field(default_factory=dict)
    neighbourhoods: list[NeighbourhoodData] = field(default_factory=list)
    org_parents: dict[str, str | None] = field(default_factory=dict)
    services: int = 0


def run_import(
    session: Session,
    feed: Feed,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    mapper: NeedMapper | None = None,
    strict_neighbourhoods: bool = False,
) -> ImportReport:
    """Import `feed` through `session` (the caller commits); raises ImportFailed with the report."""
    report = ImportReport(
        source=feed.name, kind=feed.kind, unit=feed.unit, dry_run=dry_run, skip_invalid=skip_invalid
    )
    mapper = mapper or default_mapper()
    try:
        feed.open(session)
        for warning in feed.warnings:
            report.add(warning)
        plan = _validate(session, feed, report, mapper, strict_neighbourhoods=strict_neighbourhoods)
        if not report.ok:
            raise ImportFailed(report)
        report.skipped = len(plan.invalid)
        _write(session, feed, report, plan, mapper, batch_size=batch_size)
    except FeedError as exc:
        report.error(None, None, exc.field_path, exc.reason, code=exc.code)
        raise ImportFailed(report) from None
    finally:
        feed.close()
    log.info(
        "%s import from %s: %s created, %s updated, %s unchanged, %s skipped%s",
        report.kind,
        report.source,
        report.created,
        report.updated,
        report.unchanged,
        report.skipped,
        " (dry run)" if dry_run else "",
    )
    return report


# --- pass 1: validate -----------------------------------------------------------------------------------


class _Validation:
    def __init__(self, session: Session, feed: Feed, report: ImportReport, mapper: NeedMapper) -> None:
        self.session = session
        self.feed = feed
        self.report = report
        self.mapper = mapper
        self.plan = Plan()
        self.first_seen: dict[str, int] = {}
        self.child_owner: dict[str, tuple[int, str]] = {}
        self.org_ids: set[str] = set()
        self.location_ids: set[str] = set()
        self.org_refs: list[tuple[int, str, str]] = []
        self.location_refs: list[tuple[int, str, str]] = []
        self.neighbourhood_slugs: set[str] = set()
        self.not_services: list[tuple[int, str]] = []
        self.not_service_kinds: Counter[str] = Counter()

    def add(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        for problem in problems:
            self.report.add(replace(problem, field=self.feed.field_label(problem.field)))

    def invalidate(self, record: int) -> None:
        self.plan.invalid.add(record)


def _validate(
    session: Session, feed: Feed, report: ImportReport, mapper: NeedMapper, *, strict_neighbourhoods: bool
) -> Plan:
    v = _Validation(session, feed, report, mapper)
    _read_reference_data(v)
    for item in feed.items():
        report.records += 1
        v.add(item.problems)
        if any(p.severity == "error" for p in item.problems):
            v.invalidate(item.record)
        services = list(services_in(item.raw)) if item.raw is not None else []
        if not services and item.raw is not None:
            kind = classify(item.raw)
            v.not_service_kinds[kind] += 1
            if len(v.not_services) < 1000:
                v.not_services.append((item.record, kind))
            v.invalidate(item.record)
        for raw in services:
            _check_service(v, item.record, raw, strict_neighbourhoods=strict_neighbourhoods)
    _check_not_services(v)
    _check_references(v)
    _check_term_loops(v)
    return v.plan


def _read_reference_data(v: _Validation) -> None:
    for index, raw in enumerate(v.feed.taxonomies()):
        ctx = RecordContext(v.feed.name, 0)
        taxonomy, terms = normalise_taxonomy(raw, ctx, f"taxonomies[{index}]")
        v.add([Problem(None, p.record_id, p.field, p.reason, p.severity) for p in ctx.problems])
        if taxonomy is not None:
            v.plan.taxonomies.setdefault(taxonomy.id, taxonomy)
        for term in terms:
            v.plan.terms.setdefault(term.id, term)
    for index, raw in enumerate(v.feed.terms()):
        ctx = RecordContext(v.feed.name, 0)
        fields = (
            Fields(raw, f"taxonomy_terms[{index}]", ctx, "taxonomy_term") if isinstance(raw, dict) else None
        )
        term = normalise_term(fields) if fields else None
        v.add([Problem(None, p.record_id, p.field, p.reason, p.severity) for p in ctx.problems])
        if term is not None:
            v.plan.terms.setdefault(term.id, term)
    for index, raw in enumerate(v.feed.neighbourhoods()):
        ctx = RecordContext(v.feed.name, 0)
        hood = normalise_neighbourhood(raw, ctx, f"x_around_here.neighbourhoods[{index}]")
        v.add([Problem(None, p.record_id, p.field, p.reason, p.severity) for p in ctx.problems])
        if hood is not None:
            v.plan.neighbourhoods.append(hood)
    v.neighbourhood_slugs = {h.slug for h in v.plan.neighbourhoods} | set(
        v.session.scalars(select(Neighbourhood.slug))
    )


def _check_service(v: _Validation, record: int, raw: dict[str, Any], *, strict_neighbourhoods: bool) -> None:
    ctx = RecordContext(v.feed.name, record)
    if raw.get(FETCH_ERROR_KEY):
        ctx.record_id = str(raw.get("id"))
        ctx.error("id", f"could not fetch the full record: {raw[FETCH_ERROR_KEY]}")
        data = None
    else:
        data = normalise_service(raw, ctx, v.feed.ownership)
    v.report.ignored_fields.update(ctx.ignored)
    if data is not None:
        _check_neighbourhoods(ctx, data, v.neighbourhood_slugs, strict=strict_neighbourhoods)
        _check_ids(v, ctx, data)
    v.add(ctx.problems)
    if data is None or ctx.has_errors:
        v.invalidate(record)
        return
    v.plan.services += 1
    if data.organization is not None:
        v.org_ids.add(data.organization.id)
        if data.organization.set_parent:
            v.plan.org_parents[data.organization.id] = data.organization.parent_id
    else:
        v.org_refs.append((record, data.raw_id, data.organization_id))
    for sal in data.service_at_locations or ():
        if sal.location is not None:
            v.location_ids.add(sal.location_id)
        else:
            v.location_refs.append((record, data.raw_id, sal.location_id))
    for term in data.terms:
        v.plan.terms.setdefault(term.id, term)
        if not v.mapper.needs_for(
            name=term.values["name"], code=term.values["code"], taxonomy_name=term.taxonomy_name
        ):
            v.report.unmapped_terms[term.values["name"]] += 1


def _check_neighbourhoods(ctx: RecordContext, data: ServiceData, known: set[str], *, strict: bool) -> None:
    if not data.neighbourhoods:
        return
    unknown = [slug for slug in data.neighbourhoods if slug not in known]
    if unknown:
        names = ", ".join(map(repr, unknown))
        if strict:
            ctx.error(
                "x_around_here.neighbourhoods",
                f"unknown neighbourhood {names}; known: {', '.join(sorted(known))}",
            )
        else:
            ctx.warning("x_around_here.neighbourhoods", f"unknown neighbourhood {names}: ignored")
        data.neighbourhoods = [slug for slug in data.neighbourhoods if slug in known]


def _check_ids(v: _Validation, ctx: RecordContext, data: ServiceData) -> None:
    """The same id twice in one feed is ambiguous: which record is right? Both are refused."""
    first = v.first_seen.get(data.id)
    if first is not None and first != ctx.record:
        ctx.error("id", f"duplicate id: {v.feed.unit} {first} has the same id")
        v.invalidate(first)
    else:
        v.first_seen[data.id] = ctx.record
    for table, child_id in data.child_ids():
        key = f"{table}:{child_id}"
        owner = v.child_owner.get(key)
        if owner is not None and owner[1] != data.id:
            ctx.error(table, f"id {child_id} is also used by {v.feed.unit} {owner[0]}")
            v.invalidate(owner[0])
        else:
            v.child_owner[key] = (ctx.record, data.id)


def _check_not_services(v: _Validation) -> None:
    if not v.not_service_kinds:
        return
    if v.plan.services == 0 and not v.report.error_count:
        held = ", ".join(
            f"{count} x {KIND_NAMES.get(kind, kind)}" for kind, count in v.not_service_kinds.items()
        )
        v.report.error(None, None, "", f"no services to import: the file holds {held}")
        return
    for record, kind in v.not_services:
        v.report.error(record, None, "", f"{KIND_NAMES.get(kind, kind)}, not a service")


def _check_references(v: _Validation) -> None:
    """Services that name an organisation or location without describing it need it to exist already."""
    missing_orgs = _missing(v.session, Organization, {ref for _, _, ref in v.org_refs} - v.org_ids)
    for record, record_id, ref in v.org_refs:
        if ref in missing_orgs:
            v.report.error(
                record, record_id, "organization_id", f"no organisation {ref} in the feed or the directory"
            )
            v.invalidate(record)
    missing_locations = _missing(v.session, Location, {ref for _, _, ref in v.location_refs} - v.location_ids)
    for record, record_id, ref in v.location_refs:
        if ref in missing_locations:
            v.report.warning(
                record,
                record_id,
                "service_at_locations",
                f"no location {ref} in the feed or the directory: link ignored",
            )


def _missing(session: Session, model: type[Any], ids: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(sorted(ids)):
        found.update(session.scalars(select(model.id).where(model.id.in_(chunk))))
    return ids - found


def _check_term_loops(v: _Validation) -> None:
    terms = v.plan.terms
    outside = {t.parent_id for t in terms.values() if t.parent_id and t.parent_id not in terms}
    for loop in find_term_loops(terms, database_parents(v.session, outside)):
        names = " -> ".join(terms[t].values["name"] if t in terms else t for t in loop)
        v.report.error(None, loop[0], "taxonomy_term.parent_id", f"loop in the taxonomy tree: {names}")


# --- pass 2: write --------------------------------------------------------------------------------------


def _write(
    session: Session, feed: Feed, report: ImportReport, plan: Plan, mapper: NeedMapper, *, batch_size: int
) -> None:
    errors_before = report.error_count
    savepoint = session.begin_nested()
    try:
        reference = ReferenceWriter(session, report, mapper)
        reference.write_taxonomies(plan.taxonomies, plan.terms)
        reference.write_neighbourhoods(plan.neighbourhoods)
        need_terms = seed_need_taxonomy(session)
        need_term_ids = {slug: term.id for slug, term in need_terms.items()}
        for slug, term_id in need_term_ids.items():
            reference.term_ids.setdefault(term_id, term_id)
            reference.term_needs[term_id] = frozenset({slug})
        writer = ServiceWriter(
            session, report, reference, need_term_ids=need_term_ids, keep_outcomes=report.dry_run
        )
        batch: list[tuple[int, ServiceData]] = []
        for item in feed.items():
            if item.record in plan.invalid:
                continue
            for raw in services_in(item.raw):
                ctx = RecordContext(feed.name, item.record)
                data = normalise_service(raw, ctx, feed.ownership)
                if data is not None and not ctx.has_errors:
                    batch.append((item.record, data))
            if len(batch) >= batch_size:
                writer.write_batch(batch)
                batch = []
                log.debug("written %s services so far", report.created + report.updated + report.unchanged)
        writer.write_batch(batch)
        writer.finish(plan.org_parents)
        session.flush()
        if report.error_count > errors_before and not report.skip_invalid:
            raise ImportFailed(report)
    except (IntegrityError, DBAPIError) as exc:
        savepoint.rollback()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        report.error(None, None, "", f"the database refused the import: {reason}")
        raise ImportFailed(report) from None
    except BaseException:
        savepoint.rollback()
        raise
    if report.dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
        report.written = True
