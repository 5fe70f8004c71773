"""Activity figures: duties and hours, the CSC parish figure, watch schemes and Community Speed Watch."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.history import SpecialAssignment, SpeedWatchGroupStatus, as_of, as_recorded, valid_on
from dashboard.periods import Period, add_months
from dashboard.queries.common import PM, active_on, member_on, rows
from scheduling.models import Duty, DutyStatus
from schemes.models import (
    CscAgreement,
    CscPost,
    SpeedWatchGroup,
    SpeedWatchSession,
    WatchMemberSnapshot,
    WatchScheme,
    WatchSchemeType,
)
from volunteers.models import PROGRAMME_LABELS, Programme, SpecialConstable

# A duty counts once, under the first programme in this order the volunteer held on the day.
DUTY_PROGRAMME_ORDER = [
    Programme.CSC,
    Programme.SPECIAL,
    Programme.CADET_LEADER,
    Programme.ACTIVE_CITIZEN,
    Programme.SPEED_WATCH,
    Programme.CADET,
    Programme.JUNIOR_CADET,
]
NO_PROGRAMME = "none"


def _priority(membership):
    """A membership's programme as its index in DUTY_PROGRAMME_ORDER."""
    return sa.case(
        {p.value: index for index, p in enumerate(DUTY_PROGRAMME_ORDER)}, value=sa.cast(membership.programme, sa.String)
    )


def _rank_on(volunteer_id, day):
    """The index in DUTY_PROGRAMME_ORDER of the first programme the volunteer held on ``day`` (NULL: none)."""
    membership = aliased(PM)
    return (
        sa.select(sa.func.min(_priority(membership)))
        .where(
            membership.volunteer_id == volunteer_id,
            membership.started_on <= day,
            sa.or_(membership.ended_on.is_(None), membership.ended_on > day),
        )
        .scalar_subquery()
    )


def duties_by_programme_and_month(period: Period, window_start: date) -> tuple[list[dict], dict]:
    """Approved duties and minutes per programme in the period, and per programme per month from window_start."""
    first = min(period.start, window_start)
    in_range = sa.and_(Duty.status == DutyStatus.APPROVED, Duty.duty_date >= first, Duty.duty_date <= period.end)
    # Volunteers whose programmes change inside the range need each duty looked at; for everyone else the
    # programmes they hold are the same all through, so their duties are summed first and looked up once.
    changing = sa.select(PM.volunteer_id).where(
        sa.or_(
            sa.and_(PM.started_on > first, PM.started_on <= period.end),
            sa.and_(PM.ended_on > first, PM.ended_on <= period.end),
        )
    )
    month = sa.func.substr(sa.cast(Duty.duty_date, sa.String), 1, 7)  # 'YYYY-MM' on both engines
    in_period = sa.case((Duty.duty_date >= period.start, 1), else_=0)
    in_window = sa.case((Duty.duty_date >= window_start, 1), else_=0)
    steady = (
        sa.select(
            Duty.volunteer_id.label("volunteer_id"),
            month.label("month"),
            in_period.label("in_period"),
            in_window.label("in_window"),
            sa.func.count().label("duties"),
            sa.func.sum(Duty.minutes).label("minutes"),
        )
        .where(in_range, Duty.volunteer_id.not_in(changing))
        .group_by(Duty.volunteer_id, month, in_period, in_window)
        .subquery()
    )
    ranks_at_first = (
        sa.select(PM.volunteer_id.label("volunteer_id"), sa.func.min(_priority(PM)).label("rank"))
        .where(active_on(first))
        .group_by(PM.volunteer_id)
        .subquery()
    )
    steady_rows = sa.select(
        ranks_at_first.c.rank,
        steady.c.month,
        steady.c.in_period,
        steady.c.in_window,
        steady.c.duties,
        steady.c.minutes,
    ).select_from(steady.outerjoin(ranks_at_first, ranks_at_first.c.volunteer_id == steady.c.volunteer_id))
    changing_rows = sa.select(
        _rank_on(Duty.volunteer_id, Duty.duty_date).label("rank"),
        month.label("month"),
        in_period.label("in_period"),
        in_window.label("in_window"),
        sa.literal(1).label("duties"),
        Duty.minutes.label("minutes"),
    ).where(in_range, Duty.volunteer_id.in_(changing))
    both = sa.union_all(steady_rows, changing_rows).subquery()
    stmt = sa.select(
        both.c.rank,
        both.c.month,
        both.c.in_period,
        both.c.in_window,
        sa.func.sum(both.c.duties),
        sa.func.sum(both.c.minutes),
    ).group_by(both.c.rank, both.c.month, both.c.in_period, both.c.in_window)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    monthly: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rank_value, month_key, is_in_period, is_in_window, count, minutes in rows(stmt):
        key = DUTY_PROGRAMME_ORDER[int(rank_value)].value if rank_value is not None else NO_PROGRAMME
        y, m = (int(part) for part in month_key.split("-"))
        count = int(count or 0)
        if is_in_period:
            totals[key][0] += count
            totals[key][1] += int(minutes or 0)
        if is_in_window:
            monthly[(int(y), int(m))][key] += int(minutes or 0)
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


def csc_parish_duties(period: Period) -> dict:
    """'N CSCs did D duties and H hours in their own parishes': approved duties in the period by people who
    were CSCs on the day, in the parish of the post they held that day (any parish when they held none)."""
    held = SpecialAssignment
    post_id = as_of(held, held.csc_post_id, SpecialConstable.csc_post_id)
    own_parish = sa.or_(post_id.is_(None), Duty.parish_id == CscAgreement.parish_id)
    stmt = (
        sa.select(
            sa.func.count(sa.distinct(Duty.volunteer_id)),
            sa.func.count(sa.distinct(Duty.parish_id)),
            sa.func.count(Duty.id),
            sa.func.coalesce(sa.func.sum(Duty.minutes), 0),
        )
        .select_from(Duty)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .outerjoin(held, sa.and_(held.volunteer_id == Duty.volunteer_id, valid_on(held, Duty.duty_date)))
        .outerjoin(CscPost, CscPost.id == post_id)
        .outerjoin(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date >= period.start,
            Duty.duty_date <= period.end,
            Duty.parish_id.is_not(None),
            own_parish,
            member_on(Duty.volunteer_id, Programme.CSC, Duty.duty_date),
        )
    )
    cscs, parishes, duties, minutes = rows(stmt)[0]
    return {
        "cscs": cscs,
        "parishes": parishes,
        "duties": duties,
        "minutes": int(minutes),
        "hours": round(int(minutes) / 60, 1),
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


def watch_schemes(period: Period) -> dict:
    """Members of each watch scheme at the start and end of the period (latest snapshot on or before)."""
    stmt = (
        sa.select(
            WatchScheme.id,
            WatchScheme.name,
            WatchSchemeType.name,
            _latest_members(period.opening),
            _latest_members(period.end),
        )
        .join(WatchSchemeType, WatchSchemeType.id == WatchScheme.type_id)
        .order_by(WatchScheme.name)
    )
    schemes = []
    for scheme_id, name, type_name, start, end in rows(stmt):
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
        "schemes": sum(1 for s in schemes if s["end"]),
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


def speed_watch(period: Period) -> dict:
    """Community Speed Watch groups (active on the last day), new groups, sessions and letters in the period."""
    status = SpeedWatchGroupStatus
    active = as_recorded(status, "group_id", SpeedWatchGroup.id, status.active, SpeedWatchGroup.active)
    groups, new_groups = rows(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(sa.case((SpeedWatchGroup.started_on >= period.start, 1), else_=0)), 0),
        )
        .select_from(SpeedWatchGroup)
        .outerjoin(status, sa.and_(status.group_id == SpeedWatchGroup.id, valid_on(status, period.end)))
        .where(SpeedWatchGroup.started_on <= period.end, active.is_(True))
    )[0]
    s = SpeedWatchSession
    sessions, checked, over, first, final, referrals = rows(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(s.vehicles_checked), 0),
            sa.func.coalesce(sa.func.sum(s.vehicles_over_limit), 0),
            sa.func.coalesce(sa.func.sum(s.first_letters), 0),
            sa.func.coalesce(sa.func.sum(s.final_letters), 0),
            sa.func.coalesce(sa.func.sum(s.referrals), 0),
        ).where(s.session_date >= period.start, s.session_date <= period.end)
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
