"""Activity figures: duties and hours, the CSC parish figure, watch schemes and Community Speed Watch."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from core.dated import as_recorded, valid_on
from core.dates import add_months
from dashboard.periods import Period
from dashboard.queries.common import flag, rows
from history.models import SpeedWatchGroupStatus
from scheduling.hours.csc import csc_hours_in_own_parish, own_parish_duties
from scheduling.hours.ledger import DUTY_PROGRAMME_ORDER, programme_on
from scheduling.hours.services import period_rows
from scheduling.models import Duty, DutyStatus
from schemes.models import (
    SpeedWatchGroup,
    SpeedWatchSession,
    WatchMemberSnapshot,
    WatchScheme,
    WatchSchemeType,
)
from volunteers.models import PROGRAMME_LABELS, Programme

NO_PROGRAMME = "none"


def duties_by_programme_and_month(period: Period, window_start: date) -> tuple[list[dict], dict]:
    """Approved duties and minutes per programme in the period, and per programme per month from window_start.

    Both come from the hours ledger (scheduling/hours/ledger.py): a duty counts once, under the first
    programme in DUTY_PROGRAMME_ORDER the volunteer held on its date.
    """
    in_period = period_rows(period.start, period.end, ("programme",))
    totals = {
        programme or NO_PROGRAMME: (int(n or 0), int(m or 0))
        for programme, n, m in rows(
            sa.select(
                in_period.c.programme, sa.func.sum(in_period.c.duties), sa.func.sum(in_period.c.minutes)
            ).group_by(in_period.c.programme)
        )
    }
    window = period_rows(window_start, period.end, ("programme", "month"))
    monthly: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for programme, month, minutes in rows(
        sa.select(window.c.programme, window.c.month, sa.func.sum(window.c.minutes)).group_by(
            window.c.programme, window.c.month
        )
    ):
        month = month if isinstance(month, date) else date.fromisoformat(str(month)[:10])
        monthly[(month.year, month.month)][programme or NO_PROGRAMME] += int(minutes or 0)
    by_programme = []
    for key in [p.value for p in DUTY_PROGRAMME_ORDER] + [NO_PROGRAMME]:
        count, minutes = totals.get(key, (0, 0))
        if key == NO_PROGRAMME and not count:
            continue
        by_programme.append(
            {
                "programme": key,
                "label": PROGRAMME_LABELS[Programme(key)] if key != NO_PROGRAMME else "No programme on the day",
                "duties": count,
                "minutes": minutes,
                "hours": round(minutes / 60, 1),
            }
        )
    return by_programme, {k: dict(v) for k, v in monthly.items()}


def csc_own_parish_duties(period: Period) -> sa.Subquery:
    """The duties counted as CSC hours in their own parishes in the period, one row per duty: the hours
    package's rule (scheduling.hours.csc.own_parish_duties), which the figure's list reads too."""
    return own_parish_duties(period.start, period.end).subquery("csc_own_parish_duties")


def csc_parish_duties(period: Period) -> dict:
    """'N CSCs did D duties and H hours in their own parishes': the hours package's rule
    (scheduling.hours.csc.csc_hours_in_own_parish: the post held on the day of each duty)."""
    own = csc_hours_in_own_parish(period.start, period.end)
    return {
        "cscs": own.officers_with_duties,
        "parishes": own.parishes,
        "duties": own.duties,
        "minutes": own.minutes,
        "hours": own.hours,
    }


def _latest_members(day: date):
    return (
        sa.select(WatchMemberSnapshot.members)
        .where(WatchMemberSnapshot.scheme_id == WatchScheme.id, WatchMemberSnapshot.recorded_on <= day)
        .order_by(WatchMemberSnapshot.recorded_on.desc())
        .limit(1)
        .correlate(WatchScheme)
        .scalar_subquery()
    )


def watch_on(period: Period) -> sa.Subquery:
    """Each watch scheme with its members at the start and end of the period (latest snapshot on or before)."""
    return (
        sa.select(
            WatchScheme.id,
            WatchScheme.name,
            WatchSchemeType.name.label("type"),
            _latest_members(period.opening).label("start"),
            _latest_members(period.end).label("end"),
        )
        .join(WatchSchemeType, WatchSchemeType.id == WatchScheme.type_id)
        .subquery("watch_on")
    )


def watch_schemes_with_members(period: Period) -> sa.Select:
    """The watch schemes with members at the end of the period, and how many."""
    sub = watch_on(period)
    return sa.select(sub.c.id, sub.c.end).where(sub.c.end > 0)


def watch_schemes(period: Period) -> dict:
    """Members of each watch scheme at the start and end of the period (latest snapshot on or before)."""
    sub = watch_on(period)
    schemes = []
    for scheme_id, name, type_name, start, end in rows(sa.select(sub).order_by(sub.c.name)):
        if start is None and end is None:
            continue
        start, end = start or 0, end or 0
        schemes.append(
            {
                "scheme_id": scheme_id,
                "scheme": name,
                "type": type_name,
                "start": start,
                "end": end,
                "change": end - start,
            }
        )
    start_total = sum(s["start"] for s in schemes)
    end_total = sum(s["end"] for s in schemes)
    return {
        "schemes": sum(1 for s in schemes if s["end"] > 0),
        "members_start": start_total,
        "members_end": end_total,
        "change": end_total - start_total,
        "by_scheme": schemes,
    }


def watch_members_series(points: list[date]) -> list[int]:
    """Total watch scheme members on each date (one query: a UNION ALL of one aggregate per date)."""
    selects = []
    for index, day in enumerate(points):
        latest = (
            sa.select(WatchMemberSnapshot.scheme_id, sa.func.max(WatchMemberSnapshot.recorded_on).label("on"))
            .where(WatchMemberSnapshot.recorded_on <= day)
            .group_by(WatchMemberSnapshot.scheme_id)
            .subquery()
        )
        selects.append(
            sa.select(sa.literal(index).label("point"), sa.func.coalesce(sa.func.sum(WatchMemberSnapshot.members), 0))
            .select_from(WatchMemberSnapshot)
            .join(
                latest,
                sa.and_(
                    WatchMemberSnapshot.scheme_id == latest.c.scheme_id,
                    WatchMemberSnapshot.recorded_on == latest.c.on,
                ),
            )
        )
    totals = dict.fromkeys(range(len(points)), 0)
    for index, total in rows(sa.union_all(*selects)):
        totals[int(index)] = int(total or 0)
    return [totals[i] for i in range(len(points))]


def speed_watch_groups_on(period: Period) -> sa.Subquery:
    """The Community Speed Watch groups active on the period's last day, and whether each began in the period."""
    status = SpeedWatchGroupStatus
    active = as_recorded(status, "group_id", SpeedWatchGroup.id, status.active, SpeedWatchGroup.active)
    return (
        sa.select(SpeedWatchGroup.id, flag(SpeedWatchGroup.started_on >= period.start).label("new"))
        .select_from(SpeedWatchGroup)
        .outerjoin(status, sa.and_(status.group_id == SpeedWatchGroup.id, valid_on(status, period.end)))
        .where(SpeedWatchGroup.started_on <= period.end, active.is_(True))
        .subquery("speed_watch_groups_on")
    )


def speed_watch_sessions(period: Period) -> sa.Select:
    """The Speed Watch sessions held in the period."""
    return sa.select(SpeedWatchSession.id).where(
        SpeedWatchSession.session_date >= period.start, SpeedWatchSession.session_date <= period.end
    )


def speed_watch(period: Period) -> dict:
    """Community Speed Watch groups (active on the last day), new groups, sessions and letters in the period."""
    groups_sub = speed_watch_groups_on(period)
    groups, new_groups = rows(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(groups_sub.c.new), 0)))[0]
    s = SpeedWatchSession
    sessions, checked, over, first, final, referrals = rows(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(s.vehicles_checked), 0),
            sa.func.coalesce(sa.func.sum(s.vehicles_over_limit), 0),
            sa.func.coalesce(sa.func.sum(s.first_letters), 0),
            sa.func.coalesce(sa.func.sum(s.final_letters), 0),
            sa.func.coalesce(sa.func.sum(s.referrals), 0),
        ).where(s.id.in_(speed_watch_sessions(period)))
    )[0]
    return {
        "groups": groups,
        "new_groups": int(new_groups),
        "sessions": sessions,
        "vehicles_checked": int(checked),
        "vehicles_over_limit": int(over),
        "first_letters": int(first),
        "final_letters": int(final),
        "letters": int(first) + int(final),
        "referrals": int(referrals),
    }


def month_keys(end: date, count: int = 12) -> list[tuple[int, int]]:
    """(year, month) of the ``count`` months ending with ``end``'s month, oldest first."""
    first = add_months(end.replace(day=1), -(count - 1))
    keys = []
    for i in range(count):
        day = add_months(first, i)
        keys.append((day.year, day.month))
    return keys


def approved_duties(period: Period, programme: str = "") -> sa.Select:
    """The approved duties dated in the period (the duties the hours ledger sums for the period's totals); with
    ``programme``, those counted under it: the first programme the volunteer held that day (the ledger's own
    ``programme_on``), or held none ('none')."""
    stmt = sa.select(Duty.id).where(
        Duty.status == DutyStatus.APPROVED, Duty.duty_date >= period.start, Duty.duty_date <= period.end
    )
    if not programme:
        return stmt
    counted_under = programme_on(Duty.volunteer_id, Duty.duty_date)
    return stmt.where(counted_under.is_(None) if programme == NO_PROGRAMME else counted_under == programme)
