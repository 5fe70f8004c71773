"""Bulk writing: ids for rows inserted with one executemany (no RETURNING, which SQLite runs row by row),
and the executemany itself, handed to the driver with the columns' own conversions applied once per value."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

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


def insert_rows(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """INSERT every row (each with the same keys) with one driver ``executemany``, in the session's transaction.

    The values go through each column type's bind conversion (dates, UTC timestamps, enums, JSON) as
    SQLAlchemy would apply them, without its per-row statement work; column defaults are not applied, so
    every column the table requires must be given. The data versions of the table are renewed at commit.
    """
    if not rows:
        return
    from core.data_versions import mark_written

    connection = session.connection()
    dialect = connection.dialect
    keys = list(rows[0])
    columns = [table.c[key] for key in keys]
    convert = [column.type._cached_bind_processor(dialect) for column in columns]
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "  # noqa: S608 (names from metadata)
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    by_column = []
    for key, fn in zip(keys, convert, strict=True):
        values = [row[key] for row in rows]
        by_column.append(values if fn is None else _converted(values, fn))
    params = list(zip(*by_column, strict=True))
    connection.exec_driver_sql(sql, params)
    mark_written(session, {table.name})


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
