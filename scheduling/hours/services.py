"""Hours: totals aggregated in SQL for any period, and one volunteer's months (commitment and welfare lists:
scheduling.hours.welfare)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.dates import add_months, month_start, next_month
from core.extensions import db
from core.models import Command, District, Parish
from scheduling.hours import ledger as ledger_mod
from scheduling.models import Duty, DutyStatus
from schemes.models import EspBusiness
from volunteers.models import Programme


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


@dataclass(frozen=True)
class PeriodShape:
    """Which parts a period is read from: whole months from a ledger, part-months from the duties."""

    whole_months: bool
    part_before: bool  # the days before the first whole month (or the whole period, without whole months)
    part_after: bool  # the days after the last whole month


def period_shape(start: date, end: date) -> tuple[PeriodShape, dict]:
    """The shape of [start, end] and the dates that fill its statement's parameters.

    A part-month whose left-out days hold no approved duty reads the same from the ledger: a period
    ending today (duties never lie in the future) or starting after a quiet first week.
    """
    first_full = month_start(start)
    if start.day != 1 and _any_approved(first_full, start - timedelta(days=1)):
        first_full = next_month(start)
    after_full = next_month(end)
    if (end + timedelta(days=1)).day != 1 and _any_approved(end + timedelta(days=1), after_full - timedelta(days=1)):
        after_full = month_start(end)
    if first_full >= after_full:
        return PeriodShape(False, True, False), {"period_before_first": start, "period_before_last": end}
    shape = PeriodShape(True, start < first_full, after_full <= end)
    return shape, {
        "period_first_full": first_full,
        "period_after_full": after_full,
        "period_before_first": start,
        "period_before_last": first_full - timedelta(days=1),
        "period_after_first": after_full,
        "period_after_last": end,
    }


@functools.lru_cache(maxsize=512)
def _period_select(shape: PeriodShape, keys: tuple[str, ...], volunteers=None):
    """The statement for a period of this shape, built once: its dates are the parameters period_shape gives.

    Whole months come from the hours ledger (by place when ``keys`` name no volunteer); a part-month at
    either end is summed from the duties themselves (the covering index), so any period, not only whole
    months, is exact. Each part is summed on its own, so a key may appear twice: sum again over the
    subquery. ``volunteers`` (a select of volunteer ids, built once by the caller) narrows every part.
    """
    ledger = ledger_mod.LEDGER
    parts = []
    if shape.whole_months:
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
            .where(
                table.c.month >= sa.bindparam("period_first_full", type_=sa.Date),
                table.c.month < sa.bindparam("period_after_full", type_=sa.Date),
            )
            .group_by(*columns)
        )
        if volunteers is not None:
            whole = whole.where(ledger.c.volunteer_id.in_(volunteers))
        parts.append(whole)
    duties = ledger_mod.DUTIES
    for name, wanted in (("before", shape.part_before), ("after", shape.part_after)):
        if not wanted:
            continue
        in_range = sa.and_(
            duties.c.duty_date >= sa.bindparam(f"period_{name}_first", type_=sa.Date),
            duties.c.duty_date <= sa.bindparam(f"period_{name}_last", type_=sa.Date),
        )
        if volunteers is not None:
            in_range = sa.and_(in_range, duties.c.volunteer_id.in_(volunteers))
        parts.append(ledger_mod.grouped_duties(in_range, keys))
    return sa.union_all(*parts) if len(parts) > 1 else parts[0]


@functools.lru_cache(maxsize=512)
def period_subquery(shape: PeriodShape, keys: tuple[str, ...], volunteers=None) -> sa.Subquery:
    """_period_select as a subquery (built once per shape)."""
    return _period_select(shape, keys, volunteers).subquery()


def period_rows(start: date, end: date, keys: tuple[str, ...] = ("district_id",), volunteers=None) -> sa.Subquery:
    """Approved duties and minutes in [start, end] summed per ``keys`` (ledger column names), as a subquery
    with its dates bound (see period_subquery; the hot paths below bind them at execution instead)."""
    shape, params = period_shape(start, end)
    return _period_select(shape, tuple(keys), volunteers).params(**params).subquery()


def _sums(key, sub):
    return sa.select(key.label("key"), sa.func.sum(sub.c.duties).label("n"), sa.func.sum(sub.c.minutes).label("m"))


# Each figure's statement is built once per period shape (and labels): its dates are parameters.


@functools.lru_cache(maxsize=256)
def _labelled_statement(label_model, column: str, shape: PeriodShape, only_esp: bool, one_business: bool):
    sub = period_subquery(shape, (column,))
    grouped = _sums(sub.c[column], sub).group_by(sub.c[column])
    if one_business:
        grouped = grouped.where(sub.c[column] == sa.bindparam("business_id"))
    elif only_esp:
        grouped = grouped.where(sub.c[column].is_not(None))
    grouped = grouped.subquery()
    return (
        sa.select(label_model.id, label_model.name, grouped.c.n, grouped.c.m)
        .join(grouped, grouped.c.key == label_model.id)
        .order_by(label_model.name)
    )


def _labelled(label_model, column: str, start: date, end: date, business_id: int | None = None, esp=False):
    shape, params = period_shape(start, end)
    stmt = _labelled_statement(label_model, column, shape, esp, business_id is not None)
    if business_id is not None:
        params["business_id"] = business_id
    rows = db.session.execute(stmt, params).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_district(start: date, end: date) -> list[Total]:
    """Approved hours per district (where the duty was done)."""
    return _labelled(District, "district_id", start, end)


@functools.lru_cache(maxsize=64)
def _lpa_statement(shape: PeriodShape):
    sub = period_subquery(shape, ("district_id",))
    return (
        sa.select(Command.id, Command.name, sa.func.sum(sub.c.duties), sa.func.sum(sub.c.minutes))
        .join(District, District.command_id == Command.id)
        .join(sub, sub.c.district_id == District.id)
        .group_by(Command.id, Command.name)
        .order_by(Command.name)
    )


def totals_by_lpa(start: date, end: date) -> list[Total]:
    """Approved hours per Local Policing Area (through the duty's district)."""
    shape, params = period_shape(start, end)
    rows = db.session.execute(_lpa_statement(shape), params).all()
    return [Total(k, str(label), int(n), int(m or 0)) for k, label, n, m in rows]


def totals_by_parish(start: date, end: date) -> list[Total]:
    """Approved hours per parish."""
    return _labelled(Parish, "parish_id", start, end)


NO_PROGRAMME_LABEL = "No programme on the day"


@functools.lru_cache(maxsize=64)
def _programme_statement(shape: PeriodShape):
    sub = period_subquery(shape, ("programme", "volunteer_id"))
    return sa.select(
        sub.c.programme,
        sa.func.sum(sub.c.duties),
        sa.func.sum(sub.c.minutes),
        sa.func.count(sa.distinct(sub.c.volunteer_id)),
    ).group_by(sub.c.programme)


def totals_by_programme(start: date, end: date) -> list[Total]:
    """Approved hours per programme: each duty counts once, under the first programme (ledger order) held that day."""
    shape, params = period_shape(start, end)
    rows = db.session.execute(_programme_statement(shape), params).all()
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


@functools.lru_cache(maxsize=64)
def _month_statement(shape: PeriodShape):
    sub = period_subquery(shape, ("month",))
    return _sums(sub.c.month, sub).group_by(sub.c.month).order_by(sub.c.month)


def totals_by_month(start: date, end: date) -> list[Total]:
    """Approved hours per calendar month."""
    shape, params = period_shape(start, end)
    rows = db.session.execute(_month_statement(shape), params).all()
    return [Total(key, f"{key:%B %Y}", int(n), int(m or 0)) for key, n, m in rows]


def esp_hours_by_employer(start: date, end: date, business_id: int | None = None) -> list[Total]:
    """Approved ESP hours per employer (optionally one employer)."""
    return _labelled(EspBusiness, "esp_business_id", start, end, business_id=business_id, esp=True)


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
