"""ESP businesses, their engagement history and the ESP hours their employee-Specials used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from reportlab.platypus import Spacer
from sqlalchemy.orm import joinedload, selectinload

from core import pdf
from core.dates import month_bounds
from core.extensions import db
from core.filters import hours
from core.refusals import Refusal
from scheduling.models import Duty, DutyStatus
from schemes.common import last_months
from schemes.models import EspBusiness, EspEngagement, EspStatus
from volunteers.models import Rank, SpecialConstable, Volunteer, VolunteerStatus

MAX_RELEASE_HOURS = 160


@dataclass
class BusinessRow:
    business: EspBusiness
    specials: int
    used_minutes: int

    @property
    def granted_minutes(self) -> int:
        return self.business.release_minutes_per_month * self.specials


def _active_specials_count():
    return (
        sa.select(SpecialConstable.esp_business_id, sa.func.count().label("n"))
        .join(Volunteer, Volunteer.id == SpecialConstable.volunteer_id)
        .where(Volunteer.status != VolunteerStatus.LEFT, SpecialConstable.esp_business_id.is_not(None))
        .group_by(SpecialConstable.esp_business_id)
        .subquery()
    )


def _esp_duties(business_id: int | None = None):
    conditions = [Duty.is_esp, Duty.status == DutyStatus.APPROVED, Duty.esp_business_id.is_not(None)]
    if business_id is not None:
        conditions.append(Duty.esp_business_id == business_id)
    return conditions


def business_rows(
    status: str | None = None,
    sector: str | None = None,
    q: str | None = None,
    force: str | None = None,
    month: date | None = None,
) -> list[BusinessRow]:
    """ESP businesses with their employee-Specials and ESP hours used in a month."""
    counts = _active_specials_count()
    start, end = month_bounds(month) if month else (date(1900, 1, 1), date(1900, 1, 1))
    used = (
        sa.select(Duty.esp_business_id, sa.func.sum(Duty.minutes).label("m"))
        .where(*_esp_duties(), Duty.duty_date >= start, Duty.duty_date < end)
        .group_by(Duty.esp_business_id)
        .subquery()
    )
    stmt = (
        sa.select(EspBusiness, sa.func.coalesce(counts.c.n, 0), sa.func.coalesce(used.c.m, 0))
        .outerjoin(counts, counts.c.esp_business_id == EspBusiness.id)
        .outerjoin(used, used.c.esp_business_id == EspBusiness.id)
        .order_by(EspBusiness.is_force.desc(), EspBusiness.name)
    )
    if status:
        stmt = stmt.where(EspBusiness.status == EspStatus(status))
    if sector:
        stmt = stmt.where(EspBusiness.sector == sector)
    if q:
        stmt = stmt.where(EspBusiness.name.ilike(f"%{q}%"))
    if force == "yes":
        stmt = stmt.where(EspBusiness.is_force)
    elif force == "no":
        stmt = stmt.where(sa.not_(EspBusiness.is_force))
    return [BusinessRow(b, int(n), int(m)) for b, n, m in db.session.execute(stmt).all()]


def sectors() -> list[str]:
    """The sectors recorded, for the filter."""
    return list(
        db.session.scalars(
            sa.select(EspBusiness.sector).where(EspBusiness.sector.is_not(None)).distinct().order_by(EspBusiness.sector)
        )
    )


def save_business(business: EspBusiness | None, **values) -> EspBusiness:
    """Create or update a business; a second business of the same name is refused."""
    name = values["name"].strip()
    clash = sa.select(EspBusiness.id).where(sa.func.lower(EspBusiness.name) == name.lower())
    if business is not None:
        clash = clash.where(EspBusiness.id != business.id)
    if db.session.scalar(clash) is not None:
        raise Refusal(f"A business called {name} is already recorded", "name")
    release = values["release_hours"]
    if release is None or not 0 <= release <= MAX_RELEASE_HOURS:
        raise Refusal(f"Release hours a month must be between 0 and {MAX_RELEASE_HOURS}", "release_hours")
    creating = business is None
    business = business or EspBusiness()
    business.name = name
    business.sector = (values.get("sector") or "").strip() or None
    business.size_band = values.get("size_band") or None
    business.district_id = values.get("district_id") or None
    business.contact_name = values.get("contact_name") or None
    business.contact_email = values.get("contact_email") or None
    business.contact_phone = values.get("contact_phone") or None
    business.is_force = bool(values.get("is_force"))
    business.release_minutes_per_month = int(round(release * 60))
    business.training_time_off = bool(values.get("training_time_off"))
    business.agreement_signed_on = values.get("agreement_signed_on")
    new_status = EspStatus(values["status"])
    if creating or business.status != new_status:
        business.engagements.append(
            EspEngagement(
                occurred_on=values["today"],
                status=new_status,
                note="Status recorded",
                recorded_by_id=values.get("user_id"),
            )
        )
    business.status = new_status
    db.session.add(business)
    db.session.flush()
    return business


def add_engagement(
    business: EspBusiness, occurred_on: date, status: str, note: str | None, user_id: int | None
) -> EspEngagement:
    """Add a step to the engagement history; the business takes the step's status."""
    step = EspEngagement(
        business=business, occurred_on=occurred_on, status=EspStatus(status), note=note or None, recorded_by_id=user_id
    )
    db.session.add(step)
    latest = max([e.occurred_on for e in business.engagements if e is not step] or [occurred_on])
    if occurred_on >= latest:
        business.status = step.status
    if step.status == EspStatus.REGISTERED and business.agreement_signed_on is None:
        business.agreement_signed_on = occurred_on
    db.session.flush()
    return step


def load_business(business_id: int) -> EspBusiness | None:
    """A business with its engagement history."""
    return db.session.scalars(
        sa.select(EspBusiness)
        .where(EspBusiness.id == business_id)
        .options(selectinload(EspBusiness.engagements), joinedload(EspBusiness.district))
    ).first()


@dataclass
class Employee:
    volunteer_id: int
    name: str
    rank: str


def employees(business_id: int) -> list[Employee]:
    """The business's serving employee-Specials: names and ranks only."""
    rows = db.session.execute(
        sa.select(Volunteer.id, Volunteer.first_name, Volunteer.last_name, Rank.name)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .join(Rank, Rank.id == SpecialConstable.rank_id)
        .where(SpecialConstable.esp_business_id == business_id, Volunteer.status != VolunteerStatus.LEFT)
        .order_by(Volunteer.last_name, Volunteer.first_name)
    ).all()
    return [Employee(vid, f"{first} {last}", rank) for vid, first, last, rank in rows]


def minutes_by_employee_month(business_id: int, start: date, end: date) -> dict[tuple[int, int, int], int]:
    """ESP minutes keyed by (volunteer id, year, month) between two dates."""
    year_col, month_col = sa.extract("year", Duty.duty_date), sa.extract("month", Duty.duty_date)
    rows = db.session.execute(
        sa.select(Duty.volunteer_id, year_col, month_col, sa.func.sum(Duty.minutes))
        .where(*_esp_duties(business_id), Duty.duty_date >= start, Duty.duty_date < end)
        .group_by(Duty.volunteer_id, year_col, month_col)
    ).all()
    return {(vid, int(y), int(m)): int(minutes) for vid, y, m, minutes in rows}


@dataclass
class MonthUse:
    month: date
    used_minutes: int
    granted_minutes: int


def hours_by_month(business: EspBusiness, end_month: date, count: int = 12) -> list[MonthUse]:
    """ESP minutes used against granted for each of the last ``count`` months."""
    months = last_months(end_month, count)
    start = months[0]
    _, end = month_bounds(end_month)
    used = minutes_by_employee_month(business.id, start, end)
    staff = len(employees(business.id))
    totals: dict[tuple[int, int], int] = {}
    for (_vid, y, m), minutes in used.items():
        totals[(y, m)] = totals.get((y, m), 0) + minutes
    return [MonthUse(m, totals.get((m.year, m.month), 0), business.release_minutes_per_month * staff) for m in months]


@dataclass
class EmployeeMonth:
    name: str
    rank: str
    minutes: int


def employer_month(business: EspBusiness, month: date) -> list[EmployeeMonth]:
    """Each employee-Special's ESP minutes in one month (names and ranks only)."""
    start, end = month_bounds(month)
    used = minutes_by_employee_month(business.id, start, end)
    return [
        EmployeeMonth(e.name, e.rank, used.get((e.volunteer_id, month.year, month.month), 0))
        for e in employees(business.id)
    ]


@dataclass
class AnnualStatement:
    business: EspBusiness
    year: int
    rows: list[tuple[str, str, list[int], int]]  # name, rank, minutes per month, total
    month_totals: list[int]
    total_minutes: int
    granted_minutes_per_month: int


def annual_statement(business: EspBusiness, year: int) -> AnnualStatement:
    """The ESP time a business gave in a year, per employee and month."""
    used = minutes_by_employee_month(business.id, date(year, 1, 1), date(year + 1, 1, 1))
    people = {e.volunteer_id: (e.name, e.rank) for e in employees(business.id)}
    missing = {vid for vid, _y, _m in used} - set(people)
    if missing:  # former employees who served on ESP time that year
        for vid, first, last, rank in db.session.execute(
            sa.select(Volunteer.id, Volunteer.first_name, Volunteer.last_name, Rank.name)
            .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
            .join(Rank, Rank.id == SpecialConstable.rank_id)
            .where(Volunteer.id.in_(missing))
        ).all():
            people[vid] = (f"{first} {last}", rank)
    rows = []
    for vid, (name, rank) in sorted(people.items(), key=lambda item: item[1][0].split()[-1]):
        months = [used.get((vid, year, m), 0) for m in range(1, 13)]
        rows.append((name, rank, months, sum(months)))
    month_totals = [sum(r[2][i] for r in rows) for i in range(12)]
    granted = business.release_minutes_per_month * len(employees(business.id))
    return AnnualStatement(business, year, rows, month_totals, sum(month_totals), granted)


MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def statement_pdf(statement: AnnualStatement) -> bytes:
    """The annual ESP statement as an A4 PDF (text escaped by core.pdf)."""
    business = statement.business
    story = [
        pdf.text(
            f"Paid release agreed: {hours(business.release_minutes_per_month)} hours a month per employee-Special"
            + (", plus time off for training." if business.training_time_off else ".")
        ),
        pdf.text(f"Total ESP hours given in {statement.year}: {hours(statement.total_minutes)}."),
        Spacer(1, 6),
        pdf.heading("Hours by month"),
        pdf.table(
            ["Month", "ESP hours"],
            [[f"{MONTH_NAMES[i]} {statement.year}", hours(m)] for i, m in enumerate(statement.month_totals)]
            + [["Total", hours(statement.total_minutes)]],
            numeric_columns=(1,),
        ),
        Spacer(1, 6),
        pdf.heading("Hours by employee"),
    ]
    if statement.rows:
        story.append(
            pdf.table(
                ["Name", "Rank", "ESP hours"],
                [[n, r, hours(t)] for n, r, _m, t in statement.rows],
                numeric_columns=(2,),
            )
        )
    else:
        story.append(pdf.text("No employee served on ESP time this year."))
    story += [
        Spacer(1, 6),
        pdf.bar_chart(f"ESP hours by month, {statement.year}", MONTH_NAMES, [m / 60 for m in statement.month_totals]),
    ]
    return pdf.render(
        f"{business.name}: Employer Supported Policing statement {statement.year}",
        story,
        subtitle="Annual statement of the time given",
    )
