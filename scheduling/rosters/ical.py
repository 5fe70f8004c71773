"""The private iCalendar feed: a secret, revocable URL per volunteer (only a hash is stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.audit import record
from core.dates import now_utc
from core.extensions import db
from scheduling.models import CalendarFeed, Shift, ShiftSignup, SignupStatus


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(volunteer_id: int) -> str:
    """A new secret feed token for the volunteer; any earlier feed URL stops working."""
    revoke_feeds(volunteer_id, audit=False)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(volunteer_id=volunteer_id, token_hash=_hash(token)))
    record("calendar_feed_issued", "volunteer", volunteer_id)
    return token


def revoke_feeds(volunteer_id: int, audit: bool = True) -> int:
    """Stop every feed URL of the volunteer."""
    feeds = db.session.scalars(
        sa.select(CalendarFeed).where(CalendarFeed.volunteer_id == volunteer_id, CalendarFeed.revoked_at.is_(None))
    ).all()
    for feed in feeds:
        feed.revoked_at = now_utc()
    if audit and feeds:
        record("calendar_feed_revoked", "volunteer", volunteer_id)
    return len(feeds)


def has_feed(volunteer_id: int) -> bool:
    """Whether the volunteer has a live feed URL."""
    return (
        db.session.scalar(
            sa.select(CalendarFeed.id).where(
                CalendarFeed.volunteer_id == volunteer_id, CalendarFeed.revoked_at.is_(None)
            )
        )
        is not None
    )


def volunteer_for_token(token: str) -> int | None:
    """The volunteer whose live feed the token opens, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(CalendarFeed.volunteer_id).where(
            CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None)
        )
    )


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _fold(line: str) -> str:
    out, data = [], line.encode()
    while len(data) > 75:
        cut = 75 if not out else 74
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(data[:cut].decode())
        data = data[cut:]
    out.append(data.decode())
    return "\r\n ".join(out)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _status(shift: Shift, signup: ShiftSignup) -> str:
    if shift.cancelled:
        return "CANCELLED"
    return "TENTATIVE" if signup.status == SignupStatus.WAITING else "CONFIRMED"


def feed_text(volunteer_id: int, host: str, now: datetime | None = None) -> str:
    """The volunteer's shifts (confirmed and waiting, last 30 days onward) as iCalendar text."""
    now = now or now_utc()
    signups = db.session.scalars(
        sa.select(ShiftSignup)
        .join(Shift)
        .where(
            ShiftSignup.volunteer_id == volunteer_id,
            ShiftSignup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITING)),
            Shift.ends_at >= now - timedelta(days=30),
        )
        .options(joinedload(ShiftSignup.shift).joinedload(Shift.district))
        .order_by(Shift.starts_at)
    ).all()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Citizens in Policing//Shifts//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:My CiP shifts",
    ]
    for signup in signups:
        shift = signup.shift
        title = shift.title + (" (waiting list)" if signup.status == SignupStatus.WAITING else "")
        where = ", ".join(x for x in (shift.place, shift.district.name if shift.district else None) if x)
        lines += [
            "BEGIN:VEVENT",
            f"UID:shift-{shift.id}-{volunteer_id}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(shift.starts_at)}",
            f"DTEND:{_stamp(shift.ends_at)}",
            f"SUMMARY:{_escape(title)}",
            f"STATUS:{_status(shift, signup)}",
        ]
        if where:
            lines.append(f"LOCATION:{_escape(where)}")
        if shift.notes:
            lines.append(f"DESCRIPTION:{_escape(shift.notes)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
