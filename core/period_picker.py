"""The period picker: any month (month and year boxes) or any from/to dates (day/month/year boxes), read from a
page's query string, with the GOV.UK error that names the box at fault. My hours, the parish and employer
portals and the hours page all read their period here instead of offering a 12-month menu.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from core.dates import add_months, month_last_day, month_start
from core.typed_dates import REAL_DATE, DateProblem, date_from_query, month_from_query, query_boxes

EARLIEST_MONTH = date(2000, 1, 1)  # before any record the force keeps
LONGEST_YEARS = 10


@dataclass(frozen=True)
class PickedPeriod:
    """The days a page shows (both included), whether they are one whole month, and any problem with the input."""

    start: date
    end: date
    month: date | None = None
    error: str | None = None
    box: str | None = None  # the box the error is about: "month", "from" or "to"
    boxes: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    by_dates: bool = False  # chosen with the from/to boxes (the picker shows them open)

    @property
    def label(self) -> str:
        """'March 2023' for a month, else '1 March 2023 to 30 April 2023'."""
        if self.month:
            return f"{self.month:%B %Y}"
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    @property
    def months(self) -> list[date]:
        """The first days of the months the period touches, oldest first."""
        first, out = month_start(self.start), []
        while first <= self.end:
            out.append(first)
            first = add_months(first, 1)
        return out

    def shown(self, box: str) -> tuple[str, str, str]:
        """What a picker box shows: what was typed when it was refused, else the period's own dates."""
        if self.error:
            return self.boxes.get(box, ("", "", ""))
        if box == "month":
            return ("", *_parts(self.month or self.end)[1:])  # type: ignore[return-value]
        return _parts(self.start if box == "from" else self.end)

    def query_args(self) -> dict[str, str]:
        """The period as a link's query string (the picker's own box names)."""
        if self.month:
            return {"month-month": str(self.month.month), "month-year": str(self.month.year)}
        return {
            **{f"from-{part}": value for part, value in zip(("day", "month", "year"), _parts(self.start), strict=True)},
            **{f"to-{part}": value for part, value in zip(("day", "month", "year"), _parts(self.end), strict=True)},
        }


def _parts(day: date) -> tuple[str, str, str]:
    return (str(day.day), str(day.month), str(day.year))


def _month_of(args: Mapping[str, str], today: date) -> date | None:
    """The month the month boxes name, checked against the start of records and this month."""
    try:
        month = month_from_query(args, "month")
    except DateProblem as problem:
        reason = "must be a real month, like 3 2023" if problem.reason == REAL_DATE else problem.reason
        raise _Bad(f"The month {reason}", "month") from None
    if month is not None and not EARLIEST_MONTH <= month <= month_start(today):
        raise _Bad(f"The month must be between January {EARLIEST_MONTH.year} and this month", "month")
    return month


def _day_of(args: Mapping[str, str], prefix: str, name: str) -> date | None:
    try:
        day = date_from_query(args, prefix)
    except DateProblem as problem:
        raise _Bad(problem.message(name), prefix) from None
    if day is not None and not EARLIEST_MONTH <= day <= date(2100, 12, 31):
        raise _Bad(f"{name} must be between {EARLIEST_MONTH.year} and 2100", prefix)
    return day


class _Bad(ValueError):
    def __init__(self, message: str, box: str):
        super().__init__(message)
        self.message, self.box = message, box


def pick_period(
    args: Mapping[str, str], today: date, default: tuple[date, date], legacy: tuple[str, str] = ("from", "to")
) -> PickedPeriod:
    """The period a page's picker asks for: the month boxes first, else the from/to boxes, else ``default``.

    An older link's single values are read too (``month=2026-07``, or ``legacy`` names such as ``start`` and
    ``end`` holding 2026-07-01). A problem gives the default period with the message and the box it is about.
    """
    month_args = {key: value for key, value in args.items() if key.startswith("month")}
    boxes = {
        "month": (
            "",
            (args.get("month-month") or "").strip(),
            (args.get("month-year") or "").strip(),
        ),
        "from": query_boxes(_renamed(args, legacy[0], "from"), "from"),
        "to": query_boxes(_renamed(args, legacy[1], "to"), "to"),
    }
    start, end = default
    try:
        month = _month_of(month_args, today)
        if month is not None:
            return PickedPeriod(month, month_last_day(month), month, boxes=boxes)
        start_day = _day_of(_renamed(args, legacy[0], "from"), "from", "The start date")
        end_day = _day_of(_renamed(args, legacy[1], "to"), "to", "The end date")
        if start_day is None and end_day is None:
            month = month_start(start) if (start, end) == (month_start(start), month_last_day(start)) else None
            return PickedPeriod(start, end, month, boxes=boxes)
        if start_day is None:
            raise _Bad("Enter the start date", "from")
        if end_day is None:
            raise _Bad("Enter the end date", "to")
        if end_day < start_day:
            raise _Bad("The end date must be the same as or after the start date", "to")
        if end_day > add_months(start_day, 12 * LONGEST_YEARS):
            raise _Bad(f"Choose a period of {LONGEST_YEARS} years or less", "to")
    except _Bad as bad:
        return PickedPeriod(start, end, None, bad.message, bad.box, boxes)
    whole_month = month_start(start_day) if (start_day.day == 1 and end_day == month_last_day(start_day)) else None
    return PickedPeriod(start_day, end_day, whole_month, boxes=boxes, by_dates=True)


def _renamed(args: Mapping[str, str], old: str, new: str) -> dict[str, str]:
    """The query values for boxes called ``new``, taking an older link's ``old=2026-07-01`` as well."""
    picked = {key: value for key, value in args.items() if key.startswith(f"{new}-") or key == new}
    if old != new and old in args and not picked:
        picked[new] = args[old]
    return picked


def pick_month(args: Mapping[str, str], today: date) -> PickedPeriod:
    """The month a month-only picker asks for (this month by default), as ``pick_period`` reads it."""
    this_month = month_start(today)
    return pick_period(args, today, (this_month, month_last_day(this_month)))
