"""Rosters: shifts, who may sign up, the waiting list, clashes, attendance and rosters by area."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core.audit import record
from core.extensions import db
from core.models import Command, District
from scheduling.common import LONDON, RuleError, local_date, local_day_bounds, now_utc
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from volunteers.models import Programme, ProgrammeMembership, SpecialConstable, Volunteer

ACTIVE = (SignupStatus.CONFIRMED, SignupStatus.WAITING)
CADET_PROGRAMMES = {Programme.CADET, Programme.JUNIOR_CADET}


def _programmes_on(volunteer_id: int, on: date) -> set[Programme]:
    rows = db.session.scalars(
        sa.select(ProgrammeMembership.programme).where(
            ProgrammeMembership.volunteer_id == volunteer_id,
            ProgrammeMembership.started_on <= on,
            sa.or_(ProgrammeMembership.ended_on.is_(None), ProgrammeMembership.ended_on >= on),
        )
    ).all()
    return set(rows)


def eligible_programmes(shift: Shift) -> set[Programme]:
    """The programmes a shift is open to (empty: every adult programme)."""
    return {Programme(v) for v in shift.eligible_programmes.split(",") if v.strip()}


def eligibility_problem(shift: Shift, volunteer: Volunteer) -> str | None:
    """Why the volunteer may not take the shift, or None when they may."""
    on = local_date(shift.starts_at)
    programmes = _programmes_on(volunteer.id, on)
    wanted = eligible_programmes(shift)
    if wanted and not (wanted & programmes):
        names = ", ".join(sorted(p.label for p in wanted))
        return f"This shift is only for: {names}"
    if not wanted and programmes & CADET_PROGRAMMES:
        return "This shift is not open to cadets"
    if programmes & CADET_PROGRAMMES and (volunteer.cadet is None or volunteer.cadet.guardian_consent_on is None):
        return "A cadet needs a guardian's consent on record before signing up"
    special: SpecialConstable | None = volunteer.special
    if shift.minimum_rank_seniority is not None and (
        special is None or special.rank.seniority < shift.minimum_rank_seniority
    ):
        return "This shift needs a more senior rank"
    if shift.required_skill_id is not None and (
        special is None or shift.required_skill_id not in {s.id for s in special.skills}
    ):
        return "This shift needs a skill you do not have on record"
    return None


def _clash(shift: Shift, volunteer_id: int) -> Shift | None:
    return db.session.scalars(
        sa.select(Shift)
        .join(ShiftSignup)
        .where(
            ShiftSignup.volunteer_id == volunteer_id,
            ShiftSignup.status.in_(ACTIVE),
            Shift.id != shift.id,
            Shift.cancelled.is_(False),
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .limit(1)
    ).first()


def confirmed_count(shift_id: int) -> int:
    """How many confirmed places a shift has taken."""
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ShiftSignup)
            .where(ShiftSignup.shift_id == shift_id, ShiftSignup.status == SignupStatus.CONFIRMED)
        )
        or 0
    )


def _lock_shift(shift_id: int) -> Shift | None:
    # FOR UPDATE on PostgreSQL serialises sign-ups for one shift; SQLite already holds the write lock.
    return db.session.scalars(sa.select(Shift).where(Shift.id == shift_id).with_for_update()).first()


def sign_up(
    shift_id: int, volunteer: Volunteer, now: datetime | None = None, enforce_deadline: bool = True
) -> ShiftSignup:
    """Take a place on the shift, or a waiting-list place when it is full."""
    now = now or now_utc()
    shift = _lock_shift(shift_id)
    if shift is None or shift.cancelled:
        raise RuleError("That shift is not open for sign-up", "shift_id")
    if shift.starts_at <= now:
        raise RuleError("That shift has already started", "shift_id")
    if enforce_deadline and shift.signup_deadline is not None and now > shift.signup_deadline:
        raise RuleError("The sign-up deadline for this shift has passed", "shift_id")
    problem = eligibility_problem(shift, volunteer)
    if problem:
        raise RuleError(problem, "shift_id")
    clash = _clash(shift, volunteer.id)
    if clash is not None:
        raise RuleError(f"This shift clashes with another of your shifts: {clash.title}", "shift_id")
    existing = db.session.scalars(
        sa.select(ShiftSignup).where(ShiftSignup.shift_id == shift.id, ShiftSignup.volunteer_id == volunteer.id)
    ).first()
    if existing is not None and existing.status in ACTIVE:
        raise RuleError("You are already signed up to this shift", "shift_id")
    status = SignupStatus.CONFIRMED if confirmed_count(shift.id) < shift.places else SignupStatus.WAITING
    if existing is None:
        existing = ShiftSignup(shift_id=shift.id, volunteer_id=volunteer.id)
        db.session.add(existing)
    existing.status = status
    existing.signed_up_at = now
    existing.attendance = None
    try:
        db.session.flush()
    except IntegrityError:
        raise RuleError("You are already signed up to this shift", "shift_id") from None
    record("shift_signup", "shift", shift.id, detail={"volunteer_id": volunteer.id, "status": status.value})
    return existing


def promote_waiting(shift: Shift) -> list[ShiftSignup]:
    """Move people up from the waiting list, first come first served, while places are free."""
    free = shift.places - confirmed_count(shift.id)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        sa.select(ShiftSignup)
        .where(ShiftSignup.shift_id == shift.id, ShiftSignup.status == SignupStatus.WAITING)
        .order_by(ShiftSignup.signed_up_at, ShiftSignup.id)
        .limit(free)
    ).all()
    for signup in waiting:
        signup.status = SignupStatus.CONFIRMED
        record("shift_promoted", "shift", shift.id, detail={"volunteer_id": signup.volunteer_id})
    db.session.flush()
    return list(waiting)


def withdraw(shift_id: int, volunteer_id: int, now: datetime | None = None) -> list[ShiftSignup]:
    """Give up a place (or waiting-list place); the waiting list moves up. Returns who moved up."""
    now = now or now_utc()
    shift = _lock_shift(shift_id)
    signup = None
    if shift is not None:
        signup = db.session.scalars(
            sa.select(ShiftSignup).where(
                ShiftSignup.shift_id == shift_id,
                ShiftSignup.volunteer_id == volunteer_id,
                ShiftSignup.status.in_(ACTIVE),
            )
        ).first()
    if signup is None:
        raise RuleError("You are not signed up to this shift", "shift_id")
    if shift.starts_at <= now:
        raise RuleError("The shift has started: ask a coordinator to change the roster", "shift_id")
    signup.status = SignupStatus.WITHDRAWN
    db.session.flush()
    record("shift_withdrawn", "shift", shift.id, detail={"volunteer_id": volunteer_id})
    return promote_waiting(shift)


def record_attendance(signup: ShiftSignup, attendance: Attendance | None) -> None:
    """Mark a confirmed place as attended or a no-show."""
    if signup.status != SignupStatus.CONFIRMED:
        raise RuleError("Only confirmed places have attendance", "attendance")
    signup.attendance = attendance
    record(
        "shift_attendance",
        "shift",
        signup.shift_id,
        detail={"volunteer_id": signup.volunteer_id, "attendance": attendance.value if attendance else None},
    )


def no_show_counts(start: date, end: date) -> dict[int, int]:
    """No-shows per volunteer for shifts starting in the period."""
    lo, hi = local_day_bounds(start, end)
    rows = db.session.execute(
        sa.select(ShiftSignup.volunteer_id, sa.func.count())
        .join(Shift)
        .where(ShiftSignup.attendance == Attendance.NO_SHOW, Shift.starts_at >= lo, Shift.starts_at < hi)
        .group_by(ShiftSignup.volunteer_id)
    ).all()
    return dict(rows)


@dataclass
class ShiftView:
    shift: Shift
    confirmed: int
    waiting: int
    my_status: SignupStatus | None = None

    @property
    def gaps(self) -> int:
        return max(self.shift.places - self.confirmed, 0)


def _counts(shift_ids: list[int]) -> dict[tuple[int, SignupStatus], int]:
    if not shift_ids:
        return {}
    rows = db.session.execute(
        sa.select(ShiftSignup.shift_id, ShiftSignup.status, sa.func.count())
        .where(ShiftSignup.shift_id.in_(shift_ids))
        .group_by(ShiftSignup.shift_id, ShiftSignup.status)
    ).all()
    return {(s, st): n for s, st, n in rows}


def shift_views(shifts: list[Shift], volunteer_id: int | None = None) -> list[ShiftView]:
    """Shifts with their confirmed and waiting counts (two queries, whatever the number)."""
    ids = [s.id for s in shifts]
    counts = _counts(ids)
    mine: dict[int, SignupStatus] = {}
    if volunteer_id is not None and ids:
        mine = dict(
            db.session.execute(
                sa.select(ShiftSignup.shift_id, ShiftSignup.status).where(
                    ShiftSignup.volunteer_id == volunteer_id, ShiftSignup.shift_id.in_(ids)
                )
            ).all()
        )
    return [
        ShiftView(
            s,
            counts.get((s.id, SignupStatus.CONFIRMED), 0),
            counts.get((s.id, SignupStatus.WAITING), 0),
            mine.get(s.id),
        )
        for s in shifts
    ]


def open_shifts(base: sa.Select, now: datetime | None = None, limit: int = 200) -> list[Shift]:
    """Upcoming shifts not cancelled, soonest first."""
    now = now or now_utc()
    return list(
        db.session.scalars(
            base.where(Shift.starts_at > now, Shift.cancelled.is_(False))
            .options(joinedload(Shift.district), joinedload(Shift.parish))
            .order_by(Shift.starts_at)
            .limit(limit)
        ).all()
    )


def my_signups(volunteer_id: int, now: datetime | None = None, include_past: bool = False) -> list[ShiftSignup]:
    """The volunteer's places and waiting-list places, soonest first."""
    now = now or now_utc()
    stmt = (
        sa.select(ShiftSignup)
        .join(Shift)
        .where(ShiftSignup.volunteer_id == volunteer_id, ShiftSignup.status.in_(ACTIVE))
        .options(joinedload(ShiftSignup.shift))
        .order_by(Shift.starts_at)
    )
    if not include_past:
        stmt = stmt.where(Shift.ends_at > now)
    return list(db.session.scalars(stmt).all())


# --- The roster page: plain rows, statements built once ---------------------------------------


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
class Roster:
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
    def pages(self) -> int:
        return max(1, -(-self.shifts // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

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


def _roster_statements(shape: str) -> tuple[sa.Select, sa.Select]:
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
    signups = (
        sa.select(
            _SS.c.shift_id, _SS.c.status, _SS.c.attendance, sa.case((_SS.c.status == SignupStatus.CONFIRMED, name))
        )
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
_ROSTER_STATEMENTS = {shape: _roster_statements(shape) for shape in _SHAPES}
_FIGURES = {shape: _summary_statement(shape, by_district=False) for shape in _SHAPES}
_SUMMARY = _summary_statement("all", by_district=True)
_AREAS = (
    sa.select(_C.c.id, _C.c.name, _D.c.id, _D.c.name)
    .select_from(_C.outerjoin(_D, _D.c.command_id == _C.c.id))
    .order_by(_C.c.name, _C.c.id, _D.c.name)
)


def roster_lines(start: date, days: int, scope: RosterScope, page: int = 1) -> Roster:
    """One page of the shifts starting in a window of local days in the scope, counted and named, with the
    whole window's figures (three queries; the page number is clamped to the pages there are).

    Each line counts its confirmed and waiting places and no-shows, and names the confirmed people in
    sign-up order.
    """
    lo, hi = local_day_bounds(start, start + timedelta(days=days - 1))
    params = {"lo": lo, "hi": hi, **scope.params()}
    shifts, gaps, _cancelled, no_shows = db.session.execute(_FIGURES[scope.shape], params).one()
    found = Roster([], 1, int(shifts), int(gaps or 0), int(no_shows or 0))
    found.page = min(max(page, 1), found.pages)
    if not found.shifts:
        return found
    shifts_stmt, signups_stmt = _ROSTER_STATEMENTS[scope.shape]
    paging = {"page_limit": found.per_page, "page_offset": (found.page - 1) * found.per_page}
    found.lines = [RosterLine(*row) for row in db.session.execute(shifts_stmt, {**params, **paging})]
    by_id = {line.id: line for line in found.lines}
    confirmed, waiting, no_show = SignupStatus.CONFIRMED, SignupStatus.WAITING, Attendance.NO_SHOW
    for shift_id, status, attendance, name in db.session.execute(signups_stmt, {"shift_ids": list(by_id)}):
        line = by_id[shift_id]
        if status == confirmed:
            line.confirmed += 1
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
    for district_id, shifts, gaps, cancelled, no_shows in db.session.execute(_SUMMARY, {"lo": lo, "hi": hi}):
        row = rows.get(district_id)
        if row is None:
            row = rows[district_id] = AreaSummary(None, "No district", "")
        # PostgreSQL's sum of a bigint sum is a numeric (a Decimal): the figures are whole numbers.
        row.shifts, row.gaps = shifts, int(gaps or 0)
        row.cancelled, row.no_shows = int(cancelled or 0), int(no_shows or 0)
    return list(rows.values())


def area_choices() -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Commands (LPAs) by name, each with its districts by name, for the roster's area filter (one query)."""
    out: list[tuple[int, str, list[tuple[int, str]]]] = []
    for command_id, command, district_id, district in db.session.execute(_AREAS):
        if not out or out[-1][0] != command_id:
            out.append((command_id, command, []))
        if district_id is not None:
            out[-1][2].append((district_id, district))
    return out


def districts() -> list[District]:
    """Districts by name, for area filters."""
    return list(db.session.scalars(sa.select(District).order_by(District.name)).all())


def candidates_for(shift: Shift, limit: int = 300) -> list[Volunteer]:
    """Active volunteers not yet on the shift, for a coordinator filling a gap."""
    taken = sa.select(ShiftSignup.volunteer_id).where(ShiftSignup.shift_id == shift.id, ShiftSignup.status.in_(ACTIVE))
    stmt = sa.select(Volunteer).where(Volunteer.status == "active", Volunteer.id.not_in(taken))
    if shift.district_id is not None:
        stmt = stmt.order_by((Volunteer.district_id == shift.district_id).desc(), Volunteer.last_name)
    else:
        stmt = stmt.order_by(Volunteer.last_name)
    return list(db.session.scalars(stmt.limit(limit)).all())


@dataclass
class ShiftInput:
    title: str
    shift_type: object
    starts_at: datetime
    ends_at: datetime
    places: int = 2
    place: str | None = None
    district_id: int | None = None
    parish_id: int | None = None
    eligible_programmes: list[str] | None = None
    minimum_rank_seniority: int | None = None
    required_skill_id: int | None = None
    signup_deadline: datetime | None = None
    notes: str | None = None


def create_shift(inp: ShiftInput, actor_id: int | None) -> Shift:
    """Create a shift after checking its times, places and deadline."""
    if inp.ends_at <= inp.starts_at:
        raise RuleError("The shift must end after it starts", "end")
    if inp.ends_at - inp.starts_at > timedelta(hours=24):
        raise RuleError("A shift cannot last more than 24 hours", "end")
    if inp.places < 1:
        raise RuleError("A shift needs at least one place", "places")
    if inp.signup_deadline is not None and inp.signup_deadline > inp.starts_at:
        raise RuleError("The sign-up deadline must be before the shift starts", "signup_deadline")
    valid = {p.value for p in Programme}
    programmes = [p for p in (inp.eligible_programmes or []) if p]
    if any(p not in valid for p in programmes):
        raise RuleError("Choose programmes from the list", "eligible_programmes")
    shift = Shift(
        title=inp.title.strip(),
        shift_type=inp.shift_type,
        starts_at=inp.starts_at,
        ends_at=inp.ends_at,
        places=inp.places,
        place=(inp.place or "").strip() or None,
        district_id=inp.district_id,
        parish_id=inp.parish_id,
        eligible_programmes=",".join(programmes),
        minimum_rank_seniority=inp.minimum_rank_seniority,
        required_skill_id=inp.required_skill_id,
        signup_deadline=inp.signup_deadline,
        notes=(inp.notes or "").strip() or None,
        created_by_id=actor_id,
    )
    db.session.add(shift)
    db.session.flush()
    record("shift_created", "shift", shift.id, detail={"title": shift.title})
    return shift
