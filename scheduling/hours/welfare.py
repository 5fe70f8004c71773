"""Hours against the commitment: who is below it and who does far more (welfare), for any window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.dates import add_months, month_start
from core.extensions import db
from scheduling.hours.commitment import commitment_sql
from scheduling.hours.services import period_rows
from volunteers.memberships import held_on
from volunteers.models import Programme, ProgrammeMembership, SpecialConstable, Volunteer

WELFARE_FACTOR = 3  # more than three times the commitment in a month is a welfare flag


@dataclass
class VolunteerHours:
    volunteer_id: int
    name: str
    commitment: int
    minutes: int

    @property
    def shortfall(self) -> int:
        return max(self.commitment - self.minutes, 0)


def held_to_commitment(first: date, last: date, months: int, people: sa.Select | None = None) -> sa.Select:
    """(volunteer id, first name, last name, commitment, minutes) of the Specials held to their commitment over the
    days [first, last]: the one rule behind the welfare lists, the shortfall reminders and the dashboard's alert.

    A Special is held to their commitment over a window when they served in the Special Constabulary throughout it
    (a Special membership held from its first day to its last, from the dated memberships); the commitment over
    the window is ``months`` times their monthly commitment (scheduling.hours.commitment); the minutes are their
    approved duties in the window (the hours ledger for whole months, the duties for part-months). ``people``
    (a select of volunteer ids: the viewer's scope) narrows it.
    """
    done = period_rows(first, last, ("volunteer_id",))
    worked = (
        sa.select(done.c.volunteer_id, sa.func.sum(done.c.minutes).label("minutes"))
        .group_by(done.c.volunteer_id)
        .subquery()
    )
    throughout = (
        sa.select(ProgrammeMembership.id)
        .where(
            ProgrammeMembership.volunteer_id == Volunteer.id,
            ProgrammeMembership.programme == Programme.SPECIAL,
            held_on(first, ProgrammeMembership),
            held_on(last, ProgrammeMembership),
        )
        .exists()
    )
    stmt = (
        sa.select(
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            (commitment_sql() * months).label("commitment"),
            sa.func.coalesce(worked.c.minutes, 0).label("minutes"),
        )
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(worked, worked.c.volunteer_id == Volunteer.id)
        .where(throughout)
    )
    if people is not None:
        stmt = stmt.where(Volunteer.id.in_(people))
    return stmt


def hours_against_commitment(
    start: date, months: int = 1, district_id: int | None = None, people: sa.Select | None = None
) -> list[VolunteerHours]:
    """The Specials held to their commitment over ``months`` whole months from ``start`` (``held_to_commitment``),
    with their approved minutes, by name."""
    first = month_start(start)
    last = add_months(first, months) - timedelta(days=1)
    stmt = held_to_commitment(first, last, months, people).order_by(Volunteer.last_name, Volunteer.first_name)
    if district_id is not None:
        stmt = stmt.where(Volunteer.district_id == district_id)
    return [VolunteerHours(i, f"{fn} {ln}", int(c), int(m)) for i, fn, ln, c, m in db.session.execute(stmt).all()]


def shortfall_list(month: date, months: int = 1, people: sa.Select | None = None) -> list[VolunteerHours]:
    """Specials below their commitment for the month (or the rolling ``months`` ending with it), of ``people``."""
    start = add_months(month_start(month), -(months - 1))
    return [row for row in hours_against_commitment(start, months, people=people) if row.minutes < row.commitment]


def welfare_list(
    month: date, months: int = 1, factor: float = WELFARE_FACTOR, people: sa.Select | None = None
) -> list[VolunteerHours]:
    """Specials doing far more than their commitment, of ``people``: a welfare conversation, not a medal."""
    start = add_months(month_start(month), -(months - 1))
    return [
        row for row in hours_against_commitment(start, months, people=people) if row.minutes > row.commitment * factor
    ]
