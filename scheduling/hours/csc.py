"""CSC hours in their own parish: the one owner of the Commissioner's "N CSCs did D duties and H hours in
their own parishes", read by the hours page, the hours PDF, the dashboard, the parish portal and its PDF.

The rule: an approved duty counts when, on the day of the duty, its volunteer was a Community Special
Constable (a CSC programme membership held that day) and held a CSC post (history: the post on their
SpecialAssignment row valid on the duty's date; the current post where their history has no row that day),
and the duty was done in the parish whose council funds that post. The post held on the day, never the
current one: a CSC who has since left or moved still counts for the council's past months, and a new CSC's
earlier duties do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from scheduling.models import Duty, DutyStatus
from schemes.models import CscAgreement, CscPost
from schemes.parishes.in_post import AS_CSC, count_cscs_in_post, held_post_on, history_tables
from volunteers.memberships import member_on
from volunteers.models import SpecialConstable


def _ever_held(assignment) -> sa.CompoundSelect:
    """Everyone who has held a CSC post at some time: the duties read are only theirs (the volunteer/date index)."""
    return sa.union(
        sa.select(assignment.volunteer_id).where(assignment.csc_post_id.is_not(None)),
        sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.csc_post_id.is_not(None)),
    )


def own_parish_duties(start: date, end: date, parish_id: int | None = None) -> sa.Select:
    """(duty id, volunteer id, parish id, duty date, minutes) of the duties in [start, end] that count as CSC
    hours in their own parish (the rule above); narrowed to one council's parish with ``parish_id``."""
    _, SpecialAssignment = history_tables()
    join, post_id = held_post_on(Duty.duty_date, Duty.volunteer_id)
    stmt = (
        sa.select(Duty.id, Duty.volunteer_id, Duty.parish_id, Duty.duty_date, Duty.minutes)
        .select_from(Duty)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .outerjoin(SpecialAssignment, join)
        .join(CscPost, CscPost.id == post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(
            Duty.volunteer_id.in_(_ever_held(SpecialAssignment)),
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date >= start,
            Duty.duty_date <= end,
            Duty.parish_id == CscAgreement.parish_id,
            member_on(Duty.volunteer_id, AS_CSC, Duty.duty_date),
        )
    )
    if parish_id is not None:
        stmt = stmt.where(Duty.parish_id == parish_id)
    return stmt


@dataclass
class CscHours:
    start: date
    end: date
    officers_in_post: int  # CSCs in post on the last day (schemes.parishes.in_post)
    officers_with_duties: int
    parishes: int
    duties: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def sentence(self) -> str:
        """The figure as the Commissioner's report words it."""
        return (
            f"{self.officers_with_duties} CSCs did {self.duties} duties and {self.hours:g} hours "
            f"in their own parishes between {self.start:%-d %B %Y} and {self.end:%-d %B %Y}"
        )


def csc_hours_in_own_parish(start: date, end: date, parish_id: int | None = None) -> CscHours:
    """The CSCs who did duties in their own parish in [start, end], their duties and minutes (``own_parish_duties``),
    the parishes served, and the CSCs in post on the last day."""
    sub = own_parish_duties(start, end, parish_id).subquery()
    people, parishes, duties, minutes = db.session.execute(
        sa.select(
            sa.func.count(sa.distinct(sub.c.volunteer_id)),
            sa.func.count(sa.distinct(sub.c.parish_id)),
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sub.c.minutes), 0),
        ).select_from(sub)
    ).one()
    return CscHours(
        start, end, count_cscs_in_post(end, parish_id), int(people), int(parishes), int(duties), int(minutes)
    )


def own_parish_minutes_by_officer_and_month(parish_id: int, start: date, end: date) -> dict[tuple[int, date], tuple]:
    """{(volunteer id, first of month): (duties, minutes)} of one parish's CSC hours in [start, end]."""
    totals: dict[tuple[int, date], tuple[int, int]] = {}
    for _id, volunteer_id, _parish, day, minutes in db.session.execute(own_parish_duties(start, end, parish_id)):
        day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        key = (volunteer_id, day.replace(day=1))
        done, spent = totals.get(key, (0, 0))
        totals[key] = (done + 1, spent + int(minutes))
    return totals


def own_parish_on(volunteer_id: int, day: date) -> int | None:
    """The parish whose council funds the CSC post the volunteer held on ``day`` (the rule above: a CSC membership
    that day and the post held that day), or None for anyone not a CSC in a post then: a CSC's duty form
    starts with this parish."""
    _, SpecialAssignment = history_tables()
    join, post_id = held_post_on(day)
    return db.session.scalar(
        sa.select(CscAgreement.parish_id)
        .select_from(SpecialConstable)
        .outerjoin(SpecialAssignment, join)
        .join(CscPost, CscPost.id == post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(SpecialConstable.volunteer_id == volunteer_id, member_on(SpecialConstable.volunteer_id, AS_CSC, day))
        .limit(1)
    )
