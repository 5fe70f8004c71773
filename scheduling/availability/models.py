"""A volunteer's weekly pattern, one-off dates, notice needed, and absences."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import LabelledEnum, enum_type


class PartOfDay(LabelledEnum):
    """The parts of a day a weekly pattern is made of (London time)."""

    MORNING = "morning"  # 06:00-12:00
    AFTERNOON = "afternoon"  # 12:00-18:00
    EVENING = "evening"  # 18:00-24:00
    NIGHT = "night"  # 00:00-06:00


class AbsenceKind(LabelledEnum):
    LEAVE = "leave"
    SICKNESS = "sickness"
    OTHER = "other"


class WeeklySlot(db.Model):
    """One part of one weekday a volunteer is usually available (e.g. Tuesday evening)."""

    __tablename__ = "availability_slots"
    __table_args__ = (
        sa.UniqueConstraint("volunteer_id", "weekday", "part", name="uq_availability_slots_slot"),
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column()  # Monday 0 ... Sunday 6
    part: Mapped[PartOfDay] = mapped_column(enum_type(PartOfDay))


class AvailabilityDate(db.Model):
    """A one-off day a volunteer is available, or not, whatever their weekly pattern says."""

    __tablename__ = "availability_dates"
    __table_args__ = (sa.UniqueConstraint("volunteer_id", "day", name="uq_availability_dates_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column()
    available: Mapped[bool] = mapped_column()


class AvailabilityNotice(db.Model):
    """How long a volunteer needs to be ready before a shift starts."""

    __tablename__ = "availability_notice"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    minutes: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Absence(db.Model):
    """A period a volunteer cannot be called on (leave, sickness, other); the reason is for staff and them only."""

    __tablename__ = "absences"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_starts"),
        sa.Index("ix_absences_volunteer_dates", "volunteer_id", "starts_on", "ends_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    kind: Mapped[AbsenceKind] = mapped_column(enum_type(AbsenceKind))
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date] = mapped_column()
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
