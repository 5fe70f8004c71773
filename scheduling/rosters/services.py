"""Rosters: creating shifts and listing them with their places.

Who may take a shift is scheduling/rosters/eligibility.py, places and the waiting list signups.py, changes to
a shift changes.py, repeats and templates repeats.py, filling gaps gaps.py; the names below are kept here
for the callers that import them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.audit import record
from core.dates import local_day_bounds, now_utc
from core.extensions import db
from core.models import District
from core.refusals import Refusal
from scheduling.models import Attendance, Shift, ShiftSignup, SignupStatus
from scheduling.rosters.eligibility import CADET_PROGRAMMES, eligibility_problem, eligible_programmes
from scheduling.rosters.signups import (
    ACTIVE,
    confirmed_count,
    fill_from_waiting_list,
    promote_waiting,
    record_attendance,
    sign_up,
    withdraw,
)
from volunteers.models import Programme

__all__ = [
    "ACTIVE",
    "CADET_PROGRAMMES",
    "eligibility_problem",
    "eligible_programmes",
    "confirmed_count",
    "fill_from_waiting_list",
    "promote_waiting",
    "record_attendance",
    "sign_up",
    "withdraw",
]


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


SHIFT_FIELDS = (
    "title",
    "shift_type",
    "starts_at",
    "ends_at",
    "places",
    "place",
    "district_id",
    "parish_id",
    "eligible_programmes",
    "minimum_rank_seniority",
    "required_skill_id",
    "signup_deadline",
    "notes",
)


def shift_values(inp: ShiftInput) -> dict:
    """A shift's columns from the input, after checking its times, places, deadline and programmes."""
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
    return {
        "title": inp.title.strip(),
        "shift_type": inp.shift_type,
        "starts_at": inp.starts_at,
        "ends_at": inp.ends_at,
        "places": inp.places,
        "place": (inp.place or "").strip() or None,
        "district_id": inp.district_id,
        "parish_id": inp.parish_id,
        "eligible_programmes": ",".join(programmes),
        "minimum_rank_seniority": inp.minimum_rank_seniority,
        "required_skill_id": inp.required_skill_id,
        "signup_deadline": inp.signup_deadline,
        "notes": (inp.notes or "").strip() or None,
    }


def input_of(shift: Shift) -> ShiftInput:
    """A shift's values as input, to change some and keep the rest."""
    values = {name: getattr(shift, name) for name in SHIFT_FIELDS}
    values["eligible_programmes"] = [p for p in shift.eligible_programmes.split(",") if p]
    return ShiftInput(**values)


def create_shift(inp: ShiftInput, actor_id: int | None) -> Shift:
    """Create a shift after checking its times, places and deadline."""
    shift = Shift(**shift_values(inp), created_by_id=actor_id)
    db.session.add(shift)
    db.session.flush()
    record("shift_created", "shift", shift.id, detail={"title": shift.title})
    return shift
