"""What applicants (and a young applicant's parent or guardian) are told by email, and the one way it is sent."""

from __future__ import annotations

import sqlalchemy as sa
from flask import has_request_context, url_for

from apply.models import GuardianConsent, OnlineSubmission
from core.extensions import db
from notices import send_to_address
from notices.services import EMAIL_ADDRESS
from volunteers.models import Application, ApplicationOutcome, ApplicationStage

S = ApplicationStage
NEXT_STEPS: dict[ApplicationStage, str] = {
    S.APPLIED: "The recruitment team will read your application and contact you within 2 weeks.",
    S.SIFT: "The recruitment team is checking your application against the role's requirements.",
    S.ASSESSMENT: "You will be invited to an assessment: a short interview and, for Specials, a fitness test.",
    S.VETTING: "We are carrying out vetting checks. These usually take 6 to 8 weeks; you do not need to do anything.",
    S.MEDICAL: "You will be asked to complete a medical questionnaire and may be invited to a medical.",
    S.FOUNDATION_TRAINING: "You are on foundation training. Your trainers will tell you what comes next.",
    S.ATTESTED: "You have been attested. Welcome to the team.",
    S.INDEPENDENT_PATROL: "You are on independent patrol. Welcome to the team.",
}
CLOSED_STEPS = {
    ApplicationOutcome.WITHDRAWN: "Your application has been withdrawn. You are welcome to apply again at any time.",
    ApplicationOutcome.REJECTED: "Your application has not been successful this time. The recruitment team will "
    "tell you why, and when you may apply again.",
    ApplicationOutcome.JOINED: "You have joined. Welcome to the team.",
}


def deliver(email: str, subject: str, text: str, link: str | None = None) -> None:
    """Send one email to someone with no account: the only place applicants' messages leave the service."""
    send_to_address(email, subject, text, link, kind="application")


def follow_path() -> str:
    """Where an applicant checks their application (a message may be sent outside a request)."""
    return url_for("apply.check_application") if has_request_context() else "/apply/check-your-application"


def reference_of(app: Application) -> str:
    """The reference an applicant knows their application by (the first online one, else its number)."""
    first = db.session.scalar(
        sa.select(OnlineSubmission.reference)
        .where(OnlineSubmission.application_id == app.id)
        .order_by(OnlineSubmission.id)
        .limit(1)
    )
    return first or f"application {app.id}"


def next_steps(app: Application) -> str:
    """What happens next, in the applicant's words, for where the application stands."""
    if app.outcome != ApplicationOutcome.OPEN:
        return CLOSED_STEPS[app.outcome]
    consent = guardian_of(app.id)
    if consent is not None and consent.confirmed_at is None:
        return "We are waiting for your parent or guardian to confirm your application, using the link we emailed them."
    return NEXT_STEPS[app.stage]


def guardian_of(application_id: int) -> GuardianConsent | None:
    """The parent or guardian asked to confirm this application, if it needs one."""
    return db.session.scalar(sa.select(GuardianConsent).where(GuardianConsent.application_id == application_id))


def tell_applicant(app: Application, subject: str, text: str, link: str | None = None) -> None:
    """Email the applicant; a young person's parent or guardian gets a copy."""
    if app.email and EMAIL_ADDRESS.match(app.email.strip()):  # an imported application may hold a malformed one
        deliver(app.email, subject, text, link)
    consent = guardian_of(app.id)
    if consent is not None:
        deliver(consent.guardian_email, f"Copy: {subject}", f"A copy of our message to {app.first_name}:\n\n{text}")


def stage_changed(app: Application) -> None:
    """Tell the applicant their application moved on or closed, and what happens next (the pipeline calls this)."""
    ref = reference_of(app)
    if app.outcome == ApplicationOutcome.OPEN:
        headline = f"Your application ({ref}) has moved on to: {app.stage.label.lower()}."
    else:
        headline = f"Your application ({ref}) is now closed: {app.outcome.label.lower()}."
    text = f"{headline}\n\n{next_steps(app)}"
    tell_applicant(app, "Your application to volunteer with Essex Police", text, follow_path())


def confirm_received(app: Application, reference: str, applied_again: bool) -> None:
    """Tell the applicant we have their application (or that it was added to the one already open)."""
    if applied_again:
        text = (
            f"We already had an open application from you ({reference_of(app)}), now at the stage: "
            f"{app.stage.label.lower()}. We have added your new application ({reference}) to it, so you do "
            "not need to do anything."
        )
    else:
        text = f"Thank you for applying. Your reference is {reference}.\n\n{next_steps(app)}"
    tell_applicant(app, "We have your application to volunteer", text, follow_path())
