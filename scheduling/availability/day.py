"""Who is available on a date: the people of the viewer's area, with the parts of the day they are free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import District, User
from scheduling.availability.models import AvailabilityDate, PartOfDay, WeeklySlot
from scheduling.availability.rules import PARTS_IN_ORDER, facts_of, parts_free
from volunteers.models import Volunteer, VolunteerStatus
from volunteers.scopes import visible_volunteer_ids

LIMIT = 500


@dataclass
class FreeOnDay:
    volunteer_id: int
    name: str
    district: str | None
    parts: list[PartOfDay]


def available_on(day: date, user: User) -> list[FreeOnDay]:
    """Active people of the user's area free for some part of the day (absent people never), by name."""
    said = sa.or_(
        Volunteer.id.in_(sa.select(WeeklySlot.volunteer_id).where(WeeklySlot.weekday == day.weekday())),
        Volunteer.id.in_(
            sa.select(AvailabilityDate.volunteer_id).where(AvailabilityDate.day == day, AvailabilityDate.available)
        ),
    )
    stmt = (
        sa.select(Volunteer.id, Volunteer.first_name + " " + Volunteer.last_name, District.name)
        .outerjoin(District, District.id == Volunteer.district_id)
        .where(Volunteer.status == VolunteerStatus.ACTIVE, said)
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
        .limit(LIMIT)
    )
    ids = visible_volunteer_ids(user)
    if ids is not None:
        stmt = stmt.where(Volunteer.id.in_(ids))
    rows = db.session.execute(stmt).all()
    facts = facts_of([vid for vid, _, _ in rows], day, day)
    out = []
    for vid, name, district in rows:
        free = parts_free(facts[vid], day)
        if free:
            out.append(FreeOnDay(vid, name, district, [p for p in PARTS_IN_ORDER if p in free]))
    return out
