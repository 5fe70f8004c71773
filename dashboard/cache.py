"""The dashboard's figures, kept per process under the dashboard's data version (core.data_versions).

A committed write to any table the figures read renews the version, whichever app server made it, so every
process calculates afresh on its next view and never shows figures older than the last change; between
changes a view costs one indexed read. "Recalculate" renews the version itself, so it takes effect in every
process of every server, not only the one that answered it. The CSV, PDF and JSON always calculate afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, datetime

from core import data_versions
from core.data_versions import DASHBOARD, VersionedCache
from core.db import sqlite_write_intent
from core.extensions import db

_KEPT = VersionedCache(size=32)


def recalculate() -> None:
    """Have every process calculate the dashboard's figures afresh (a new dashboard data version, committed)."""
    # A page view reads in a deferred SQLite transaction, which cannot safely turn into a write: the stamp is
    # written in a transaction of its own that begins as a writer.
    db.session.rollback()
    token = sqlite_write_intent.set(True)
    try:
        data_versions.touch(db.session, {DASHBOARD})
        db.session.commit()
    finally:
        sqlite_write_intent.reset(token)


def cached(key: Hashable, compute: Callable[[], object], fresh: bool = False) -> tuple[object, datetime]:
    """(value, computed_at): the value kept at the current dashboard version, else computed now and kept."""
    if fresh:
        recalculate()

    def stamped() -> tuple[object, datetime]:
        return compute(), datetime.now(UTC)

    return _KEPT.get(DASHBOARD, data_versions.current(DASHBOARD), key, stamped)
