"""Data versions: a stamp per group of tables, renewed in the same transaction as any write to them.

A web process may then keep what it computed from those tables (a count, a list of choices) under the
version it read, and reuse it until the version moves: one indexed read instead of the work, and never a
stale answer. Writes through the session are seen by two hooks (the flush, and ORM/Core DML statements);
the stamp is renewed once per transaction, just before it commits, after every other row lock it takes,
so two writers cannot deadlock on it. A new stamp is random rather than the next number, so a database
restored from a backup (or emptied by a test) cannot reuse a stamp a process has kept values under.
Bulk loads outside the session (COPY) call ``touch`` themselves.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db

T = TypeVar("T")
PENDING_KEY = "data_versions_to_renew"
SEEN_KEY = "data_versions_seen"

# What each version covers: the volunteer list's count of matches and its filter choices; the roster's
# figures, its summary by district and its area choices; the dashboard's figures (every table they read:
# tests/dashboard/test_kept_figures.py checks the list against the queries the figures run).
VOLUNTEER_LIST = "volunteer_list"
ROSTER = "roster"
DASHBOARD = "dashboard"
NOTICES = "notices"  # the header's unread count of each user (notices/)
WATCHED: dict[str, frozenset[str]] = {
    DASHBOARD: frozenset(
        {
            "application_stage_changes",
            "applications",
            "cadet_leaders",
            "cadet_unit_memberships",
            "cadet_unit_statuses",
            "cadet_units",
            "cadets",
            "commands",
            "csc_agreement_statuses",
            "csc_agreements",
            "csc_post_states",
            "csc_posts",
            "districts",
            "duties",
            "duty_month_totals",
            "duty_place_month_totals",
            "esp_businesses",
            "esp_engagements",
            "programme_memberships",
            "programme_settings",
            "ranks",
            "special_assignments",
            "special_constables",
            "speed_watch_group_statuses",
            "speed_watch_groups",
            "speed_watch_sessions",
            "vettings",
            "volunteer_districts",
            "volunteers",
            "watch_member_snapshots",
            "watch_scheme_types",
            "watch_schemes",
        }
    ),
    ROSTER: frozenset({"shifts", "shift_signups", "districts", "commands"}),
    NOTICES: frozenset({"notices"}),
    VOLUNTEER_LIST: frozenset(
        {
            "volunteers",
            "programme_memberships",
            "special_constables",
            "cadets",
            "cadet_leaders",
            "districts",
            "commands",
            "ranks",
            "cadet_units",
            "parishes",
            "csc_agreements",
            "csc_posts",
        }
    ),
}
_VERSIONS_OF_TABLE: dict[str, tuple[str, ...]] = {}
for _name, _tables in WATCHED.items():
    for _table in _tables:
        _VERSIONS_OF_TABLE[_table] = (*_VERSIONS_OF_TABLE.get(_table, ()), _name)


class DataVersion(db.Model):
    """The stamp of the last committed transaction that wrote to the tables a name covers (``WATCHED``)."""

    __tablename__ = "data_versions"
    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


_TABLE = DataVersion.__table__
_READ_ALL = sa.select(_TABLE.c.name, _TABLE.c.version)


def current(name: str) -> int | None:
    """The committed version of ``name`` as this transaction sees it; None before its first write.

    Every stamp is read at once, once per transaction: a page keeping several things (the header's unread
    notices and the roster's figures) pays one small read.
    """
    seen = db.session.info.get(SEEN_KEY)
    if seen is None:
        seen = db.session.info[SEEN_KEY] = dict(db.session.execute(_READ_ALL).all())
    return seen.get(name)


def _renew_statement(dialect_name: str):
    insert = (postgresql if dialect_name == "postgresql" else sqlite).insert(_TABLE)
    stamp = sa.bindparam("stamp")
    return insert.values(name=sa.bindparam("name"), version=stamp).on_conflict_do_update(
        index_elements=[_TABLE.c.name], set_={"version": stamp}
    )


def touch(session: Session, names: set[str] | frozenset[str] | None = None) -> None:
    """Give ``names`` (every one by default) new stamps in the session's transaction."""
    statement = _renew_statement(session.get_bind().dialect.name)
    for name in sorted(names if names is not None else WATCHED):
        session.execute(statement, {"name": name, "stamp": secrets.randbits(62)})


def _mark(session: Session, tables) -> None:
    names = {version for table in tables for version in _VERSIONS_OF_TABLE.get(table, ())}
    if names:
        session.info.setdefault(PENDING_KEY, set()).update(names)


def mark_written(session: Session, table_names: set[str]) -> None:
    """Renew (at commit) the versions covering tables written outside the session's statements (driver
    executemany): the hooks below see only what goes through the session."""
    _mark(session, table_names)


def _flushed(session: Session, _context) -> None:
    if not _VERSIONS_OF_TABLE:
        return
    objects = [*session.new, *session.dirty, *session.deleted]
    _mark(session, {getattr(type(obj), "__tablename__", None) for obj in objects})


def _statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        _mark(state.session, {getattr(table, "name", None)})


def _renew_pending(session: Session) -> None:
    # Flush first: the commit would flush after this hook, and that flush's writes must count too.
    session.flush()
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        touch(session, pending)


def _committed(session: Session) -> None:
    session.info.pop(SEEN_KEY, None)


def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(SEEN_KEY, None)


CACHES: list[VersionedCache] = []


class VersionedCache:
    """Values computed from versioned data, kept per process under (name, version, key); least recent out."""

    def __init__(self, size: int = 256):
        self.size = size
        self._values: OrderedDict[tuple, object] = OrderedDict()
        CACHES.append(self)

    def get(self, name: str, version: int | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The value for ``key`` at this version, computed now if this process has not kept it."""
        if version is None:  # nothing written through the session yet: nothing to key on
            return compute()
        slot = (name, version, key)
        try:
            self._values.move_to_end(slot)
            return self._values[slot]  # type: ignore[return-value]
        except KeyError:
            pass
        value = compute()
        self._values[slot] = value
        while len(self._values) > self.size:
            self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value (tests)."""
        self._values.clear()


HOOKS = (
    ("after_flush", _flushed),
    ("do_orm_execute", _statement),
    ("before_commit", _renew_pending),
    ("after_commit", _committed),
    ("after_rollback", _forget),
)
