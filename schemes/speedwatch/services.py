"""Community Speed Watch: groups, sites, sessions and the monthly and yearly figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.dates import LONDON, month_bounds
from core.extensions import db
from core.models import Parish
from core.refusals import Refusal
from schemes.models import SpeedWatchGroup, SpeedWatchSession, SpeedWatchSite
from volunteers.models import SpeedWatchVolunteer, Volunteer, VolunteerStatus

MAX_VEHICLES = 100_000

COUNT_COLUMNS = (
    SpeedWatchSession.vehicles_checked,
    SpeedWatchSession.vehicles_over_limit,
    SpeedWatchSession.first_letters,
    SpeedWatchSession.final_letters,
    SpeedWatchSession.referrals,
)


def _sums():
    return [sa.func.count(SpeedWatchSession.id)] + [sa.func.coalesce(sa.func.sum(c), 0) for c in COUNT_COLUMNS]


@dataclass
class Figures:
    sessions: int = 0
    checked: int = 0
    over: int = 0
    first_letters: int = 0
    final_letters: int = 0
    referrals: int = 0
    new_groups: int = 0

    @classmethod
    def of(cls, row, new_groups: int = 0) -> Figures:
        return cls(*(int(v or 0) for v in row), new_groups=new_groups)

    @property
    def letters(self) -> int:
        return self.first_letters + self.final_letters


@dataclass
class GroupRow:
    group: SpeedWatchGroup
    sites: int
    volunteers: int
    year: Figures


def group_rows(
    year: int,
    district_id: int | None = None,
    active: str | None = None,
    q: str | None = None,
) -> list[GroupRow]:
    """Groups with their sites, volunteers and this year's sessions, letters and referrals."""
    stmt = (
        sa.select(SpeedWatchGroup)
        .options(joinedload(SpeedWatchGroup.district), joinedload(SpeedWatchGroup.parish))
        .order_by(SpeedWatchGroup.name)
    )
    if district_id:
        stmt = stmt.where(SpeedWatchGroup.district_id == district_id)
    if active == "yes":
        stmt = stmt.where(SpeedWatchGroup.active)
    elif active == "no":
        stmt = stmt.where(sa.not_(SpeedWatchGroup.active))
    if q:
        stmt = stmt.where(SpeedWatchGroup.name.ilike(f"%{q}%"))
    groups = list(db.session.scalars(stmt))
    ids = [g.id for g in groups]
    sites = dict(
        db.session.execute(
            sa.select(SpeedWatchSite.group_id, sa.func.count())
            .where(SpeedWatchSite.group_id.in_(ids))
            .group_by(SpeedWatchSite.group_id)
        ).all()
    )
    volunteers = dict(
        db.session.execute(
            sa.select(SpeedWatchVolunteer.group_id, sa.func.count())
            .join(Volunteer, Volunteer.id == SpeedWatchVolunteer.volunteer_id)
            .where(SpeedWatchVolunteer.group_id.in_(ids), Volunteer.status != VolunteerStatus.LEFT)
            .group_by(SpeedWatchVolunteer.group_id)
        ).all()
    )
    figures = {
        row[0]: Figures.of(row[1:])
        for row in db.session.execute(
            sa.select(SpeedWatchSession.group_id, *_sums())
            .where(SpeedWatchSession.group_id.in_(ids))
            .where(
                SpeedWatchSession.session_date >= date(year, 1, 1),
                SpeedWatchSession.session_date < date(year + 1, 1, 1),
            )
            .group_by(SpeedWatchSession.group_id)
        ).all()
    }
    return [GroupRow(g, sites.get(g.id, 0), volunteers.get(g.id, 0), figures.get(g.id, Figures())) for g in groups]


def save_group(group: SpeedWatchGroup | None, **values) -> SpeedWatchGroup:
    """Create or update a group; duplicate names and a parish outside the district are refused."""
    name = values["name"].strip()
    clash = sa.select(SpeedWatchGroup.id).where(sa.func.lower(SpeedWatchGroup.name) == name.lower())
    if group is not None:
        clash = clash.where(SpeedWatchGroup.id != group.id)
    if db.session.scalar(clash) is not None:
        raise Refusal(f"A group called {name} already exists", "name")
    parish_id = values.get("parish_id") or None
    if parish_id:
        parish = db.session.get(Parish, parish_id)
        if parish is None or parish.district_id != values["district_id"]:
            raise Refusal("The parish is not in the district chosen", "parish_id")
    group = group or SpeedWatchGroup()
    group.name = name
    group.district_id = values["district_id"]
    group.parish_id = parish_id
    group.coordinator_name = values.get("coordinator_name") or None
    group.coordinator_contact = values.get("coordinator_contact") or None
    group.started_on = values["started_on"]
    group.active = bool(values.get("active"))
    db.session.add(group)
    db.session.flush()
    return group


def add_site(group: SpeedWatchGroup, location: str, speed_limit_mph: int, approved_on: date | None) -> SpeedWatchSite:
    """Add a roadside site to a group (approved once it has an approval date)."""
    if not 10 <= speed_limit_mph <= 70:
        raise Refusal("Speed limit must be between 10 and 70 mph", "speed_limit_mph")
    site = SpeedWatchSite(
        group_id=group.id, location=location.strip(), speed_limit_mph=speed_limit_mph, approved_on=approved_on
    )
    db.session.add(site)
    db.session.flush()
    return site


def approved_sites(group_id: int) -> list[SpeedWatchSite]:
    """A group's approved sites."""
    return list(
        db.session.scalars(
            sa.select(SpeedWatchSite)
            .where(SpeedWatchSite.group_id == group_id, SpeedWatchSite.approved_on.is_not(None))
            .order_by(SpeedWatchSite.location)
        )
    )


def add_session(group: SpeedWatchGroup, now: datetime, **v) -> SpeedWatchSession:
    """Record a session at an approved site; future sessions and impossible counts are refused."""
    site = db.session.get(SpeedWatchSite, v["site_id"]) if v.get("site_id") else None
    if site is None or site.group_id != group.id:
        raise Refusal("Choose one of the group's sites", "site_id")
    day, start, end = v["session_date"], v["start_time"], v["end_time"]
    if site.approved_on is None or site.approved_on > day:
        raise Refusal("The site was not approved on that date", "site_id")
    if datetime.combine(day, start, tzinfo=LONDON) > now:
        raise Refusal("The session cannot be in the future", "session_date")
    if end <= start:
        raise Refusal("End time must be after the start time", "end_time")
    checked, over = v["vehicles_checked"], v["vehicles_over_limit"]
    if not 0 <= checked <= MAX_VEHICLES:
        raise Refusal(f"Vehicles checked must be between 0 and {MAX_VEHICLES:,}", "vehicles_checked")
    if not 0 <= over <= checked:
        raise Refusal("Vehicles over the limit cannot be more than vehicles checked", "vehicles_over_limit")
    first, final, referrals = v["first_letters"], v["final_letters"], v["referrals"]
    if min(first, final, referrals) < 0:
        raise Refusal("Letters and referrals cannot be negative", "first_letters")
    if first + final > over:
        raise Refusal("First and final letters cannot be more than vehicles over the limit", "first_letters")
    if referrals > over:
        raise Refusal("Referrals cannot be more than vehicles over the limit", "referrals")
    session = SpeedWatchSession(
        group_id=group.id,
        site_id=site.id,
        session_date=day,
        start_time=start,
        end_time=end,
        vehicles_checked=checked,
        vehicles_over_limit=over,
        first_letters=first,
        final_letters=final,
        referrals=referrals,
    )
    db.session.add(session)
    db.session.flush()
    return session


def session_rows(
    group_id: int | None = None, year: int | None = None, month: int | None = None, limit: int | None = None
) -> list[SpeedWatchSession]:
    """Sessions newest first, with group and site."""
    stmt = (
        sa.select(SpeedWatchSession)
        .options(joinedload(SpeedWatchSession.group), joinedload(SpeedWatchSession.site))
        .order_by(SpeedWatchSession.session_date.desc(), SpeedWatchSession.start_time.desc())
    )
    if group_id:
        stmt = stmt.where(SpeedWatchSession.group_id == group_id)
    if year:
        first, last = month_bounds(date(year, month, 1)) if month else (date(year, 1, 1), date(year + 1, 1, 1))
        stmt = stmt.where(SpeedWatchSession.session_date >= first, SpeedWatchSession.session_date < last)
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def yearly_figures(year: int) -> tuple[list[tuple[int, Figures]], Figures]:
    """Sessions, vehicles, letters, referrals and new groups in each month of a year, and the year's totals."""
    month_col = sa.extract("month", SpeedWatchSession.session_date)
    by_month = {
        int(row[0]): row[1:]
        for row in db.session.execute(
            sa.select(month_col, *_sums())
            .where(
                SpeedWatchSession.session_date >= date(year, 1, 1),
                SpeedWatchSession.session_date < date(year + 1, 1, 1),
            )
            .group_by(month_col)
        ).all()
    }
    started_col = sa.extract("month", SpeedWatchGroup.started_on)
    new_groups = {
        int(m): int(n)
        for m, n in db.session.execute(
            sa.select(started_col, sa.func.count())
            .where(SpeedWatchGroup.started_on >= date(year, 1, 1), SpeedWatchGroup.started_on < date(year + 1, 1, 1))
            .group_by(started_col)
        ).all()
    }
    months = [(m, Figures.of(by_month.get(m, [0] * 6), new_groups.get(m, 0))) for m in range(1, 13)]
    total = Figures(*(sum(getattr(f, name) for _m, f in months) for name in Figures.__dataclass_fields__))
    return months, total


def group_volunteers(group_id: int) -> list[str]:
    """Names of a group's serving volunteers."""
    return [
        f"{first} {last}"
        for first, last in db.session.execute(
            sa.select(Volunteer.first_name, Volunteer.last_name)
            .join(SpeedWatchVolunteer, SpeedWatchVolunteer.volunteer_id == Volunteer.id)
            .where(SpeedWatchVolunteer.group_id == group_id, Volunteer.status != VolunteerStatus.LEFT)
            .order_by(Volunteer.last_name, Volunteer.first_name)
        ).all()
    ]


def sites_of(group_id: int) -> list[SpeedWatchSite]:
    """Every site of a group."""
    return list(
        db.session.scalars(
            sa.select(SpeedWatchSite).where(SpeedWatchSite.group_id == group_id).order_by(SpeedWatchSite.location)
        )
    )


def parishes_in(district_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of parishes, for the group form."""
    stmt = sa.select(Parish.id, Parish.name).order_by(Parish.name)
    if district_id:
        stmt = stmt.where(Parish.district_id == district_id)
    return [(i, n) for i, n in db.session.execute(stmt)]


def start_of(day: date, at: time) -> datetime:
    """A local date and time as an aware datetime."""
    return datetime.combine(day, at, tzinfo=LONDON)
