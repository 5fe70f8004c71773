"""Reminders as in-app notifications (and email when SMTP is configured)."""

from __future__ import annotations

import smtplib
import ssl
from datetime import date, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import current_app

from core.dates import add_months, local_day_bounds, month_start, now_utc, years_before
from core.extensions import db
from core.models import Role, User
from scheduling.hours.welfare import shortfall_list
from scheduling.models import Notification, Shift, ShiftSignup, SignupStatus
from schemes.models import CsasPerson
from volunteers.models import Cadet, Vetting, Volunteer, VolunteerStatus

WINDOW_DAYS = 60


def _coordinators() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.role == Role.COORDINATOR, User.active.is_(True))).all())


class _Outbox:
    def __init__(self) -> None:
        self.existing: set[tuple[int, str]] = set()
        self.added: list[Notification] = []

    def notify(self, user: User, kind: str, key: str, message: str, link: str | None = None) -> None:
        if (user.id, key) in self.existing:
            return
        self.existing.add((user.id, key))
        found = db.session.scalar(
            sa.select(Notification.id).where(Notification.user_id == user.id, Notification.dedupe_key == key)
        )
        if found is not None:
            return
        note = Notification(user_id=user.id, kind=kind, dedupe_key=key, message=message[:400], link=link)
        db.session.add(note)
        self.added.append(note)


def send_reminders(today: date) -> dict[str, int]:
    """Create every due reminder once; returns counts by kind."""
    out = _Outbox()
    coordinators = _coordinators()
    counts: dict[str, int] = {}

    def bump(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    # Hours shortfall for last month, to the volunteer.
    last_month = add_months(month_start(today), -1)
    short = {r.volunteer_id: r for r in shortfall_list(last_month)}
    if short:
        users = db.session.scalars(
            sa.select(User).where(User.volunteer_id.in_(list(short)), User.active.is_(True))
        ).all()
        for user in users:
            row = short[user.volunteer_id]
            out.notify(
                user,
                "hours_shortfall",
                f"shortfall:{last_month:%Y-%m}",
                f"In {last_month:%B %Y} you did {row.minutes / 60:g} of your {row.commitment / 60:g} hours.",
                "/scheduling/hours/mine",
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
        for user in coordinators:
            out.notify(user, "vetting_expiry", f"vetting:{vetting.id}", message)
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
        for user in coordinators:
            out.notify(user, "csas_expiry", f"csas:{person.id}:{person.accredited_on}", message)
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
        for user in coordinators:
            out.notify(user, "cadet_age_out", f"cadet-age:{volunteer.id}", message)
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
        for user in coordinators:
            out.notify(user, "signup_deadline", f"deadline:{shift.id}", message, f"/scheduling/shifts/{shift.id}")
        bump("signup_deadline")

    db.session.flush()
    _email(out.added)
    return counts


def _email(notes: list[Notification]) -> None:
    host = current_app.config.get("MAIL_SERVER")
    if not host or not notes:
        return
    sender = current_app.config.get("MAIL_DEFAULT_SENDER", "cip-noreply@localhost")
    with smtplib.SMTP(host, int(current_app.config.get("MAIL_PORT", 25)), timeout=20) as smtp:
        if current_app.config.get("MAIL_USE_TLS"):
            # Verified TLS: the server's certificate must be valid for its name (smtplib checks neither by default).
            smtp.starttls(context=ssl.create_default_context())
        if current_app.config.get("MAIL_USERNAME"):
            smtp.login(current_app.config["MAIL_USERNAME"], current_app.config.get("MAIL_PASSWORD", ""))
        for note in notes:
            user = db.session.get(User, note.user_id)
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = sender, user.email, "Citizens in Policing reminder"
            message.set_content(note.message)
            smtp.send_message(message)
            note.emailed_at = now_utc()


def notifications_for(user_id: int, limit: int = 100) -> list[Notification]:
    """A user's notifications, newest first."""
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        ).all()
    )
