"""Rosters: shifts, who may sign up, the waiting list, clashes, attendance and rosters by area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core.audit import record
from core.dates import local_date, local_day_bounds, now_utc
from core.extensions import db
from core.models import District
from core.refusals import Refusal
from scheduling.locks import lock_shift, lock_volunteers
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from volunteers.memberships import programmes_on
from volunteers.models import Programme, SpecialConstable, Volunteer

ACTIVE = (SignupStatus.CONFIRMED, SignupStatus.WAITING)
CADET_PROGRAMMES = {Programme.CADET, Programme.JUNIOR_CADET}


def eligible_programmes(shift: Shift) -> set[Programme]:
    """The programmes a shift is open to (empty: every adult programme)."""
    return {Programme(v) for v in shift.eligible_programmes.split(",") if v.strip()}


def eligibility_problem(shift: Shift, volunteer: Volunteer) -> str | None:
    """Why the volunteer may not take the shift, or None when they may."""
    on = local_date(shift.starts_at)
    programmes = programmes_on(volunteer.id, on)
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


def sign_up(
    shift_id: int, volunteer: Volunteer, now: datetime | None = None, enforce_deadline: bool = True
) -> ShiftSignup:
    """Take a place on the shift, or a waiting-list place when it is full.

    The volunteer's row and then the shift's are locked first (scheduling/locks.py), so sign-ups to one shift
    count its places one after another, and one person's sign-ups to overlapping shifts see each other.
    """
    now = now or now_utc()
    lock_volunteers(db.session.connection(), [volunteer.id])
    shift = lock_shift(shift_id)
    if shift is None or shift.cancelled:
        raise Refusal("That shift is not open for sign-up", "shift_id")
    if shift.starts_at <= now:
        raise Refusal("That shift has already started", "shift_id")
    if enforce_deadline and shift.signup_deadline is not None and now > shift.signup_deadline:
        raise Refusal("The sign-up deadline for this shift has passed", "shift_id")
    problem = eligibility_problem(shift, volunteer)
    if problem:
        raise Refusal(problem, "shift_id")
    clash = _clash(shift, volunteer.id)
    if clash is not None:
        raise Refusal(f"This shift clashes with another of your shifts: {clash.title}", "shift_id")
    existing = db.session.scalars(
        sa.select(ShiftSignup).where(ShiftSignup.shift_id == shift.id, ShiftSignup.volunteer_id == volunteer.id)
    ).first()
    if existing is not None and existing.status in ACTIVE:
        raise Refusal("You are already signed up to this shift", "shift_id")
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
        raise Refusal("You are already signed up to this shift", "shift_id") from None
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
    shift = lock_shift(shift_id)
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
        raise Refusal("You are not signed up to this shift", "shift_id")
    if shift.starts_at <= now:
        raise Refusal("The shift has started: ask a coordinator to change the roster", "shift_id")
    signup.status = SignupStatus.WITHDRAWN
    db.session.flush()
    record("shift_withdrawn", "shift", shift.id, detail={"volunteer_id": volunteer_id})
    return promote_waiting(shift)


def record_attendance(signup: ShiftSignup, attendance: Attendance | None) -> None:
    """Mark a confirmed place as attended or a no-show."""
    if signup.status != SignupStatus.CONFIRMED:
        raise Refusal("Only confirmed places have attendance", "attendance")
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
        raise Refusal("The shift must end after it starts", "end")
    if inp.ends_at - inp.starts_at > timedelta(hours=24):
        raise Refusal("A shift cannot last more than 24 hours", "end")
    if inp.places < 1:
        raise Refusal("A shift needs at least one place", "places")
    if inp.signup_deadline is not None and inp.signup_deadline > inp.starts_at:
        raise Refusal("The sign-up deadline must be before the shift starts", "signup_deadline")
    valid = {p.value for p in Programme}
    programmes = [p for p in (inp.eligible_programmes or []) if p]
    if any(p not in valid for p in programmes):
        raise Refusal("Choose programmes from the list", "eligible_programmes")
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
