"""Whose kit a user sees: registered with core.permissions.

- admin and coordinator: everyone's;
- supervisor: their command's people (``volunteers.scopes``, the one definition of a supervisor's area);
- volunteer: their own, and a cadet leader the cadets of the unit they lead (the cadet scope rule decides
  which cadets a leader sees);
- parish and employer accounts: none.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Role, User
from core.permissions import STAFF, register_scope, scoped_select
from kit.models import KitIssue, LeavingChecklist
from volunteers.models import Cadet
from volunteers.scopes import supervised_volunteer_ids


def kit_holder_ids(user: User) -> sa.Select | None:
    """A select of the people whose kit the user may see, or None for everyone's."""
    if user.role in STAFF:
        return None
    if user.role == Role.SUPERVISOR:
        return supervised_volunteer_ids(user)
    if user.role == Role.VOLUNTEER and user.volunteer_id:
        led_cadets = scoped_select(Cadet, user).with_only_columns(Cadet.volunteer_id)
        return sa.union(sa.select(sa.literal(user.volunteer_id)), led_cadets)
    return sa.select(sa.literal(0)).where(sa.false())


def _by_holder(column):
    def rule(user: User, stmt: sa.Select) -> sa.Select:
        ids = kit_holder_ids(user)
        return stmt if ids is None else stmt.where(column.in_(ids))

    return rule


def register() -> None:
    """Register the scope rule of every kit model that belongs to a person (stock is staff-only by default)."""
    register_scope(KitIssue, _by_holder(KitIssue.volunteer_id))
    register_scope(LeavingChecklist, _by_holder(LeavingChecklist.volunteer_id))


register()
