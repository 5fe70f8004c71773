"""Recruitment figures: applications by stage, outcomes, the funnel, conversion and a forecast."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from dashboard.periods import Period
from dashboard.queries.common import rows, value_of
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
)
from volunteers.pipeline.forecast import recruitment_forecast

SPECIAL_ROUTES = (Programme.SPECIAL, Programme.CSC)
STAGES = list(ApplicationStage)


def _stage_on(day: date):
    """An application's stage on ``day``: the latest stage it entered by then, else its recorded stage."""
    latest = (
        sa.select(sa.cast(ApplicationStageChange.stage, sa.String))
        .where(ApplicationStageChange.application_id == Application.id, ApplicationStageChange.entered_on <= day)
        .order_by(ApplicationStageChange.entered_on.desc(), ApplicationStageChange.id.desc())
        .limit(1)
        .correlate(Application)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, sa.cast(Application.stage, sa.String))


def _open_on(day: date):
    return sa.and_(Application.applied_on <= day, sa.or_(Application.closed_on.is_(None), Application.closed_on > day))


def pipeline(period: Period) -> dict:
    """Open applications by stage on the last day, applications received and closed in the period."""
    end = period.end
    stage = _stage_on(end).label("stage")
    open_by_stage = Counter()
    open_by_programme = Counter()
    for stage_value, programme, count in rows(
        sa.select(stage, Application.programme, sa.func.count())
        .where(_open_on(end))
        .group_by(stage, Application.programme)
    ):
        open_by_stage[value_of(stage_value)] += count
        open_by_programme[value_of(programme)] += count
    received = Counter()
    closed = Counter()
    in_period = sa.and_(Application.applied_on >= period.start, Application.applied_on <= end)
    closed_in_period = sa.and_(Application.closed_on >= period.start, Application.closed_on <= end)
    for programme, outcome, was_received, was_closed in rows(
        sa.select(
            Application.programme,
            Application.outcome,
            sa.func.coalesce(sa.func.sum(sa.case((in_period, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((closed_in_period, 1), else_=0)), 0),
        )
        .where(sa.or_(in_period, closed_in_period))
        .group_by(Application.programme, Application.outcome)
    ):
        received[value_of(programme)] += int(was_received)
        if value_of(outcome) != ApplicationOutcome.OPEN.value:
            closed[value_of(outcome)] += int(was_closed)
    return {
        "open": sum(open_by_stage.values()),
        "open_by_stage": [{"stage": s.value, "label": s.label, "count": open_by_stage.get(s.value, 0)} for s in STAGES],
        "open_by_programme": dict(open_by_programme),
        "received": sum(received.values()),
        "received_by_programme": dict(received),
        "joined": closed.get(ApplicationOutcome.JOINED.value, 0),
        "withdrawn": closed.get(ApplicationOutcome.WITHDRAWN.value, 0),
        "rejected": closed.get(ApplicationOutcome.REJECTED.value, 0),
    }


def funnel(period: Period) -> dict:
    """Special and CSC applications received in the 12 months to the end: how many reached each stage by then."""
    end = period.end
    first = end - timedelta(days=364)
    cohort = sa.and_(
        Application.applied_on >= first, Application.applied_on <= end, Application.programme.in_(SPECIAL_ROUTES)
    )
    applications = rows(sa.select(sa.func.count()).select_from(Application).where(cohort))[0][0]
    reached = dict.fromkeys((s.value for s in STAGES), 0)
    for stage_value, count in rows(
        sa.select(
            sa.cast(ApplicationStageChange.stage, sa.String),
            sa.func.count(sa.distinct(ApplicationStageChange.application_id)),
        )
        .join(Application, Application.id == ApplicationStageChange.application_id)
        .where(cohort, ApplicationStageChange.entered_on <= end)
        .group_by(ApplicationStageChange.stage)
    ):
        reached[value_of(stage_value)] = count
    reached[ApplicationStage.APPLIED.value] = applications
    return {
        "from": first.isoformat(),
        "to": end.isoformat(),
        "stages": [{"stage": s.value, "label": s.label, "count": reached[s.value]} for s in STAGES],
    }


def forecast(period: Period) -> dict:
    """The recruitment forecast on the period's last day: the recruitment package's rule
    (volunteers.pipeline.forecast.recruitment_forecast, at the default target), as JSON-ready figures."""
    found = recruitment_forecast(period.end)
    conversion = found.conversion
    plan = found.forecast
    return {
        "applications_last_12_months": found.applications,
        "cohort_from": found.cohort_start.isoformat(),
        "cohort_to": found.cohort_end.isoformat(),
        "cohort_applications": found.cohort_applications,
        "cohort_joined": found.cohort_joined,
        "conversion": round(conversion, 4) if conversion is not None else None,
        "turnover": round(found.turnover, 4) if found.turnover is not None else None,
        "specials_joined_last_12_months": found.joined,
        "specials_left_last_12_months": found.left,
        "open_applications": found.open_applications,
        "applications_needed_to_hold_headcount": found.applications_to_hold_headcount,
        "expected_joiners_next_12_months": found.expected_joiners,
        "projected_specials_in_12_months": found.projected_headcount,
        "target": found.target,
        "joiners_needed_for_target": plan.joiners_needed if plan else None,
        "applications_needed_for_target": plan.applications_needed if plan else None,
    }
