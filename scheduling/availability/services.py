"""Setting availability and recording absences: a volunteer's own, or staff for a volunteer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

import notices
from core.audit import record
from core.dates import today
from core.extensions import db
from core.models import User
from core.refusals import Refusal
from scheduling.availability.models import (
    Absence,
    AbsenceKind,
    AvailabilityDate,
    AvailabilityNotice,
    PartOfDay,
    WeeklySlot,
)

NOTICE_CHOICES = (0, 60, 120, 240, 720, 1440, 2880)  # minutes
LONGEST_ABSENCE_DAYS = 366


def slot_key(weekday: int, part: PartOfDay) -> str:
    """A weekly slot as a form value ("1-evening" for Tuesday evening)."""
    return f"{weekday}-{part.value}"


def parse_slot(value: str) -> tuple[int, PartOfDay]:
    """A weekly slot from its form value; a Refusal when it is not one."""
    weekday, _, part = value.partition("-")
    if not weekday.isdigit() or int(weekday) > 6 or part not in {p.value for p in PartOfDay}:
        raise Refusal("Choose days and parts of the day from the list", "slots")
    return int(weekday), PartOfDay(part)


def weekly_pattern(volunteer_id: int) -> set[tuple[int, PartOfDay]]:
    """The parts of the week the volunteer is usually available."""
    rows = db.session.execute(
        sa.select(WeeklySlot.weekday, WeeklySlot.part).where(WeeklySlot.volunteer_id == volunteer_id)
    )
    return {(weekday, PartOfDay(part)) for weekday, part in rows}


def notice_minutes(volunteer_id: int) -> int:
    """How long the volunteer needs to be ready (0 when they have not said)."""
    return int(
        db.session.scalar(sa.select(AvailabilityNotice.minutes).where(AvailabilityNotice.volunteer_id == volunteer_id))
        or 0
    )


def set_weekly_pattern(volunteer_id: int, slots: Iterable[str], minutes: int) -> None:
    """Replace the volunteer's weekly pattern and notice with these."""
    wanted = {parse_slot(value) for value in slots}
    if minutes not in NOTICE_CHOICES:
        raise Refusal("Choose how much notice you need from the list", "notice")
    db.session.execute(sa.delete(WeeklySlot).where(WeeklySlot.volunteer_id == volunteer_id))
    db.session.add_all(WeeklySlot(volunteer_id=volunteer_id, weekday=w, part=p) for w, p in sorted(wanted))
    notice = db.session.get(AvailabilityNotice, volunteer_id)
    if notice is None:
        db.session.add(AvailabilityNotice(volunteer_id=volunteer_id, minutes=minutes))
    else:
        notice.minutes = minutes
    db.session.flush()
    record("availability_set", "volunteer", volunteer_id, detail={"slots": len(wanted), "notice": minutes})


def one_off_dates(volunteer_id: int) -> list[AvailabilityDate]:
    """The volunteer's one-off days from today on, soonest first."""
    return list(
        db.session.scalars(
            sa.select(AvailabilityDate)
            .where(AvailabilityDate.volunteer_id == volunteer_id, AvailabilityDate.day >= today())
            .order_by(AvailabilityDate.day)
        )
    )


def set_one_off_date(volunteer_id: int, day: date | None, available: bool | None) -> AvailabilityDate:
    """Mark one day available or unavailable, whatever the weekly pattern says (replacing an earlier mark)."""
    if day is None:
        raise Refusal("Enter the date", "day")
    if day < today():
        raise Refusal("The date must be today or in the future", "day")
    if available is None:
        raise Refusal("Choose whether you are available on that day", "available")
    row = db.session.scalars(
        sa.select(AvailabilityDate).where(AvailabilityDate.volunteer_id == volunteer_id, AvailabilityDate.day == day)
    ).first()
    if row is None:
        row = AvailabilityDate(volunteer_id=volunteer_id, day=day, available=available)
        db.session.add(row)
    row.available = available
    db.session.flush()
    return row


def remove_one_off_date(volunteer_id: int, date_id: int) -> None:
    """Forget one of the volunteer's own one-off days."""
    row = db.session.get(AvailabilityDate, date_id)
    if row is None or row.volunteer_id != volunteer_id:
        raise Refusal("No such date", "date_id")
    db.session.delete(row)
    db.session.flush()


def absences_of(volunteer_id: int, include_past: bool = False) -> list[Absence]:
    """The volunteer's absences (current and future unless ``include_past``), soonest first."""
    stmt = sa.select(Absence).where(Absence.volunteer_id == volunteer_id)
    if not include_past:
        stmt = stmt.where(Absence.ends_on >= today())
    return list(db.session.scalars(stmt.order_by(Absence.starts_on, Absence.id)))


def record_absence(
    volunteer_id: int,
    kind: str | None,
    starts_on: date | None,
    ends_on: date | None,
    reason: str | None,
    by_user_id: int | None,
) -> Absence:
    """Record leave, sickness or another absence: the person is not called on for those days."""
    if kind not in {k.value for k in AbsenceKind}:
        raise Refusal("Choose the kind of absence", "kind")
    if starts_on is None:
        raise Refusal("Enter the first day of the absence", "starts_on")
    if ends_on is None:
        raise Refusal("Enter the last day of the absence", "ends_on")
    if ends_on < starts_on:
        raise Refusal("The last day must be the same as or after the first day", "ends_on")
    if (ends_on - starts_on).days >= LONGEST_ABSENCE_DAYS:
        raise Refusal("An absence can be at most a year long: record a longer one as leaving", "ends_on")
    absence = Absence(
        volunteer_id=volunteer_id,
        kind=AbsenceKind(kind),
        starts_on=starts_on,
        ends_on=ends_on,
        reason=(reason or "").strip()[:500] or None,
        created_by_id=by_user_id,
    )
    db.session.add(absence)
    db.session.flush()
    # The reason is private: the audit trail keeps the dates and kind only.
    record("absence_recorded", "volunteer", volunteer_id, detail={"kind": kind, "from": str(starts_on)})
    if _someone_else(by_user_id, volunteer_id):
        _tell_absence(
            volunteer_id,
            "The Citizens in Policing team recorded you as away on {days}: you will not be sent call-outs for "
            "those days. If this is wrong, tell your coordinator.",
            starts_on,
            ends_on,
        )
    return absence


def _someone_else(by_user_id: int | None, volunteer_id: int) -> bool:
    """Whether the change was made by the team rather than by the volunteer themself."""
    own = db.session.scalar(sa.select(User.volunteer_id).where(User.id == by_user_id)) if by_user_id else None
    return own != volunteer_id


def _tell_absence(volunteer_id: int, text: str, starts_on: date, ends_on: date) -> None:
    """Tell a volunteer the team changed their absences (the kind and reason stay out of the message: a
    sickness is health data, and the message may go by email)."""
    days = _day(starts_on) if starts_on == ends_on else f"{_day(starts_on)} to {_day(ends_on)}"
    notices.send(
        text.format(days=days),
        "/scheduling/availability",
        volunteer_ids=[volunteer_id],
        kind="general",
    )


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def remove_absence(volunteer_id: int, absence_id: int, by_user_id: int | None = None) -> None:
    """Delete one of the volunteer's absences (entered by mistake, or leave cancelled)."""
    absence = db.session.get(Absence, absence_id)
    if absence is None or absence.volunteer_id != volunteer_id:
        raise Refusal("No such absence", "absence_id")
    db.session.delete(absence)
    db.session.flush()
    record("absence_removed", "volunteer", volunteer_id, detail={"absence_id": absence_id})
    if _someone_else(by_user_id, volunteer_id):
        _tell_absence(
            volunteer_id,
            "The Citizens in Policing team removed your absence on {days}: you may be sent call-outs for those "
            "days again.",
            absence.starts_on,
            absence.ends_on,
        )
