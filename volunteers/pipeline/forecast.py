"""The recruitment forecast: the one owner of the projection the pipeline page, the dashboard and the
scheduled pipeline PDF show, so the three give the same figures for the same day and target.

The rule, in the coordinators' words (DOMAIN.md: "to hold 600 Specials ... about 180 new Specials a year ...
about 800 applications a year (22.5% conversion)"):
- the measuring window is the 12 months (``window_days``) to the day; Specials are the members of the Special
  Constabulary (a CSC is one too) on a day (volunteers.memberships);
- turnover: Specials who left in the window over the average of the headcount the day before it and on its
  last day, per year;
- conversion: of the Special and CSC applications received in the window before (old enough to have finished
  the pipeline), the share that had joined by the day;
- to hold a target headcount the force needs target x turnover joiners a year, and joiners / conversion
  applications a year (rounded up);
- the projection in 12 months at the same rates: today's headcount, plus the applications received in the
  window times conversion, less the Specials who left in the window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from volunteers.memberships import held_on
from volunteers.models import Application, ApplicationOutcome, Programme, ProgrammeMembership

DEFAULT_TARGET = 600  # the force's headcount goal for Specials
WINDOW_DAYS = 365
SPECIAL_ROUTES = (Programme.SPECIAL, Programme.CSC)  # applications that lead to the Special Constabulary
PM = ProgrammeMembership


@dataclass(frozen=True)
class Forecast:
    """What holding a target headcount takes at a turnover and a conversion."""

    target: int
    turnover: float
    conversion: float
    joiners_needed: int
    applications_needed: int


def joiners_and_applications(target_headcount: int, turnover: float, conversion: float) -> Forecast:
    """Joiners and applications a year needed to hold ``target_headcount`` (600 x 30% / 22.5% = 800)."""
    if target_headcount < 0:
        raise ValueError("The target headcount cannot be negative")
    if not 0 < conversion <= 1:
        raise ValueError("Conversion must be between 0 and 100%")
    if turnover < 0:
        raise ValueError("Turnover cannot be negative")
    joiners = target_headcount * turnover
    # round() first so binary noise (180.00000000000003) does not add a whole person
    return Forecast(
        target_headcount,
        turnover,
        conversion,
        math.ceil(round(joiners, 6)),
        math.ceil(round(joiners / conversion, 6)),
    )


@dataclass(frozen=True)
class RecruitmentForecast:
    """The measured inputs of the forecast for a day, and what they project (see the module's rule)."""

    end: date
    start: date  # the window's first day
    cohort_start: date
    cohort_end: date
    target: int
    headcount_start: int  # Specials the day before the window
    headcount_end: int  # Specials on its last day
    joined: int  # Specials who joined in the window
    left: int  # Specials who left in the window
    applications: int  # Special and CSC applications received in the window
    cohort_applications: int
    cohort_joined: int  # of the cohort, joined by the day
    open_applications: int  # Special and CSC applications open on the day

    @property
    def turnover(self) -> float | None:
        average = (self.headcount_start + self.headcount_end) / 2
        years = ((self.end - self.start).days + 1) / 365.25
        return self.left / average / years if average > 0 else None

    @property
    def conversion(self) -> float | None:
        return self.cohort_joined / self.cohort_applications if self.cohort_applications else None

    @property
    def forecast(self) -> Forecast | None:
        """Joiners and applications a year to hold the target, when turnover and conversion can be measured."""
        if self.turnover is None or not self.conversion:
            return None
        return joiners_and_applications(self.target, self.turnover, self.conversion)

    @property
    def problem(self) -> str | None:
        if self.turnover is None:
            return "There were no Specials in the window, so turnover cannot be measured"
        if not self.conversion:
            return "No application of the cohort has joined, so conversion cannot be measured"
        return None

    @property
    def applications_to_hold_headcount(self) -> int | None:
        """Applications a year that replace the Specials who left in the window."""
        return math.ceil(round(self.left / self.conversion, 6)) if self.conversion else None

    @property
    def expected_joiners(self) -> int | None:
        """Joiners the window's applications bring at the measured conversion."""
        return round(self.applications * self.conversion) if self.conversion is not None else None

    @property
    def projected_headcount(self) -> int | None:
        """Specials in 12 months at the same rates."""
        if self.expected_joiners is None:
            return None
        return max(self.headcount_end + self.expected_joiners - self.left, 0)


def _specials_on(day: date) -> sa.ColumnElement:
    return sa.func.count(sa.distinct(sa.case((held_on(day), PM.volunteer_id))))


def recruitment_forecast(
    end: date, target: int = DEFAULT_TARGET, window_days: int = WINDOW_DAYS
) -> RecruitmentForecast:
    """The recruitment forecast on ``end`` for a target headcount, measured over ``window_days`` (the rule above)."""
    start = end - timedelta(days=window_days - 1)
    cohort_end = start - timedelta(days=1)
    cohort_start = start - timedelta(days=window_days)
    before = start - timedelta(days=1)
    in_window = sa.and_(PM.started_on >= start, PM.started_on <= end)
    left_in_window = sa.and_(PM.ended_on >= start, PM.ended_on <= end)
    h_start, h_end, joined, left = db.session.execute(
        sa.select(
            _specials_on(before),
            _specials_on(end),
            sa.func.count(sa.distinct(sa.case((in_window, PM.volunteer_id)))),
            sa.func.count(sa.distinct(sa.case((left_in_window, PM.volunteer_id)))),
        ).where(PM.programme == Programme.SPECIAL, PM.started_on <= end)
    ).one()
    received = sa.and_(Application.applied_on >= start, Application.applied_on <= end)
    in_cohort = sa.and_(Application.applied_on >= cohort_start, Application.applied_on <= cohort_end)
    joined_by_end = sa.and_(Application.outcome == ApplicationOutcome.JOINED, Application.closed_on <= end)
    open_on_end = sa.or_(Application.closed_on.is_(None), Application.closed_on > end)
    applications, cohort, cohort_joined, open_now = (
        int(v or 0)
        for v in db.session.execute(
            sa.select(
                sa.func.sum(sa.case((received, 1), else_=0)),
                sa.func.sum(sa.case((in_cohort, 1), else_=0)),
                sa.func.sum(sa.case((sa.and_(in_cohort, joined_by_end), 1), else_=0)),
                sa.func.sum(sa.case((open_on_end, 1), else_=0)),
            ).where(Application.programme.in_(SPECIAL_ROUTES), Application.applied_on <= end)
        ).one()
    )
    return RecruitmentForecast(
        end=end,
        start=start,
        cohort_start=cohort_start,
        cohort_end=cohort_end,
        target=target,
        headcount_start=int(h_start),
        headcount_end=int(h_end),
        joined=int(joined),
        left=int(left),
        applications=applications,
        cohort_applications=cohort,
        cohort_joined=cohort_joined,
        open_applications=open_now,
    )
