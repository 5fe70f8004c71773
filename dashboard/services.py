"""The Citizens in Policing figures for any period, computed in SQL from the dated records.

Stock figures (headcount, Specials by stage, cadets, members ...) are taken on the period's last day
from dated memberships, stage dates, engagement steps, member snapshots and the dated history of facts
the records keep only as their current state (history.models); flows (duties, hours, letters,
applications) are summed over the days of the period. A past period therefore gives the same answer
later; a fact read only as it is now would be named in ``CURRENT_ONLY`` (shown with the figures).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.dates import add_months
from core.extensions import db
from dashboard.periods import Period, month_ends
from dashboard.queries import activity, alerts, partners, people, recruitment
from dashboard.queries.common import PM, active_on, rows, value_of
from volunteers.models import Programme

SERIES_MONTHS = 12

# Command, rank, CSC post, ESP employer, cadet unit, district, CSC post state, agreement status, whether a
# Speed Watch group is active and whether a cadet unit is open are read from the dated history (history.models)
# as they were on the day. A caveat for any figure read from the current state only goes here.
CURRENT_ONLY: tuple[str, ...] = ()


def headcount_series(points: list[date]) -> dict[str, list[int]]:
    """People in each programme on each date (one query: a conditional count per date)."""
    columns = [
        sa.func.count(sa.distinct(sa.case((active_on(day), PM.volunteer_id)))).label(f"p{i}")
        for i, day in enumerate(points)
    ]
    found = {
        value_of(row[0]): [int(v) for v in row[1:]]
        for row in rows(sa.select(PM.programme, *columns).where(PM.started_on <= points[-1]).group_by(PM.programme))
    }
    return {p.value: found.get(p.value, [0] * len(points)) for p in Programme}


def _no_jit() -> None:
    """PostgreSQL's JIT compiles these short aggregates for longer than they take to run: off for this transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL jit = off"))


def compute_figures(period: Period) -> dict:
    """Every figure for the period, as plain data (JSON-ready)."""
    _no_jit()
    points = month_ends(period.end, SERIES_MONTHS)
    window_start = add_months(period.end.replace(day=1), -(SERIES_MONTHS - 1))
    headcount = people.headcount(period)
    specials = people.specials(period)
    duties, monthly = activity.duties_by_programme_and_month(period, window_start)
    month_keys = activity.month_keys(period.end, SERIES_MONTHS)
    hours_series = {
        key: [round(monthly.get(m, {}).get(key, 0) / 60, 1) for m in month_keys]
        for key in [d["programme"] for d in duties] or [Programme.SPECIAL.value]
    }
    figures = {
        "period": {
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "label": period.label,
            "is_quarter": period.is_quarter,
        },
        "headcount": headcount,
        "specials": specials,
        "csc": {
            **people.csc_schemes(period),  # in post: schemes.parishes.in_post
            "in_training": specials["csc_in_training"],
            "duties_in_own_parishes": activity.csc_parish_duties(period),
        },
        "esp": partners.esp(period),
        "cadets": partners.cadets(period),
        "active_citizens": partners.active_citizens(period),
        "watch": activity.watch_schemes(period),
        "speed_watch": {
            **activity.speed_watch(period),
            "volunteers": next(h["end"] for h in headcount if h["programme"] == Programme.SPEED_WATCH.value),
        },
        "duties": {
            "duties": sum(d["duties"] for d in duties),
            "minutes": sum(d["minutes"] for d in duties),
            "hours": round(sum(d["minutes"] for d in duties) / 60, 1),
            "by_programme": duties,
        },
        "recruitment": {
            **recruitment.pipeline(period),
            "funnel": recruitment.funnel(period),
            "forecast": recruitment.forecast(period),
        },
        "alerts": {
            "on": period.end.isoformat(),
            "counts": alerts.alert_counts(period.end),
        },
        "series": {
            "dates": [d.isoformat() for d in points],
            "headcount": headcount_series(points),
            "months": [f"{y:04d}-{m:02d}" for y, m in month_keys],
            "hours_by_programme": hours_series,
            "watch_members": activity.watch_members_series(points),
        },
        "notes": list(CURRENT_ONLY),
    }
    return figures
