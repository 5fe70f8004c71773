"""Bulk loading: COPY on PostgreSQL (psycopg 3), one executemany per row shape elsewhere (SQLite).

On PostgreSQL a large table's secondary indexes and foreign keys can also be set aside while it is loaded
and rebuilt afterwards (`deferred_indexes`): building an index once over 10 million rows is much faster than
maintaining it row by row, and re-adding a foreign key checks every row in one join instead of one lookup
per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from core.extensions import db


def is_postgresql() -> bool:
    """True when the session's database is PostgreSQL."""
    return db.session.get_bind().dialect.name == "postgresql"


def flush(seeder) -> None:
    """Insert every row the seeder has queued, parents before children (the seeder's own flush, via `insert`)."""
    for table in db.metadata.sorted_tables:
        rows = seeder.rows.pop(table, None)
        if rows:
            insert(table, rows)
    db.session.flush()


def insert(table: sa.Table, rows: list[dict]) -> None:
    """Insert `rows` (dicts of column values, as for `table.insert()`) in bulk, in the session's transaction."""
    shapes: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        shapes[tuple(sorted(row))].append(row)
    postgresql = is_postgresql()
    for shape, batch in shapes.items():
        if postgresql:
            _copy(table, set(shape), batch)
        else:
            db.session.execute(table.insert(), batch)


# Column types COPY can take in binary form straight from the Python values the bind processing gives
# (psycopg's C dumpers: several times faster than the text form); other tables are copied as text.
BINARY_TYPES = {"int2", "int4", "int8", "text", "varchar", "bpchar", "bool", "date", "time", "timestamptz", "float8"}


def _copy(table: sa.Table, given: set[str], rows: list[dict]) -> None:
    """COPY rows of one shape in: values go through each column's bind processing; a column the rows lack gets
    its Python-side default as `table.insert()` would give it (server-side defaults apply by themselves)."""
    connection = db.session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    defaults = {c.name: _python_default(c) for c in table.columns if c.name not in given}
    columns = [c for c in table.columns if c.name in given or defaults.get(c.name) is not None]
    steps = [(c.name, c.name in given, defaults.get(c.name), c.type.bind_processor(dialect)) for c in columns]
    names = ", ".join(quote(c.name) for c in columns)
    types = dict(
        connection.execute(
            sa.text(
                "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                "WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 AND NOT a.attisdropped"
            ),
            {"t": quote(table.name)},
        ).all()
    )
    column_types = [types[c.name] for c in columns]
    binary = all(kind in BINARY_TYPES for kind in column_types)
    sql = f"COPY {quote(table.name)} ({names}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        if binary:
            copy.set_types(column_types)
        for row in rows:
            values = []
            for name, present, default, process in steps:
                value = row[name] if present else default()
                values.append(process(value) if value is not None and process is not None else value)
            copy.write_row(values)


def _python_default(column: sa.Column):
    """A zero-argument callable giving the column's Python-side default (as `table.insert()` would), or None."""
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return lambda: default.arg
    if default.is_callable:
        return lambda: default.arg(None)
    return None


@contextmanager
def deferred_indexes(table: sa.Table) -> Iterator[None]:
    """PostgreSQL: drop `table`'s secondary indexes, foreign keys and exclusion constraints, load, then recreate
    them exactly as they were (from the catalog's own definitions; re-adding an exclusion constraint builds its
    GiST index once and checks every row). Elsewhere: nothing. They are recreated even if loading fails."""
    if not is_postgresql():
        yield
        return
    name = table.name
    indexes = db.session.execute(
        sa.text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = :t AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "  CAST(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname) AS regclass))"
        ),
        {"t": name},
    ).all()
    foreign_keys = db.session.execute(
        sa.text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('f', 'x')"
        ),
        {"t": name},
    ).all()
    quoted = db.session.get_bind().dialect.identifier_preparer.quote
    for constraint, _ in foreign_keys:
        db.session.execute(sa.text(f"ALTER TABLE {quoted(name)} DROP CONSTRAINT {quoted(constraint)}"))
    for index, _ in indexes:
        db.session.execute(sa.text(f"DROP INDEX {quoted(index)}"))
    db.session.commit()
    try:
        yield
    finally:
        db.session.rollback()  # keeps every committed chunk; only an unfinished one is dropped
        for _, definition in indexes:
            db.session.connection().exec_driver_sql(definition)
        for constraint, definition in foreign_keys:
            db.session.execute(sa.text(f"ALTER TABLE {quoted(name)} ADD CONSTRAINT {quoted(constraint)} {definition}"))
        db.session.commit()
