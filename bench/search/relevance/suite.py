"""One run of the suite: the sample directory in a temporary app, every engine, every language."""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from .cases import LANGUAGES, Case, load_all
from .engines import fts5, postgres, whoosh
from .scoring import Ranker, ServiceFacts, Tally, score

PLAIN_FTS_NOTE = "no baseline: English listings, plain FTS cannot read the language"


def service_facts() -> dict[str, ServiceFacts]:
    """Needs and neighbourhoods of every service residents can see in the app's database (call in app context)."""
    from directory.models import Service
    from directory.models.service import visible_services
    from directory.search.documents import need_slugs
    from web.extensions import database

    services = database.session.scalars(select(Service).where(visible_services())).all()
    return {
        s.id: ServiceFacts(frozenset(need_slugs(s)), frozenset(n.slug for n in s.neighbourhoods), s.serves_everywhere)
        for s in services
    }


def sample_app(folder: Path) -> tuple[Flask, Path]:
    """The app as the tests build it, over a fresh SQLite sample directory with a real Whoosh index."""
    from directory.db import Database
    from directory.interchange.sample import load_sample
    from directory.migrations import upgrade
    from web import create_app
    from web.config import TestConfig
    from web.extensions import search_provider

    path = folder / "directory.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    database = Database(url)
    with database.transaction() as session:
        load_sample(session)
    database.dispose()
    app = create_app(TestConfig(DATABASE_URL=url, INDEX_DIR=str(folder / "index")))
    with app.app_context():
        search_provider.updater.rebuild()
    return app, path


def by_language(cases: list[Case], rank: Ranker, facts: dict[str, ServiceFacts]) -> dict[str, dict[str, Tally]]:
    return {lang: score([c for c in cases if c.language == lang], rank, facts) for lang in LANGUAGES}


def run(folder: Path, *, with_postgres: bool = True) -> dict[str, Any]:
    """Scores for "whoosh", "fts5" and "postgres" (or the reason it was skipped), per language and split."""
    app, path = sample_app(folder)
    with app.app_context():
        facts = service_facts()
    cases = load_all()
    copy = folder / "fts.db"
    shutil.copyfile(path, copy)
    result: dict[str, Any] = {"cases": len(cases), "services": len(facts), "engines": {}}
    with ExitStack() as stack:
        rankers: dict[str, Ranker] = {"whoosh": whoosh(app.test_client())}
        rank, engine = fts5(copy)
        stack.callback(engine.close)
        rankers["fts5"] = rank
        if with_postgres:
            rank_pg, pg, why = postgres(copy)
            if pg is not None and rank_pg is not None:
                stack.callback(pg.close)
                rankers["postgres"] = rank_pg
            else:
                result["engines"]["postgres"] = why
        else:
            result["engines"]["postgres"] = "skipped: --no-postgres"
        for name, ranker in rankers.items():
            result["engines"][name] = by_language(cases, ranker, facts)
    return result
