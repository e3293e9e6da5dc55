"""Write the shared records services point at: taxonomies, their terms, and neighbourhoods.

Taxonomies are matched by id, then by name (names are unique); terms by id, then by (taxonomy, code).
A feed id that matches an existing record under another id is mapped to it, so attributes link to the
record we already have instead of a near-copy. Parents are set after every term exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Neighbourhood, NeighbourhoodPostcodeArea, Taxonomy, TaxonomyTerm, new_id
from .ids import derived_id
from .records import NeighbourhoodData, TaxonomyData, TermData
from .report import ImportReport
from .sync import assign
from .taxonomy_map import NeedMapper

T = TypeVar("T")
CHUNK = 500


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def find_term_loops(terms: Mapping[str, TermData], db_parent: Mapping[str, str | None]) -> list[list[str]]:
    """Cycles in the parent links of the feed's terms (falling back on the database's links)."""
    loops: list[list[str]] = []
    reported: set[str] = set()
    for start in terms:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in reported:
            if node in on_path:
                loop = path[path.index(node) :]
                loops.append([*loop, node])
                reported.update(loop)
                break
            on_path.add(node)
            path.append(node)
            node = terms[node].parent_id if node in terms else db_parent.get(node)
        reported.update(path)
    return loops


def database_parents(session: Session, ids: Iterable[str]) -> dict[str, str | None]:
    """parent_id for terms (and, transitively, their ancestors) already in the database."""
    parents: dict[str, str | None] = {}
    frontier = set(ids)
    while frontier:
        found: dict[str, str | None] = {}
        for chunk in chunks(sorted(frontier)):
            rows = session.execute(
                select(TaxonomyTerm.id, TaxonomyTerm.parent_id).where(TaxonomyTerm.id.in_(chunk))
            )
            found.update({row.id: row.parent_id for row in rows})
        parents.update(found)
        frontier = {p for p in found.values() if p and p not in parents}
    return parents


class ReferenceWriter:
    """Writes taxonomies, terms and neighbourhoods; remembers how feed ids map to ours."""

    def __init__(self, session: Session, report: ImportReport, mapper: NeedMapper) -> None:
        self.session = session
        self.report = report
        self.mapper = mapper
        self.term_ids: dict[str, str] = {}  # feed term id -> our term id
        self.term_needs: dict[str, frozenset[str]] = {}  # our term id -> need slugs
        self.missing_terms: set[str] = set()

    # --- taxonomies and terms -------------------------------------------------------------------------

    def write_taxonomies(self, taxonomies: Mapping[str, TaxonomyData], terms: Mapping[str, TermData]) -> None:
        session = self.session
        wanted_ids = set(taxonomies) | {t.taxonomy_id for t in terms.values() if t.taxonomy_id}
        wanted_names = {t.values["name"] for t in taxonomies.values()} | {
            t.taxonomy_name for t in terms.values() if t.taxonomy_name
        }
        by_id: dict[str, Taxonomy] = {}
        by_name: dict[str, Taxonomy] = {}
        for chunk in chunks(sorted(wanted_ids)):
            by_id.update({t.id: t for t in session.scalars(select(Taxonomy).where(Taxonomy.id.in_(chunk)))})
        for chunk in chunks(sorted(wanted_names)):
            by_name.update(
                {t.name: t for t in session.scalars(select(Taxonomy).where(Taxonomy.name.in_(chunk)))}
            )
        by_name.update({t.name: t for t in by_id.values()})
        taxonomy_ids: dict[str, str] = {}

        for data in taxonomies.values():
            taxonomy_ids[data.id] = self._taxonomy(data.id, data.values, by_id, by_name).id
        for term in terms.values():
            if term.taxonomy_id and term.taxonomy_id not in taxonomy_ids:
                existing = by_id.get(term.taxonomy_id)
                if existing is not None:
                    taxonomy_ids[term.taxonomy_id] = existing.id
                elif term.taxonomy_name:
                    values = {"name": term.taxonomy_name, "description": ""}
                    taxonomy_ids[term.taxonomy_id] = self._taxonomy(
                        term.taxonomy_id, values, by_id, by_name
                    ).id
            elif not term.taxonomy_id and term.taxonomy_name and term.taxonomy_name not in by_name:
                values = {"name": term.taxonomy_name, "description": ""}
                self._taxonomy(derived_id("taxonomy", term.taxonomy_name), values, by_id, by_name)
        session.flush()
        self._write_terms(terms, taxonomy_ids, by_name)

    def _taxonomy(
        self,
        taxonomy_id: str,
        values: dict[str, object],
        by_id: dict[str, Taxonomy],
        by_name: dict[str, Taxonomy],
    ) -> Taxonomy:
        name = str(values["name"])
        existing = by_id.get(taxonomy_id)
        if existing is not None:
            if existing.name != name and name in by_name:
                self.report.warning(
                    None, taxonomy_id, "taxonomy.name", f"{name!r} is another taxonomy's name: kept"
                )
                values = {key: value for key, value in values.items() if key != "name"}
            assign(existing, values)
            by_name[existing.name] = existing
            return existing
        if name in by_name:
            return by_name[name]
        taxonomy = Taxonomy(id=taxonomy_id, **values)
        self.session.add(taxonomy)
        by_id[taxonomy_id] = by_name[name] = taxonomy
        return taxonomy

    def _write_terms(
        self, terms: Mapping[str, TermData], taxonomy_ids: Mapping[str, str], by_name: Mapping[str, Taxonomy]
    ) -> None:
        session = self.session
        existing: dict[str, TaxonomyTerm] = {}
        for chunk in chunks(sorted(terms)):
            existing.update(
                {t.id: t for t in session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.id.in_(chunk)))}
            )
        codes = {t.values["code"] for t in terms.values() if t.values["code"]}
        by_code: dict[tuple[str | None, str], TaxonomyTerm] = {}
        for chunk in chunks(sorted(codes)):
            for term in session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code.in_(chunk))):
                by_code[(term.taxonomy_id, term.code or "")] = term
        objects: dict[str, TaxonomyTerm] = {}
        for data in terms.values():
            taxonomy_id = self._taxonomy_for(data, taxonomy_ids, by_name)
            values = {**data.values, "taxonomy_id": taxonomy_id}
            term = existing.get(data.id)
            code_key = (taxonomy_id, data.values["code"] or "")
            if term is None and data.values["code"] and code_key in by_code:
                term = by_code[code_key]  # the same term under another id: link to ours
            elif term is None:
                term = TaxonomyTerm(id=data.id, **values)
                session.add(term)
            elif by_code.get(code_key, term) is not term:
                values.pop("code")  # another term of that taxonomy has this code already
                assign(term, values)
            else:
                assign(term, values)
            if data.values["code"]:
                by_code.setdefault(code_key, term)
            objects[data.id] = term
            self.term_ids[data.id] = term.id
        session.flush()
        self._set_parents(terms, objects)
        taxonomy_names = {t.id: t.name for t in by_name.values()}
        for data in terms.values():
            term = objects[data.id]
            self.term_needs[term.id] = self.mapper.needs_for(
                name=term.name, code=term.code, taxonomy_name=taxonomy_names.get(term.taxonomy_id or "")
            )

    def _taxonomy_for(
        self, data: TermData, taxonomy_ids: Mapping[str, str], by_name: Mapping[str, Taxonomy]
    ) -> str | None:
        if data.taxonomy_id and data.taxonomy_id in taxonomy_ids:
            return taxonomy_ids[data.taxonomy_id]
        if data.taxonomy_name and data.taxonomy_name in by_name:
            return by_name[data.taxonomy_name].id
        if data.taxonomy_id:
            self.report.warning(
                None,
                data.id,
                "taxonomy_term.taxonomy_id",
                f"unknown taxonomy {data.taxonomy_id}: term kept without one",
            )
        return None

    def _set_parents(self, terms: Mapping[str, TermData], objects: Mapping[str, TaxonomyTerm]) -> None:
        wanted = {
            data.parent_id
            for data in terms.values()
            if data.parent_id and data.parent_id not in self.term_ids
        }
        in_database: set[str] = set()
        for chunk in chunks(sorted(wanted)):
            in_database.update(
                self.session.scalars(select(TaxonomyTerm.id).where(TaxonomyTerm.id.in_(chunk)))
            )
        for data in terms.values():
            parent = None
            if data.parent_id:
                parent = self.term_ids.get(data.parent_id) or (
                    data.parent_id if data.parent_id in in_database else None
                )
                if parent is None:
                    self.report.warning(
                        None,
                        data.id,
                        "taxonomy_term.parent_id",
                        f"parent {data.parent_id} is not in the feed or the directory: kept without a parent",
                    )
            term = objects[data.id]
            if parent != term.id and term.parent_id != parent:
                term.parent_id = parent
        self.session.flush()

    def resolve_terms(self, term_ids: Iterable[str]) -> None:
        """Learn about terms attributes name only by id (they must already be in the database)."""
        unknown = {t for t in term_ids if t not in self.term_ids and t not in self.missing_terms}
        for chunk in chunks(sorted(unknown)):
            rows = self.session.scalars(
                select(TaxonomyTerm)
                .where(TaxonomyTerm.id.in_(chunk))
                .options(selectinload(TaxonomyTerm.taxonomy))
            )
            for term in rows:
                self.term_ids[term.id] = term.id
                self.term_needs[term.id] = self.mapper.needs_for(
                    name=term.name,
                    code=term.code,
                    taxonomy_name=term.taxonomy.name if term.taxonomy else None,
                )
        self.missing_terms |= {t for t in unknown if t not in self.term_ids}

    # --- neighbourhoods -------------------------------------------------------------------------------

    def write_neighbourhoods(self, neighbourhoods: Sequence[NeighbourhoodData]) -> None:
        if not neighbourhoods:
            return
        session = self.session
        existing = {
            n.slug: n
            for n in session.scalars(
                select(Neighbourhood).options(selectinload(Neighbourhood.postcode_areas))
            )
        }
        for data in neighbourhoods:
            hood = existing.get(data.slug)
            if hood is None:
                taken = session.get(Neighbourhood, data.id) is not None
                hood = Neighbourhood(id=new_id() if taken else data.id, slug=data.slug)
                session.add(hood)
                existing[data.slug] = hood
            assign(hood, data.values)
            if data.postcode_areas is not None:
                wanted = set(data.postcode_areas)
                have = {area.prefix for area in hood.postcode_areas}
                if wanted != have:
                    hood.postcode_areas = [a for a in hood.postcode_areas if a.prefix in wanted] + [
                        NeighbourhoodPostcodeArea(prefix=prefix) for prefix in sorted(wanted - have)
                    ]
        session.flush()
