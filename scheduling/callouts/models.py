"""A call-out for a shift, and each person asked, with their one-tap link (hashed) and text code."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import LabelledEnum, enum_type, special_labels
from scheduling.models import Shift

if TYPE_CHECKING:
    from volunteers.models import Volunteer


def closes_at(shift: Shift) -> datetime:
    """When a call-out for the shift closes: its sign-up deadline, or its start without one."""
    return shift.signup_deadline or shift.starts_at


@special_labels(asked="Asked", accepted="Accepted", waiting="Accepted: on the waiting list", declined="Declined")
class Answer(LabelledEnum):
    ASKED = "asked"
    ACCEPTED = "accepted"
    WAITING = "waiting"
    DECLINED = "declined"


class Callout(db.Model):
    """A coordinator's or supervisor's request to fill a shift's free places, sent to several people at once."""

    __tablename__ = "callouts"
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    shift: Mapped[Shift] = relationship()
    invites: Mapped[list[CalloutInvite]] = relationship(back_populates="callout", order_by="CalloutInvite.id")

    @property
    def closes_at(self) -> datetime:
        """When its links stop working: ``closes_at(shift)`` as the shift is now."""
        return closes_at(self.shift)


class CalloutInvite(db.Model):
    """One person asked: their single-use link (only its keyed hash kept), text code and answer."""

    __tablename__ = "callout_invites"
    __table_args__ = (sa.UniqueConstraint("callout_id", "volunteer_id", name="uq_callout_invites_person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    callout_id: Mapped[int] = mapped_column(sa.ForeignKey("callouts.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code: Mapped[str] = mapped_column(sa.String(8), index=True)
    answer: Mapped[Answer] = mapped_column(enum_type(Answer), default=Answer.ASKED)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by: Mapped[str | None] = mapped_column(sa.String(10))  # "link" or "text"

    callout: Mapped[Callout] = relationship(back_populates="invites")
    volunteer: Mapped[Volunteer] = relationship()
