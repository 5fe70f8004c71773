"""A signed agreement on file: one row per uploaded PDF, for an ESP business or a CSC parish agreement."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db


class SignedAgreement(db.Model):
    """A signed copy of an agreement (the PDF is a stored file owned by this row); the newest is the one in force.

    ``reminder_sent_on`` is set by the one conditional UPDATE that sends the expiry reminder, so each copy raises
    its reminder once, however many workers run."""

    __tablename__ = "signed_agreements"
    __table_args__ = (
        sa.CheckConstraint("(esp_business_id IS NULL) <> (csc_agreement_id IS NULL)", name="one_agreement"),
        sa.CheckConstraint("expires_on IS NULL OR expires_on >= force_signed_on", name="expiry_after_signing"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    esp_business_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("esp_businesses.id", ondelete="CASCADE"), index=True
    )
    csc_agreement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("csc_agreements.id", ondelete="CASCADE"), index=True
    )
    # NULL once erasure removed a PDF naming an erased person (privacy.files.sweep): the signatories stay on record.
    file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="SET NULL"))
    force_signatory: Mapped[str] = mapped_column(sa.String(120))
    force_signed_on: Mapped[date] = mapped_column()
    partner_signatory: Mapped[str] = mapped_column(sa.String(120))
    partner_signed_on: Mapped[date] = mapped_column()
    expires_on: Mapped[date | None] = mapped_column(index=True)
    reminder_sent_on: Mapped[date | None] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
