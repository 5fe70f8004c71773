"""Lists of duties and of the shifts still to be logged: what the duty screens, the API and home pages read."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.dates import now_utc
from core.extensions import db
from core.models import User
from core.permissions import scoped_select
from scheduling.models import Duty, DutyStatus, Shift, ShiftSignup, SignupStatus


def duties_for(user: User, status: DutyStatus | None = None, volunteer_id: int | None = None) -> sa.Select:
    """The duties a user may see, newest first, with the volunteer loaded."""
    stmt = scoped_select(Duty, user).options(joinedload(Duty.volunteer))
    if status is not None:
        stmt = stmt.where(Duty.status == status)
    if volunteer_id is not None:
        stmt = stmt.where(Duty.volunteer_id == volunteer_id)
    return stmt.order_by(Duty.starts_at.desc(), Duty.id.desc())


def page_of(stmt: sa.Select, page: int, size: int) -> tuple[list, int]:
    """One page of a select and the total count."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = db.session.scalars(stmt.limit(size).offset(max(page - 1, 0) * size)).unique().all()
    return list(rows), int(total)


def shifts_to_log(volunteer_id: int, now: datetime | None = None) -> list[Shift]:
    """Finished shifts the volunteer was booked on and has not logged yet."""
    now = now or now_utc()
    logged = sa.select(Duty.shift_id).where(Duty.volunteer_id == volunteer_id, Duty.shift_id.is_not(None))
    return list(
        db.session.scalars(
            sa.select(Shift)
            .join(ShiftSignup)
            .where(
                ShiftSignup.volunteer_id == volunteer_id,
                ShiftSignup.status == SignupStatus.CONFIRMED,
                Shift.ends_at <= now,
                Shift.id.not_in(logged),
            )
            .order_by(Shift.starts_at.desc())
            .limit(20)
        ).all()
    )


def finished_bookings(volunteer_id: int, now: datetime | None = None, limit: int = 10) -> list[ShiftSignup]:
    """The volunteer's booked places on finished, not cancelled shifts that no duty confirms yet, latest first:
    the shifts they may confirm with "I did this shift"."""
    now = now or now_utc()
    # Confirmed: a duty records the sign-up, or (logged before duties recorded it) names the shift.
    logged = sa.select(Duty.id).where(
        Duty.volunteer_id == volunteer_id,
        sa.or_(Duty.signup_id == ShiftSignup.id, Duty.shift_id == ShiftSignup.shift_id),
    )
    return list(
        db.session.scalars(
            sa.select(ShiftSignup)
            .join(Shift)
            .where(
                ShiftSignup.volunteer_id == volunteer_id,
                ShiftSignup.status == SignupStatus.CONFIRMED,
                Shift.ends_at <= now,
                Shift.cancelled.is_(False),
                ~logged.exists(),
            )
            .options(joinedload(ShiftSignup.shift))
            .order_by(Shift.starts_at.desc())
            .limit(limit)
        ).all()
    )
