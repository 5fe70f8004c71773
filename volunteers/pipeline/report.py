"""The recruitment report: conversion per stage, time in stage and attrition reasons (the forecast beside
them is volunteers.pipeline.forecast)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import median

import sqlalchemy as sa

from core.extensions import db
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
)
from volunteers.pipeline.services import ORDER
from volunteers.pipeline.services import PIPELINE_PROGRAMMES as ATTESTED_ROUTES

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


def stage_table(start: date, end: date, today: date) -> list[StageRow]:
    """Applications made in [start, end]: how many reached each stage, moved on, left there, and days taken."""
    # The Special Constable pipeline only: cadets and support volunteers who applied online are never attested.
    window = (
        Application.applied_on >= start,
        Application.applied_on <= end,
        Application.programme.in_(ATTESTED_ROUTES),
    )
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
        .where(*window)
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
            Application.programme.in_(ATTESTED_ROUTES),
        )
        .group_by(Application.outcome, Application.outcome_reason)
        .order_by(sa.func.count().desc(), Application.outcome_reason)
    )
    return [(ApplicationOutcome(o).label, r or "No reason given", n) for o, r, n in db.session.execute(stmt).all()]
