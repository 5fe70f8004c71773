"""The recruitment report: conversion per stage, time in stage, attrition reasons and the forecast."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

import sqlalchemy as sa

from core.extensions import db
from volunteers import rules
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
    ProgrammeMembership,
)
from volunteers.pipeline.services import ORDER

SPECIAL_PROGRAMMES = (Programme.SPECIAL,)  # a CSC is also in the Special programme


@dataclass
class StageRow:
    stage: ApplicationStage
    reached: int
    moved_on: int
    left_here: int
    conversion: float | None  # moved_on / reached
    mean_days: float | None
    median_days: float | None


@dataclass
class ForecastInputs:
    start: date
    end: date
    cohort_start: date
    leavers: int
    headcount_start: int
    headcount_end: int
    joined: int
    closed: int
    turnover: float | None
    conversion: float | None
    forecast: rules.Forecast | None
    problem: str | None


def stage_table(start: date, end: date, today: date) -> list[StageRow]:
    """Applications made in [start, end]: how many reached each stage, moved on, left there, and days taken."""
    window = (Application.applied_on >= start, Application.applied_on <= end)
    apps = {
        row.id: row
        for row in db.session.execute(
            sa.select(Application.id, Application.stage, Application.outcome, Application.closed_on).where(*window)
        ).all()
    }
    changes = db.session.execute(
        sa.select(
            ApplicationStageChange.application_id, ApplicationStageChange.stage, ApplicationStageChange.entered_on
        )
        .join(Application, Application.id == ApplicationStageChange.application_id)
        .where(Application.applied_on >= start, Application.applied_on <= end)
        .order_by(ApplicationStageChange.application_id, ApplicationStageChange.entered_on, ApplicationStageChange.id)
    ).all()
    reached: dict[ApplicationStage, set[int]] = defaultdict(set)
    durations: dict[ApplicationStage, list[int]] = defaultdict(list)
    by_app: dict[int, list[tuple[ApplicationStage, date]]] = defaultdict(list)
    for app_id, stage, entered in changes:
        by_app[app_id].append((ApplicationStage(stage), entered))
    for app_id, steps in by_app.items():
        app = apps.get(app_id)
        for i, (stage, entered) in enumerate(steps):
            reached[stage].add(app_id)
            if i + 1 < len(steps):
                durations[stage].append((steps[i + 1][1] - entered).days)
            elif app is not None and app.outcome == ApplicationOutcome.OPEN:
                durations[stage].append((today - entered).days)  # still waiting: counts so far
            elif app is not None and app.closed_on and app.outcome != ApplicationOutcome.JOINED:
                durations[stage].append((app.closed_on - entered).days)
    left = Counter(
        ApplicationStage(a.stage)
        for a in apps.values()
        if a.outcome in (ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED)
    )
    rows = []
    for i, stage in enumerate(ORDER):
        n = len(reached[stage])
        nxt = len(reached[ORDER[i + 1]] & reached[stage]) if i + 1 < len(ORDER) else 0
        days = durations[stage]
        rows.append(
            StageRow(
                stage,
                n,
                nxt,
                left.get(stage, 0),
                (nxt / n) if n and i + 1 < len(ORDER) else None,
                round(sum(days) / len(days), 1) if days else None,
                float(median(days)) if days else None,
            )
        )
    return rows


def attrition(start: date, end: date) -> list[tuple[str, str, int]]:
    """(outcome, reason, count) of applications withdrawn or rejected in [start, end], most common first."""
    stmt = (
        sa.select(Application.outcome, Application.outcome_reason, sa.func.count())
        .where(
            Application.outcome.in_([ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED]),
            Application.closed_on >= start,
            Application.closed_on <= end,
        )
        .group_by(Application.outcome, Application.outcome_reason)
        .order_by(sa.func.count().desc(), Application.outcome_reason)
    )
    return [(ApplicationOutcome(o).label, r or "No reason given", n) for o, r, n in db.session.execute(stmt).all()]


def headcount(on: date) -> int:
    """Specials (including CSCs) serving on a date."""
    stmt = sa.select(sa.func.count(sa.distinct(ProgrammeMembership.volunteer_id))).where(
        ProgrammeMembership.programme.in_(SPECIAL_PROGRAMMES),
        ProgrammeMembership.started_on <= on,
        sa.or_(ProgrammeMembership.ended_on.is_(None), ProgrammeMembership.ended_on > on),
    )
    return db.session.scalar(stmt) or 0


def forecast_inputs(target: int, end: date, window_days: int = 365) -> ForecastInputs:
    """Turnover and conversion measured over the window, and the applications a year needed for ``target``."""
    start = end - timedelta(days=window_days)
    leavers = (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(ProgrammeMembership.volunteer_id))).where(
                ProgrammeMembership.programme.in_(SPECIAL_PROGRAMMES),
                ProgrammeMembership.ended_on > start,
                ProgrammeMembership.ended_on <= end,
            )
        )
        or 0
    )
    # Conversion is measured on the cohort that applied in the window before, old enough to have
    # finished the pipeline (about 6 to 12 months from application to attestation); the last
    # window's own applicants are mostly still open and would understate it.
    cohort_start = start - timedelta(days=window_days)
    closed_rows = dict(
        db.session.execute(
            sa.select(Application.outcome, sa.func.count())
            .where(
                Application.outcome != ApplicationOutcome.OPEN,
                Application.applied_on > cohort_start,
                Application.applied_on <= start,
            )
            .group_by(Application.outcome)
        ).all()
    )
    joined = closed_rows.get(ApplicationOutcome.JOINED, 0)
    closed = sum(closed_rows.values())
    h_start, h_end = headcount(start), headcount(end)
    years = window_days / 365.25
    turnover = rules.turnover_rate(leavers, h_start, h_end, years)
    conversion = rules.conversion_rate(joined, closed)
    result, problem = None, None
    if turnover is None:
        problem = "There were no Specials in the window, so turnover cannot be measured"
    elif not conversion:
        problem = "No application in the window ended in joining, so conversion cannot be measured"
    else:
        result = rules.forecast(target, turnover, conversion)
    return ForecastInputs(
        start, end, cohort_start, leavers, h_start, h_end, joined, closed, turnover, conversion, result, problem
    )
