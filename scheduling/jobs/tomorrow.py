"""Tomorrow's shift: each evening, every person with a confirmed place on a shift the next London day is told.

Told once per sign-up however often the job runs (the notice's dedupe key names the sign-up and the day), and
never of a shift that has already started (a scheduler catching up a missed evening the next morning).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

import notices
from core.dates import local_date, local_day_bounds, now_utc
from core.extensions import db
from scheduling.models import Shift, ShiftSignup, SignupStatus
from scheduling.rosters.changes import when
from scheduling.rosters.signups import shift_link
from volunteers.models import Volunteer, VolunteerStatus


def tomorrow_key(signup_id: int, day: date) -> str:
    """The dedupe key of the evening-before notice of one sign-up's shift on ``day``."""
    return f"shift_tomorrow:{signup_id}:{day.isoformat()}"


def tell_tomorrows_shifts(today: date, now: datetime | None = None) -> int:
    """Tell each person confirmed on a shift starting the London day after ``today``; returns how many were told."""
    tomorrow = today + timedelta(days=1)
    start, end = local_day_bounds(tomorrow, tomorrow)
    rows = db.session.execute(
        sa.select(ShiftSignup.id, ShiftSignup.volunteer_id, Shift)
        .join(Shift, Shift.id == ShiftSignup.shift_id)
        .join(Volunteer, Volunteer.id == ShiftSignup.volunteer_id)
        .where(
            ShiftSignup.status == SignupStatus.CONFIRMED,
            Shift.cancelled.is_(False),
            Shift.starts_at >= max(start, now or now_utc()),
            Shift.starts_at < end,
            Volunteer.status != VolunteerStatus.LEFT,
        )
        .order_by(Shift.starts_at, ShiftSignup.id)
    ).all()
    told = 0
    for signup_id, volunteer_id, shift in rows:
        place = f" at {shift.place}" if shift.place else ""
        told += notices.send(
            f"Reminder: you are booked on {shift.title}{place}, {when(shift)}.",
            shift_link(shift),
            volunteer_ids=[volunteer_id],
            kind="shift_tomorrow",
            dedupe_key=tomorrow_key(signup_id, local_date(shift.starts_at)),
        )
    return told
