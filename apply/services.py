"""Landing an online application in the recruitment pipeline, and an applicant following or withdrawing it.

The rule for a second application from the same email: while an application from that email is open, a
new one does not make a second pipeline row. It is linked to the open application as a submission of its
own (its own reference, "applied again"), the coordinator sees "Applied again" on the application, its
equality answers (if given) replace the earlier ones, and the applicant is told it was added. Once the
earlier application is closed (withdrawn, rejected, joined), a new one starts afresh.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import url_for

from apply import guardians, links, messages
from apply.eligibility import ROUTES, programme_for
from apply.journey import born_on, ineligible_reason
from apply.models import OnlineSubmission
from core.audit import record
from core.extensions import db
from core.models import District, Parish
from core.refusals import Refusal
from equality.services import save_answers
from schemes.models import CscAgreement, CscPost, PostState
from volunteers.models import Application, ApplicationOutcome
from volunteers.pipeline import services as pipeline

REFERENCE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference() -> str:
    """A fresh, unguessable application reference such as CIP-7KQM-2XDA."""
    while True:
        raw = "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(8))
        ref = f"CIP-{raw[:4]}-{raw[4:]}"
        if not db.session.scalar(sa.select(OnlineSubmission.id).where(OnlineSubmission.reference == ref)):
            return ref


def open_application_from(email: str) -> Application | None:
    """The open application from this email address (any letter case), if there is one."""
    stmt = (
        sa.select(Application)
        .where(sa.func.lower(Application.email) == email.strip().lower())
        .where(Application.outcome == ApplicationOutcome.OPEN)
        .order_by(Application.id)
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def latest_application_from(email: str) -> Application | None:
    """The newest application from this email address, open or closed."""
    stmt = (
        sa.select(Application)
        .where(sa.func.lower(Application.email) == email.strip().lower())
        .order_by(Application.applied_on.desc(), Application.id.desc())
        .limit(1)
    )
    return db.session.scalars(stmt).first()


def districts() -> list[tuple[int, str]]:
    """The districts an applicant may choose to serve in, as id and name."""
    return [(i, n) for i, n in db.session.execute(sa.select(District.id, District.name).order_by(District.name))]


def recruiting_posts(district_id: int) -> list[tuple[int, str]]:
    """The CSC posts a parish in the district is recruiting for, as id and the parish council's name."""
    stmt = (
        sa.select(CscPost)
        .join(CscPost.agreement)
        .join(CscAgreement.parish)
        .where(
            CscPost.state.in_((PostState.RECRUITING, PostState.VACANT_AFTER_LEAVER, PostState.APPLICANT_IN_PIPELINE))
        )
        .where(Parish.district_id == district_id)
        .order_by(CscPost.id)
    )
    seen: dict[str, int] = {}
    for post in db.session.scalars(stmt):
        seen.setdefault(post.agreement.parish.council_name, post.id)  # one choice per parish
    return sorted(((post_id, name) for name, post_id in seen.items()), key=lambda pair: pair[1])


@dataclass
class Submitted:
    reference: str
    application: Application
    applied_again: bool


def submit(state: dict, today: date) -> Submitted:
    """Land the answers in the pipeline (or link them to the open application from the same email)."""
    reason = ineligible_reason(state, today)
    if reason:
        raise Refusal(f"You cannot apply because {reason}", "route")
    route = ROUTES[state["route"]]
    born = born_on(state)
    existing = open_application_from(state["email"])
    reference = new_reference()
    if existing is None:
        post_id = state.get("csc_post_id") or None
        data = {
            "first_name": state["first_name"],
            "last_name": state["last_name"],
            "email": state["email"],
            "phone": state["phone"] or None,
            "date_of_birth": born,
            "district_id": state["district_id"],
            "programme": programme_for(route, born, today, post_id),
            "csc_post_id": post_id,
            "source_id": state.get("source_id") or None,
        }
        app = pipeline.create_application(data, today)
    else:
        app = existing
        record("application_applied_again", "application", app.id, detail={"route": route.key})
    db.session.add(
        OnlineSubmission(
            application_id=app.id, reference=reference, route=route.key, applied_again=existing is not None
        )
    )
    equality = state.get("equality") or {}
    if any(equality.values()):
        save_answers(application_id=app.id, **equality)
    if state.get("guardian_email") and messages.guardian_of(app.id) is None:
        guardians.ask_guardian(app, state["guardian_name"], state["guardian_email"])
    messages.confirm_received(app, reference, applied_again=existing is not None)
    return Submitted(reference, app, existing is not None)


def send_follow_link(email: str) -> bool:
    """Email a sign-in link to the newest application from this address; False when there is none."""
    app = latest_application_from(email)
    if app is None:
        return False
    raw = links.issue_link(app.id, links.FOLLOW)
    messages.deliver(
        app.email or email,
        "Your link to check your application",
        "Use this link to see where your application to volunteer with Essex Police stands. "
        "It works once, for 1 hour. If you did not ask for it, you can ignore this email.",
        url_for("apply.sign_in", token=raw),
    )
    return True


def submissions_of(application_id: int) -> list[OnlineSubmission]:
    """The online submissions that landed in this application, oldest first."""
    stmt = sa.select(OnlineSubmission).where(OnlineSubmission.application_id == application_id)
    return list(db.session.scalars(stmt.order_by(OnlineSubmission.id)))


def withdraw(app: Application, reason: str, today: date) -> None:
    """The applicant withdraws their own application, with their reason (through the pipeline's close)."""
    pipeline.close(app, ApplicationOutcome.WITHDRAWN, reason, today, today)
