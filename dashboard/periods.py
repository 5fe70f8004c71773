"""Reporting periods: a date range [start, end] (both days included), quarters and their parsing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from core.dates import add_months
from core.refusals import Refusal
from core.typed_dates import PARTS, DateProblem, date_from_query


@dataclass(frozen=True)
class Period:
    """A reporting period; both days are included."""

    start: date
    end: date

    @property
    def opening(self) -> date:
        """The day before the period: the 'start' of changes over the period."""
        return self.start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_quarter(self) -> bool:
        """Whether the period is exactly one calendar quarter."""
        return quarter_of(self.start) == self

    @property
    def label(self) -> str:
        """'Q3 2026 (1 July to 30 September 2026)' for a quarter, else the two dates."""
        dates = f"{uk(self.start)} to {uk(self.end)}"
        if self.is_quarter:
            return f"{quarter_name(self.start)} ({dates})"
        return dates

    @property
    def word(self) -> str:
        """How commentary names the period: 'the quarter' or 'the period'."""
        return "the quarter" if self.is_quarter else "the period"

    def query_args(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def uk(day: date) -> str:
    """22 November 2026."""
    return f"{day.day} {day:%B %Y}"


def quarter_name(day: date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def quarter_of(day: date) -> Period:
    """The calendar quarter that contains the day."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    return Period(start, add_months(start, 3) - timedelta(days=1))


def month_ends(end: date, count: int = 12) -> list[date]:
    """The last day of each of the ``count - 1`` months before ``end``'s month, then ``end`` itself."""
    points = []
    first_of_month = end.replace(day=1)
    for back in range(count - 1, 0, -1):
        points.append(add_months(first_of_month, -back + 1) - timedelta(days=1))
    points.append(end)
    return points


def default_period(today: date) -> Period:
    """The current quarter to date."""
    return Period(quarter_of(today).start, today)


def quarter_shortcuts(today: date, count: int = 5) -> list[tuple[str, Period]]:
    """Links for the quarter picker: this quarter to date, then the previous whole quarters."""
    current = quarter_of(today)
    shortcuts = [(f"{quarter_name(today)} to date", Period(current.start, today))]
    start = current.start
    for _ in range(count - 1):
        start = add_months(start, -3)
        shortcuts.append((quarter_name(start), quarter_of(start)))
    return shortcuts


EARLIEST = date(2000, 1, 1)
LATEST_SPAN_DAYS = 366 * 10


def _parse_day(field: str, raw: str | None) -> date:
    if raw is None or not raw.strip():
        raise Refusal(f"Enter the '{field}' date as YYYY-MM-DD", field)
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise Refusal(f"'{field}' must be a real date written as YYYY-MM-DD", field) from None
    if len(raw.strip()) != 10:
        raise Refusal(f"'{field}' must be a real date written as YYYY-MM-DD", field)
    if day < EARLIEST or day.year > 2100:
        raise Refusal(f"'{field}' must be between 2000 and 2100", field)
    return day


def parse_period(raw_from: str | None, raw_to: str | None, today: date, required: bool = False) -> Period:
    """A period from 'from' and 'to' query values; both missing gives the default when not required."""
    if not required and not (raw_from or "").strip() and not (raw_to or "").strip():
        return default_period(today)
    return _checked(_parse_day("from", raw_from), _parse_day("to", raw_to))


def _checked(start: date, end: date) -> Period:
    if end < start:
        raise Refusal("'to' must be the same as or after 'from'", "to")
    if (end - start).days > LATEST_SPAN_DAYS:
        raise Refusal("The period can be at most 10 years long", "to")
    return Period(start, end)


def _typed_day(args: Mapping[str, str], field: str, name: str) -> date:
    try:
        day = date_from_query(args, field)
    except DateProblem as problem:
        raise Refusal(problem.message(name), field) from None
    if day is None:
        raise Refusal(f"Enter {name[0].lower()}{name[1:]}", field)
    if day < EARLIEST or day.year > 2100:
        raise Refusal(f"{name} must be between 2000 and 2100", field)
    return day


def period_from_query(args: Mapping[str, str], today: date, required: bool = False) -> Period:
    """The period the page's date boxes name (from-day/-month/-year, to-...), else a link's ?from=&to= values."""
    if not any(args.get(f"{field}-{part}") for field in ("from", "to") for part in PARTS):
        return parse_period(args.get("from"), args.get("to"), today, required=required)
    start, end = _typed_day(args, "from", "The start date"), _typed_day(args, "to", "The end date")
    if end < start:
        raise Refusal("The end date must be the same as or after the start date", "to")
    return _checked(start, end)
