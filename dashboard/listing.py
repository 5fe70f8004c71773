"""One page of the list behind a figure: its heading in words, its measured totals and its rows.

The heading's number is the count of the figure's own selection (dashboard/drilldown.py); the rows are that
selection's items, joined to what a reader needs to recognise them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from core.extensions import db
from core.filters import hours, thousands, uk_date
from core.models import District, Parish
from core.paging import Paged
from dashboard.drilldown import LISTS
from dashboard.periods import Period
from scheduling.models import Duty
from schemes.models import CadetUnit, EspBusiness, SpeedWatchGroup, SpeedWatchSession, WatchScheme
from volunteers.models import Application, Volunteer

PAGE_SIZE = 200


@dataclass
class ListPage(Paged):
    """What the list page shows: ``heading`` starts with the figure's number."""

    heading: str
    count: int
    totals: list[tuple[int, str]]
    headers: list[str]
    numeric: list[int]
    rows: list[list]
    page: int
    per_page: int = PAGE_SIZE
    total: int = 0
    person_links: bool = field(default=False)


def _people(ids):
    stmt = (
        sa.select(Volunteer.id, Volunteer.first_name + " " + Volunteer.last_name, Volunteer.status)
        .join(ids, ids.c.id == Volunteer.id)
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
    )
    return stmt, lambda r: [(r[1], r[0]), r[2].label]


def _duties(ids):
    stmt = (
        sa.select(Duty.duty_date, Volunteer.first_name + " " + Volunteer.last_name, Parish.name, Duty.minutes)
        .join(ids, ids.c.id == Duty.id)
        .join(Volunteer, Volunteer.id == Duty.volunteer_id)
        .outerjoin(Parish, Parish.id == Duty.parish_id)
        .order_by(Duty.duty_date, Duty.id)
    )
    return stmt, lambda r: [uk_date(r[0]), r[1], r[2] or "", hours(r[3])]


def _parishes(ids):
    stmt = (
        sa.select(Parish.name, District.name)
        .join(ids, ids.c.id == Parish.id)
        .join(District, District.id == Parish.district_id)
        .order_by(Parish.name, Parish.id)
    )
    return stmt, list


def _named(model):
    def build(ids):
        return sa.select(model.name).join(ids, ids.c.id == model.id).order_by(model.name), list

    return build


def _schemes(ids):
    stmt = sa.select(WatchScheme.name, ids.c.end).join(ids, ids.c.id == WatchScheme.id).order_by(WatchScheme.name)
    return stmt, lambda r: [r[0], thousands(r[1])]


def _sessions(ids):
    s = SpeedWatchSession
    stmt = (
        sa.select(s.session_date, SpeedWatchGroup.name, s.vehicles_checked, s.first_letters + s.final_letters)
        .join(ids, ids.c.id == s.id)
        .join(SpeedWatchGroup, SpeedWatchGroup.id == s.group_id)
        .order_by(s.session_date, s.id)
    )
    return stmt, lambda r: [uk_date(r[0]), r[1], thousands(r[2]), thousands(r[3])]


def _applications(ids):
    a = Application
    stmt = (
        sa.select(a.first_name + " " + a.last_name, a.programme, a.applied_on, a.stage, a.outcome)
        .join(ids, ids.c.id == a.id)
        .order_by(a.applied_on, a.last_name, a.id)
    )
    return stmt, lambda r: [r[0], r[1].label, uk_date(r[2]), r[3].label, r[4].label]


KINDS = {
    "people": (["Name", "Status now"], [], _people),
    "duties": (["Date", "Volunteer", "Parish", "Hours"], [3], _duties),
    "parishes": (["Council", "District"], [], _parishes),
    "businesses": (["Business"], [], _named(EspBusiness)),
    "units": (["Cadet unit"], [], _named(CadetUnit)),
    "schemes": (["Scheme", "Members"], [1], _schemes),
    "groups": (["Speed Watch group"], [], _named(SpeedWatchGroup)),
    "sessions": (["Date", "Group", "Vehicles checked", "Warning letters"], [2, 3], _sessions),
    "applications": (["Applicant", "Programme", "Applied", "Stage now", "Outcome now"], [], _applications),
}
MEASURED = {
    "end": lambda ids: sa.select(sa.func.coalesce(sa.func.sum(ids.c.end), 0)),
    "vehicles_checked": lambda ids: (
        sa.select(sa.func.coalesce(sa.func.sum(SpeedWatchSession.vehicles_checked), 0))
        .select_from(SpeedWatchSession)
        .join(ids, ids.c.id == SpeedWatchSession.id)
    ),
    "letters": lambda ids: (
        sa.select(sa.func.coalesce(sa.func.sum(SpeedWatchSession.first_letters + SpeedWatchSession.final_letters), 0))
        .select_from(SpeedWatchSession)
        .join(ids, ids.c.id == SpeedWatchSession.id)
    ),
}


def when(period: Period, on_day: bool) -> str:
    """'on 31 August 2026' for a count on the last day, else 'from 1 July 2026 to 30 September 2026'."""
    if on_day:
        return f"on {uk_date(period.end)}"
    return f"from {uk_date(period.start)} to {uk_date(period.end)}"


def list_page(name: str, value: str | None, period: Period, page: int = 1, measure: str | None = None) -> ListPage:
    """One page of the list ``name`` (for ``value``) over ``period``; its heading leads with the figure the link
    came from: the count, or the total of ``measure`` (one of the list's measures)."""
    entry = LISTS[name]
    ids = entry.select(period, value).subquery("figure_items")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ids)) or 0
    singular, plural = entry.nouns(value)
    totals = [(int(db.session.scalar(MEASURED[column](ids)) or 0), words) for column, words in entry.measures]
    items = f"{thousands(count)} {singular if count == 1 else plural} {when(period, entry.on_day)}"
    measured = dict(zip((c for c, _ in entry.measures), totals, strict=True))
    if measure in measured:
        amount, words = measured[measure]
        heading = f"{thousands(amount)} {words}: {items}"
        totals = [t for t in totals if t[1] != words]
    else:
        heading = items
    headers, numeric, build = KINDS[entry.kind]
    stmt, line = build(ids)
    pages = max(1, -(-count // PAGE_SIZE))
    page = max(1, min(page, pages))
    found = db.session.execute(stmt.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return ListPage(
        heading=heading,
        count=count,
        totals=totals,
        headers=headers,
        numeric=numeric,
        rows=[line(r) for r in found],
        page=page,
        total=count,
        person_links=entry.kind == "people",
    )
