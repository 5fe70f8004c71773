"""Dates and times, in one place: the force's time zone, today, month arithmetic and accepted ranges.

Every "today" the product speaks of is the date in Europe/London; times are stored in UTC and shown in
London time. Month arithmetic has one meaning: ``add_months`` keeps the day of the month (clamped to the
month's last day), and ``month_start`` / ``next_month`` give first days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Wide enough for any real record, narrow enough that the week, month and period arithmetic around a
# date (a day either side, the next month) never leaves the calendar: year 1 or 9999 would overflow.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
OUT_OF_RANGE = "Enter a date between 1900 and 2999"


def day_in_range(day: date) -> bool:
    """Whether a date from an address or form lies between EARLIEST_DAY and LATEST_DAY."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Europe/London: the day a change made now takes effect."""
    return datetime.now(LONDON).date()


def local_to_utc(day: date, at: time) -> datetime:
    """A Europe/London wall-clock time on a date as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The Europe/London date of a UTC moment."""
    return moment.astimezone(LONDON).date()


def local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC bounds from local midnight of ``start`` to local midnight after ``end`` (inclusive)."""
    return local_to_utc(start, time(0)), local_to_utc(end + timedelta(days=1), time(0))


def month_start(day: date) -> date:
    """The first day of the day's month."""
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after the day's month."""
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def month_bounds(day: date) -> tuple[date, date]:
    """The first day of the day's month and the first day of the next (a half-open range)."""
    return month_start(day), next_month(day)


def month_last_day(day: date) -> date:
    """The last day of the day's month."""
    return next_month(day) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later or earlier, clamped to that month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = date(year, month + 1, 1)
    return first.replace(day=min(day.day, month_last_day(first).day))


def years_before(day: date, years: int) -> date:
    """The same date ``years`` earlier (29 February becomes 28 February)."""
    return years_after(day, -years)


def years_after(day: date, years: int) -> date:
    """The same date ``years`` later: an anniversary (29 February's falls on 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
