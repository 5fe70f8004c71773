"""The range of dates a page or form accepts from an address or a field."""

from __future__ import annotations

from datetime import date

# Wide enough for any real record, narrow enough that the week, month and period arithmetic around a
# date (a day either side, the next month) never leaves the calendar: year 1 or 9999 would overflow.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
OUT_OF_RANGE = "Enter a date between 1900 and 2999"


def day_in_range(day: date) -> bool:
    """Whether a date from an address or form lies between EARLIEST_DAY and LATEST_DAY."""
    return EARLIEST_DAY <= day <= LATEST_DAY
