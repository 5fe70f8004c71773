"""Queueing emails and texts beside in-app notices, in the caller's transaction: whom, by which channel, to
which address (read now, from the volunteer record or the account), and the words they get."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask import current_app

from core.dates import today, years_after
from core.extensions import db
from core.models import User
from notices.models import Notice
from notices.outbox.channels import Configured, configured
from notices.outbox.models import Audience, Channel, ContactPreference, OutboxMessage, OutboxState
from volunteers.models import Cadet, Volunteer

OUTBOX = OutboxMessage.__table__
ADULT_AGE = 18
SUBJECT_LENGTH = 78


@dataclass(frozen=True)
class Person:
    """What choosing a channel and an address needs to know of one recipient."""

    volunteer_id: int | None
    user_id: int | None
    first_name: str | None
    email: str | None
    mobile: str | None
    born_on: date | None
    is_cadet: bool
    guardian_email: str | None
    guardian_phone: str | None
    chosen: Channel | None


def is_minor(born_on: date | None, is_cadet: bool, on: date | None = None) -> bool:
    """Under 18 on the day (a cadet whose date of birth is not recorded is taken to be a child)."""
    if born_on is None:
        return is_cadet
    return years_after(born_on, ADULT_AGE) > (on or today())


def default_channel(providers: Configured) -> Channel:
    """What a person gets until they choose: email when an email channel is configured, else in-app only."""
    return Channel.EMAIL if providers.email else Channel.APP


def channel_for(person: Person, providers: Configured, minor: bool) -> tuple[Channel, str] | None:
    """The channel and address of a person's own copy (None: in-app only). A text never goes to a minor's
    own number (they get an email instead), and a channel not configured or an address missing means in-app."""
    chosen = person.chosen or default_channel(providers)
    if chosen is Channel.SMS:
        if providers.sms and person.mobile and not minor:
            return Channel.SMS, person.mobile
        chosen = Channel.EMAIL
    if chosen is Channel.EMAIL and providers.email and person.email:
        return Channel.EMAIL, person.email
    return None


def guardian_channel(person: Person, providers: Configured) -> tuple[Channel, str] | None:
    """Where a minor cadet's guardian gets their copy: email if we hold one, else a text."""
    if providers.email and person.guardian_email:
        return Channel.EMAIL, person.guardian_email
    if providers.sms and person.guardian_phone:
        return Channel.SMS, person.guardian_phone
    return None


def _volunteer_columns(owner: sa.ColumnElement) -> list:
    pref = (
        sa.select(ContactPreference.channel)
        .where(ContactPreference.kind == sa.bindparam("kind"), owner)
        .limit(1)
        .scalar_subquery()
    )
    return [
        Volunteer.first_name,
        Volunteer.email,
        Volunteer.phone,
        Volunteer.date_of_birth,
        Cadet.volunteer_id.is_not(None),
        Cadet.guardian_email,
        Cadet.guardian_phone,
        pref,
    ]


@cache
def _statements() -> tuple[sa.Select, sa.Select]:
    """The two recipient queries, built once (a call-out runs them once per person)."""
    volunteers = (
        sa.select(Volunteer.id, *_volunteer_columns(ContactPreference.volunteer_id == Volunteer.id))
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(Volunteer.id.in_(sa.bindparam("ids", expanding=True)))
    )
    owner = sa.or_(
        ContactPreference.volunteer_id == User.volunteer_id,
        sa.and_(User.volunteer_id.is_(None), ContactPreference.user_id == User.id),
    )
    users = (
        sa.select(User.id, User.email, User.volunteer_id, *_volunteer_columns(owner))
        .outerjoin(Volunteer, Volunteer.id == User.volunteer_id)
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(User.id.in_(sa.bindparam("ids", expanding=True)), User.active.is_(True))
    )
    return volunteers, users


def people(kind: str, volunteer_ids: Iterable[int], user_ids: Iterable[int]) -> dict[tuple[str, int], Person]:
    """The recipients of one kind of message by ("volunteer", id) and ("user", id): at most two queries."""
    found: dict[tuple[str, int], Person] = {}
    volunteer_ids, user_ids = list(volunteer_ids), list(user_ids)
    by_volunteer, by_user = _statements()
    connection = db.session.connection()
    if volunteer_ids:
        for row in connection.execute(by_volunteer, {"kind": kind, "ids": volunteer_ids}):
            vid, first, email, phone, born, cadet, g_email, g_phone, chosen = row
            found["volunteer", vid] = Person(vid, None, first, email, phone, born, cadet, g_email, g_phone, chosen)
    if user_ids:
        for row in connection.execute(by_user, {"kind": kind, "ids": user_ids}):
            uid, account_email, vid, first, email, phone, born, cadet, g_email, g_phone, chosen = row
            found["user", uid] = Person(
                vid, uid, first, email or account_email, phone, born, bool(cadet), g_email, g_phone, chosen
            )
    return found


def absolute(link: str | None, config: Mapping) -> str | None:
    """A link within the service made absolute with CIP_BASE_URL (never the request's own host)."""
    if not link:
        return None
    return str(config.get("BASE_URL") or "").rstrip("/") + link


def subject_of(text: str) -> str:
    """An email subject made from a notice's text: its first line, cut at a word near 78 characters."""
    line = text.strip().splitlines()[0] if text.strip() else "A message from Citizens in Policing"
    if len(line) <= SUBJECT_LENGTH:
        return line
    return line[: SUBJECT_LENGTH - 3].rsplit(" ", 1)[0] + "..."


def body_of(
    text: str, link: str | None, channel: Channel, config: Mapping, guardian_of: str | None = None, chooses: bool = True
) -> str:
    """The words of an email or text: the notice, its link, and (an email to someone who chooses) how to
    change what we send."""
    url = absolute(link, config)
    if channel is Channel.SMS:
        lead = f"For {guardian_of}'s guardian: " if guardian_of else ""
        return f"{lead}{text}" + (f" {url}" if url else "")
    parts = []
    if guardian_of:
        parts.append(f"You are getting a copy of this message to {guardian_of} as their parent or guardian.")
    parts.append(text)
    if url:
        parts.append(url)
    signature = f"Citizens in Policing, {config.get('FORCE_NAME') or 'Essex Police'}"
    if chooses and not guardian_of:
        signature += f"\nChoose how we contact you: {absolute('/notices/preferences', config)}"
    parts.append(signature)
    return "\n\n".join(parts)


def queue_copies(notices: list[Notice], kind: str, subject: str | None = None) -> int:
    """Queue each notice's email or text (and a minor cadet's guardian's copy) by the person's chosen
    channel, in the caller's transaction; returns how many were queued (none when no channel is configured)."""
    config = current_app.config
    providers = configured(config)
    if not providers.any or not notices:
        return 0
    found = people(
        kind,
        {n.volunteer_id for n in notices if n.volunteer_id is not None},
        {n.user_id for n in notices if n.user_id is not None},
    )
    on = today()
    rows = []
    for notice in notices:
        key = ("volunteer", notice.volunteer_id) if notice.volunteer_id is not None else ("user", notice.user_id)
        person = found.get(key)  # type: ignore[arg-type]
        if person is None:
            continue
        minor = is_minor(person.born_on, person.is_cadet, on)
        subject_line = subject or subject_of(notice.text)
        own = channel_for(person, providers, minor)
        copies = [(Audience.PERSON, own, None)] if own else []
        if person.is_cadet and minor:
            guardian = guardian_channel(person, providers)
            if guardian:
                copies.append((Audience.GUARDIAN, guardian, person.first_name))
        for audience, (channel, address), guardian_of in copies:
            rows.append(
                {
                    "notice_id": notice.id,
                    "volunteer_id": person.volunteer_id,
                    "user_id": person.user_id,
                    "audience": audience,
                    "channel": channel,
                    "kind": kind,
                    "address": address[:254],
                    "subject": subject_line[:200],
                    "body": body_of(notice.text, notice.link, channel, config, guardian_of),
                    "state": OutboxState.QUEUED,
                    "attempts": 0,
                }
            )
    if rows:
        db.session.connection().execute(OUTBOX.insert(), rows)
    return len(rows)


def queue_email(address: str, subject: str, text: str, link: str | None, kind: str) -> int:
    """Queue one email to an address with no account behind it (an applicant, a guardian); 0 when no
    email channel is configured (there is no in-app notice to fall back on)."""
    config = current_app.config
    if not configured(config).email:
        return 0
    db.session.execute(
        OUTBOX.insert(),
        [
            {
                "notice_id": None,
                "audience": Audience.ADDRESS,
                "channel": Channel.EMAIL,
                "kind": kind,
                "address": address.strip()[:254],
                "subject": subject[:200],
                "body": body_of(text, link, Channel.EMAIL, config, chooses=False),
                "state": OutboxState.QUEUED,
                "attempts": 0,
            }
        ],
    )
    return 1
