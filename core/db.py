"""Declarative base with a constraint naming convention, and SQLite connection settings."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class for every model: shared metadata with stable constraint names."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# Whether the current unit of work may write. Read-only requests (GET) begin DEFERRED so
# readers never queue behind one another; everything else begins IMMEDIATE.
sqlite_write_intent: ContextVar[bool] = ContextVar("sqlite_write_intent", default=True)


@contextmanager
def read_only_transactions() -> Iterator[None]:
    """Within this block SQLite transactions begin DEFERRED (plain reads)."""
    token = sqlite_write_intent.set(False)
    try:
        yield
    finally:
        sqlite_write_intent.reset(token)


def utcnow() -> datetime:
    """The current time in UTC (timezone-aware), for column defaults."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite and PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


WRITER_LOCK_KEY = "cip_writer_lock_fd"


def _release_writer_lock(holder) -> None:
    """Let the writers' lock go, if this connection (or its pool record's info dict) holds one."""
    try:
        info = holder if isinstance(holder, dict) else holder.info
    except (AttributeError, NotImplementedError):  # the engine's first-connect probe
        return
    fd = info.get(WRITER_LOCK_KEY)
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def configure_sqlite(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and BEGIN IMMEDIATE for every SQLite transaction.

    pysqlite's default transaction handling begins lazily and as DEFERRED, so two
    read-then-write transactions can interleave and one silently loses its update.
    Taking the write lock at BEGIN serialises them instead.

    Writers (web workers, the scheduler, CLI commands) also queue on an OS file lock beside the
    database file, taken just before BEGIN IMMEDIATE and released just after COMMIT or ROLLBACK.
    The kernel wakes the next writer the moment the lock is free, where SQLite's own busy handler
    sleeps 1, 2, 5, 10 ... ms between tries: under concurrent writes that sleeping, not the work,
    was most of the wait. SQLite's lock still guards the data; the file lock only orders the queue,
    and a killed process's lock is released by the kernel.
    """
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    lock_path = f"{database}-writers" if database and database != ":memory:" and "mode=memory" not in database else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None  # we issue BEGIN, COMMIT and ROLLBACK ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 15000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
        if lock_path is not None:
            record.info[WRITER_LOCK_KEY] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection, record):
        fd = record.info.pop(WRITER_LOCK_KEY, None)
        if fd is not None:
            os.close(fd)  # closing the descriptor also drops any lock it held

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if sqlite_write_intent.get():
            fd = conn.connection.info.get(WRITER_LOCK_KEY)
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release_writer_lock(conn.connection)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    # The lock goes the moment the driver has committed or rolled back (the engine's events run
    # before those calls, so the dialect's own methods are wrapped instead).
    dialect = engine.dialect
    driver_commit, driver_rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection):
        try:
            driver_commit(dbapi_connection)
        finally:
            _release_writer_lock(dbapi_connection)

    def do_rollback(dbapi_connection):
        try:
            driver_rollback(dbapi_connection)
        finally:
            _release_writer_lock(dbapi_connection)

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback  # the pool's reset rolls back here too


def reset_id_sequences(session, metadata: sa.MetaData) -> None:
    """After inserting rows with explicit ids, move each PostgreSQL id sequence past the largest id
    (otherwise the application's next insert collides). SQLite needs nothing."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        if "id" in table.c and isinstance(table.c.id.type, sa.Integer) and table.c.id.primary_key:
            session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 (names from metadata)
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def install_session_hooks(hooks: Iterable[tuple[str, Callable]]) -> None:
    """Listen to every Session's events with these (event name, function) pairs, once each, in order."""
    for name, hook in hooks:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
