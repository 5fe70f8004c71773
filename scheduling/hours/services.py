"""Hours: per volunteer against commitment, welfare lists, and totals aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from core.models import Command, District, Parish
from scheduling.hours import ledger as ledger_mod
from scheduling.models import Duty, DutyStatus
from schemes.models import CscAgreement, CscPost, EspBusiness, PostState
from volunteers.models import (
    Programme,
    ProgrammeSetting,
    SpecialConstable,
    Volunteer,
    VolunteerStatus,
)

DEFAULT_COMMITMENT = 16 * 60
WELFARE_FACTOR = 3  # more than three times the commitment in a month is a welfare flag


month_start = ledger_mod.month_start


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


_ANY_APPROVED = (
    sa.select(Duty.id)
    .where(
        Duty.duty_date >= sa.bindparam("first"),
        Duty.duty_date <= sa.bindparam("last"),
        Duty.status == DutyStatus.APPROVED,
    )
    .limit(1)
)


def _any_approved(first: date, last: date) -> bool:
    """Whether any approved duty lies in [first, last] (one probe of the date index)."""
    return db.session.execute(_ANY_APPROVED, {"first": first, "last": last}).first() is not None


def period_rows(start: date, end: date, keys: tuple[str, ...] = ("district_id",), volunteers=None):
    """Approved duties and minutes in [start, end] summed per ``keys`` (ledger column names), as a subquery.

    Whole months come from the hours ledger; a part-month at either end is summed from the duties
    themselves (the covering index), so any period, not only whole months, is exact. Each part is
    summed on its own, so a key may appear twice: sum again over the subquery. ``volunteers`` (a
    select of volunteer ids) narrows both to those people.
    """
    ledger = ledger_mod.LEDGER
    # A part-month whose left-out days hold no approved duty reads the same from the ledger: a period
    # ending today (duties never lie in the future) or starting after a quiet first week.
    first_full = month_start(start)
    if start.day != 1 and _any_approved(first_full, start - timedelta(days=1)):
        first_full = ledger_mod.next_month(start)
    after_full = ledger_mod.next_month(end)
    if (end + timedelta(days=1)).day != 1 and _any_approved(end + timedelta(days=1), after_full - timedelta(days=1)):
        after_full = month_start(end)
    parts = []
    raw_ranges = []
    if first_full < after_full:
        if volunteers is None and set(keys) <= set(ledger_mod.PLACE_KEYS):
            # By place only: the ledger summed over volunteers, a tenth of its rows.
            places = ledger_mod.PLACES
            columns = [
                places.c[k] if k == "month" else sa.func.nullif(places.c[k], ledger_mod.PLACE_NONE[k]).label(k)
                for k in keys
            ]
            table = places
        else:
            columns = [ledger.c[k] for k in keys]
            table = ledger
        whole = (
            sa.select(
                *columns, sa.func.sum(table.c.duties).label("duties"), sa.func.sum(table.c.minutes).label("minutes")
            )
            .where(table.c.month >= first_full, table.c.month < after_full)
            .group_by(*columns)
        )
        if volunteers is not None:
            whole = whole.where(ledger.c.volunteer_id.in_(volunteers))
        parts.append(whole)
        if start < first_full:
            raw_ranges.append((start, first_full - timedelta(days=1)))
        if after_full <= end:
            raw_ranges.append((after_full, end))
    else:
        raw_ranges.append((start, end))
    duties = ledger_mod.DUTIES
    for first, last in raw_ranges:
        in_range = sa.and_(duties.c.duty_date >= first, duties.c.duty_date <= last)
        if volunteers is not None:
            in_range = sa.and_(in_range, duties.c.volunteer_id.in_(volunteers))
        parts.append(ledger_mod.grouped_duties(in_range, keys))
    return (sa.union_all(*parts) if len(parts) > 1 else parts[0]).subquery()


def _sums(key, sub):
    return sa.select(key.label("key"), sa.func.sum(sub.c.duties).label("n"), sa.func.sum(sub.c.minutes).label("m"))


def _labelled(label_model, column: str, start: date, end: date, extra=None) -> list[Total]:
    sub = period_rows(start, end, (column,))
    grouped = _sums(sub.c[column], sub).group_by(sub.c[column])
    if extra is not None:
        grouped = grouped.where(extra(sub))
    grouped = grouped.subquery()
    rows = db.session.execute(
        sa.select(label_model.id, label_model.name, grouped.c.n, grouped.c.m)
        .join(grouped, grouped.c.key == label_model.id)
        .order_by(label_model.name)
    ).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_district(start: date, end: date) -> list[Total]:
    """Approved hours per district (where the duty was done)."""
    return _labelled(District, "district_id", start, end)


def totals_by_lpa(start: date, end: date) -> list[Total]:
    """Approved hours per Local Policing Area (through the duty's district)."""
    sub = period_rows(start, end, ("district_id",))
    rows = db.session.execute(
        sa.select(Command.id, Command.name, sa.func.sum(sub.c.duties), sa.func.sum(sub.c.minutes))
        .join(District, District.command_id == Command.id)
        .join(sub, sub.c.district_id == District.id)
        .group_by(Command.id, Command.name)
        .order_by(Command.name)
    ).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_parish(start: date, end: date) -> list[Total]:
    """Approved hours per parish."""
    return _labelled(Parish, "parish_id", start, end)


NO_PROGRAMME_LABEL = "No programme on the day"


def totals_by_programme(start: date, end: date) -> list[Total]:
    """Approved hours per programme: each duty counts once, under the first programme (ledger order) held that day."""
    sub = period_rows(start, end, ("programme", "volunteer_id"))
    rows = db.session.execute(
        sa.select(
            sub.c.programme,
            sa.func.sum(sub.c.duties),
            sa.func.sum(sub.c.minutes),
            sa.func.count(sa.distinct(sub.c.volunteer_id)),
        ).group_by(sub.c.programme)
    ).all()
    order = {p.value: i for i, p in enumerate(ledger_mod.DUTY_PROGRAMME_ORDER)}
    rows = sorted(rows, key=lambda r: order.get(r[0], len(order)))
    return [
        Total(
            Programme(p) if p else None,
            Programme(p).label if p else NO_PROGRAMME_LABEL,
            int(n),
            int(m or 0),
            int(people),
        )
        for p, n, m, people in rows
    ]


def totals_by_month(start: date, end: date) -> list[Total]:
    """Approved hours per calendar month."""
    sub = period_rows(start, end, ("month",))
    rows = db.session.execute(_sums(sub.c.month, sub).group_by(sub.c.month).order_by(sub.c.month)).all()
    return [Total(key, f"{key:%B %Y}", int(n), int(m or 0)) for key, n, m in rows]


def esp_hours_by_employer(start: date, end: date, business_id: int | None = None) -> list[Total]:
    """Approved ESP hours per employer (optionally one employer)."""

    def esp(sub):
        if business_id is not None:
            return sub.c.esp_business_id == business_id
        return sub.c.esp_business_id.is_not(None)

    return _labelled(EspBusiness, "esp_business_id", start, end, extra=esp)


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
    cscs = sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.csc_post_id.is_not(None))
    sub = period_rows(start, end, ("volunteer_id", "parish_id"), volunteers=cscs)
    own = (
        sa.select(sub.c.volunteer_id, sub.c.duties, sub.c.minutes)
        .join(SpecialConstable, SpecialConstable.volunteer_id == sub.c.volunteer_id)
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(sub.c.parish_id == CscAgreement.parish_id)
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
    mine = own.subquery()
    duties, minutes, people, officers = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(mine.c.duties), 0),
            sa.func.coalesce(sa.func.sum(mine.c.minutes), 0),
            sa.func.count(sa.distinct(mine.c.volunteer_id)),
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
    ledger = ledger_mod.LEDGER
    minutes = (
        sa.select(ledger.c.volunteer_id, sa.func.sum(ledger.c.minutes).label("minutes"))
        .where(ledger.c.month >= first, ledger.c.month < last)
        .group_by(ledger.c.volunteer_id)
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
