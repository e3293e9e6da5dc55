"""Extensions as module-level objects, initialised in `create_app` via `init_app`."""

from flask_babel import Babel

from directory.db import database
from directory.search import search_provider

babel = Babel()

__all__ = ["babel", "database", "search_provider"]
