"""Alerts on the period's last day: vetting expiring or expired, Specials short of hours, cadets ageing out.

Each alert is a SELECT of volunteer ids, so the dashboard counts it and the list page shows it
from the same definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.dates import add_months, years_before
from dashboard.queries.common import PM, member_on, rows
from scheduling.hours.welfare import held_to_commitment
from volunteers.memberships import held_on
from volunteers.models import (
    Cadet,
    Programme,
    Vetting,
    Volunteer,
)

VETTING_WARNING_DAYS = 60
AGE_OUT_DAYS = 90
CADET_LEAVING_AGE = 18


@dataclass(frozen=True)
class Alert:
    key: str
    label: str
    explanation: str


ALERTS = {
    a.key: a
    for a in (
        Alert(
            "vetting_expiring",
            "Vetting expiring within 60 days",
            "Volunteers whose latest vetting expires in the 60 days after the date.",
        ),
        Alert("vetting_expired", "Vetting expired", "Volunteers in a programme whose latest vetting has expired."),
        Alert(
            "specials_below_commitment",
            "Specials below 16 hours a month over the last 3 months",
            "Specials in post for at least 3 months whose approved hours over the last 3 months average below "
            "their monthly commitment (usually 16 hours).",
        ),
        Alert(
            "cadets_ageing_out",
            "Cadets turning 18 within 90 days",
            "Volunteer Police Cadets whose 18th birthday falls in the 90 days after the date.",
        ),
        Alert(
            "cadets_over_age",
            "Cadets aged 18 or over",
            "Cadets still in the programme on or after their 18th birthday.",
        ),
    )
}


def _latest_vetting(day: date):
    return (
        sa.select(Vetting.volunteer_id, sa.func.max(Vetting.expires_on).label("expires_on"))
        .where(Vetting.granted_on <= day)
        .group_by(Vetting.volunteer_id)
        .subquery()
    )


def _in_any_programme(day: date):
    return sa.select(PM.id).where(PM.volunteer_id == Volunteer.id, held_on(day)).exists()


def alert_ids(key: str, day: date) -> sa.Select:
    """The volunteer ids an alert picks out on ``day``."""
    if key in ("vetting_expiring", "vetting_expired"):
        latest = _latest_vetting(day)
        if key == "vetting_expired":
            condition = latest.c.expires_on <= day
        else:
            condition = sa.and_(
                latest.c.expires_on > day, latest.c.expires_on <= day + timedelta(days=VETTING_WARNING_DAYS)
            )
        return (
            sa.select(Volunteer.id)
            .join(latest, latest.c.volunteer_id == Volunteer.id)
            .where(condition, _in_any_programme(day))
        )
    if key == "specials_below_commitment":
        # The hours package's rule (the welfare page's list): the 3 months to the day, whole months on a month end.
        held = held_to_commitment(add_months(day, -3) + timedelta(days=1), day, 3).subquery()
        return sa.select(held.c.id).where(held.c.minutes < held.c.commitment)
    if key in ("cadets_ageing_out", "cadets_over_age"):
        born_by = years_before(day, CADET_LEAVING_AGE)  # 18 on or before ``day``
        condition = (
            Volunteer.date_of_birth <= born_by
            if key == "cadets_over_age"
            else sa.and_(
                Volunteer.date_of_birth > born_by,
                Volunteer.date_of_birth <= years_before(day + timedelta(days=AGE_OUT_DAYS), CADET_LEAVING_AGE),
            )
        )
        return (
            sa.select(Volunteer.id)
            .join(Cadet, Cadet.volunteer_id == Volunteer.id)
            .where(condition, member_on(Volunteer.id, Programme.CADET, day))
        )
    raise KeyError(key)


def alert_counts(day: date) -> dict[str, int]:
    """How many volunteers each alert picks out on ``day`` (one query for all of them)."""
    columns = [
        sa.select(sa.func.count()).select_from(alert_ids(key, day).subquery()).scalar_subquery().label(key)
        for key in ALERTS
    ]
    counts = rows(sa.select(*columns))[0]
    return dict(zip(ALERTS, (int(c) for c in counts), strict=True))
