"""Reminders (hours short, vetting and CSAS expiry, cadets ageing out, sign-up deadlines), told through notices.

Each reminder has a dedupe key, so a person hears of one thing once however often the job runs; how it
travels (in-app, email, text) is the notices package's business.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

import notices
from core.dates import add_months, local_day_bounds, month_start, now_utc, years_before
from core.extensions import db
from core.models import Role, User
from scheduling.hours.welfare import shortfall_list
from scheduling.models import Shift, ShiftSignup, SignupStatus
from schemes.models import CsasPerson
from volunteers.models import Cadet, Vetting, Volunteer, VolunteerStatus

WINDOW_DAYS = 60


def _coordinators() -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(User.role == Role.COORDINATOR, User.active.is_(True))))


def _remind(text: str, key: str, link: str | None = None, *, volunteer_ids=(), user_ids=()) -> None:
    """One reminder, once per person however often the job runs (the notice's dedupe key)."""
    notices.send(text, link, volunteer_ids=volunteer_ids, user_ids=user_ids, kind="reminder", dedupe_key=key)


def send_reminders(today: date) -> dict[str, int]:
    """Create every due reminder once; returns counts by kind."""
    coordinators = _coordinators()
    counts: dict[str, int] = {}

    def bump(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    # Hours shortfall for last month, to the volunteer.
    last_month = add_months(month_start(today), -1)
    for row in shortfall_list(last_month):
        _remind(
            f"In {last_month:%B %Y} you did {row.minutes / 60:g} of your {row.commitment / 60:g} hours.",
            f"shortfall:{last_month:%Y-%m}",
            "/scheduling/hours/mine",
            volunteer_ids=[row.volunteer_id],
        )
        bump("hours_shortfall")

    horizon = today + timedelta(days=WINDOW_DAYS)
    expiring = db.session.execute(
        sa.select(Vetting, Volunteer)
        .join(Volunteer, Volunteer.id == Vetting.volunteer_id)
        .where(Vetting.expires_on >= today, Vetting.expires_on <= horizon, Volunteer.status == VolunteerStatus.ACTIVE)
    ).all()
    for vetting, volunteer in expiring:
        message = f"Vetting for {volunteer.full_name} expires on {vetting.expires_on:%-d %B %Y}."
        _remind(message, f"vetting:{vetting.id}", user_ids=coordinators)
        bump("vetting_expiry")

    csas_from = years_before(today, 3)
    csas = db.session.scalars(
        sa.select(CsasPerson).where(
            CsasPerson.active.is_(True),
            CsasPerson.accredited_on >= csas_from,
            CsasPerson.accredited_on <= csas_from + timedelta(days=WINDOW_DAYS),
        )
    ).all()
    for person in csas:
        message = (
            f"CSAS accreditation of {person.name} needs its 3-year refresher "
            f"(accredited {person.accredited_on:%-d %B %Y})."
        )
        _remind(message, f"csas:{person.id}:{person.accredited_on}", user_ids=coordinators)
        bump("csas_expiry")

    # Cadets who turn 18 in the window leave the cadet programme.
    born_from = date(today.year - 18, today.month, min(today.day, 28))
    cadets = (
        db.session.execute(
            sa.select(Volunteer)
            .join(Cadet, Cadet.volunteer_id == Volunteer.id)
            .where(
                Volunteer.status == VolunteerStatus.ACTIVE,
                Volunteer.date_of_birth.is_not(None),
                Volunteer.date_of_birth >= born_from,
                Volunteer.date_of_birth <= born_from + timedelta(days=WINDOW_DAYS),
            )
        )
        .scalars()
        .all()
    )
    for volunteer in cadets:
        born = volunteer.date_of_birth
        message = f"Cadet {volunteer.full_name} turns 18 on {born.day} {born:%B} {born.year + 18}."
        _remind(message, f"cadet-age:{volunteer.id}", user_ids=coordinators)
        bump("cadet_age_out")

    # Shifts whose sign-up deadline falls in the next two days and still have places free.
    lo, hi = local_day_bounds(today, today + timedelta(days=1))
    lo = max(lo, now_utc()) if today == now_utc().date() else lo
    confirmed = (
        sa.select(sa.func.count(ShiftSignup.id))
        .where(ShiftSignup.shift_id == Shift.id, ShiftSignup.status == SignupStatus.CONFIRMED)
        .scalar_subquery()
    )
    shifts = db.session.scalars(
        sa.select(Shift).where(
            Shift.cancelled.is_(False),
            Shift.signup_deadline >= lo,
            Shift.signup_deadline < hi,
            confirmed < Shift.places,
        )
    ).all()
    for shift in shifts:
        message = f"Sign-up closes soon for '{shift.title}' and it still has places to fill."
        _remind(message, f"deadline:{shift.id}", f"/scheduling/shifts/{shift.id}", user_ids=coordinators)
        bump("signup_deadline")

    return counts
