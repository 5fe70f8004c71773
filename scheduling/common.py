"""Shared pieces of the scheduling area: scope rules."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Role, User
from core.permissions import STAFF, register_scope
from scheduling.models import Duty, Shift, ShiftSignup
from volunteers.models import SpecialConstable


def _command_volunteers(command_id: int) -> sa.Select:
    return sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.command_id == command_id)


def _owned(column, user: User, select: sa.Select) -> sa.Select:
    if user.role in STAFF:
        return select
    if user.role == Role.SUPERVISOR:
        if user.command_id is None:
            return select
        return select.where(column.in_(_command_volunteers(user.command_id)))
    if user.role == Role.VOLUNTEER and user.volunteer_id is not None:
        return select.where(column == user.volunteer_id)
    return select.where(sa.false())


def _shift_scope(user: User, select: sa.Select) -> sa.Select:
    # Shifts are open for volunteers to find; parish and employer accounts see none here.
    if user.role in STAFF or user.role == Role.SUPERVISOR:
        return select
    if user.role == Role.VOLUNTEER:
        return select.where(Shift.cancelled.is_(False))
    return select.where(sa.false())


register_scope(Duty, lambda user, select: _owned(Duty.volunteer_id, user, select))
register_scope(ShiftSignup, lambda user, select: _owned(ShiftSignup.volunteer_id, user, select))
register_scope(Shift, _shift_scope)
