"""A young person's application goes forward only once a parent or guardian confirms it by emailed link."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import url_for

from apply import links, messages
from apply.models import GuardianConsent
from core.audit import record
from core.db import utcnow
from core.extensions import db
from core.refusals import Refusal
from volunteers.models import Application

RELATIONSHIPS = (("parent", "Parent"), ("guardian", "Legal guardian"), ("carer", "Foster carer or kinship carer"))


def ask_guardian(app: Application, guardian_name: str, guardian_email: str) -> None:
    """Record whom to ask and email them the link to confirm the application."""
    consent = messages.guardian_of(app.id)
    if consent is None:
        consent = GuardianConsent(
            application_id=app.id, guardian_email=guardian_email, named_by_applicant=guardian_name
        )
        db.session.add(consent)
        db.session.flush()
    send_guardian_link(app, consent)


def send_guardian_link(app: Application, consent: GuardianConsent) -> None:
    """Email the parent or guardian a new link to confirm (an earlier unused one stops working)."""
    raw = links.issue_link(app.id, links.GUARDIAN)
    text = (
        f"{app.first_name} {app.last_name} has applied to join the Essex Police Volunteer Police Cadets and "
        f"named you, {consent.named_by_applicant}, as their parent or guardian. Their application goes forward "
        "only when you confirm it. The link works once, for 14 days."
    )
    messages.deliver(
        consent.guardian_email,
        "Please confirm your child's application to the Volunteer Police Cadets",
        text,
        url_for("apply.guardian_confirm", token=raw),
    )


def waiting_for_guardian(application_id: int) -> bool:
    """Whether the application waits for a parent or guardian to confirm it."""
    consent = messages.guardian_of(application_id)
    return consent is not None and consent.confirmed_at is None


def waiting_among(application_ids: Iterable[int]) -> set[int]:
    """Which of these applications wait for a parent or guardian (one query, for lists and the board)."""
    ids = list(application_ids)
    if not ids:
        return set()
    stmt = sa.select(GuardianConsent.application_id).where(
        GuardianConsent.application_id.in_(ids), GuardianConsent.confirmed_at.is_(None)
    )
    return set(db.session.scalars(stmt))


def refuse_while_waiting(app: Application) -> None:
    """The pipeline asks this before moving an application on: no move until a guardian confirms."""
    if waiting_for_guardian(app.id):
        raise Refusal("Waiting for a parent or guardian to confirm this application: it cannot move on yet", "stage")


def confirm(consent: GuardianConsent, app: Application, name: str, relationship: str) -> None:
    """A parent or guardian confirms the application: it goes forward, and both are told."""
    if relationship not in dict(RELATIONSHIPS):
        raise Refusal("Select how you are related to the young person", "relationship")
    if consent.confirmed_at is not None:
        raise Refusal("This application is already confirmed", "name")
    consent.confirmed_name, consent.relationship, consent.confirmed_at = name, relationship, utcnow()
    record("application_guardian_confirmed", "application", app.id, detail={"relationship": relationship})
    messages.tell_applicant(
        app,
        "Your parent or guardian has confirmed your application",
        f"{name} has confirmed your application to the Volunteer Police Cadets.\n\n" + messages.NEXT_STEPS[app.stage],
        messages.follow_path(),
    )
