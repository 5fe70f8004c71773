"""'I did this shift': a volunteer confirms a booked, finished shift as a duty, its details taken from the shift.

The duty is logged by ``log_duty`` (every rule applies) and records the sign-up it confirms; the database
holds one duty per sign-up (migration 0018), so a second tap is refused, not stored twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from core.dates import LONDON, now_utc
from core.extensions import db
from core.models import Parish, User
from core.refusals import Refusal
from scheduling.duties.services import ALREADY_CONFIRMED, DutyInput, log_duty
from scheduling.hours.csc import own_parish_on
from scheduling.models import Duty, ShiftSignup, SignupStatus


def confirming_duty(signup: ShiftSignup) -> int | None:
    """The id of the duty that confirms a sign-up already, if any: the one recording the sign-up, or one the
    volunteer logged from that shift before duties recorded their sign-up."""
    return db.session.scalar(
        sa.select(Duty.id)
        .where(
            sa.or_(
                Duty.signup_id == signup.id,
                sa.and_(Duty.shift_id == signup.shift_id, Duty.volunteer_id == signup.volunteer_id),
            )
        )
        .order_by(Duty.id)
        .limit(1)
    )


def check_confirmable(signup: ShiftSignup, actor: User, now: datetime | None = None) -> None:
    """Refuse to confirm someone else's sign-up, a place not booked (waiting or withdrawn), a cancelled shift,
    a shift not yet finished, or a sign-up a duty confirms already."""
    if actor.volunteer_id is None or signup.volunteer_id != actor.volunteer_id:
        raise Refusal("You may confirm only shifts you were booked on", "shift_id")
    if signup.status != SignupStatus.CONFIRMED:
        raise Refusal("You were not booked on this shift (only on its waiting list)", "shift_id")
    shift = signup.shift
    if shift.cancelled:
        raise Refusal("This shift was cancelled, so there is no duty to confirm", "shift_id")
    if shift.ends_at > (now or now_utc()):
        raise Refusal("This shift has not finished yet: confirm it once it is over", "shift_id")
    if confirming_duty(signup) is not None:
        raise Refusal(ALREADY_CONFIRMED, "shift_id")


def default_parish(volunteer_id: int, district_id: int | None, day) -> int | None:
    """A CSC's own parish on ``day`` (``own_parish_on``) when it lies in ``district_id`` (or no district is
    given); None for anyone else."""
    parish_id = own_parish_on(volunteer_id, day)
    if parish_id is None or district_id is None:
        return parish_id
    return parish_id if db.session.get(Parish, parish_id).district_id == district_id else None


def duty_from_shift(signup: ShiftSignup) -> DutyInput:
    """The duty as booked: the shift's date, times, place, district, parish (a CSC's own parish when the shift
    names none) and type."""
    shift = signup.shift
    start, end = shift.starts_at.astimezone(LONDON), shift.ends_at.astimezone(LONDON)
    parish_id = shift.parish_id or default_parish(signup.volunteer_id, shift.district_id, start.date())
    return DutyInput(
        volunteer_id=signup.volunteer_id,
        day=start.date(),
        start=start.time().replace(tzinfo=None),
        end=end.time().replace(tzinfo=None),
        end_day=end.date() if end.date() != start.date() else None,
        duty_type=shift.shift_type,
        place=shift.place,
        district_id=shift.district_id,
        parish_id=parish_id,
        shift_id=shift.id,
    )


def confirm_shift(signup: ShiftSignup, actor: User, changed: DutyInput | None = None) -> Duty:
    """Log the duty a booked, finished shift was: as booked, or with what the volunteer changed."""
    check_confirmable(signup, actor)
    inp = changed if changed is not None else duty_from_shift(signup)
    return log_duty(replace(inp, volunteer_id=signup.volunteer_id, shift_id=signup.shift_id), actor)
