"""Single-use, expiring links for applicants and guardians, stored as SHA-256 hashes (never the link itself)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from apply.models import ApplicantLink
from core.db import utcnow
from core.extensions import db

FOLLOW = "follow"  # the applicant signs in to see their application
GUARDIAN = "guardian"  # a parent or guardian confirms a young person's application
LIFETIME = {FOLLOW: timedelta(hours=1), GUARDIAN: timedelta(days=14)}


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_link(application_id: int, purpose: str) -> str:
    """A new link token for the application; earlier unused links of the same purpose stop working."""
    now = utcnow()
    db.session.execute(
        sa.update(ApplicantLink)
        .where(
            ApplicantLink.application_id == application_id,
            ApplicantLink.purpose == purpose,
            ApplicantLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(
        ApplicantLink(
            application_id=application_id,
            purpose=purpose,
            token_hash=_hash(raw),
            expires_at=now + LIFETIME[purpose],
        )
    )
    return raw


def valid_link(raw: str, purpose: str) -> ApplicantLink | None:
    """The unused, unexpired link of this purpose for the raw token, or None."""
    if not raw or len(raw) > 200:
        return None
    link = db.session.scalars(
        sa.select(ApplicantLink).where(ApplicantLink.token_hash == _hash(raw), ApplicantLink.purpose == purpose)
    ).first()
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def spend_link(link: ApplicantLink) -> bool:
    """Mark the link used; False when another request used it first (single use under concurrency)."""
    result = db.session.execute(
        sa.update(ApplicantLink)
        .where(ApplicantLink.id == link.id, ApplicantLink.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
