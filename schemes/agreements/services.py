"""Keeping signed agreements on file and reminding coordinators before one expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context

import notices
from core import files
from core.extensions import db
from core.models import Role, User
from core.refusals import Refusal
from schemes.agreements.models import SignedAgreement
from schemes.models import CscAgreement, EspBusiness

DEFAULT_REMINDER_DAYS = 60
MAX_AGREEMENT_BYTES = 10 * 1024 * 1024
FILE_KIND = "signed_agreement"
FILE_OWNER = "signed_agreement"


@dataclass(frozen=True)
class Signing:
    """Who signed for each side and when, and when the agreement expires (None: it does not)."""

    force_signatory: str
    force_signed_on: date
    partner_signatory: str
    partner_signed_on: date
    expires_on: date | None


def _check(signing: Signing, today: date) -> None:
    for field, name in (("force_signatory", "who signed for the force"), ("partner_signatory", "who signed for them")):
        if not getattr(signing, field).strip():
            raise Refusal(f"Enter {name}", field)
    for field, label in (("force_signed_on", "The force's signing date"), ("partner_signed_on", "Their signing date")):
        if getattr(signing, field) > today:
            raise Refusal(f"{label} must be today or in the past", field)
    if signing.expires_on is not None and signing.expires_on < max(signing.force_signed_on, signing.partner_signed_on):
        raise Refusal("The expiry date must be after both signatures", "expires_on")


def file_agreement(
    data: bytes,
    name: str,
    signing: Signing,
    *,
    today: date,
    by: int | None,
    esp_business_id: int | None = None,
    csc_agreement_id: int | None = None,
) -> SignedAgreement:
    """Keep a signed agreement's PDF (checked by its bytes, at most 10 MB) with its signatories; not committed."""
    if not data:
        raise Refusal("Choose the signed agreement's PDF file", "file")
    if len(data) > MAX_AGREEMENT_BYTES:
        raise Refusal("The file must be smaller than 10 MB", "file")
    _check(signing, today)
    try:
        stored = files.save_file(FILE_KIND, name or "agreement.pdf", data, accept=[files.PDF], created_by_id=by)
    except files.FileRefused as problem:
        raise Refusal("The file must be a PDF", problem.field) from problem
    row = SignedAgreement(
        esp_business_id=esp_business_id,
        csc_agreement_id=csc_agreement_id,
        file_id=stored.id,
        uploaded_by_id=by,
        **signing.__dict__,
    )
    db.session.add(row)
    db.session.flush()
    stored.owner_type, stored.owner_id = FILE_OWNER, row.id
    db.session.flush()
    return row


def on_file(*, esp_business_id: int | None = None, csc_agreement_id: int | None = None) -> list[SignedAgreement]:
    """The signed copies kept for an ESP business or a CSC agreement, newest first."""
    owner = (
        SignedAgreement.esp_business_id == esp_business_id
        if esp_business_id is not None
        else SignedAgreement.csc_agreement_id == csc_agreement_id
    )
    stmt = (
        sa.select(SignedAgreement).where(owner).order_by(SignedAgreement.uploaded_at.desc(), SignedAgreement.id.desc())
    )
    return list(db.session.scalars(stmt))


def reminder_days() -> int:
    """How many days before expiry coordinators are reminded (CIP_AGREEMENT_REMINDER_DAYS)."""
    if has_app_context():
        return int(current_app.config.get("CIP_AGREEMENT_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
    return DEFAULT_REMINDER_DAYS


def _what(row: SignedAgreement) -> tuple[str, str]:
    if row.esp_business_id is not None:
        business = db.session.get(EspBusiness, row.esp_business_id)
        return f"The ESP memorandum of agreement with {business}", f"/schemes/esp/{business.id}"
    agreement = db.session.get(CscAgreement, row.csc_agreement_id)
    return f"The CSC agreement with {agreement.parish}", f"/schemes/parishes/{agreement.parish_id}"


def remind_expiring(today: date) -> int:
    """Tell coordinators of each signed agreement expiring within the reminder window, once per agreement.

    The reminder is claimed by a conditional UPDATE (``reminder_sent_on`` still NULL), so two workers, or a run
    repeated, never send it twice."""
    horizon = today + timedelta(days=reminder_days())
    due = db.session.scalars(
        sa.select(SignedAgreement.id).where(
            SignedAgreement.reminder_sent_on.is_(None),
            SignedAgreement.expires_on.is_not(None),
            SignedAgreement.expires_on >= today,
            SignedAgreement.expires_on <= horizon,
        )
    ).all()
    coordinators = list(
        db.session.scalars(sa.select(User.id).where(User.role == Role.COORDINATOR, User.active.is_(True)))
    )
    sent = 0
    for agreement_id in due:
        claimed = db.session.execute(
            sa.update(SignedAgreement)
            .where(SignedAgreement.id == agreement_id, SignedAgreement.reminder_sent_on.is_(None))
            .values(reminder_sent_on=today)
        ).rowcount
        if not claimed:
            continue
        row = db.session.get(SignedAgreement, agreement_id)
        what, link = _what(row)
        notices.send(f"{what} expires on {row.expires_on:%-d %B %Y}: arrange its renewal.", link,
                     user_ids=coordinators, kind="reminder")  # fmt: skip
        sent += 1
    return sent
