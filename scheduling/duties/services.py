"""Duty logging and approval: the rules every form, import and API call goes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from core.audit import record
from core.dates import LONDON, local_date, local_to_utc, now_utc
from core.db import utcnow
from core.extensions import db
from core.models import District, Parish, Role, User
from core.permissions import STAFF
from core.refusals import Refusal
from scheduling.duties import told
from scheduling.locks import locking_volunteers
from scheduling.models import DUTY_OVERLAP_GUARD, Duty, DutyStatus, DutyType, ShiftSignup, SignupStatus
from volunteers.models import SpecialConstable, Volunteer

MAX_DUTY = timedelta(hours=24)
ONLY_OWN_DUTIES = "You may log only your own duties"
ALREADY_CONFIRMED = "A duty for this shift is already logged: change that duty instead"
# The database's refusal of a second duty confirming one sign-up (the unique index of migration 0018), as
# PostgreSQL and SQLite word it.
_SIGNUP_TAKEN = ("ix_duties_signup_id", "duties.signup_id")


@dataclass
class DutyInput:
    """What someone enters to log a duty (times are Europe/London wall-clock times)."""

    volunteer_id: int
    day: date
    start: time
    end: time
    duty_type: DutyType
    end_day: date | None = None
    place: str | None = None
    district_id: int | None = None
    parish_id: int | None = None
    is_esp: bool = False
    notes: str | None = None
    shift_id: int | None = None


def duty_snapshot(duty: Duty) -> dict:
    """The fields of a duty as plain values, for the audit trail's before/after."""
    return {
        "volunteer_id": duty.volunteer_id,
        "starts_at": duty.starts_at.isoformat() if duty.starts_at else None,
        "ends_at": duty.ends_at.isoformat() if duty.ends_at else None,
        "minutes": duty.minutes,
        "duty_type": duty.duty_type.value if duty.duty_type else None,
        "place": duty.place,
        "district_id": duty.district_id,
        "parish_id": duty.parish_id,
        "is_esp": duty.is_esp,
        "esp_business_id": duty.esp_business_id,
        "notes": duty.notes,
        "status": duty.status.value if duty.status else None,
        "shift_id": duty.shift_id,
        "signup_id": duty.signup_id,
    }


def _times(inp: DutyInput) -> tuple[datetime, datetime]:
    starts_at = local_to_utc(inp.day, inp.start)
    ends_at = local_to_utc(inp.end_day or inp.day, inp.end)
    return starts_at, ends_at


# A duty lasts at most 24 hours, so any overlapping one started within a day of this one: bounding
# duty_date lets the (volunteer_id, duty_date) index do the work. Built once (every duty logged runs it).
_CLASH = (
    sa.select(Duty.id, Duty.starts_at, Duty.ends_at)
    .where(
        Duty.volunteer_id == sa.bindparam("volunteer_id"),
        Duty.duty_date >= sa.bindparam("first_day"),
        Duty.duty_date <= sa.bindparam("last_day"),
        Duty.status != DutyStatus.REJECTED,
        Duty.starts_at < sa.bindparam("ends_at", type_=Duty.starts_at.type),
        Duty.ends_at > sa.bindparam("starts_at", type_=Duty.ends_at.type),
        Duty.id != sa.bindparam("exclude_id"),
    )
    .limit(1)
)


def check_duty_shape(volunteer: DutyPerson, starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a duty that ends before it starts, lasts over 24 hours, ends in the future or is before joining."""
    if ends_at <= starts_at:
        raise Refusal("The duty must end after it starts", "end")
    if ends_at - starts_at > MAX_DUTY:
        raise Refusal("A duty cannot last more than 24 hours", "end")
    if ends_at > now_utc():
        raise Refusal("A duty cannot end in the future: log it once it has finished", "end")
    if local_date(starts_at) < volunteer.joined_on:
        raise Refusal(f"The duty is before {volunteer.full_name} joined on {volunteer.joined_on:%-d %B %Y}", "day")


def overlap_refused(other_starts_at: datetime, other_ends_at: datetime) -> Refusal:
    """The refusal of a duty that overlaps another (not rejected) duty of the same volunteer."""
    return Refusal(
        "The duty overlaps another duty already logged "
        f"({local_date(other_starts_at):%-d %b %Y} {other_starts_at.astimezone(LONDON):%H:%M}"
        f"-{other_ends_at.astimezone(LONDON):%H:%M})",
        "start",
    )


def check_duty_rules(
    volunteer: DutyPerson, starts_at: datetime, ends_at: datetime, exclude_id: int | None = None
) -> None:
    """Refuse a duty that ends before it starts, is too long, in the future, overlapping or too early."""
    check_duty_shape(volunteer, starts_at, ends_at)
    other = db.session.execute(
        _CLASH,
        {
            "volunteer_id": volunteer.id,
            "first_day": local_date(starts_at) - timedelta(days=1),
            "last_day": local_date(ends_at),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "exclude_id": exclude_id if exclude_id is not None else 0,
        },
    ).first()
    if other is not None:
        raise overlap_refused(other.starts_at, other.ends_at)


def _place(inp: DutyInput) -> tuple[int | None, int | None]:
    district_id, parish_id = inp.district_id, inp.parish_id
    if district_id is not None and db.session.get(District, district_id) is None:
        raise Refusal("Choose a district from the list", "district_id")
    if parish_id is not None:
        parish = db.session.get(Parish, parish_id)
        if parish is None:
            raise Refusal("Choose a parish from the list", "parish_id")
        if district_id is not None and parish.district_id != district_id:
            raise Refusal("The parish is not in the chosen district", "parish_id")
        district_id = parish.district_id
    return district_id, parish_id


@dataclass(frozen=True)
class DutyPerson:
    """What the duty rules read about the person a duty is for (every duty logged reads it: a plain row)."""

    id: int
    first_name: str
    last_name: str
    joined_on: date
    esp_business_id: int | None  # a Special's Employer Supported Policing employer

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# Read with the volunteer's row locked (scheduling/locks.py): two duties for one person are checked and
# written one after the other, so the second sees the first and is refused as an overlap.
_PERSON = locking_volunteers(
    sa.select(
        Volunteer.id, Volunteer.first_name, Volunteer.last_name, Volunteer.joined_on, SpecialConstable.esp_business_id
    )
    .outerjoin(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
    .where(Volunteer.id == sa.bindparam("volunteer_id"))
)


def _esp_business(volunteer: DutyPerson, is_esp: bool) -> int | None:
    if not is_esp:
        return None
    if volunteer.esp_business_id is None:
        raise Refusal(
            f"{volunteer.full_name} has no Employer Supported Policing employer, so this cannot be ESP time",
            "is_esp",
        )
    return volunteer.esp_business_id


def _volunteer(volunteer_id: int) -> DutyPerson:
    """The person a duty is for, their row locked until the transaction ends (the first lock a duty write takes)."""
    row = db.session.execute(_PERSON, {"volunteer_id": volunteer_id}).first()
    if row is None:
        raise Refusal("No volunteer has that record number", "volunteer_id")
    return DutyPerson(*row)


def _booked_signup(shift_id: int | None, volunteer_id: int, duty_id: int | None) -> int | None:
    """The volunteer's booked sign-up to the shift a duty comes from (the sign-up the duty confirms), or None for
    a duty not from a shift; refused when they were not booked or another duty confirms that sign-up already."""
    if shift_id is None:
        return None
    signup_id = db.session.scalar(
        sa.select(ShiftSignup.id).where(
            ShiftSignup.shift_id == shift_id,
            ShiftSignup.volunteer_id == volunteer_id,
            ShiftSignup.status == SignupStatus.CONFIRMED,
        )
    )
    if signup_id is None:
        raise Refusal("You were not booked on that shift", "shift_id")
    other = db.session.scalar(sa.select(Duty.id).where(Duty.signup_id == signup_id, Duty.id != (duty_id or 0)))
    if other is not None:
        raise Refusal(ALREADY_CONFIRMED, "shift_id")
    return signup_id


def may_log_for(actor: User, volunteer_id: int) -> bool:
    """Volunteers log only their own duties; coordinators and admins log for anyone."""
    if actor.role in STAFF:
        return True
    return actor.role == Role.VOLUNTEER and actor.volunteer_id == volunteer_id


def _apply(duty: Duty, inp: DutyInput, volunteer: DutyPerson) -> None:
    # The sign-up first: a shift logged twice is "already logged", not an overlap with itself.
    signup_id = _booked_signup(inp.shift_id, volunteer.id, duty.id)
    starts_at, ends_at = _times(inp)
    check_duty_rules(volunteer, starts_at, ends_at, exclude_id=duty.id)
    district_id, parish_id = _place(inp)
    duty.volunteer_id = volunteer.id
    duty.starts_at, duty.ends_at = starts_at, ends_at
    duty.duty_date = local_date(starts_at)
    duty.minutes = int((ends_at - starts_at).total_seconds() // 60)
    duty.duty_type = inp.duty_type
    duty.place = (inp.place or "").strip() or None
    duty.district_id, duty.parish_id = district_id, parish_id
    duty.is_esp = bool(inp.is_esp)
    duty.esp_business_id = _esp_business(volunteer, inp.is_esp)
    duty.notes = (inp.notes or "").strip() or None
    duty.shift_id = inp.shift_id
    duty.signup_id = signup_id


_DUTY_COLUMNS = [(attr.key, attr.columns[0].key) for attr in sa.inspect(Duty).column_attrs if attr.key != "id"]
_INSERT_DUTY = sa.insert(Duty.__table__)


def _insert_pending(duty: Duty) -> None:
    """Write a pending duty with one INSERT instead of the unit of work (every duty a volunteer logs comes here).

    Nothing else follows a pending duty (the hours ledger holds approved ones), so no flush hook is
    skipped. Every column is given on the object first, so once it joins the session as if just loaded,
    reading any attribute (the API answers with most of them) needs no query.
    """
    duty.created_at = duty.updated_at = utcnow()  # what the columns' defaults would give
    values = {}
    for key, column in _DUTY_COLUMNS:
        values[column] = getattr(duty, key)
        setattr(duty, key, values[column])  # None too: a column never set would be read back from the database
    duty.id = db.session.execute(_INSERT_DUTY, values).inserted_primary_key[0]
    make_transient_to_detached(duty)
    db.session.add(duty)


def _written(write) -> None:
    """Run a duty's INSERT or flush; the database's own overlap guard (migration 0013) and its one duty per
    sign-up (0018) become refusals."""
    try:
        write()
    except IntegrityError as error:
        if any(name in str(error.orig) for name in _SIGNUP_TAKEN):
            raise Refusal(ALREADY_CONFIRMED, "shift_id") from None
        if DUTY_OVERLAP_GUARD not in str(error.orig):
            raise
        raise Refusal("The duty overlaps another duty already logged for this person", "start") from None


def log_duty(inp: DutyInput, actor: User) -> Duty:
    """Log a duty after checking every rule; staff-logged duties are approved at once."""
    if not may_log_for(actor, inp.volunteer_id):
        raise Refusal(ONLY_OWN_DUTIES, "volunteer_id")
    volunteer = _volunteer(inp.volunteer_id)
    duty = Duty(created_by_id=actor.id, status=DutyStatus.PENDING)
    _apply(duty, inp, volunteer)
    if duty.minutes <= 0:
        raise Refusal("The duty must last at least a minute", "end")
    if actor.role in STAFF:
        duty.status = DutyStatus.APPROVED
        duty.reviewed_by_id = actor.id
        duty.reviewed_at = now_utc()
    if duty.status == DutyStatus.PENDING:
        _written(lambda: _insert_pending(duty))
    else:
        db.session.add(duty)  # approved: through the unit of work, whose hooks keep the hours ledger
        _written(db.session.flush)
    if actor.volunteer_id != duty.volunteer_id:
        # Someone logging for another person is audited; a volunteer's own first version is the row itself.
        record("duty_logged", "duty", duty.id, detail={"after": duty_snapshot(duty)})
        told.tell_logged(duty)
    return duty


def update_duty(duty: Duty, inp: DutyInput, actor: User) -> Duty:
    """Change a duty; an approved or rejected duty goes back for approval, both versions audited."""
    before = duty_snapshot(duty)
    volunteer = _volunteer(duty.volunteer_id)
    inp.volunteer_id = duty.volunteer_id
    _apply(duty, inp, volunteer)
    if duty.status != DutyStatus.PENDING:
        duty.status = DutyStatus.PENDING
        duty.reviewed_by_id = None
        duty.reviewed_at = None
        duty.rejection_reason = None
    _written(db.session.flush)
    record("duty_changed", "duty", duty.id, detail={"before": before, "after": duty_snapshot(duty)})
    if actor.volunteer_id != duty.volunteer_id:
        told.tell_changed(duty)
    return duty
