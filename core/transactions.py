"""Units of work: run, commit, and run again when the database gave up on the transaction for a retryable reason.

PostgreSQL may end a transaction that did nothing wrong: it is chosen as a deadlock's victim (SQLSTATE 40P01)
or cannot be serialised (40001). Running the whole unit again is then the documented remedy; its rules are
checked afresh against what the other transaction committed. SQLite has nothing to retry: writers begin
IMMEDIATE and wait their turn (core/db.py), and a "database is locked" after the busy timeout would only
wait as long again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa

from core.extensions import db

T = TypeVar("T")
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
ATTEMPTS = 5

log = logging.getLogger(__name__)


def is_retryable(error: BaseException) -> bool:
    """Whether a database error means "run the whole transaction again" rather than "refuse"."""
    if not isinstance(error, sa.exc.DBAPIError):
        return False
    original = error.orig
    return (getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)) in RETRYABLE_SQLSTATES


def commit_unit(work: Callable[[], T], attempts: int = ATTEMPTS, session=None) -> T:
    """Run ``work`` and commit it as one transaction; return what ``work`` returned.

    On a deadlock or serialization failure everything is rolled back and ``work`` runs again from the start
    (at most ``attempts`` times, after a short random pause that grows). Any other error, a refusal included,
    rolls back and is raised. ``work`` must not commit, and must read what it needs inside itself (objects
    loaded before are expired by a rollback and read again).
    """
    session = session if session is not None else db.session
    for attempt in range(1, attempts + 1):
        try:
            result = work()
            session.commit()
            return result
        except BaseException as error:
            session.rollback()
            if attempt == attempts or not is_retryable(error):
                raise
            log.warning("transaction retried (attempt %d of %d): %s", attempt + 1, attempts, error.orig)
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 (jitter, not a secret)
    raise AssertionError("unreachable")  # the loop returns or raises
