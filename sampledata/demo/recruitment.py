"""The recruitment pipeline: about 800 applications a year converting at 22.5%, with dated stage changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sampledata.demo.base import Seeder
from sampledata.demo.names import Person
from sampledata.demo.places import DISTRICT_COMMAND
from sampledata.demo.reference import SOURCES
from volunteers.models import Application, ApplicationOutcome, ApplicationStage, ApplicationStageChange, Programme

S = ApplicationStage
ORDER = [S.APPLIED, S.SIFT, S.ASSESSMENT, S.VETTING, S.MEDICAL, S.FOUNDATION_TRAINING, S.ATTESTED, S.INDEPENDENT_PATROL]
# Days from entering a stage to entering the next one.
STEP_DAYS = {
    S.APPLIED: (5, 20),
    S.SIFT: (14, 35),
    S.ASSESSMENT: (7, 21),
    S.VETTING: (28, 70),
    S.MEDICAL: (21, 60),
    S.FOUNDATION_TRAINING: (70, 110),
    S.ATTESTED: (150, 300),
}
# Share of a cohort that leaves at each stage; the remaining 22.5% are attested.
LEAVE_AT = [
    (S.APPLIED, 0.20),
    (S.SIFT, 0.18),
    (S.ASSESSMENT, 0.17),
    (S.VETTING, 0.12),
    (S.MEDICAL, 0.05),
    (S.FOUNDATION_TRAINING, 0.055),
]
CONVERSION = 0.225
REASONS = {
    S.APPLIED: ["Withdrew: no response to contact", "Rejected: did not meet eligibility criteria"],
    S.SIFT: [
        "Rejected: application form incomplete",
        "Withdrew: work commitments",
        "Rejected: did not meet residency requirement",
    ],
    S.ASSESSMENT: [
        "Did not attend assessment",
        "Rejected: did not pass assessment centre",
        "Withdrew: family commitments",
    ],
    S.VETTING: ["Failed vetting", "Failed vetting", "Withdrew: vetting took too long"],
    S.MEDICAL: ["Failed medical", "Failed fitness test"],
    S.FOUNDATION_TRAINING: [
        "Withdrew: work commitments",
        "Withdrew: could not make training weekends",
        "Rejected: did not complete foundation training",
    ],
}
COHORTS = [(0, 365, 800), (366, 730, 200)]  # (days ago from, to, applications)


@dataclass
class Applicant:
    person: Person
    email: str
    programme: Programme
    source: str
    stages: list[tuple[ApplicationStage, date]] = field(default_factory=list)
    outcome: ApplicationOutcome = ApplicationOutcome.OPEN
    reason: str | None = None
    closed_on: date | None = None
    csc_post_id: int | None = None
    volunteer_id: int | None = None

    def entered(self, stage: ApplicationStage) -> date | None:
        return dict(self.stages).get(stage)

    @property
    def becomes_volunteer(self) -> bool:
        """Joined, or in foundation training now: already a Special in initial learning."""
        return self.outcome == ApplicationOutcome.JOINED or (
            self.outcome == ApplicationOutcome.OPEN and self.stages[-1][0] == S.FOUNDATION_TRAINING
        )


def _walk(s: Seeder, app: Applicant, applied: date, last: ApplicationStage | None) -> None:
    """Move through the stages from `applied`; stop at `last` (None: attested and beyond) or at today."""
    rng, day = s.rng, applied
    for stage in ORDER:
        if day > s.today:
            return
        app.stages.append((stage, day))
        if stage == last:
            close = day + timedelta(days=rng.randint(*STEP_DAYS[stage]) // 2 + 1)
            if close <= s.today:
                reason = rng.choice(REASONS[stage])
                rejected = reason.startswith(("Rejected", "Failed"))
                app.outcome = ApplicationOutcome.REJECTED if rejected else ApplicationOutcome.WITHDRAWN
                app.reason, app.closed_on = reason, close
            return
        if stage == S.ATTESTED:
            app.outcome, app.closed_on = ApplicationOutcome.JOINED, day
        if stage == S.INDEPENDENT_PATROL:
            return
        day = day + timedelta(days=rng.randint(*STEP_DAYS[stage]))


def plan_applications(s: Seeder) -> list[Applicant]:
    """Special Constable applications by cohort: each cohort's leavers and joiners in exact proportions."""
    rng, apps = s.rng, []
    names = [name for name, _ in SOURCES if name != "Parish council"]
    weights = [w for name, w in SOURCES if name != "Parish council"]
    districts = list(DISTRICT_COMMAND)
    for start, end, count in COHORTS:
        deck: list[ApplicationStage | None] = [None] * round(count * CONVERSION)
        for stage, share in LEAVE_AT:
            deck += [stage] * round(count * share)
        deck = (deck + [S.APPLIED] * count)[:count]
        rng.shuffle(deck)
        for last in deck:
            person = s.people.person(rng.choice(districts), 18, 55)
            app = Applicant(
                person,
                s.people.email(person.first_name, person.last_name),
                Programme.SPECIAL,
                rng.choices(names, weights)[0],
            )
            _walk(s, app, s.today - timedelta(days=rng.randint(start, end)), last)
            apps.append(app)
    return apps


def joined_application(
    s: Seeder,
    person: Person,
    email: str,
    joined_on: date,
    attested_on: date | None,
    programme: Programme,
    post_id: int | None,
    source: str,
) -> Applicant:
    """The application of someone who became a Special: the stages lead up to joining on joined_on."""
    rng = s.rng
    back = [S.MEDICAL, S.VETTING, S.ASSESSMENT, S.SIFT, S.APPLIED]
    stages, day = [(S.FOUNDATION_TRAINING, joined_on)], joined_on
    for stage in back:
        day = day - timedelta(days=rng.randint(*STEP_DAYS[stage]))
        stages.insert(0, (stage, day))
    app = Applicant(person, email, programme, source, stages, csc_post_id=post_id)
    if attested_on:
        app.stages.append((S.ATTESTED, attested_on))
        app.outcome, app.closed_on = ApplicationOutcome.JOINED, attested_on
    return app


def csc_pipeline_applications(s: Seeder, pipeline: list, recruiting: list) -> list[Applicant]:
    """One live applicant for each post with an applicant in the pipeline; some lost applicants elsewhere."""
    rng, apps = s.rng, []
    for post_id, parish, since in pipeline:
        district = s.ids["parish_district"][parish]
        person = s.people.person(district, 21, 60)
        app = Applicant(
            person,
            s.people.email(person.first_name, person.last_name),
            Programme.CSC,
            "Parish council",
            csc_post_id=post_id,
        )
        _walk(s, app, since, rng.choice([S.SIFT, S.ASSESSMENT, S.VETTING, S.MEDICAL]))
        # keep them open: a post in this state has a live applicant
        app.outcome, app.reason, app.closed_on = ApplicationOutcome.OPEN, None, None
        apps.append(app)
    for post_id, parish, since in rng.sample(recruiting, min(12, len(recruiting))):
        person = s.people.person(s.ids["parish_district"][parish], 21, 60)
        app = Applicant(
            person,
            s.people.email(person.first_name, person.last_name),
            Programme.CSC,
            "Parish council",
            csc_post_id=post_id,
        )
        applied = s.between(max(since, s.today - timedelta(days=700)), s.today - timedelta(days=120))
        _walk(s, app, applied, rng.choice([S.SIFT, S.ASSESSMENT, S.VETTING]))
        apps.append(app)
    return apps


def add_applications(s: Seeder, apps: list[Applicant]) -> None:
    """Queue the applications and one stage change per stage entered."""
    for app in apps:
        stage, entered = app.stages[-1]
        aid = s.add(
            Application,
            first_name=app.person.first_name,
            last_name=app.person.last_name,
            email=app.email,
            phone=app.person.phone,
            date_of_birth=app.person.date_of_birth,
            district_id=s.ids["district"][app.person.district],
            programme=app.programme,
            csc_post_id=app.csc_post_id,
            source_id=s.ids["source"][app.source],
            applied_on=app.stages[0][1],
            stage=stage,
            stage_entered_on=entered,
            outcome=app.outcome,
            outcome_reason=app.reason,
            closed_on=app.closed_on,
            volunteer_id=app.volunteer_id,
        )
        for step, day in app.stages:
            s.add(ApplicationStageChange, application_id=aid, stage=step, entered_on=day)
