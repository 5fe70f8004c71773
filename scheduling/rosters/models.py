"""Shift templates: a shift's shape (what, where, when in the day, places, who may come) kept to create from."""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import enum_type
from scheduling.models import DutyType


class ShiftTemplate(db.Model):
    """A named shift shape a coordinator saved, to create the same shift on another day."""

    __tablename__ = "shift_templates"
    __table_args__ = (
        sa.CheckConstraint("places >= 1", name="places_positive"),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    title: Mapped[str] = mapped_column(sa.String(160))
    shift_type: Mapped[DutyType] = mapped_column(enum_type(DutyType))
    place: Mapped[str | None] = mapped_column(sa.String(160))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id", ondelete="SET NULL"))
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id", ondelete="SET NULL"))
    # London wall-clock start and length: the same shape on a day either side of a clock change.
    starts: Mapped[time] = mapped_column(sa.Time())
    minutes: Mapped[int] = mapped_column()
    places: Mapped[int] = mapped_column(default=2)
    eligible_programmes: Mapped[str] = mapped_column(sa.String(200), default="")
    minimum_rank_seniority: Mapped[int | None] = mapped_column()
    required_skill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skills.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
