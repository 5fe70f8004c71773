"""Hours: per volunteer against commitment, welfare lists, and totals aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import Command, District, Parish
from scheduling.models import Duty, DutyStatus
from schemes.models import CscAgreement, CscPost, EspBusiness, PostState
from volunteers.models import (
    Programme,
    ProgrammeMembership,
    ProgrammeSetting,
    SpecialConstable,
    Volunteer,
    VolunteerStatus,
)

DEFAULT_COMMITMENT = 16 * 60
WELFARE_FACTOR = 3  # more than three times the commitment in a month is a welfare flag


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) the day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _approved(start: date, end: date):
    """Approved duties whose local date lies in [start, end] (inclusive)."""
    return sa.and_(Duty.status == DutyStatus.APPROVED, Duty.duty_date >= start, Duty.duty_date <= end)


@dataclass
class Total:
    key: object
    label: str
    duties: int
    minutes: int
    people: int = 0


def _grouped(key_col, start: date, end: date, extra=None):
    """Approved duties summed per key on the duties table alone (the covering index), as a subquery."""
    stmt = (
        sa.select(key_col.label("key"), sa.func.count().label("n"), sa.func.sum(Duty.minutes).label("m"))
        .where(_approved(start, end))
        .group_by(key_col)
    )
    if extra is not None:
        stmt = stmt.where(extra)
    return stmt.subquery()


def _labelled(label_model, sub, start: date, end: date) -> list[Total]:
    rows = db.session.execute(
        sa.select(label_model.id, label_model.name, sub.c.n, sub.c.m)
        .join(sub, sub.c.key == label_model.id)
        .order_by(label_model.name)
    ).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_district(start: date, end: date) -> list[Total]:
    """Approved hours per district (where the duty was done)."""
    return _labelled(District, _grouped(Duty.district_id, start, end), start, end)


def totals_by_lpa(start: date, end: date) -> list[Total]:
    """Approved hours per Local Policing Area (through the duty's district)."""
    sub = _grouped(Duty.district_id, start, end)
    rows = db.session.execute(
        sa.select(Command.id, Command.name, sa.func.sum(sub.c.n), sa.func.sum(sub.c.m))
        .join(District, District.command_id == Command.id)
        .join(sub, sub.c.key == District.id)
        .group_by(Command.id, Command.name)
        .order_by(Command.name)
    ).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_parish(start: date, end: date) -> list[Total]:
    """Approved hours per parish."""
    return _labelled(Parish, _grouped(Duty.parish_id, start, end), start, end)


def totals_by_programme(start: date, end: date) -> list[Total]:
    """Approved hours per programme the volunteer belonged to on the duty's date (a person in two counts in both)."""
    on = sa.and_(
        ProgrammeMembership.volunteer_id == Duty.volunteer_id,
        ProgrammeMembership.started_on <= Duty.duty_date,
        sa.or_(ProgrammeMembership.ended_on.is_(None), ProgrammeMembership.ended_on >= Duty.duty_date),
    )
    rows = db.session.execute(
        sa.select(
            ProgrammeMembership.programme,
            sa.func.count(Duty.id),
            sa.func.sum(Duty.minutes),
            sa.func.count(sa.distinct(Duty.volunteer_id)),
        )
        .select_from(Duty)
        .join(ProgrammeMembership, on)
        .where(_approved(start, end))
        .group_by(ProgrammeMembership.programme)
    ).all()
    out = [Total(Programme(p), Programme(p).label, int(n), int(m or 0), int(people)) for p, n, m, people in rows]
    return sorted(out, key=lambda r: r.label)


def totals_by_month(start: date, end: date) -> list[Total]:
    """Approved hours per calendar month: summed per day in SQL (index order), folded into months here."""
    rows = db.session.execute(
        sa.select(Duty.duty_date, sa.func.count(Duty.id), sa.func.sum(Duty.minutes))
        .where(_approved(start, end))
        .group_by(Duty.duty_date)
        .order_by(Duty.duty_date)
    ).all()
    months: dict[date, list[int]] = {}
    for day, n, m in rows:
        key = day.replace(day=1)
        got = months.setdefault(key, [0, 0])
        got[0] += int(n)
        got[1] += int(m or 0)
    return [Total(key, f"{key:%B %Y}", n, m) for key, (n, m) in months.items()]


def esp_hours_by_employer(start: date, end: date, business_id: int | None = None) -> list[Total]:
    """Approved ESP hours per employer (optionally one employer)."""
    extra = Duty.is_esp.is_(True)
    if business_id is not None:
        extra = sa.and_(extra, Duty.esp_business_id == business_id)
    return _labelled(EspBusiness, _grouped(Duty.esp_business_id, start, end, extra), start, end)


@dataclass
class CscHours:
    start: date
    end: date
    officers_in_post: int
    officers_with_duties: int
    duties: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def sentence(self) -> str:
        """The figure as the Commissioner's report words it."""
        return (
            f"The {self.officers_in_post} CSCs did {self.duties} duties and {self.hours:g} hours "
            f"in their own parishes between {self.start:%-d %B %Y} and {self.end:%-d %B %Y}"
        )


def csc_hours_in_own_parish(start: date, end: date, parish_id: int | None = None) -> CscHours:
    """Community Special Constables' approved duties inside the parish funding their post, in one query."""
    own = (
        sa.select(Duty.id, Duty.minutes, Duty.volunteer_id)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(_approved(start, end), Duty.parish_id == CscAgreement.parish_id)
        # Drives the plan from the few CSCs through the (volunteer_id, duty_date) index.
        .where(
            Duty.volunteer_id.in_(
                sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.csc_post_id.is_not(None))
            )
        )
    )
    in_post = (
        sa.select(sa.func.count(SpecialConstable.volunteer_id))
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .where(CscPost.state == PostState.IN_POST)
    )
    if parish_id is not None:
        own = own.where(CscAgreement.parish_id == parish_id)
        in_post = in_post.join(CscAgreement, CscAgreement.id == CscPost.agreement_id).where(
            CscAgreement.parish_id == parish_id
        )
    sub = own.subquery()
    duties, minutes, people, officers = db.session.execute(
        sa.select(
            sa.func.count(sub.c.id),
            sa.func.coalesce(sa.func.sum(sub.c.minutes), 0),
            sa.func.count(sa.distinct(sub.c.volunteer_id)),
            in_post.scalar_subquery(),
        )
    ).one()
    return CscHours(start, end, int(officers or 0), int(people), int(duties), int(minutes))


@dataclass
class VolunteerHours:
    volunteer_id: int
    name: str
    commitment: int
    minutes: int

    @property
    def shortfall(self) -> int:
        return max(self.commitment - self.minutes, 0)


def _commitment_expr():
    setting = (
        sa.select(ProgrammeSetting.monthly_commitment_minutes)
        .where(ProgrammeSetting.programme == Programme.SPECIAL)
        .scalar_subquery()
    )
    return sa.func.coalesce(SpecialConstable.monthly_commitment_minutes, setting, DEFAULT_COMMITMENT)


def hours_against_commitment(start: date, months: int = 1, district_id: int | None = None) -> list[VolunteerHours]:
    """Active Specials' approved minutes over ``months`` months from ``start`` against their commitment."""
    first = month_start(start)
    last = add_months(first, months)
    minutes = (
        sa.select(Duty.volunteer_id, sa.func.sum(Duty.minutes).label("minutes"))
        .where(Duty.status == DutyStatus.APPROVED, Duty.duty_date >= first, Duty.duty_date < last)
        .group_by(Duty.volunteer_id)
        .subquery()
    )
    stmt = (
        sa.select(
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            _commitment_expr() * months,
            sa.func.coalesce(minutes.c.minutes, 0),
        )
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(minutes, minutes.c.volunteer_id == Volunteer.id)
        .where(Volunteer.status == VolunteerStatus.ACTIVE, Volunteer.joined_on < last)
        .order_by(Volunteer.last_name, Volunteer.first_name)
    )
    if district_id is not None:
        stmt = stmt.where(Volunteer.district_id == district_id)
    return [VolunteerHours(i, f"{fn} {ln}", int(c), int(m)) for i, fn, ln, c, m in db.session.execute(stmt).all()]


def shortfall_list(month: date, months: int = 1) -> list[VolunteerHours]:
    """Specials below their commitment for the month (or the rolling ``months`` ending with it)."""
    start = add_months(month_start(month), -(months - 1))
    return [row for row in hours_against_commitment(start, months) if row.minutes < row.commitment]


def welfare_list(month: date, months: int = 1, factor: float = WELFARE_FACTOR) -> list[VolunteerHours]:
    """Specials doing far more than their commitment: a welfare conversation, not a medal."""
    start = add_months(month_start(month), -(months - 1))
    return [row for row in hours_against_commitment(start, months) if row.minutes > row.commitment * factor]


@dataclass
class MonthHours:
    month: date
    minutes: int
    pending: int


def volunteer_months(volunteer_id: int, last_month: date, months: int = 12) -> list[MonthHours]:
    """One volunteer's approved and pending minutes per month, oldest first."""
    first = add_months(month_start(last_month), -(months - 1))
    end = add_months(month_start(last_month), 1)
    year = sa.extract("year", Duty.duty_date)
    month = sa.extract("month", Duty.duty_date)
    rows = db.session.execute(
        sa.select(year, month, Duty.status, sa.func.sum(Duty.minutes))
        .where(Duty.volunteer_id == volunteer_id, Duty.duty_date >= first, Duty.duty_date < end)
        .group_by(year, month, Duty.status)
    ).all()
    found: dict[date, dict] = {}
    for y, m, status, mins in rows:
        found.setdefault(date(int(y), int(m), 1), {})[status] = int(mins or 0)
    out = []
    for i in range(months):
        key = add_months(first, i)
        got = found.get(key, {})
        out.append(MonthHours(key, got.get(DutyStatus.APPROVED, 0), got.get(DutyStatus.PENDING, 0)))
    return out


def volunteer_commitment(volunteer_id: int) -> int | None:
    """A Special's monthly commitment (own figure, else the programme's, else 16 hours)."""
    return db.session.scalar(
        sa.select(_commitment_expr()).select_from(SpecialConstable).where(SpecialConstable.volunteer_id == volunteer_id)
    )
