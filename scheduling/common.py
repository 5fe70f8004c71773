"""Shared pieces of the scheduling area: scope rules."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Role, User
from core.permissions import STAFF, register_scope
from scheduling.models import Duty, Shift, ShiftSignup
from volunteers.scopes import visible_volunteer_ids


def _owned(column, user: User, select: sa.Select) -> sa.Select:
    """Duties and sign-ups follow their volunteer: the people the user may see (volunteers.scopes)."""
    ids = visible_volunteer_ids(user)
    return select if ids is None else select.where(column.in_(ids))


def _shift_scope(user: User, select: sa.Select) -> sa.Select:
    # Shifts are open for volunteers to find; parish and employer accounts see none here.
    if user.role in STAFF or user.role == Role.SUPERVISOR:
        return select
    if user.role == Role.VOLUNTEER:
        # Open shifts, and a cancelled one they were on (its notice links to it, with the reason).
        theirs = sa.select(ShiftSignup.shift_id).where(ShiftSignup.volunteer_id == user.volunteer_id)
        return select.where(sa.or_(Shift.cancelled.is_(False), Shift.id.in_(theirs)))
    return select.where(sa.false())


register_scope(Duty, lambda user, select: _owned(Duty.volunteer_id, user, select))
register_scope(ShiftSignup, lambda user, select: _owned(ShiftSignup.volunteer_id, user, select))
register_scope(Shift, _shift_scope)
