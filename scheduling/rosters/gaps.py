"""Filling a gap: the people who may take a shift, ranked, and why everyone else is left out.

Ranked by the hours they are short of this month's commitment (scheduling.hours.commitment), most first,
then those of the shift's district, then by name. The queries are a fixed few, however many people.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

import notices
from core.dates import local_date, month_bounds
from core.extensions import db
from core.models import District
from scheduling.availability.rules import absences_during
from scheduling.hours.commitment import commitments_of
from scheduling.models import Duty, DutyStatus, Shift, ShiftSignup, SignupStatus
from scheduling.rosters.changes import when
from scheduling.rosters.eligibility import CADET_PROGRAMMES, eligible_programmes, problem_for, standings
from scheduling.rosters.signups import ACTIVE, shift_link, sign_up
from volunteers.memberships import held_on
from volunteers.models import ProgrammeMembership, Volunteer, VolunteerStatus

POOL = 1000  # people read for ranking: the first by district, then fewest hours this month
SHOWN = 50


@dataclass
class Person:
    """Someone considered for a shift, with what ranks them and, when left out, why."""

    volunteer_id: int
    name: str
    district: str | None
    same_district: bool
    minutes_done: int = 0
    commitment: int | None = None
    reason: str | None = None

    @property
    def minutes_short(self) -> int:
        """Minutes short of this month's commitment (0 when met or when none applies)."""
        return max((self.commitment or 0) - self.minutes_done, 0)


def _not_erased():
    # privacy.erasure names an erased person "Erased" / "volunteer #<id>" (privacy.erasure.is_erased).
    return sa.not_(sa.and_(Volunteer.first_name == "Erased", Volunteer.last_name.like("volunteer #%")))


def _busy(shift: Shift):
    """Volunteer ids on this shift, or booked on another (not cancelled) at an overlapping time."""
    return (
        sa.select(ShiftSignup.volunteer_id)
        .join(Shift, Shift.id == ShiftSignup.shift_id)
        .where(
            ShiftSignup.status.in_(ACTIVE),
            sa.or_(
                Shift.id == shift.id,
                sa.and_(Shift.cancelled.is_(False), Shift.starts_at < shift.ends_at, Shift.ends_at > shift.starts_at),
            ),
        )
    )


def _people(shift: Shift, where, limit: int) -> list[Person]:
    first, after = month_bounds(local_date(shift.starts_at))
    done = (
        sa.select(Duty.volunteer_id, sa.func.sum(Duty.minutes).label("minutes"))
        .where(Duty.status == DutyStatus.APPROVED, Duty.duty_date >= first, Duty.duty_date < after)
        .group_by(Duty.volunteer_id)
        .subquery()
    )
    same = Volunteer.district_id == shift.district_id if shift.district_id is not None else sa.false()
    rows = db.session.execute(
        sa.select(
            Volunteer.id,
            Volunteer.first_name + " " + Volunteer.last_name,
            District.name,
            sa.case((same, 1), else_=0),
            sa.func.coalesce(done.c.minutes, 0),
        )
        .select_from(Volunteer)
        .outerjoin(District, District.id == Volunteer.district_id)
        .outerjoin(done, done.c.volunteer_id == Volunteer.id)
        .where(*where)
        .order_by(sa.case((same, 0), else_=1), sa.func.coalesce(done.c.minutes, 0), Volunteer.last_name, Volunteer.id)
        .limit(limit)
    ).all()
    return [Person(vid, name, district, bool(same_), int(minutes)) for vid, name, district, same_, minutes in rows]


def _in_programme(shift: Shift):
    """The programme part of the rule (eligibility.problem_for) in SQL, to read only people it may allow."""
    wanted, PM = eligible_programmes(shift), ProgrammeMembership
    held = held_on(local_date(shift.starts_at))
    if wanted:
        return sa.exists().where(PM.volunteer_id == Volunteer.id, PM.programme.in_(sorted(wanted)), held)
    return ~sa.exists().where(PM.volunteer_id == Volunteer.id, PM.programme.in_(sorted(CADET_PROGRAMMES)), held)


def gap_candidates(shift: Shift, shown: int = SHOWN) -> list[Person]:
    """The people who may take the shift (active, not erased, free at that time, eligible, not absent), ranked."""
    where = (
        Volunteer.status == VolunteerStatus.ACTIVE,
        _not_erased(),
        Volunteer.id.not_in(_busy(shift)),
        _in_programme(shift),
    )
    people = _people(shift, where, POOL)
    standing = standings(shift, [p.volunteer_id for p in people])
    people = [p for p in people if problem_for(shift, standing[p.volunteer_id]) is None]
    absent = absences_during(shift, [p.volunteer_id for p in people])
    people = [p for p in people if p.volunteer_id not in absent]
    commitments = commitments_of([p.volunteer_id for p in people])
    for person in people:
        person.commitment = commitments.get(person.volunteer_id)
    people.sort(key=lambda p: (-p.minutes_short, not p.same_district, p.name))
    return people[:shown]


def left_out(shift: Shift, limit: int = 200) -> list[Person]:
    """Active people of the shift's district (everyone's, without one) who may not take it, each with why."""
    where = [Volunteer.status == VolunteerStatus.ACTIVE, _not_erased()]
    if shift.district_id is not None:
        where.append(Volunteer.district_id == shift.district_id)
    people = _people(shift, where, limit)
    ids = [p.volunteer_id for p in people]
    booked = {
        vid: (shift_id, title)
        for vid, shift_id, title in db.session.execute(
            sa.select(ShiftSignup.volunteer_id, Shift.id, Shift.title)
            .join(Shift, Shift.id == ShiftSignup.shift_id)
            .where(ShiftSignup.volunteer_id.in_(ids), ShiftSignup.status.in_(ACTIVE))
            .where(sa.or_(Shift.id == shift.id, Shift.cancelled.is_(False)))
            .where(Shift.starts_at < shift.ends_at, Shift.ends_at > shift.starts_at)
            .order_by(sa.case((Shift.id == shift.id, 1), else_=0))  # this shift last: it wins
        )
    }
    standing = standings(shift, ids)
    absent = absences_during(shift, ids)
    out = []
    for person in people:
        on = booked.get(person.volunteer_id)
        if on is not None:
            person.reason = "Already on this shift" if on[0] == shift.id else f"Booked at the same time: {on[1]}"
        else:
            person.reason = problem_for(shift, standing[person.volunteer_id]) or absent.get(person.volunteer_id)
        if person.reason:
            out.append(person)
    out.sort(key=lambda p: p.name)
    return out


def add_to_shift(shift_id: int, volunteer: Volunteer):
    """A coordinator puts someone on a shift (its rules, but not its sign-up deadline); they are told."""
    signup = sign_up(shift_id, volunteer, enforce_deadline=False)
    shift = signup.shift
    notices.send(
        f"A coordinator booked you on {shift.title} ({when(shift)})"
        + (": you are on the waiting list." if signup.status == SignupStatus.WAITING else "."),
        shift_link(shift),
        volunteer_ids=[volunteer.id],
        kind="shift_booking",
    )
    return signup
