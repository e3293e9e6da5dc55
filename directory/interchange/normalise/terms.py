"""Readers for taxonomies, their terms, and the attributes that tag a service with a term."""

from __future__ import annotations

from typing import Any

from ..fields import Fields, RecordContext
from ..ids import derived_id
from ..records import AttributeData, TaxonomyData, TermData


def attributes(f: Fields, service_id: str) -> tuple[list[AttributeData], list[TermData]]:
    """The service's attributes, and the term definitions they carry (written before any service)."""
    tags: list[AttributeData] = []
    terms: list[TermData] = []
    seen_terms: set[str] = set()
    for index, a in f.each("attributes", "attribute"):
        term_fields = a.child("taxonomy_term", "taxonomy_term")
        term = normalise_term(term_fields) if term_fields else None
        term_id = term.id if term else a.ref("taxonomy_term_id")
        if term_id is None:
            a.warning("taxonomy_term", "no taxonomy term given: attribute ignored")
            continue
        if term is not None:
            terms.append(term)
        if term_id in seen_terms:
            continue  # one link per (service, term): the database insists and a repeat adds nothing
        seen_terms.add(term_id)
        row_id = a.id("id", fallback=lambda index=index: derived_id(service_id, "attribute", str(index)))
        values = {
            "value": a.rich("value", markup=False),
            "label": a.text("label"),
            "link_entity": a.text("link_entity", max_len=50),
        }
        a.done(("link_id", "link_type", "taxonomy_term_id"))
        if row_id:
            tags.append(AttributeData(row_id, term_id, values))
    return tags, terms


def normalise_term(t: Fields, *, taxonomy_id: str | None = None) -> TermData | None:
    """A taxonomy term, from an attribute's `taxonomy_term` or a taxonomy's `taxonomy_terms`."""
    term_id = t.id("id")
    name = (
        t.text("term", required=True)
        if t.has("term") and not t.has("name")
        else t.text("name", required=True)
    )
    t.used.add("term")
    values = {
        "code": t.text("code", max_len=100),
        "name": name,
        "description": t.rich("description", markup=False) or "",
        "language": t.text("language", max_len=10),
        "term_uri": t.url("term_uri"),
    }
    parent_id = t.ref("parent_id")
    taxonomy_ref = t.ref("taxonomy_id") or taxonomy_id
    taxonomy_name = t.text("taxonomy")
    t.done(("taxonomy_detail",))
    if term_id is None or name is None:
        return None
    return TermData(
        term_id,
        values,
        parent_id=parent_id if parent_id != term_id else None,
        taxonomy_id=taxonomy_ref,
        taxonomy_name=taxonomy_name,
    )


def normalise_taxonomy(raw: Any, ctx: RecordContext, path: str) -> tuple[TaxonomyData | None, list[TermData]]:
    """A taxonomy with its terms (as `/taxonomies/{id}` or our export gives them)."""
    if not isinstance(raw, dict):
        ctx.error(path, "expected a taxonomy object")
        return None, []
    t = Fields(raw, path, ctx, "taxonomy")
    ctx.record_id = str(raw.get("id")) if raw.get("id") is not None else None
    taxonomy_id = t.id("id")
    values = {
        "name": t.text("name", required=True),
        "description": t.rich("description", markup=False) or "",
        "uri": t.url("uri"),
        "version": t.text("version", max_len=50),
    }
    terms = []
    for _index, term_fields in t.each("taxonomy_terms", "taxonomy_term"):
        term = normalise_term(term_fields, taxonomy_id=taxonomy_id)
        if term is not None:
            term.taxonomy_name = term.taxonomy_name or values["name"]
            terms.append(term)
    t.done()
    if taxonomy_id is None or values["name"] is None:
        return None, terms
    return TaxonomyData(taxonomy_id, values), terms
