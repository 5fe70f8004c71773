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
    if shift.cancelled or signup.status == SignupStatus.WITHDRAWN:
        return "CANCELLED"
    return "TENTATIVE" if signup.status == SignupStatus.WAITING else "CONFIRMED"


def event_uid(shift_id: int, volunteer_id: int) -> str:
    """The event's UID: the same for a volunteer's place on a shift whatever address the feed is read from."""
    return f"cip-shift-{shift_id}-volunteer-{volunteer_id}@citizens-in-policing"


def _event(shift: Shift, signup: ShiftSignup) -> list[str]:
    """One VEVENT: SEQUENCE counts changes of the shift and of the place on it; LAST-MODIFIED the latest."""
    title = shift.title + (" (waiting list)" if signup.status == SignupStatus.WAITING else "")
    where = ", ".join(x for x in (shift.place, shift.district.name if shift.district else None) if x)
    modified = max(shift.updated_at, signup.updated_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(shift.id, signup.volunteer_id)}",
        f"DTSTAMP:{_stamp(modified)}",
        f"LAST-MODIFIED:{_stamp(modified)}",
        f"SEQUENCE:{shift.sequence + signup.sequence}",
        f"DTSTART:{_stamp(shift.starts_at)}",
        f"DTEND:{_stamp(shift.ends_at)}",
        f"SUMMARY:{_escape(title)}",
        f"STATUS:{_status(shift, signup)}",
    ]
    if where:
        lines.append(f"LOCATION:{_escape(where)}")
    if shift.notes:
        lines.append(f"DESCRIPTION:{_escape(shift.notes)}")
    return [*lines, "END:VEVENT"]


def feed_text(volunteer_id: int, now: datetime | None = None) -> str:
    """The volunteer's shifts from 30 days ago onward as iCalendar text (RFC 5545).

    Places they gave up or were taken off, and cancelled shifts, stay in the feed as CANCELLED, so a
    calendar that subscribed removes them; lines are folded at 75 octets.
    """
    now = now or now_utc()
    signups = db.session.scalars(
        sa.select(ShiftSignup)
        .join(Shift)
        .where(ShiftSignup.volunteer_id == volunteer_id, Shift.ends_at >= now - timedelta(days=30))
        .options(joinedload(ShiftSignup.shift).joinedload(Shift.district))
        .order_by(Shift.starts_at, Shift.id)
    ).all()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Citizens in Policing//Shifts//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:My CiP shifts",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for signup in signups:
        lines += _event(signup.shift, signup)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
