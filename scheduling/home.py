"""What a supervisor's and a volunteer's home pages show, computed from the records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from core.dates import month_bounds
from core.extensions import db
from core.models import User
from core.permissions import scoped_select
from scheduling.models import Duty, DutyStatus, Shift, ShiftSignup, SignupStatus
from volunteers.models import SpecialConstable, Volunteer
from volunteers.profiles import commitment_for


def pending_duties_for(user: User, limit: int = 25) -> tuple[int, list[Duty]]:
    """Duties awaiting approval that this supervisor may approve: those of the people of their command
    (volunteers.scopes.command_volunteer_ids, through the duty scope rule)."""
    stmt = scoped_select(Duty, user).where(Duty.status == DutyStatus.PENDING)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    duties = db.session.scalars(
        stmt.options(joinedload(Duty.volunteer)).order_by(Duty.duty_date.desc(), Duty.id.desc()).limit(limit)
    ).all()
    return total, list(duties)


@dataclass
class VolunteerSummary:
    volunteer: Volunteer
    minutes_this_month: int
    minutes_pending: int
    commitment_minutes: int | None
    recent_duties: list[Duty]
    upcoming: list[ShiftSignup]


def volunteer_summary(volunteer_id: int, today: date, now) -> VolunteerSummary:
    """A volunteer's own hours this month, recent duties and the shifts they are booked on."""
    volunteer = db.session.scalars(
        sa.select(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .options(
            selectinload(Volunteer.memberships),
            joinedload(Volunteer.special).joinedload(SpecialConstable.rank),
        )
    ).one()
    start, end = month_bounds(today)
    sums = dict(
        db.session.execute(
            sa.select(Duty.status, sa.func.coalesce(sa.func.sum(Duty.minutes), 0))
            .where(Duty.volunteer_id == volunteer_id, Duty.duty_date >= start, Duty.duty_date < end)
            .group_by(Duty.status)
        ).all()
    )
    recent = db.session.scalars(
        sa.select(Duty).where(Duty.volunteer_id == volunteer_id).order_by(Duty.duty_date.desc()).limit(5)
    ).all()
    upcoming = db.session.scalars(
        sa.select(ShiftSignup)
        .join(Shift)
        .where(ShiftSignup.volunteer_id == volunteer_id, ShiftSignup.status != SignupStatus.WITHDRAWN)
        .where(Shift.starts_at >= now)
        .options(joinedload(ShiftSignup.shift))
        .order_by(Shift.starts_at)
        .limit(5)
    ).all()
    return VolunteerSummary(
        volunteer=volunteer,
        minutes_this_month=int(sums.get(DutyStatus.APPROVED, 0)),
        minutes_pending=int(sums.get(DutyStatus.PENDING, 0)),
        commitment_minutes=commitment_for(volunteer),
        recent_duties=list(recent),
        upcoming=list(upcoming),
    )
