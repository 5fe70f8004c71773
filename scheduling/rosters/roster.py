"""The roster of an area: a window's shift lines a page at a time, its figures, and the summary by district.

What the page counts (the figures, the summary, the area choices) is kept per process under the roster's
data version (core.data_versions): a view between two sign-ups reads only the page's shifts and names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from core import data_versions
from core.data_versions import ROSTER, VersionedCache
from core.dates import LONDON, local_day_bounds
from core.extensions import db
from core.models import Command, District
from core.paging import Paged
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from volunteers.models import Volunteer
from volunteers.scopes import command_volunteer_ids

_KEPT = VersionedCache()


@dataclass(frozen=True)
class RosterScope:
    """Which shifts the roster page counts: one district, the districts of one command, or every area."""

    district_id: int | None = None
    command_id: int | None = None

    @property
    def shape(self) -> str:
        return "district" if self.district_id is not None else "command" if self.command_id is not None else "all"

    def params(self) -> dict[str, int]:
        if self.district_id is not None:
            return {"district_id": self.district_id}
        return {"command_id": self.command_id} if self.command_id is not None else {}


@dataclass
class RosterLine:
    """One shift on the roster page, with what its line shows."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    places: int
    cancelled: bool
    district_id: int | None
    district: str | None
    confirmed: int = 0
    waiting: int = 0
    no_shows: int = 0
    names: list[str] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return max(self.places - self.confirmed, 0)

    @property
    def times(self) -> str:
        """Start and end as London wall-clock times: 20:00–02:00."""
        return f"{self.starts_at.astimezone(LONDON):%H:%M}–{self.ends_at.astimezone(LONDON):%H:%M}"


@dataclass
class AreaSummary:
    """One district's shifts in the window, for the force-wide summary."""

    district_id: int | None
    district: str
    command: str
    shifts: int = 0
    gaps: int = 0
    cancelled: int = 0
    no_shows: int = 0


ROSTER_PAGE_SIZE = 25


@dataclass
class Roster(Paged):
    """One page of the shifts of a window in a scope, with the whole window's figures.

    ``page``, ``pages``, ``has_prev`` and ``has_next`` are what the pagination macro reads.
    """

    lines: list[RosterLine]
    page: int
    shifts: int
    gaps: int
    no_shows: int
    per_page: int = ROSTER_PAGE_SIZE

    @property
    def total(self) -> int:
        return self.shifts

    @property
    def first(self) -> int:
        """The position of the page's first shift in the window (1-based)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The position of the page's last shift in the window."""
        return self.first + len(self.lines) - 1


_S, _SS, _V, _D, _C = Shift.__table__, ShiftSignup.__table__, Volunteer.__table__, District.__table__, Command.__table__


def _in_window(stmt: sa.Select, shape: str) -> sa.Select:
    stmt = stmt.where(_S.c.starts_at >= sa.bindparam("lo"), _S.c.starts_at < sa.bindparam("hi"))
    if shape == "district":
        return stmt.where(_S.c.district_id == sa.bindparam("district_id"))
    if shape == "command":
        in_command = sa.select(_D.c.id).where(_D.c.command_id == sa.bindparam("command_id"))
        return stmt.where(_S.c.district_id.in_(in_command))
    return stmt


def _roster_statements(shape: str, by_command: bool = False) -> tuple[sa.Select, sa.Select]:
    # Core statements with bound parameters, built once per scope shape: SQLAlchemy reuses the compiled
    # SQL without building or hashing a statement on each request, and returns plain rows.
    columns = (_S.c.id, _S.c.title, _S.c.starts_at, _S.c.ends_at, _S.c.places, _S.c.cancelled, _S.c.district_id)
    shifts = (
        _in_window(sa.select(*columns, _D.c.name).select_from(_S.outerjoin(_D, _D.c.id == _S.c.district_id)), shape)
        .order_by(_S.c.starts_at, _S.c.id)
        .limit(sa.bindparam("page_limit", type_=sa.Integer))
        .offset(sa.bindparam("page_offset", type_=sa.Integer))
    )
    # Only the page's shifts, by id (the window was read for the page and the figures). The confirmed
    # people's names come from a lookup per row: a join lets PostgreSQL merge-scan every volunteer.
    name = sa.select(_V.c.first_name + " " + _V.c.last_name).where(_V.c.id == _SS.c.volunteer_id).scalar_subquery()
    named = _SS.c.status == SignupStatus.CONFIRMED
    if by_command:
        # A supervisor sees the names of the people of their own command only (volunteers.scopes).
        named = sa.and_(named, _SS.c.volunteer_id.in_(command_volunteer_ids(sa.bindparam("viewer_command_id"))))
    signups = (
        sa.select(_SS.c.shift_id, _SS.c.status, _SS.c.attendance, sa.case((named, name)))
        .where(_SS.c.shift_id.in_(sa.bindparam("shift_ids", expanding=True)))
        .order_by(_SS.c.shift_id, _SS.c.signed_up_at, _SS.c.id)
    )
    return shifts, signups


def _summary_statement(shape: str, by_district: bool) -> sa.Select:
    """Shifts, places to fill (cancelled shifts have none), cancellations and no-shows of the window in a
    scope shape: one row, or one row per district (the district's id first).
    """
    per_shift = (
        _in_window(
            sa.select(
                _SS.c.shift_id,
                sa.func.sum(sa.case((_SS.c.status == SignupStatus.CONFIRMED, 1), else_=0)).label("confirmed"),
                sa.func.sum(sa.case((_SS.c.attendance == Attendance.NO_SHOW, 1), else_=0)).label("no_shows"),
            ).select_from(_SS.join(_S, _S.c.id == _SS.c.shift_id)),
            shape,
        )
        .group_by(_SS.c.shift_id)
        .subquery()
    )
    confirmed = sa.func.coalesce(per_shift.c.confirmed, 0)
    open_places = sa.case(
        (sa.and_(_S.c.cancelled.is_(False), _S.c.places > confirmed), _S.c.places - confirmed), else_=0
    )
    figures = (
        sa.func.count(),
        sa.func.sum(open_places),
        sa.func.sum(sa.case((_S.c.cancelled.is_(True), 1), else_=0)),
        sa.func.sum(sa.func.coalesce(per_shift.c.no_shows, 0)),
    )
    stmt = _in_window(
        sa.select(*((_S.c.district_id,) if by_district else ()), *figures).select_from(
            _S.outerjoin(per_shift, per_shift.c.shift_id == _S.c.id)
        ),
        shape,
    )
    return stmt.group_by(_S.c.district_id) if by_district else stmt


_SHAPES = ("all", "district", "command")
_ROSTER_STATEMENTS = {(shape, by): _roster_statements(shape, by) for shape in _SHAPES for by in (False, True)}
_FIGURES = {shape: _summary_statement(shape, by_district=False) for shape in _SHAPES}
_SUMMARY = _summary_statement("all", by_district=True)
_AREAS = (
    sa.select(_C.c.id, _C.c.name, _D.c.id, _D.c.name)
    .select_from(_C.outerjoin(_D, _D.c.command_id == _C.c.id))
    .order_by(_C.c.name, _C.c.id, _D.c.name)
)


def _kept(key, compute):
    """A figure of the roster, kept per process until a shift, sign-up, district or command changes."""
    return _KEPT.get(ROSTER, data_versions.current(ROSTER), key, compute)


def _figures(params: dict, scope: RosterScope) -> tuple[int, int, int]:
    shifts, gaps, _cancelled, no_shows = db.session.execute(_FIGURES[scope.shape], params).one()
    # PostgreSQL's sum of a bigint sum is a numeric (a Decimal): the figures are whole numbers.
    return int(shifts), int(gaps or 0), int(no_shows or 0)


def roster_lines(
    start: date, days: int, scope: RosterScope, page: int = 1, viewer_command_id: int | None = None
) -> Roster:
    """One page of the shifts starting in a window of local days in the scope, counted and named, with the
    whole window's figures (kept between changes; the page number is clamped to the pages there are).

    Each line counts its confirmed and waiting places and no-shows, and names the confirmed people in
    sign-up order: with ``viewer_command_id`` (a supervisor's command) only the people of that command.
    """
    lo, hi = local_day_bounds(start, start + timedelta(days=days - 1))
    params = {"lo": lo, "hi": hi, **scope.params()}
    shifts, gaps, no_shows = _kept(("figures", scope.shape, *sorted(params.items())), lambda: _figures(params, scope))
    found = Roster([], 1, shifts, gaps, no_shows)
    found.page = min(max(page, 1), found.pages)
    if not found.shifts:
        return found
    shifts_stmt, signups_stmt = _ROSTER_STATEMENTS[(scope.shape, viewer_command_id is not None)]
    paging = {"page_limit": found.per_page, "page_offset": (found.page - 1) * found.per_page}
    found.lines = [RosterLine(*row) for row in db.session.execute(shifts_stmt, {**params, **paging})]
    by_id = {line.id: line for line in found.lines}
    confirmed, waiting, no_show = SignupStatus.CONFIRMED, SignupStatus.WAITING, Attendance.NO_SHOW
    viewer = {} if viewer_command_id is None else {"viewer_command_id": viewer_command_id}
    for shift_id, status, attendance, name in db.session.execute(signups_stmt, {"shift_ids": list(by_id), **viewer}):
        line = by_id[shift_id]
        if status == confirmed:
            line.confirmed += 1
            if name is not None:
                line.names.append(name)
        elif status == waiting:
            line.waiting += 1
        if attendance == no_show:
            line.no_shows += 1
    return found


def area_summary(start: date, days: int, areas: list[tuple[int, str, list[tuple[int, str]]]]) -> list[AreaSummary]:
    """Every district (by command, then name) with its shifts in the window, places to fill, cancellations
    and no-shows; "No district" last when some shifts have none (one query, one row per district).
    """
    lo, hi = local_day_bounds(start, start + timedelta(days=days - 1))
    rows = {did: AreaSummary(did, name, command) for _, command, ds in areas for did, name in ds}
    for district_id, shifts, gaps, cancelled, no_shows in _kept(("summary", lo, hi), lambda: _by_district(lo, hi)):
        row = rows.get(district_id)
        if row is None:
            row = rows[district_id] = AreaSummary(None, "No district", "")
        row.shifts, row.gaps, row.cancelled, row.no_shows = shifts, gaps, cancelled, no_shows
    return list(rows.values())


def _by_district(lo: datetime, hi: datetime) -> list[tuple[int | None, int, int, int, int]]:
    return [
        (district_id, int(shifts), int(gaps or 0), int(cancelled or 0), int(no_shows or 0))
        for district_id, shifts, gaps, cancelled, no_shows in db.session.execute(_SUMMARY, {"lo": lo, "hi": hi})
    ]


def area_choices() -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Commands (LPAs) by name, each with its districts by name, for the roster's area filter (kept; read-only)."""
    return _kept("areas", _read_areas)


def _read_areas() -> list[tuple[int, str, list[tuple[int, str]]]]:
    out: list[tuple[int, str, list[tuple[int, str]]]] = []
    for command_id, command, district_id, district in db.session.execute(_AREAS):
        if not out or out[-1][0] != command_id:
            out.append((command_id, command, []))
        if district_id is not None:
            out[-1][2].append((district_id, district))
    return out
