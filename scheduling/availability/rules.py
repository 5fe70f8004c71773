"""Whether someone is available for a shift: the one rule (``unavailable_reason``), and its facts read in bulk.

A person is available for a shift when, on every London day it covers, they are not absent, have not
marked the day unavailable, and either marked the day available or have every part of the day the shift
covers in their weekly pattern; and the shift starts at least their notice after now. Someone who has
given no availability at all is not offered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from core.dates import LONDON, local_date
from core.extensions import db
from scheduling.availability.models import (
    Absence,
    AbsenceKind,
    AvailabilityDate,
    AvailabilityNotice,
    PartOfDay,
    WeeklySlot,
)
from scheduling.models import Shift

PART_START_HOUR = {PartOfDay.NIGHT: 0, PartOfDay.MORNING: 6, PartOfDay.AFTERNOON: 12, PartOfDay.EVENING: 18}
PARTS_IN_ORDER = (PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.EVENING, PartOfDay.NIGHT)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Facts:
    """What a person said about when they can come: weekly slots, one-off days, notice and absences."""

    slots: set[tuple[int, PartOfDay]] = field(default_factory=set)
    dates: dict[date, bool] = field(default_factory=dict)
    notice_minutes: int = 0
    absences: list[tuple[date, date, AbsenceKind]] = field(default_factory=list)
    gave_pattern: bool = False  # any weekly slot at all (``slots`` may hold only the days asked about)


def part_of(hour: int) -> PartOfDay:
    """The part of the day an hour (0-23, London) falls in."""
    if hour < 6:
        return PartOfDay.NIGHT
    if hour < 12:
        return PartOfDay.MORNING
    if hour < 18:
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING


def parts_covered(starts_at: datetime, ends_at: datetime) -> dict[date, set[PartOfDay]]:
    """The London days and parts of each day a shift covers (its end excluded)."""
    cursor, end = starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    out: dict[date, set[PartOfDay]] = defaultdict(set)
    while cursor < end:
        part = part_of(cursor.hour)
        out[cursor.date()].add(part)
        boundary = cursor.replace(hour=PART_START_HOUR[part], minute=0, second=0, microsecond=0) + timedelta(hours=6)
        cursor = boundary.astimezone(LONDON)
    return dict(out)


def absence_on(facts: Facts, day: date) -> AbsenceKind | None:
    """The kind of absence covering the day, if any."""
    return next((kind for first, last, kind in facts.absences if first <= day <= last), None)


def parts_free(facts: Facts, day: date) -> set[PartOfDay]:
    """The parts of a day the person is available: none when absent or the day is marked unavailable."""
    if absence_on(facts, day) is not None or facts.dates.get(day) is False:
        return set()
    if facts.dates.get(day) is True:
        return set(PartOfDay)
    return {part for weekday, part in facts.slots if weekday == day.weekday()}


def unavailable_reason(shift: Shift, facts: Facts, now: datetime) -> str | None:
    """Why the person is not available for the shift, or None when they are (the one availability rule)."""
    covered = parts_covered(shift.starts_at, shift.ends_at)
    for day in covered:
        kind = absence_on(facts, day)
        if kind is not None:
            return f"Absent ({kind.label.lower()})"
        if facts.dates.get(day) is False:
            return f"Not available on {day:%-d %B}"
    if not (facts.slots or facts.gave_pattern) and not any(facts.dates.get(day) for day in covered):
        return "Has not given their availability"
    for day, parts in covered.items():
        missing = parts - parts_free(facts, day)
        if missing:
            names = " or ".join(p.label.lower() for p in PARTS_IN_ORDER if p in missing)
            return f"Not usually available on {WEEKDAYS[day.weekday()]} {names}"
    if shift.starts_at - now < timedelta(minutes=facts.notice_minutes):
        return f"Needs {notice_in_words(facts.notice_minutes)} notice"
    return None


def notice_length(minutes: int) -> str:
    """A notice period in words ("1 hour", "2 days")."""
    if minutes and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return "1 day" if days == 1 else f"{days} days"
    hours = minutes / 60
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def notice_in_words(minutes: int) -> str:
    """A notice period as people say it before "notice" ("1 hour's", "2 days'")."""
    length = notice_length(minutes)
    return length + ("'" if length.endswith("s") else "'s")


def facts_of(volunteer_ids: Iterable[int], first: date | None = None, last: date | None = None) -> dict[int, Facts]:
    """Each person's availability facts (a few queries however many people), days limited to first..last."""
    ids = sorted(set(volunteer_ids))
    out = {vid: Facts() for vid in ids}
    if not ids:
        return out
    slots = sa.select(WeeklySlot.volunteer_id, WeeklySlot.weekday, WeeklySlot.part).where(
        WeeklySlot.volunteer_id.in_(ids)
    )
    if first is not None and last is not None and (last - first).days < 6:
        # Only the weekdays the days fall on (a call-out to 500 people reads a seventh of their patterns), and
        # who gave a pattern at all, for the reason "has not given their availability".
        slots = slots.where(
            WeeklySlot.weekday.in_({(first + timedelta(days=n)).weekday() for n in range((last - first).days + 1)})
        )
        for vid in db.session.scalars(
            sa.select(WeeklySlot.volunteer_id).where(WeeklySlot.volunteer_id.in_(ids)).distinct()
        ):
            out[vid].gave_pattern = True
    parts = {p.value: p for p in PartOfDay}
    for vid, weekday, part in db.session.execute(slots):
        out[vid].slots.add((weekday, parts[part]))
        out[vid].gave_pattern = True
    dates = sa.select(AvailabilityDate.volunteer_id, AvailabilityDate.day, AvailabilityDate.available).where(
        AvailabilityDate.volunteer_id.in_(ids)
    )
    absences = sa.select(Absence.volunteer_id, Absence.starts_on, Absence.ends_on, Absence.kind).where(
        Absence.volunteer_id.in_(ids)
    )
    if first is not None and last is not None:
        dates = dates.where(AvailabilityDate.day >= first, AvailabilityDate.day <= last)
        absences = absences.where(Absence.ends_on >= first, Absence.starts_on <= last)
    for vid, day, available in db.session.execute(dates):
        out[vid].dates[day] = bool(available)
    for vid, starts_on, ends_on, kind in db.session.execute(absences):
        out[vid].absences.append((starts_on, ends_on, AbsenceKind(kind)))
    for vid, minutes in db.session.execute(
        sa.select(AvailabilityNotice.volunteer_id, AvailabilityNotice.minutes).where(
            AvailabilityNotice.volunteer_id.in_(ids)
        )
    ):
        out[vid].notice_minutes = minutes
    return out


def reasons_unavailable(shift: Shift, volunteer_ids: Iterable[int], now: datetime) -> dict[int, str | None]:
    """For each person, why they are not available for the shift (None when they are)."""
    covered = parts_covered(shift.starts_at, shift.ends_at)
    facts = facts_of(volunteer_ids, min(covered), max(covered))
    return {vid: unavailable_reason(shift, fact, now) for vid, fact in facts.items()}


def absences_during(shift: Shift, volunteer_ids: Iterable[int]) -> dict[int, str]:
    """The people absent (leave, sickness, other) on a day the shift covers, each with "Absent (<kind>)".

    Absence takes a person off every list of people who may be asked or put on a shift; a weekly pattern
    or a day marked unavailable does not (a coordinator may still ask), it only keeps them out of call-outs.
    """
    ids = sorted(set(volunteer_ids))
    if not ids:
        return {}
    first, last = local_date(shift.starts_at), local_date(shift.ends_at - timedelta(seconds=1))
    rows = db.session.execute(
        sa.select(Absence.volunteer_id, Absence.kind)
        .where(Absence.volunteer_id.in_(ids), Absence.ends_on >= first, Absence.starts_on <= last)
        .order_by(Absence.volunteer_id, Absence.starts_on)
    )
    out: dict[int, str] = {}
    for vid, kind in rows:
        out.setdefault(vid, f"Absent ({AbsenceKind(kind).label.lower()})")
    return out
