"""What coordinators see of an online application on the pipeline's pages (never its equality answers)."""

from __future__ import annotations

from flask import Blueprint

from apply import guardians
from apply.services import submissions_of
from core.dates import local_date


def online_notes(application_id: int) -> list[str]:
    """Lines for the application page: applied online (with references), applied again, waiting for a guardian."""
    notes = []
    for i, submission in enumerate(submissions_of(application_id)):
        when = f"{local_date(submission.submitted_at):%-d %B %Y}"
        if i == 0:
            notes.append(f"Applied online on {when}, reference {submission.reference}")
        else:
            notes.append(f"Applied again on {when}, reference {submission.reference}")
    consent = guardians.messages.guardian_of(application_id)
    if consent is not None and consent.confirmed_at is None:
        notes.append(f"Waiting for guardian: {consent.named_by_applicant} has been emailed a link to confirm")
    elif consent is not None:
        confirmed = f"{local_date(consent.confirmed_at):%-d %B %Y}"
        notes.append(f"Confirmed by {consent.confirmed_name} ({consent.relationship}) on {confirmed}")
    return notes


def register_staff_view(bp: Blueprint) -> None:
    """Offer the pipeline's templates the notes and the 'waiting for guardian' ids, as template globals."""
    bp.add_app_template_global(online_notes, "online_application_notes")
    bp.add_app_template_global(guardians.waiting_among, "waiting_for_guardian_among")
