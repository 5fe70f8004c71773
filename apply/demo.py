"""Demo rows for applying online: recent applications that came in online, one applied again, and two cadets,
one waiting for a parent or guardian and one confirmed (no message is sent)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from apply.models import GuardianConsent, OnlineSubmission
from apply.services import REFERENCE_LETTERS
from core.extensions import db
from core.models import District
from volunteers.models import Application, ApplicationOutcome, ApplicationStage, ApplicationStageChange, Programme

ONLINE = 6  # the newest open applications came in online


def _reference(rng: random.Random) -> str:
    raw = "".join(rng.choice(REFERENCE_LETTERS) for _ in range(8))
    return f"CIP-{raw[:4]}-{raw[4:]}"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(19, 30), tzinfo=UTC)


def _cadet(first: str, last: str, born: date, applied: date, district_id: int | None) -> Application:
    app = Application(
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower()}@example.org",
        phone="07700 900555",
        date_of_birth=born,
        district_id=district_id,
        programme=Programme.JUNIOR_CADET if applied.year - born.year < 13 else Programme.CADET,
        applied_on=applied,
        stage=ApplicationStage.APPLIED,
        stage_entered_on=applied,
        outcome=ApplicationOutcome.OPEN,
    )
    db.session.add(app)
    db.session.flush()
    db.session.add(ApplicationStageChange(application_id=app.id, stage=ApplicationStage.APPLIED, entered_on=applied))
    return app


def extend_demo(today: date) -> list[str]:
    """Mark the newest open applications as online ones and add two cadets' applications."""
    rng = random.Random(18)
    newest = list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.outcome == ApplicationOutcome.OPEN, Application.stage == ApplicationStage.APPLIED)
            .order_by(Application.applied_on.desc(), Application.id.desc())
            .limit(ONLINE)
        )
    )
    for app in newest:
        db.session.add(
            OnlineSubmission(
                application_id=app.id, reference=_reference(rng), route="special", submitted_at=_at(app.applied_on)
            )
        )
    if newest:
        again = newest[0]
        db.session.add(
            OnlineSubmission(
                application_id=again.id,
                reference=_reference(rng),
                route="special",
                applied_again=True,
                submitted_at=_at(today),
            )
        )
    district = db.session.scalar(sa.select(District.id).where(District.name == "Chelmsford"))
    waiting = _cadet("Maya", "Okafor", date(today.year - 15, 4, 12), today - timedelta(days=2), district)
    confirmed = _cadet("Leo", "Hartley", date(today.year - 12, 1, 20), today - timedelta(days=9), district)
    for app, guardian, done in ((waiting, "Grace Okafor", False), (confirmed, "Tom Hartley", True)):
        db.session.add(
            OnlineSubmission(
                application_id=app.id, reference=_reference(rng), route="cadet", submitted_at=_at(app.applied_on)
            )
        )
        db.session.add(
            GuardianConsent(
                application_id=app.id,
                guardian_email=f"{guardian.split()[0].lower()}.{app.last_name.lower()}@example.org",
                named_by_applicant=guardian,
                confirmed_name=guardian if done else None,
                relationship="parent" if done else None,
                confirmed_at=_at(app.applied_on + timedelta(days=1)) if done else None,
            )
        )
    db.session.flush()
    return [f"Applying online: {len(newest)} recent applications came in online; 2 cadets (1 waiting for a guardian)"]
