"""Bulk writing: ids for rows inserted with one executemany (no RETURNING, which SQLite runs row by row),
and the executemany itself, handed to the driver with the columns' own conversions applied once per value."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session


def reserve_ids(session: Session, table: sa.Table, count: int) -> list[int]:
    """``count`` new ids for ``table``'s integer primary key, unused by any other transaction.

    PostgreSQL takes them from the table's sequence (each ``nextval`` is never handed out twice). SQLite
    numbers rows after the largest id: safe because a writing transaction holds SQLite's only write lock
    from BEGIN IMMEDIATE (``core.db``) to COMMIT, so nobody else can insert in between.
    """
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        stmt = sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, count))
        return sorted(session.execute(stmt).scalars())
    largest = session.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
    return list(range(largest + 1, largest + 1 + count))


@dataclass
class PreparedRows:
    """Rows of one table converted for the driver ahead of the writing transaction (``prepare_rows``)."""

    table: sa.Table
    sql: str
    keys: list[str]
    by_column: list[list]


def prepare_rows(dialect, table: sa.Table, rows: list[dict]) -> PreparedRows:
    """Convert every value (each row with the same keys) through its column type's bind conversion, as
    SQLAlchemy would apply it, ready for one driver ``executemany``; no database work, so it can be done
    before the writing transaction begins. Column defaults are not applied: give every required column."""
    keys = list(rows[0]) if rows else []
    columns = [table.c[key] for key in keys]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "  # noqa: S608 (names from metadata)
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    by_column = []
    for column in columns:
        values = [row[column.key] for row in rows]
        fn = column.type._cached_bind_processor(dialect)
        by_column.append(values if fn is None else _converted(values, fn))
    return PreparedRows(table, sql, keys, by_column)


def insert_prepared(session: Session, prepared: PreparedRows, ids: dict[str, list[int]] | None = None) -> None:
    """INSERT prepared rows in the session's transaction; a column named in ``ids`` holds positions in that
    list (ids reserved only now, inside the writing transaction) and gets the ids themselves.
    The data versions of the table are renewed at commit."""
    if not prepared.by_column or not prepared.by_column[0]:
        return
    from core.data_versions import mark_written

    columns = list(prepared.by_column)
    for key, reserved in (ids or {}).items():
        at = prepared.keys.index(key)
        columns[at] = [reserved[i] for i in columns[at]]
    session.connection().exec_driver_sql(prepared.sql, list(zip(*columns, strict=True)))
    mark_written(session, {prepared.table.name})


def insert_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """INSERT every row (each with the same keys) with one driver ``executemany``, in the session's transaction."""
    if rows:
        insert_prepared(session, prepare_rows(session.get_bind().dialect, table, rows))


def _converted(values: list, fn) -> list:
    """Each value through ``fn`` once per distinct value (timestamps, dates and enums repeat across rows)."""
    done: dict = {}
    out = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        try:
            out.append(done[value])
        except KeyError:
            done[value] = converted = fn(value)
            out.append(converted)
        except TypeError:  # unhashable (a JSON document)
            out.append(fn(value))
    return out


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Hold the cyclic garbage collector while tens of thousands of row dicts are built (none form cycles;
    its passes over them were a fifth of an import's time); reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
