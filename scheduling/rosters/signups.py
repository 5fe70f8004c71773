"""Places on a shift: sign up, withdraw, the waiting list and its invariant, attendance.

The invariant: nobody waits while a place is free on a shift that is not cancelled. ``fill_from_waiting_list``
is its one owner; every change that can free a place or add a waiting person calls it (sign-up, withdrawal,
an edit raising the places, a removal, a move, a cancellation).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import notices
from core.audit import record
from core.dates import now_utc
from core.extensions import db
from core.refusals import Refusal
from scheduling.locks import lock_shift, lock_volunteers
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from scheduling.rosters.eligibility import eligibility_problem
from volunteers.models import Volunteer

ACTIVE = (SignupStatus.CONFIRMED, SignupStatus.WAITING)


def shift_link(shift: Shift) -> str:
    """The shift's page, as a notice links to it."""
    return f"/scheduling/shifts/{shift.id}"


def clash_for(shift: Shift, volunteer_id: int) -> Shift | None:
    """Another shift (not cancelled) the volunteer holds a place or waiting place on at an overlapping time."""
    return db.session.scalars(
        sa.select(Shift)
        .join(ShiftSignup)
        .where(
            ShiftSignup.volunteer_id == volunteer_id,
            ShiftSignup.status.in_(ACTIVE),
            Shift.id != shift.id,
            Shift.cancelled.is_(False),
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .limit(1)
    ).first()


def confirmed_count(shift_id: int) -> int:
    """How many confirmed places a shift has taken."""
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ShiftSignup)
            .where(ShiftSignup.shift_id == shift_id, ShiftSignup.status == SignupStatus.CONFIRMED)
        )
        or 0
    )


def fill_from_waiting_list(shift: Shift) -> list[ShiftSignup]:
    """Move people up from the waiting list, first come first served, while places are free; tell each one.

    The one owner of "nobody waits while a place is free" (a cancelled shift has no places to fill).
    """
    if shift.cancelled:
        return []
    free = shift.places - confirmed_count(shift.id)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        sa.select(ShiftSignup)
        .where(ShiftSignup.shift_id == shift.id, ShiftSignup.status == SignupStatus.WAITING)
        .order_by(ShiftSignup.signed_up_at, ShiftSignup.id)
        .limit(free)
    ).all()
    for signup in waiting:
        signup.status = SignupStatus.CONFIRMED
        record("shift_promoted", "shift", shift.id, detail={"volunteer_id": signup.volunteer_id})
    if waiting:
        notices.send(
            f"A place came free: you are now booked on {shift.title}.",
            shift_link(shift),
            volunteer_ids=[s.volunteer_id for s in waiting],
            kind="waiting_list",
        )
    db.session.flush()
    return list(waiting)


promote_waiting = fill_from_waiting_list  # the name older callers use


def waiting_while_free() -> list[int]:
    """Shifts (not cancelled) with someone waiting while a place is free: empty when the invariant holds."""
    confirmed = (
        sa.select(sa.func.count())
        .where(ShiftSignup.shift_id == Shift.id, ShiftSignup.status == SignupStatus.CONFIRMED)
        .scalar_subquery()
    )
    waiting = sa.select(ShiftSignup.shift_id).where(ShiftSignup.status == SignupStatus.WAITING)
    return list(
        db.session.scalars(
            sa.select(Shift.id)
            .where(Shift.cancelled.is_(False), Shift.places > confirmed, Shift.id.in_(waiting))
            .order_by(Shift.id)
        )
    )


def sign_up(
    shift_id: int, volunteer: Volunteer, now: datetime | None = None, enforce_deadline: bool = True
) -> ShiftSignup:
    """Take a place on the shift, or a waiting-list place when it is full.

    The volunteer's row and then the shift's are locked first (scheduling/locks.py), so sign-ups to one shift
    count its places one after another, and one person's sign-ups to overlapping shifts see each other.
    """
    now = now or now_utc()
    lock_volunteers(db.session.connection(), [volunteer.id])
    shift = lock_shift(shift_id)
    if shift is None or shift.cancelled:
        raise Refusal("That shift is not open for sign-up", "shift_id")
    if shift.starts_at <= now:
        raise Refusal("That shift has already started", "shift_id")
    if enforce_deadline and shift.signup_deadline is not None and now > shift.signup_deadline:
        raise Refusal("The sign-up deadline for this shift has passed", "shift_id")
    problem = eligibility_problem(shift, volunteer)
    if problem:
        raise Refusal(problem, "shift_id")
    clash = clash_for(shift, volunteer.id)
    if clash is not None:
        raise Refusal(f"This shift clashes with another of your shifts: {clash.title}", "shift_id")
    existing = db.session.scalars(
        sa.select(ShiftSignup).where(ShiftSignup.shift_id == shift.id, ShiftSignup.volunteer_id == volunteer.id)
    ).first()
    if existing is not None and existing.status in ACTIVE:
        raise Refusal("You are already signed up to this shift", "shift_id")
    fill_from_waiting_list(shift)  # anyone already waiting goes first
    status = SignupStatus.CONFIRMED if confirmed_count(shift.id) < shift.places else SignupStatus.WAITING
    if existing is None:
        existing = ShiftSignup(shift_id=shift.id, volunteer_id=volunteer.id)
        db.session.add(existing)
    existing.status = status
    existing.signed_up_at = now
    existing.attendance = None
    try:
        db.session.flush()
    except IntegrityError:
        raise Refusal("You are already signed up to this shift", "shift_id") from None
    record("shift_signup", "shift", shift.id, detail={"volunteer_id": volunteer.id, "status": status.value})
    return existing


def withdraw(shift_id: int, volunteer_id: int, now: datetime | None = None) -> list[ShiftSignup]:
    """Give up a place (or waiting-list place); the waiting list moves up. Returns who moved up."""
    now = now or now_utc()
    shift = lock_shift(shift_id)
    signup = None
    if shift is not None:
        signup = db.session.scalars(
            sa.select(ShiftSignup).where(
                ShiftSignup.shift_id == shift_id,
                ShiftSignup.volunteer_id == volunteer_id,
                ShiftSignup.status.in_(ACTIVE),
            )
        ).first()
    if signup is None:
        raise Refusal("You are not signed up to this shift", "shift_id")
    if shift.starts_at <= now:
        raise Refusal("The shift has started: ask a coordinator to change the roster", "shift_id")
    signup.status = SignupStatus.WITHDRAWN
    db.session.flush()
    record("shift_withdrawn", "shift", shift.id, detail={"volunteer_id": volunteer_id})
    return fill_from_waiting_list(shift)


def record_attendance(signup: ShiftSignup, attendance: Attendance | None) -> None:
    """Mark a confirmed place as attended or a no-show."""
    if signup.status != SignupStatus.CONFIRMED:
        raise Refusal("Only confirmed places have attendance", "attendance")
    signup.attendance = attendance
    record(
        "shift_attendance",
        "shift",
        signup.shift_id,
        detail={"volunteer_id": signup.volunteer_id, "attendance": attendance.value if attendance else None},
    )
