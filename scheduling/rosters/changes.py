"""Changing a shift after people booked it: edit, cancel, remove or move a person; each tells those affected."""

from __future__ import annotations

import sqlalchemy as sa

import notices
from core.audit import record
from core.dates import LONDON, now_utc
from core.extensions import db
from core.refusals import Refusal
from scheduling.locks import lock_shift, lock_volunteers
from scheduling.models import Shift, ShiftSignup, SignupStatus
from scheduling.rosters.eligibility import eligibility_problem
from scheduling.rosters.services import ShiftInput, shift_values
from scheduling.rosters.signups import ACTIVE, clash_for, confirmed_count, fill_from_waiting_list, shift_link
from volunteers.models import Volunteer

CHANGE_LABELS = {
    "title": "title",
    "shift_type": "type",
    "starts_at": "start",
    "ends_at": "end",
    "places": "places",
    "place": "place",
    "district_id": "district",
    "parish_id": "parish or town",
    "eligible_programmes": "who may sign up",
    "minimum_rank_seniority": "minimum rank",
    "required_skill_id": "skill needed",
    "signup_deadline": "sign-up deadline",
    "notes": "notes",
}


def when(shift: Shift) -> str:
    """A shift's day and times in words: Saturday 6 December, 18:00 to 22:00."""
    start, end = shift.starts_at.astimezone(LONDON), shift.ends_at.astimezone(LONDON)
    return f"{start:%A} {start.day} {start:%B}, {start:%H:%M} to {end:%H:%M}"


def _booked(shift_id: int) -> list[ShiftSignup]:
    return list(
        db.session.scalars(
            sa.select(ShiftSignup)
            .where(ShiftSignup.shift_id == shift_id, ShiftSignup.status.in_(ACTIVE))
            .order_by(ShiftSignup.volunteer_id)
        )
    )


def _open_shift(shift_id: int) -> Shift:
    shift = lock_shift(shift_id)
    if shift is None:
        raise Refusal("That shift no longer exists", "shift_id")
    if shift.cancelled:
        raise Refusal("This shift is cancelled and cannot be changed", "shift_id")
    return shift


def _first_clash(shift: Shift) -> tuple[str, str] | None:
    """(name, other shift's title) of someone booked here who holds a place on another shift at an overlapping time."""
    here = sa.select(ShiftSignup.volunteer_id).where(ShiftSignup.shift_id == shift.id, ShiftSignup.status.in_(ACTIVE))
    return db.session.execute(
        sa.select(Volunteer.first_name + " " + Volunteer.last_name, Shift.title)
        .select_from(ShiftSignup)
        .join(Shift, Shift.id == ShiftSignup.shift_id)
        .join(Volunteer, Volunteer.id == ShiftSignup.volunteer_id)
        .where(
            ShiftSignup.volunteer_id.in_(here),
            ShiftSignup.status.in_(ACTIVE),
            Shift.id != shift.id,
            Shift.cancelled.is_(False),
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .order_by(Volunteer.last_name, Volunteer.id)
        .limit(1)
    ).first()


def edit_shift(shift_id: int, inp: ShiftInput) -> list[str]:
    """Change a shift's time, places, place or rules; tell the people booked; fill places from the waiting list.

    Returns what changed, in words. Places cannot drop below the people confirmed, and a new time may not
    clash with another shift of someone booked.
    """
    booked_ids = [s.volunteer_id for s in _booked(shift_id)]
    lock_volunteers(db.session.connection(), booked_ids)
    shift = _open_shift(shift_id)
    values = shift_values(inp)
    confirmed = confirmed_count(shift.id)
    if values["places"] < confirmed:
        who = "1 person has a place" if confirmed == 1 else f"{confirmed} people have places"
        raise Refusal(f"{who}: keep at least {confirmed} places, or remove someone first", "places")
    changed = [name for name, value in values.items() if getattr(shift, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(shift, name, values[name])
    db.session.flush()
    if {"starts_at", "ends_at"} & set(changed):
        clash = _first_clash(shift)
        if clash is not None:
            raise Refusal(f"The new time clashes with {clash[0]}'s place on {clash[1]}", "start")
    words = [CHANGE_LABELS[name] for name in changed]
    record("shift_edited", "shift", shift.id, detail={"changed": changed})
    booked = [s.volunteer_id for s in _booked(shift.id)]
    if booked:
        notices.send(
            f"{shift.title} has changed ({', '.join(words)}): it is now {when(shift)}.",
            shift_link(shift),
            volunteer_ids=booked,
            kind="shift_changed",
        )
    fill_from_waiting_list(shift)
    return words


def cancel_shift(shift_id: int, reason: str) -> int:
    """Cancel a shift with a reason (required) and tell everyone booked or waiting; returns how many were told."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Enter why the shift is cancelled", "reason")
    if len(reason) > 500:
        raise Refusal("The reason must be 500 characters or fewer", "reason")
    shift = _open_shift(shift_id)
    shift.cancelled, shift.cancel_reason, shift.cancelled_at = True, reason, now_utc()
    record("shift_cancelled", "shift", shift.id, detail={"reason": reason})
    booked = [s.volunteer_id for s in _booked(shift.id)]
    if booked:
        notices.send(
            f"{shift.title} on {when(shift)} is cancelled: {reason}",
            shift_link(shift),
            volunteer_ids=booked,
            kind="shift_changed",
        )
    db.session.flush()
    fill_from_waiting_list(shift)  # (a cancelled shift has no places to fill: nobody waits for one)
    return len(booked)


def _active_signup(signup_id: int) -> ShiftSignup:
    signup = db.session.get(ShiftSignup, signup_id)
    if signup is None or signup.status not in ACTIVE:
        raise Refusal("That person is no longer on the shift", "signup_id")
    return signup


def remove_person(signup_id: int) -> ShiftSignup:
    """Take a person off a shift (their place or waiting place); tell them; the waiting list moves up."""
    signup = _active_signup(signup_id)
    lock_volunteers(db.session.connection(), [signup.volunteer_id])
    shift = _open_shift(signup.shift_id)
    db.session.refresh(signup)
    if signup.status not in ACTIVE:
        raise Refusal("That person is no longer on the shift", "signup_id")
    signup.status = SignupStatus.WITHDRAWN
    signup.attendance = None
    record("shift_person_removed", "shift", shift.id, detail={"volunteer_id": signup.volunteer_id})
    notices.send(
        f"A coordinator took you off {shift.title} ({when(shift)}).",
        shift_link(shift),
        volunteer_ids=[signup.volunteer_id],
        kind="shift_booking",
    )
    db.session.flush()
    fill_from_waiting_list(shift)
    return signup


def move_person(signup_id: int, to_shift_id: int) -> ShiftSignup:
    """Move a person from one shift to a place on another (by its rules, with a free place); tell them."""
    signup = _active_signup(signup_id)
    if to_shift_id == signup.shift_id:
        raise Refusal("Choose a different shift", "to_shift_id")
    lock_volunteers(db.session.connection(), [signup.volunteer_id])
    first, second = sorted((signup.shift_id, to_shift_id))  # shifts lock in ascending id order
    lock_shift(first), lock_shift(second)
    source, target = _open_shift(signup.shift_id), db.session.get(Shift, to_shift_id)
    if target is None or target.cancelled:
        raise Refusal("Choose a shift that is not cancelled", "to_shift_id")
    if target.starts_at <= now_utc():
        raise Refusal("Choose a shift that has not started", "to_shift_id")
    volunteer = signup.volunteer
    problem = eligibility_problem(target, volunteer)
    if problem:
        raise Refusal(f"{volunteer.full_name} cannot take that shift: {problem}", "to_shift_id")
    signup.status = SignupStatus.WITHDRAWN
    db.session.flush()
    clash = clash_for(target, volunteer.id)
    if clash is not None:
        raise Refusal(f"That shift clashes with {volunteer.full_name}'s place on {clash.title}", "to_shift_id")
    fill_from_waiting_list(target)
    if confirmed_count(target.id) >= target.places:
        raise Refusal("That shift is full: choose another, or give it more places first", "to_shift_id")
    moved = db.session.scalars(
        sa.select(ShiftSignup).where(ShiftSignup.shift_id == target.id, ShiftSignup.volunteer_id == volunteer.id)
    ).first()
    if moved is None:
        moved = ShiftSignup(shift_id=target.id, volunteer_id=volunteer.id)
        db.session.add(moved)
    moved.status, moved.signed_up_at, moved.attendance = SignupStatus.CONFIRMED, now_utc(), None
    db.session.flush()
    record("shift_person_moved", "shift", source.id, detail={"volunteer_id": volunteer.id, "to_shift_id": target.id})
    notices.send(
        f"A coordinator moved you from {source.title} to {target.title} ({when(target)}).",
        shift_link(target),
        volunteer_ids=[volunteer.id],
        kind="shift_booking",
    )
    fill_from_waiting_list(source)
    return moved
