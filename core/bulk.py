"""Bulk writing: ids for rows inserted with one executemany (no RETURNING, which SQLite runs row by row)."""

from __future__ import annotations

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
