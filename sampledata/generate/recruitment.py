"""Applications over the generated years, moving through the pipeline; the joined ones point at Specials."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from sampledata.demo.base import Seeder
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
    SpecialConstable,
    Volunteer,
)

STAGES = list(ApplicationStage)
PROGRAMMES = [Programme.SPECIAL] * 14 + [Programme.CSC] * 2 + [Programme.ACTIVE_CITIZEN] * 3 + [Programme.CADET_LEADER]
REASONS = {
    ApplicationOutcome.WITHDRAWN: ["Personal circumstances", "Took another role", "No longer available"],
    ApplicationOutcome.REJECTED: ["Did not pass the assessment", "Vetting not granted", "Medical standard"],
}


def applications(s: Seeder, count: int, start: date) -> None:
    """`count` applications since `start`; about one in five closed ones joined (as a Special who did)."""
    rng = s.rng
    joined_specials = db.session.execute(
        sa.select(Volunteer.id, Volunteer.first_name, Volunteer.last_name, Volunteer.joined_on)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .where(Volunteer.joined_on >= start + timedelta(days=200))
    ).all()
    rng.shuffle(joined_specials)
    districts = sorted(s.ids["district"].values())
    sources = sorted(s.ids["source"].values())
    for _ in range(count):
        joined = joined_specials.pop() if joined_specials and rng.random() < 0.2 else None
        if joined:
            applied = joined.joined_on - timedelta(days=rng.randint(120, 200))
            first, last, programme = joined.first_name, joined.last_name, Programme.SPECIAL
            outcome, reached, closed = ApplicationOutcome.JOINED, rng.choice(STAGES[6:]), joined.joined_on
        else:
            applied = s.between(start, s.today - timedelta(days=1))
            person = s.people.person(rng.choice(sorted(s.ids["parish_district"].values())), 18, 60)
            first, last, programme = person.first_name, person.last_name, rng.choice(PROGRAMMES)
            age = (s.today - applied).days
            reached = rng.choice(STAGES[: max(1, min(6, age // 30 + 1))])
            outcome = (
                ApplicationOutcome.OPEN
                if age < 240 and rng.random() < 0.7
                else rng.choice([ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED])
            )
            closed = None if outcome == ApplicationOutcome.OPEN else s.between(applied, s.today)
        dates, day = [], applied
        for stage in STAGES[: STAGES.index(reached) + 1]:
            dates.append((stage, day))
            day = min(day + timedelta(days=rng.randint(7, 40)), closed or s.today)
        aid = s.add(
            Application,
            first_name=first,
            last_name=last,
            email=f"applicant.{rng.randrange(10**9)}@example.com",
            phone=s.people.phone(),
            date_of_birth=None,
            district_id=rng.choice(districts),
            programme=programme,
            csc_post_id=None,
            source_id=rng.choice(sources),
            applied_on=applied,
            stage=reached,
            stage_entered_on=dates[-1][1],
            outcome=outcome,
            outcome_reason=rng.choice(REASONS[outcome]) if outcome in REASONS else None,
            closed_on=closed,
            volunteer_id=joined.id if joined else None,
        )
        for stage, on in dates:
            s.add(ApplicationStageChange, application_id=aid, stage=stage, entered_on=on)
