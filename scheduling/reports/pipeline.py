"""The recruitment-pipeline figures for a period, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import Parish
from schemes.models import CscAgreement, CscPost, PostState
from schemes.parishes.in_post import history_tables, post_state_join, post_state_on
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    RecruitmentSource,
)
from volunteers.pipeline.forecast import DEFAULT_TARGET, RecruitmentForecast, recruitment_forecast

STAGE_ORDER = list(ApplicationStage)


@dataclass
class PipelineFigures:
    start: date
    end: date
    received: int = 0
    by_stage: list[tuple[str, int]] = field(default_factory=list)
    by_source: list[tuple[str, int, int]] = field(default_factory=list)  # source, applications, joined
    joined: int = 0
    withdrawn: int = 0
    rejected: int = 0
    conversion_percent: float = 0.0
    time_in_stage: list[tuple[str, float, int]] = field(default_factory=list)  # stage, mean days, moves
    attrition: list[tuple[str, str, int]] = field(default_factory=list)  # outcome, reason, count
    target: int = DEFAULT_TARGET
    forecast: RecruitmentForecast | None = None  # volunteers.pipeline.forecast: the same as the page and dashboard
    csc_posts: list[tuple[str, int, int, int]] = field(default_factory=list)  # parish, funded, in post, recruiting


def _in_period(column, start: date, end: date):
    return sa.and_(column >= start, column <= end)


def pipeline_figures(start: date, end: date, target: int = DEFAULT_TARGET) -> PipelineFigures:
    """Applications by stage and source, conversion, time in stage, attrition, forecast and CSC posts."""
    figures = PipelineFigures(start, end, target=target)
    received = _in_period(Application.applied_on, start, end)
    figures.received = db.session.scalar(sa.select(sa.func.count(Application.id)).where(received)) or 0
    stages = dict(
        db.session.execute(
            sa.select(Application.stage, sa.func.count(Application.id))
            .where(received, Application.outcome == ApplicationOutcome.OPEN)
            .group_by(Application.stage)
        ).all()
    )
    figures.by_stage = [(s.label, int(stages.get(s, 0))) for s in STAGE_ORDER]
    joined_case = sa.func.sum(sa.case((Application.outcome == ApplicationOutcome.JOINED, 1), else_=0))
    figures.by_source = [
        (name or "Not recorded", int(n), int(j or 0))
        for name, n, j in db.session.execute(
            sa.select(RecruitmentSource.name, sa.func.count(Application.id), joined_case)
            .select_from(Application)
            .outerjoin(RecruitmentSource, RecruitmentSource.id == Application.source_id)
            .where(received)
            .group_by(RecruitmentSource.name)
            .order_by(sa.func.count(Application.id).desc())
        ).all()
    ]
    outcomes = dict(
        db.session.execute(
            sa.select(Application.outcome, sa.func.count(Application.id))
            .where(_in_period(Application.closed_on, start, end))
            .group_by(Application.outcome)
        ).all()
    )
    figures.joined = int(outcomes.get(ApplicationOutcome.JOINED, 0))
    figures.withdrawn = int(outcomes.get(ApplicationOutcome.WITHDRAWN, 0))
    figures.rejected = int(outcomes.get(ApplicationOutcome.REJECTED, 0))
    closed = figures.joined + figures.withdrawn + figures.rejected
    figures.conversion_percent = round(100 * figures.joined / closed, 1) if closed else 0.0
    figures.time_in_stage = _time_in_stage(start, end)
    figures.attrition = [
        (outcome.label, reason or "No reason recorded", int(n))
        for outcome, reason, n in db.session.execute(
            sa.select(Application.outcome, Application.outcome_reason, sa.func.count(Application.id))
            .where(
                _in_period(Application.closed_on, start, end),
                Application.outcome.in_((ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED)),
            )
            .group_by(Application.outcome, Application.outcome_reason)
            .order_by(sa.func.count(Application.id).desc())
        ).all()
    ]
    figures.forecast = recruitment_forecast(end, target)
    figures.csc_posts = csc_posts_by_parish(end)
    return figures


def _time_in_stage(start: date, end: date) -> list[tuple[str, float, int]]:
    # Days in a stage = the next stage change's date minus this one's (LEAD over the application's changes).
    nxt = (
        sa.func.lead(ApplicationStageChange.entered_on, type_=sa.Date)
        .over(partition_by=ApplicationStageChange.application_id, order_by=ApplicationStageChange.entered_on)
        .label("left_on")
    )
    moves = sa.select(ApplicationStageChange.stage, ApplicationStageChange.entered_on, nxt).subquery()
    rows = db.session.execute(
        sa.select(moves.c.stage, moves.c.entered_on, moves.c.left_on).where(
            moves.c.left_on.is_not(None), _in_period(moves.c.left_on, start, end)
        )
    ).all()
    totals: dict[ApplicationStage, list[int]] = {}
    for stage, entered, left in rows:
        totals.setdefault(stage, []).append((left - entered).days)
    return [(s.label, round(sum(totals[s]) / len(totals[s]), 1), len(totals[s])) for s in STAGE_ORDER if s in totals]


def csc_posts_by_parish(day: date) -> list[tuple[str, int, int, int]]:
    """Per parish with an agreement in force on ``day``: posts funded, posts in post and posts not in post that
    day (each post under its state that day: schemes.parishes.in_post, as the dashboard counts posts by state)."""
    CscPostState, _ = history_tables()
    in_force = sa.and_(
        CscAgreement.signed_on <= day, sa.or_(CscAgreement.ended_on.is_(None), CscAgreement.ended_on > day)
    )
    funded = (
        sa.select(CscAgreement.parish_id, sa.func.sum(CscAgreement.posts_funded).label("funded"))
        .where(in_force)
        .group_by(CscAgreement.parish_id)
        .subquery()
    )
    state = post_state_on(day)
    is_in_post = state == PostState.IN_POST.value
    posts = (
        sa.select(
            CscAgreement.parish_id,
            sa.func.sum(sa.case((is_in_post, 1), else_=0)).label("in_post"),
            sa.func.sum(sa.case((is_in_post, 0), else_=1)).label("not_in_post"),
        )
        .select_from(CscPost)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .outerjoin(CscPostState, post_state_join(day))
        .where(in_force, state.is_not(None))
        .group_by(CscAgreement.parish_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Parish.name, funded.c.funded, posts.c.in_post, posts.c.not_in_post)
        .join(funded, funded.c.parish_id == Parish.id)
        .outerjoin(posts, posts.c.parish_id == Parish.id)
        .order_by(Parish.name)
    ).all()
    return [(name, int(f or 0), int(i or 0), int(r or 0)) for name, f, i, r in rows]
