"""Sending, listing and reading notices; the unread count shown in the header."""

from __future__ import annotations

import re
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core import data_versions
from core.data_versions import NOTICES, VersionedCache
from core.dates import now_utc
from core.db import utcnow
from core.extensions import db
from core.models import User
from notices.kinds import kind_named
from notices.models import Notice
from notices.outbox.queueing import queue_copies, queue_email

EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_KEPT = VersionedCache(size=1024)


def send(
    text: str,
    link: str | None = None,
    *,
    volunteer_ids: Iterable[int] = (),
    user_ids: Iterable[int] = (),
    kind: str = "general",
    subject: str | None = None,
    dedupe_key: str | None = None,
) -> int:
    """Tell each volunteer (all their accounts) and each user ``text``, in the caller's transaction; returns how many.

    The one entry point for telling people things; ``kind`` (from ``notices.kinds``) is what a person
    chooses their channel by (in-app, email or text): their email or text, and a minor cadet's guardian's
    copy, are queued in the outbox in the same transaction (``subject`` is the email's, else the text's start).
    With a ``dedupe_key`` (a reminder, tomorrow's shift), recipients who already have a notice with that key are
    skipped (and nothing is queued for them): the database's unique index decides.
    """
    kind_named(kind)
    _check_link(link)
    text = text[:500]
    fields = {"text": text, "link": link, "kind": kind, "dedupe_key": dedupe_key}
    rows = [Notice(volunteer_id=v, **fields) for v in sorted(set(volunteer_ids))]
    rows += [Notice(user_id=u, **fields) for u in sorted(set(user_ids))]
    if dedupe_key is None:
        db.session.add_all(rows)
        db.session.flush()
    else:
        rows = _new_to_them(rows)
    queue_copies(rows, kind, subject)
    return len(rows)


def send_each(
    messages: Iterable[tuple[int, str, str | None]], *, kind: str = "general", subject: str | None = None
) -> int:
    """Tell each volunteer their own text and link (a call-out's personal link and code), in the caller's
    transaction, as ``send`` does for one, in a few statements however many people; returns how many."""
    kind_named(kind)
    rows = []
    for volunteer_id, text, link in messages:
        _check_link(link)
        rows.append(Notice(volunteer_id=volunteer_id, text=text[:500], link=link, kind=kind))
    db.session.add_all(rows)
    db.session.flush()
    queue_copies(rows, kind, subject)
    return len(rows)


def _new_to_them(rows: list[Notice]) -> list[Notice]:
    """Insert each row unless its recipient already has its dedupe key (INSERT ... ON CONFLICT DO NOTHING, so a
    race between two processes ends with one row); the rows inserted, as loaded objects."""
    db.session.flush()
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    ids = []
    for row in rows:
        values = {c: getattr(row, c) for c in ("user_id", "volunteer_id", "text", "link", "kind", "dedupe_key")}
        statement = dialect.insert(Notice).values(**values, created_at=utcnow()).on_conflict_do_nothing()
        new_id = db.session.scalar(statement.returning(Notice.id))
        if new_id is not None:
            ids.append(new_id)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Notice).where(Notice.id.in_(ids)).order_by(Notice.id)))


def send_to_address(email: str, subject: str, text: str, link: str | None = None, *, kind: str) -> int:
    """Email someone with no account (an applicant, a guardian), queued in the caller's transaction; returns
    1, or 0 when no email channel is configured (such a person has no in-app notices to fall back on)."""
    kind_named(kind)
    _check_link(link)
    if not EMAIL_ADDRESS.match(email.strip()):
        raise ValueError(f"not an email address: {email!r}")
    return queue_email(email, subject, text, link, kind)


def _check_link(link: str | None) -> None:
    if link is not None and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("a notice links only within the service")


def _mine(user: User) -> sa.ColumnElement[bool]:
    if user.volunteer_id is None:
        return Notice.user_id == user.id
    return sa.or_(Notice.user_id == user.id, Notice.volunteer_id == user.volunteer_id)


def notices_for(user: User, limit: int = 100) -> list[Notice]:
    """The user's notices (their own and their volunteer record's), newest first."""
    return list(
        db.session.scalars(
            sa.select(Notice).where(_mine(user)).order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)
        )
    )


def unread_count(user: User) -> int:
    """How many of the user's notices are unread (kept per process until any notice is written)."""

    def count() -> int:
        stmt = sa.select(sa.func.count()).select_from(Notice).where(_mine(user), Notice.read_at.is_(None))
        return int(db.session.scalar(stmt) or 0)

    return _KEPT.get(NOTICES, data_versions.current(NOTICES), (user.id, user.volunteer_id), count)


def mark_all_read(user: User) -> int:
    """Mark every unread notice of the user read; returns how many."""
    result = db.session.execute(
        sa.update(Notice).where(_mine(user), Notice.read_at.is_(None)).values(read_at=now_utc())
    )
    return int(result.rowcount or 0)
