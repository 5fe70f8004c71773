"""What applying online adds to a pipeline application: its references, the guardian's confirmation, links."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db


class OnlineSubmission(db.Model):
    """One online application as sent: its reference and the pipeline application it landed in.

    A second submission from the email of an open application lands in that application (applied_again)."""

    __tablename__ = "online_submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(sa.String(16), unique=True)
    route: Mapped[str] = mapped_column(sa.String(20))  # what they applied for: special, psv or cadet
    applied_again: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GuardianConsent(db.Model):
    """A young person's parent or guardian: who was asked, and who confirmed the application, when."""

    __tablename__ = "guardian_consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), unique=True, index=True
    )
    guardian_email: Mapped[str] = mapped_column(sa.String(254))
    named_by_applicant: Mapped[str] = mapped_column(sa.String(120))
    confirmed_name: Mapped[str | None] = mapped_column(sa.String(120))
    relationship: Mapped[str | None] = mapped_column(sa.String(40))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ApplicantLink(db.Model):
    """A single-use, expiring link sent to an applicant or a guardian, kept as a SHA-256 hash."""

    __tablename__ = "applicant_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))  # "follow" (the applicant) or "guardian"
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
