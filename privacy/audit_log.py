"""Reading the audit trail: filters and pages for the admin viewer (the trail itself is append-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from core.dates import local_to_utc
from core.extensions import db
from core.models import AuditEvent


@dataclass
class AuditFilter:
    """What the admin asked for; every field optional."""

    action: str | None = None
    actor: str | None = None
    object_type: str | None = None
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _london_midnight_utc(day: date) -> datetime:
    return local_to_utc(day, time.min)


def filtered_select(f: AuditFilter) -> sa.Select:
    """Audit events matching the filter, newest first. Dates are London days."""
    stmt = sa.select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if f.action:
        stmt = stmt.where(AuditEvent.action == f.action)
    if f.actor:
        stmt = stmt.where(sa.func.lower(AuditEvent.actor).contains(f.actor.strip().lower(), autoescape=True))
    if f.object_type:
        stmt = stmt.where(AuditEvent.object_type == f.object_type)
    if f.object_id is not None:
        stmt = stmt.where(AuditEvent.object_id == f.object_id)
    if f.date_from:
        stmt = stmt.where(AuditEvent.occurred_at >= _london_midnight_utc(f.date_from))
    if f.date_to:
        stmt = stmt.where(AuditEvent.occurred_at < _london_midnight_utc(f.date_to + timedelta(days=1)))
    return stmt


def page_of_events(f: AuditFilter, page: int, per_page: int = 50):
    """One page (Flask-SQLAlchemy Pagination) of matching events."""
    return db.paginate(filtered_select(f), page=page, per_page=per_page, error_out=False, max_per_page=200)


def known_values() -> tuple[list[str], list[str]]:
    """The actions and object types that occur, for the filter drop-downs."""
    actions = db.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    types = db.session.scalars(
        sa.select(AuditEvent.object_type)
        .where(AuditEvent.object_type.is_not(None))
        .distinct()
        .order_by(AuditEvent.object_type)
    ).all()
    return list(actions), list(types)
