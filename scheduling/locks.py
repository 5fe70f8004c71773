"""Row locks a write takes before it checks its rules, always in one order, so writers take turns.

The order: volunteers by ascending id, then shifts by ascending id, then the hours ledger's rows (by key,
scheduling/hours/ledger.py), then the data versions (just before commit, core/data_versions.py).
Transactions that lock in one order may wait for one another but never in a circle.

Rows are locked FOR NO KEY UPDATE, not FOR UPDATE. Inserting a duty or a sign-up takes FOR KEY SHARE on the
volunteer's (and the shift's) row to check the foreign key, and FOR UPDATE conflicts with that: two
transactions that had each inserted a duty for one volunteer then each waited, in FOR UPDATE, for the other's
share lock, and PostgreSQL killed one as a deadlock (500s when 200 staff-logged duties went in in parallel).
FOR NO KEY UPDATE still makes two writers for one volunteer or shift take turns.

On SQLite the statements carry no lock clause: a writing transaction begins IMMEDIATE and holds the
database's one write lock from its first statement (core/db.py), so a check and the write it guards cannot
interleave with another transaction's.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from core.extensions import db
from scheduling.models import Shift
from volunteers.models import Volunteer


def locking_volunteers(select: sa.Select) -> sa.Select:
    """``select`` (which reads the volunteers table) with the volunteers' rows locked, as every writer locks them."""
    return select.with_for_update(of=Volunteer, key_share=True)


def lock_volunteers(connection: sa.Connection, volunteer_ids: Iterable[int]) -> None:
    """Lock the volunteers' rows in ascending id order (PostgreSQL; SQLite holds its write lock already)."""
    ids = sorted(set(volunteer_ids))
    if ids and connection.dialect.name == "postgresql":
        connection.execute(
            locking_volunteers(sa.select(Volunteer.id).where(Volunteer.id.in_(ids)).order_by(Volunteer.id))
        )


def lock_shift(shift_id: int) -> Shift | None:
    """The shift, read afresh with its row locked (after any volunteer's lock): sign-ups to it take turns."""
    return db.session.scalars(
        sa.select(Shift)
        .where(Shift.id == shift_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)  # a copy read before the lock may be out of date
    ).first()
