"""An erased volunteer's emails and texts go with them: their outbox rows (their own copies and their
guardian's) and their contact choices are deleted inside the erasure's transaction."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from notices.outbox.models import ContactPreference, OutboxMessage
from privacy.erasure import register_erasure_hook


@register_erasure_hook
def forget_messages(volunteer_id: int) -> None:
    """Delete the volunteer's outbox messages (sent or not) and contact choices."""
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.volunteer_id == volunteer_id))
    db.session.execute(sa.delete(ContactPreference).where(ContactPreference.volunteer_id == volunteer_id))
