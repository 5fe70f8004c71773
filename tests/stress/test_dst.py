"""Daylight-saving transitions in Europe/London (29 March and 25 October 2026): each daily job fires once
per local day and claims that day's period key once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from core.dates import local_date
from scheduling.jobs.definitions import DEFAULT_SCHEDULES, last_month, last_week, the_day

LONDON = ZoneInfo("Europe/London")
TRANSITIONS = [date(2026, 3, 29), date(2026, 10, 25)]


def firings(cron: dict, start: datetime, end: datetime) -> list[datetime]:
    """When APScheduler's cron trigger (as `flask scheduler run` builds it) fires between start and end.

    The scheduler's clock advances in real (UTC) time: adding a second to an aware London time would be
    wall-clock arithmetic and step back an hour inside the repeated autumn hour.
    """
    trigger = CronTrigger(timezone="Europe/London", **cron)
    out, previous, now = [], None, start.astimezone(UTC)
    while True:
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None or fire > end:
            return out
        out.append(fire)
        previous, now = fire, fire.astimezone(UTC) + timedelta(seconds=1)


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
@pytest.mark.parametrize("at", [(7, 0), (1, 30), (0, 30), (2, 30)], ids=lambda t: f"{t[0]:02d}{t[1]:02d}")
def test_a_daily_job_fires_once_per_local_day_across_the_change(day, at, record_property):
    start = datetime.combine(day - timedelta(days=2), datetime.min.time(), tzinfo=LONDON)
    end = datetime.combine(day + timedelta(days=3), datetime.min.time(), tzinfo=LONDON)
    fires = firings({"hour": at[0], "minute": at[1]}, start, end)
    keys = Counter(the_day(local_date(f.astimezone(UTC))).key for f in fires)
    expected = {str(day + timedelta(days=n)) for n in range(-2, 3)}
    assert set(keys) == expected, f"days fired: {sorted(keys)}"  # no day lost
    claimed: set[str] = set()
    runs = 0
    for fire in fires:  # what run_once does with each firing: the first claim of a key runs, the rest skip
        key = the_day(local_date(fire.astimezone(UTC))).key
        if key not in claimed:
            claimed.add(key)
            runs += 1
    assert runs == len(expected)  # exactly one run per local day
    record_property("days", len(expected))
    record_property("firings", len(fires))
    record_property("runs", runs)
    if len(fires) > len(expected):
        print(f"{at}: APScheduler fired {len(fires)} times for {len(expected)} days: the claim skipped the extra")


@pytest.mark.parametrize("day", TRANSITIONS, ids=str)
def test_period_keys_of_every_instant_of_the_change_day_are_that_day(day):
    """Every UTC minute whose London date is the change day maps to that day's key, and no other minute does."""
    start = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    keys = Counter()
    for minute in range(3 * 24 * 60):
        instant = start + timedelta(minutes=minute)
        keys[the_day(local_date(instant)).key] += 1
    hours = {date(2026, 3, 29): 23, date(2026, 10, 25): 25}[day]
    assert keys[str(day)] == hours * 60  # a 23-hour day in spring, a 25-hour day in autumn


@pytest.mark.parametrize("name", sorted(DEFAULT_SCHEDULES))
def test_the_configured_schedules_fire_once_per_period_through_both_changes(name):
    """Every default schedule over 2026: one firing per period key, none missing around the changes."""
    from scheduling.jobs.definitions import JOBS

    period_of = JOBS[name].period
    start = datetime(2026, 1, 1, tzinfo=LONDON)
    end = datetime(2026, 12, 31, 23, 59, tzinfo=LONDON)
    fires = firings(DEFAULT_SCHEDULES[name], start, end)
    keys = Counter(period_of(local_date(f.astimezone(UTC))).key for f in fires)
    # The default times (06:00-07:00) are clear of the changes: not even a duplicate firing.
    assert set(keys.values()) == {1}, f"{name}: periods fired twice: {[k for k, n in keys.items() if n > 1]}"
    expected = {"reminders": 365, "pipeline_weekly": 52, "pipeline_monthly": 12, "hours_monthly": 12}.get(name)
    if expected:
        assert len(keys) == expected, f"{name}: {len(keys)} periods in 2026"
    assert period_of is not None and last_week and last_month
