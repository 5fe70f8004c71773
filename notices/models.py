"""The notices table: one in-app message to one person (a user account, or a volunteer and so their accounts)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db


class Notice(db.Model):
    """A message to a user or to a volunteer (whose accounts all see it), read or not yet read."""

    __tablename__ = "notices"
    __table_args__ = (
        sa.CheckConstraint("user_id IS NOT NULL OR volunteer_id IS NOT NULL", name="has_recipient"),
        sa.Index("ix_notices_user_read", "user_id", "read_at"),
        sa.Index("ix_notices_volunteer_read", "volunteer_id", "read_at"),
        # One notice per recipient per dedupe key (a reminder, tomorrow's shift): the database decides.
        sa.Index("uq_notices_volunteer_dedupe", "volunteer_id", "dedupe_key", unique=True),
        sa.Index("uq_notices_user_dedupe", "user_id", "dedupe_key", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(500))
    link: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(sa.String(40), default="general", server_default="general")  # notices.kinds
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(120))
