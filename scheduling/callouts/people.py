"""Who a call-out can go to: fill-a-gap's eligible people, ranked as it ranks them, narrowed to the available
and to the sender's area; and why everyone else is out."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from core.extensions import db
from core.models import Role, User
from scheduling.availability.rules import reasons_unavailable
from scheduling.models import Shift
from scheduling.rosters import gaps
from scheduling.rosters.gaps import Person
from volunteers.models import Volunteer
from volunteers.scopes import visible_volunteer_ids


def may_call_out_for(user: User, shift: Shift) -> bool:
    """Whether the user may see and call out for the shift: staff any; a supervisor their command's shifts
    (and shifts with no district), to their own area's people only."""
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        return True
    if user.role != Role.SUPERVISOR:
        return False
    if user.command_id is None or shift.district_id is None:
        return True
    return shift.district is not None and shift.district.command_id == user.command_id


def _in_area(user: User, people: list[Person]) -> list[Person]:
    ids = visible_volunteer_ids(user)
    if ids is None:
        return people
    wanted = [p.volunteer_id for p in people]
    allowed = set(db.session.scalars(sa.select(Volunteer.id).where(Volunteer.id.in_(ids), Volunteer.id.in_(wanted))))
    return [p for p in people if p.volunteer_id in allowed]


def available_people(shift: Shift, user: User, now: datetime) -> list[Person]:
    """The people the user may call out for the shift: eligible and free (fill a gap's order), available, in area."""
    people = _in_area(user, gaps.gap_candidates(shift, shown=gaps.POOL))
    reasons = reasons_unavailable(shift, [p.volunteer_id for p in people], now)
    return [p for p in people if reasons[p.volunteer_id] is None]


def people_out(shift: Shift, user: User, now: datetime) -> list[Person]:
    """People of the user's area not offered for the shift, each with why (not available, or fill a gap's reason)."""
    eligible = _in_area(user, gaps.gap_candidates(shift, shown=gaps.POOL))
    reasons = reasons_unavailable(shift, [p.volunteer_id for p in eligible], now)
    out = []
    for person in eligible:
        if reasons[person.volunteer_id] is not None:
            person.reason = reasons[person.volunteer_id]
            out.append(person)
    out += _in_area(user, gaps.left_out(shift))
    out.sort(key=lambda p: p.name)
    return out
