"""The equality answers table: apart from the person's record, one row per application or per volunteer."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db


class EqualityAnswers(db.Model):
    """One applicant's or volunteer's answers (each None when not answered); erased with the person."""

    __tablename__ = "equality_answers"
    __table_args__ = (
        sa.CheckConstraint("(volunteer_id IS NULL) <> (application_id IS NULL)", name="ck_equality_answers_one_owner"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), unique=True)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    sex: Mapped[str | None] = mapped_column(sa.String(40))
    ethnicity: Mapped[str | None] = mapped_column(sa.String(40))
    disability: Mapped[str | None] = mapped_column(sa.String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
