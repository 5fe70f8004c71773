"""The approvals queue: the pending duties in a reviewer's area, oldest first, filtered and a page at a time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.dates import month_bounds
from core.extensions import db
from core.models import District, User
from core.paging import Paged
from core.params import whole_number
from core.permissions import scoped_select
from scheduling.models import Duty, DutyStatus, DutyType
from volunteers.models import Volunteer


@dataclass
class QueueFilters:
    """What the reviewer narrowed the queue to (None: any)."""

    volunteer_id: int | None = None
    district_id: int | None = None
    duty_type: DutyType | None = None
    month: date | None = None  # the first of the month

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        """The filters from the query string; a value that is not one of the choices is ignored."""
        kind = args.get("type") or ""
        return cls(
            volunteer_id=whole_number(args.get("volunteer")),
            district_id=whole_number(args.get("district")),
            duty_type=DutyType(kind) if kind in {t.value for t in DutyType} else None,
            month=_month(args.get("month") or ""),
        )

    def args(self) -> dict[str, str]:
        """The filters as query-string values (for links to other pages and back after approving)."""
        values = {
            "volunteer": self.volunteer_id,
            "district": self.district_id,
            "type": self.duty_type.value if self.duty_type else None,
            "month": f"{self.month:%Y-%m}" if self.month else None,
        }
        return {key: str(value) for key, value in values.items() if value is not None}

    @property
    def any(self) -> bool:
        return bool(self.args())


def _month(text: str) -> date | None:
    """'2026-07' (the month picker's value) as the first of that month, or None."""
    year, _, month = text.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return date(int(year), int(month), 1)


def pending_in_area(user: User, filters: QueueFilters) -> sa.Select:
    """The pending duties in the user's area (the duty scope rule: volunteers.scopes) matching the filters,
    oldest first (the partial index ix_duties_pending)."""
    stmt = scoped_select(Duty, user).where(Duty.status == DutyStatus.PENDING)
    if filters.volunteer_id is not None:
        stmt = stmt.where(Duty.volunteer_id == filters.volunteer_id)
    if filters.district_id is not None:
        stmt = stmt.where(Duty.district_id == filters.district_id)
    if filters.duty_type is not None:
        stmt = stmt.where(Duty.duty_type == filters.duty_type)
    if filters.month is not None:
        start, end = month_bounds(filters.month)
        stmt = stmt.where(Duty.duty_date >= start, Duty.duty_date < end)
    return stmt.order_by(Duty.starts_at, Duty.id)


@dataclass
class QueuePage(Paged):
    """One page of the queue and the true total of pending duties matching the filters."""

    items: list[Duty]
    page: int
    per_page: int
    total: int
    filters: QueueFilters = field(default_factory=QueueFilters)


def queue_page(user: User, filters: QueueFilters, page: int, per_page: int) -> QueuePage:
    """The ``page``-th page of the queue (past the last page: the last page)."""
    stmt = pending_in_area(user, filters)
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())) or 0)
    last = max(1, -(-total // per_page))
    page = min(max(page, 1), last)
    items = db.session.scalars(
        stmt.options(joinedload(Duty.volunteer), joinedload(Duty.district))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return QueuePage(list(items), page, per_page, total, filters)


@dataclass
class QueueChoices:
    """The options of the queue's filters: the people and months that have pending duties in the area."""

    volunteers: list[tuple[int, str]]
    districts: list[tuple[int, str]]
    months: list[date]


def queue_choices(user: User, limit: int = 500) -> QueueChoices:
    """The filters' options for this reviewer (people with pending duties in their area, by name)."""
    pending = scoped_select(Duty, user).where(Duty.status == DutyStatus.PENDING).subquery()
    people = db.session.execute(
        sa.select(Volunteer.id, Volunteer.last_name, Volunteer.first_name)
        .where(Volunteer.id.in_(sa.select(pending.c.volunteer_id)))
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
        .limit(limit)
    ).all()
    districts = db.session.execute(sa.select(District.id, District.name).order_by(District.name)).all()
    year, month = sa.extract("year", pending.c.duty_date), sa.extract("month", pending.c.duty_date)
    months = db.session.execute(sa.select(year, month).group_by(year, month).order_by(year.desc(), month.desc()))
    return QueueChoices(
        volunteers=[(i, f"{first} {last}") for i, last, first in people],
        districts=[(i, name) for i, name in districts],
        months=[date(int(y), int(m), 1) for y, m in months],
    )
