"""How long the outbox keeps a finished message (its address and words are personal data)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.db import utcnow
from core.extensions import db
from notices.outbox.models import OutboxMessage, OutboxState

FINISHED = (OutboxState.SENT, OutboxState.FAILED)


def purge_finished(days: int, dry_run: bool = False) -> int:
    """Delete messages sent or failed over ``days`` days ago (those waiting, sending or to check stay);
    returns how many (counted only, on a dry run)."""
    old = sa.and_(OutboxMessage.state.in_(FINISHED), OutboxMessage.created_at < utcnow() - timedelta(days=days))
    if dry_run:
        return int(db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(old)) or 0)
    return int(db.session.execute(sa.delete(OutboxMessage).where(old)).rowcount or 0)
