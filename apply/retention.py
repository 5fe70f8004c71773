"""What applying online keeps about a person, removed when the privacy package anonymises an application."""

from __future__ import annotations

import sqlalchemy as sa

from apply.models import ApplicantLink, GuardianConsent
from core.extensions import db


def forget_applicants(application_ids: list[int]) -> None:
    """Delete the guardians' details and the links of these applications (references and dates stay)."""
    if not application_ids:
        return
    for model in (GuardianConsent, ApplicantLink):
        db.session.execute(sa.delete(model).where(model.application_id.in_(application_ids)))
