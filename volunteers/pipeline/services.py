"""Applications through the recruitment pipeline: create, move, close, attest (becoming a Special or CSC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from core.audit import record
from core.extensions import db
from core.models import Command, District, User
from core.permissions import scoped_select
from core.refusals import Refusal
from schemes.models import CscAgreement, CscPost, PostState
from volunteers import people, rules
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    LearningStage,
    Programme,
    Rank,
    RecruitmentSource,
    Volunteer,
    VolunteerStatus,
)

S = ApplicationStage
ORDER = [S.APPLIED, S.SIFT, S.ASSESSMENT, S.VETTING, S.MEDICAL, S.FOUNDATION_TRAINING, S.ATTESTED, S.INDEPENDENT_PATROL]
# Moves a coordinator makes by hand; attesting is its own action because it creates the Special.
MOVABLE = ORDER[: ORDER.index(S.ATTESTED)]
BOARD_LIMIT = 40
PIPELINE_PROGRAMMES = (Programme.SPECIAL, Programme.CSC)
# Online applications (apply/) also bring police support volunteers and cadets into the pipeline.
APPLYING_PROGRAMMES = (*PIPELINE_PROGRAMMES, Programme.ACTIVE_CITIZEN, Programme.CADET, Programme.JUNIOR_CADET)


def stage_index(stage: ApplicationStage) -> int:
    """Position of a stage in the pipeline."""
    return ORDER.index(stage)


@dataclass
class BoardColumn:
    stage: ApplicationStage
    total: int
    items: list[Application]


def board(user: User, programme: Programme | None = None, source_id: int | None = None) -> list[BoardColumn]:
    """Open applications by stage: a count per stage and the longest-waiting few (two queries)."""
    base = scoped_select(Application, user).where(Application.outcome == ApplicationOutcome.OPEN)
    if programme:
        base = base.where(Application.programme == programme)
    if source_id:
        base = base.where(Application.source_id == source_id)
    counts = _stage_counts(base)
    ranked = base.add_columns(
        sa.func.row_number()
        .over(partition_by=Application.stage, order_by=(Application.stage_entered_on, Application.id))
        .label("position")
    ).subquery()
    rows = _top_per_stage(ranked)
    by_stage: dict[ApplicationStage, list[Application]] = {stage: [] for stage in MOVABLE}
    for app in rows:
        by_stage.setdefault(app.stage, []).append(app)
    return [BoardColumn(stage, counts.get(stage, 0), by_stage.get(stage, [])) for stage in MOVABLE]


def _stage_counts(base: sa.Select) -> dict[ApplicationStage, int]:
    sub = base.subquery()
    stmt = sa.select(sub.c.stage, sa.func.count()).group_by(sub.c.stage)
    return {ApplicationStage(stage): n for stage, n in db.session.execute(stmt).all()}


def _top_per_stage(ranked) -> list[Application]:
    entity = aliased(Application, ranked)
    stmt = (
        sa.select(entity)
        .where(ranked.c.position <= BOARD_LIMIT)
        .options(joinedload(entity.source), joinedload(entity.district))
        .order_by(entity.stage_entered_on, entity.id)
    )
    return list(db.session.scalars(stmt).unique())


def list_applications(
    user: User,
    outcome: ApplicationOutcome | None,
    stage: ApplicationStage | None,
    q: str,
    page: int,
    per_page: int = 25,
):
    """A page of applications (any outcome), newest first."""
    stmt = scoped_select(Application, user).options(joinedload(Application.source), joinedload(Application.district))
    if outcome:
        stmt = stmt.where(Application.outcome == outcome)
    if stage:
        stmt = stmt.where(Application.stage == stage)
    if q:
        needle = f"%{q.lower()}%"
        full = sa.func.lower(Application.first_name + " " + Application.last_name)
        stmt = stmt.where(sa.or_(full.like(needle), sa.func.lower(Application.email).like(needle)))
    stmt = stmt.order_by(Application.applied_on.desc(), Application.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def load_application(application_id: int, user: User) -> Application | None:
    """One application with its history, if the user may see it."""
    stmt = (
        scoped_select(Application, user)
        .where(Application.id == application_id)
        .options(
            joinedload(Application.source),
            joinedload(Application.district),
            joinedload(Application.csc_post).joinedload(CscPost.agreement).joinedload(CscAgreement.parish),
            joinedload(Application.stage_changes),
        )
    )
    return db.session.scalars(stmt).unique().first()


# --- Changes ------------------------------------------------------------------------------


def _check_post(post_id: int | None, programme: Programme) -> CscPost | None:
    if programme != Programme.CSC:
        return None
    post = db.session.get(CscPost, post_id) if post_id else None
    if post is None:
        raise Refusal("Choose the parish post this CSC applicant is applying for", "csc_post_id")
    if post.state == PostState.IN_POST or post.holder is not None:
        raise Refusal("That parish post is already filled", "csc_post_id")
    return post


def create_application(data: dict, today: date, by: int | None = None) -> Application:
    """A new application at 'applied' (or a later stage for a historic import), with its first stage change."""
    programme = data.get("programme") or Programme.SPECIAL
    if programme not in APPLYING_PROGRAMMES:
        raise Refusal("The pipeline takes Special, CSC, police support volunteer and cadet applications", "programme")
    applied = data.get("applied_on") or today
    if applied > today:
        raise Refusal("Date applied must be today or in the past", "applied_on")
    if programme in (Programme.CADET, Programme.JUNIOR_CADET):
        rules.cadet_band(data.get("date_of_birth"), applied)
    elif data.get("date_of_birth"):
        rules.require_adult(data["date_of_birth"], applied, role=f"A {programme.label} applicant")
    email = data.get("email")
    if email and db.session.scalar(
        sa.select(Application.id).where(
            sa.func.lower(Application.email) == email.lower(), Application.outcome == ApplicationOutcome.OPEN
        )
    ):
        raise Refusal(f"There is already an open application from {email}", "email")
    post = _check_post(data.get("csc_post_id"), programme)
    app = Application(
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=email,
        phone=data.get("phone"),
        date_of_birth=data.get("date_of_birth"),
        district_id=data.get("district_id"),
        programme=programme,
        csc_post_id=post.id if post else None,
        source_id=data.get("source_id"),
        applied_on=applied,
        stage=S.APPLIED,
        stage_entered_on=applied,
        outcome=ApplicationOutcome.OPEN,
    )
    db.session.add(app)
    db.session.flush()
    db.session.add(
        ApplicationStageChange(application_id=app.id, stage=S.APPLIED, entered_on=applied, recorded_by_id=by)
    )
    if post is not None and post.state in (PostState.RECRUITING, PostState.VACANT_AFTER_LEAVER):
        post.state, post.state_since = PostState.APPLICANT_IN_PIPELINE, applied
    record("application_created", "application", app.id, detail={"programme": programme.value})
    return app


def _check_date(app: Application, on: date, today: date, field: str = "on") -> None:
    if on > today:
        raise Refusal("The date must be today or in the past", field)
    if on < app.stage_entered_on:
        raise Refusal(
            f"The date must not be before {app.stage_entered_on:%-d %B %Y}, "
            f"when they entered {app.stage.label.lower()}",
            field,
        )


def move_stage(app: Application, stage: ApplicationStage, on: date, today: date, by: int | None = None) -> None:
    """Move an application on to a later stage, recording the date it entered it."""
    joined_to_patrol = (
        app.outcome == ApplicationOutcome.JOINED and app.stage == S.ATTESTED and stage == S.INDEPENDENT_PATROL
    )
    if app.outcome != ApplicationOutcome.OPEN and not joined_to_patrol:
        raise Refusal("This application is closed", "stage")
    if stage == S.ATTESTED:
        raise Refusal("Use 'Attest' to attest an applicant: it creates their Special record", "stage")
    if stage_index(stage) <= stage_index(app.stage):
        raise Refusal(f"Choose a stage after {app.stage.label.lower()}", "stage")
    _check_date(app, on, today)
    from apply import hooks  # the online application's side: a guardian must confirm first

    hooks.before_move(app)
    before = app.stage
    app.stage, app.stage_entered_on = stage, on
    db.session.add(ApplicationStageChange(application_id=app.id, stage=stage, entered_on=on, recorded_by_id=by))
    record(
        "application_stage_changed",
        "application",
        app.id,
        detail={"changes": {"stage": [before.value, stage.value]}, "on": on.isoformat()},
    )
    hooks.after_change(app)


def _release_post(app: Application, on: date) -> None:
    post = app.csc_post
    if post is None or post.state != PostState.APPLICANT_IN_PIPELINE:
        return
    others = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(
            Application.csc_post_id == post.id,
            Application.outcome == ApplicationOutcome.OPEN,
            Application.id != app.id,
        )
    )
    if not others:
        post.state, post.state_since = PostState.RECRUITING, on


def close(app: Application, outcome: ApplicationOutcome, reason: str, on: date, today: date) -> None:
    """Withdraw or reject an application, with a reason."""
    if app.outcome != ApplicationOutcome.OPEN:
        raise Refusal("This application is already closed", "outcome")
    if outcome not in (ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED):
        raise Refusal("Choose withdrawn or rejected", "outcome")
    if not reason:
        raise Refusal("Enter the reason", "reason")
    _check_date(app, on, today)
    app.outcome, app.outcome_reason, app.closed_on = outcome, reason, on
    _release_post(app, on)
    record("application_closed", "application", app.id, detail={"outcome": outcome.value, "reason": reason})
    from apply import hooks

    hooks.after_change(app)


def _default_rank_id() -> int:
    rank_id = db.session.scalar(sa.select(Rank.id).order_by(Rank.seniority).limit(1))
    if rank_id is None:
        raise Refusal("Add the Special Constable rank before attesting anyone", "on")
    return rank_id


def _command_for(app: Application) -> int:
    if app.district_id:
        command = db.session.scalar(sa.select(District.command_id).where(District.id == app.district_id))
        if command:
            return command
    command = db.session.scalar(sa.select(Command.id).order_by(Command.is_lpa.desc(), Command.name).limit(1))
    if command is None:
        raise Refusal("Add a command before attesting anyone", "on")
    return command


def _existing_person(app: Application) -> Volunteer | None:
    conditions = []
    if app.email:
        conditions.append(sa.func.lower(Volunteer.email) == app.email.lower())
    if app.date_of_birth:
        conditions.append(
            sa.and_(
                sa.func.lower(Volunteer.first_name) == app.first_name.lower(),
                sa.func.lower(Volunteer.last_name) == app.last_name.lower(),
                Volunteer.date_of_birth == app.date_of_birth,
            )
        )
    if not conditions:
        return None
    return db.session.scalars(sa.select(Volunteer).where(sa.or_(*conditions)).limit(1)).first()


def attest(app: Application, on: date, today: date, by: int | None = None) -> Volunteer:
    """Attest an applicant: they become a Special (or the CSC of the post they applied for), no re-keying."""
    if app.outcome != ApplicationOutcome.OPEN:
        raise Refusal("This application is closed", "on")
    if app.stage != S.FOUNDATION_TRAINING:
        raise Refusal("Only an applicant in foundation training can be attested", "on")
    if app.programme not in PIPELINE_PROGRAMMES:
        raise Refusal(f"Attesting makes a Special Constable: this is a {app.programme.label} application", "on")
    _check_date(app, on, today)
    kind = "csc" if app.programme == Programme.CSC else "special"
    started = app.stage_entered_on  # a Special from the start of foundation training (initial learning)
    role = {
        "rank_id": _default_rank_id(),
        "command_id": _command_for(app),
        "stage": LearningStage.INITIAL_LEARNING,
        "initial_learning_on": started,
        "csc_post_id": app.csc_post_id,
    }
    volunteer = db.session.get(Volunteer, app.volunteer_id) if app.volunteer_id else _existing_person(app)
    if volunteer is not None and volunteer.status == VolunteerStatus.LEFT:
        raise Refusal(f"{volunteer.full_name} is recorded as a leaver: re-join them first", "on")
    if volunteer is None:
        person = {
            "first_name": app.first_name,
            "last_name": app.last_name,
            "email": app.email,
            "phone": app.phone,
            "date_of_birth": app.date_of_birth,
            "district_id": app.district_id,
            "joined_on": started,
        }
        volunteer = people.create_volunteer(kind, person, role, today, by=by)
    elif volunteer.special is None or (kind == "csc" and not volunteer.special.csc_post_id):
        role["initial_learning_on"] = max(started, volunteer.joined_on)
        people.add_role(volunteer, kind, role, max(started, volunteer.joined_on), by=by, today=today)
    app.volunteer_id = volunteer.id
    app.stage, app.stage_entered_on = S.ATTESTED, on
    app.outcome, app.closed_on = ApplicationOutcome.JOINED, on
    db.session.add(ApplicationStageChange(application_id=app.id, stage=S.ATTESTED, entered_on=on, recorded_by_id=by))
    record("application_attested", "application", app.id, detail={"volunteer_id": volunteer.id, "kind": kind})
    record("volunteer_attested", "volunteer", volunteer.id, detail={"application_id": app.id, "on": on.isoformat()})
    from apply import hooks

    hooks.after_change(app)
    return volunteer


def sources() -> list[tuple[int, str]]:
    """Recruitment sources and campaigns as id/name pairs."""
    return [
        (i, n)
        for i, n in db.session.execute(
            sa.select(RecruitmentSource.id, RecruitmentSource.name).order_by(RecruitmentSource.name)
        )
    ]
