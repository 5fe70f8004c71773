"""Recruitment figures: applications by stage, outcomes, the funnel, conversion and a forecast."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from dashboard.periods import Period
from dashboard.queries.common import flag, rows, value_of
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


def applications_for(period: Period) -> sa.Subquery:
    """Every application open on the period's last day, received in the period or closed in it: its stage that
    day, whether it was open then, received in the period, and its outcome if it closed in the period."""
    end = period.end
    received = sa.and_(Application.applied_on >= period.start, Application.applied_on <= end)
    closed = sa.and_(
        Application.closed_on >= period.start,
        Application.closed_on <= end,
        Application.outcome != ApplicationOutcome.OPEN,
    )
    return (
        sa.select(
            Application.id,
            Application.programme,
            _stage_on(end).label("stage"),
            flag(_open_on(end)).label("open"),
            flag(received).label("received"),
            sa.case((closed, sa.cast(Application.outcome, sa.String)), else_=sa.null()).label("closed_as"),
        )
        .where(sa.or_(_open_on(end), received, closed))
        .subquery("applications_for")
    )


def applications(period: Period, *, open_stage: str | None = None, which: str = "received") -> sa.Select:
    """The applications behind a recruitment figure: ``which`` is 'received', 'open' (optionally at
    ``open_stage``) or an outcome ('joined', 'withdrawn', 'rejected') reached in the period."""
    sub = applications_for(period)
    stmt = sa.select(sub.c.id)
    if which == "received":
        return stmt.where(sub.c.received == 1)
    if which == "open":
        stmt = stmt.where(sub.c.open == 1)
        return stmt.where(sub.c.stage == open_stage) if open_stage else stmt
    return stmt.where(sub.c.closed_as == which)


def pipeline(period: Period) -> dict:
    """Open applications by stage on the last day, applications received and closed in the period."""
    sub = applications_for(period)
    open_by_stage = Counter()
    open_by_programme = Counter()
    received = Counter()
    closed = Counter()
    for stage_value, programme, is_open, was_received, closed_as, count in rows(
        sa.select(sub.c.stage, sub.c.programme, sub.c.open, sub.c.received, sub.c.closed_as, sa.func.count()).group_by(
            sub.c.stage, sub.c.programme, sub.c.open, sub.c.received, sub.c.closed_as
        )
    ):
        if is_open:
            open_by_stage[value_of(stage_value)] += count
            open_by_programme[value_of(programme)] += count
        if was_received:
            received[value_of(programme)] += count
        if closed_as:
            closed[value_of(closed_as)] += count
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
