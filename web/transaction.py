"""One unit of work per change: commit when it succeeds, roll back on any exception, then run what
must wait for the commit.

Views, jobs and commands write `with transaction():` (or decorate with `@transactional`) instead of
pairing `commit()` and `rollback()` by hand, so a domain error (a `ValidationError`, a `NotFound`)
can never leave half a change in the session. Side effects the outside world sees, emails above all,
are queued with `after_commit(...)`: they run only once the data is committed, so a rollback never
sends an email, and a callback that fails is logged and never undoes the committed data.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from .extensions import database

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


class UnitOfWork:
    """The session of one change and the callbacks waiting for its commit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._after_commit: list[Callable[[], Any]] = []

    def after_commit(self, callback: Callable[[], Any]) -> None:
        self._after_commit.append(callback)

    def _run_callbacks(self) -> None:
        for callback in self._after_commit:
            try:
                callback()
            except Exception as exc:  # the data is committed: report, and let the others run
                log.error("an after-commit step failed: %s", type(exc).__name__)
        self._after_commit.clear()


@contextmanager
def transaction(session: Session | None = None) -> Iterator[UnitOfWork]:
    """Commit the block's changes, or roll them back if it raises (and re-raise); then run the
    callbacks queued with `after_commit`. Units of work do not nest (an inner one could not undo the
    outer one's changes): opening one inside another raises RuntimeError; after-commit callbacks may
    open their own."""
    if _current.get() is not None:
        raise RuntimeError("a unit of work is already open")
    work = UnitOfWork(session if session is not None else database.session)
    token = _current.set(work)
    try:
        try:
            yield work
        except BaseException:
            work.session.rollback()
            raise
        work.session.commit()
    finally:
        _current.reset(token)
    work._run_callbacks()


def transactional(view: Callable[P, R]) -> Callable[P, R]:
    """Run the whole function as one unit of work (see `transaction`)."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return view(*args, **kwargs)

    return wrapper


def after_commit(callback: Callable[[], Any]) -> None:
    """Run `callback` once the current unit of work has committed; never if it rolls back.

    Outside a unit of work there is nothing to wait for, so it is a mistake: raises RuntimeError."""
    work = _current.get()
    if work is None:
        raise RuntimeError("after_commit needs a unit of work: use `with transaction():`")
    work.after_commit(callback)
