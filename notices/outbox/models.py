"""The outbox table (one email or text to one address) and each person's chosen channel per kind."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import LabelledEnum, enum_type, special_labels


@special_labels(app="In the service only", sms="Text message")
class Channel(LabelledEnum):
    """How a message travels beside the in-app notice (which every message has)."""

    APP = "app"
    EMAIL = "email"
    SMS = "sms"


class Audience(LabelledEnum):
    """Whom an outbox row is for: the person told, their guardian (a cadet under 18), or an address."""

    PERSON = "person"
    GUARDIAN = "guardian"
    ADDRESS = "address"


@special_labels(queued="Waiting to send", check="To check")
class OutboxState(LabelledEnum):
    """Where a message is: waiting (perhaps to be retried), being sent, sent, failed, or to be checked."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CHECK = "check"  # the worker stopped while sending it: it may or may not have gone; never resent by itself


class OutboxMessage(db.Model):
    """One email or text to one address, sent at most once by the worker."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.UniqueConstraint("notice_id", "audience", name="uq_outbox_messages_notice_audience"),
        sa.Index("ix_outbox_messages_due", "state", "next_attempt_at", "id"),
        sa.Index("ix_outbox_messages_volunteer", "volunteer_id"),
        sa.Index("ix_outbox_messages_user", "user_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("notices.id", ondelete="SET NULL"))
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    audience: Mapped[Audience] = mapped_column(enum_type(Audience))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    kind: Mapped[str] = mapped_column(sa.String(40))
    address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    state: Mapped[OutboxState] = mapped_column(enum_type(OutboxState), default=OutboxState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    provider_id: Mapped[str | None] = mapped_column(sa.String(120))
    worker: Mapped[str | None] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ContactPreference(db.Model):
    """How one person (a volunteer, or an account with no volunteer record) wants one kind of message."""

    __tablename__ = "contact_preferences"
    __table_args__ = (
        sa.CheckConstraint("(volunteer_id IS NULL) <> (user_id IS NULL)", name="one_owner"),
        sa.UniqueConstraint("volunteer_id", "kind", name="uq_contact_preferences_volunteer_kind"),
        sa.UniqueConstraint("user_id", "kind", name="uq_contact_preferences_user_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
