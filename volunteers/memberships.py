"""Membership of a programme on a day: the one definition every count of people "on a day" reads.

A membership is held from ``started_on`` (that day included) until ``ended_on`` (that day excluded: on the day
it ends the person is no longer in the programme); an open membership (``ended_on`` NULL) is held to this day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.extensions import db
from volunteers.models import Programme, ProgrammeMembership

PM = ProgrammeMembership


def held_on(day, membership=PM) -> sa.ColumnElement[bool]:
    """A membership held on ``day`` (a date or a date column): started by then, not yet ended."""
    return sa.and_(membership.started_on <= day, sa.or_(membership.ended_on.is_(None), membership.ended_on > day))


def member_on(volunteer_id, programmes: Programme | Iterable[Programme], day) -> sa.Exists:
    """EXISTS a membership of the volunteer in one of the programmes, held on ``day`` (a date or a column)."""
    wanted = [programmes] if isinstance(programmes, Programme) else list(programmes)
    alias = aliased(PM)
    return (
        sa.select(alias.id)
        .where(alias.volunteer_id == volunteer_id, alias.programme.in_(wanted), held_on(day, alias))
        .exists()
    )


def programmes_on(volunteer_id: int, day: date) -> set[Programme]:
    """The programmes someone belongs to on ``day``."""
    return set(db.session.scalars(sa.select(PM.programme).where(PM.volunteer_id == volunteer_id, held_on(day))))
