"""The one reader of dates and times people type: day/month/year boxes, 27/03/2026 or 2026-03-27, 14:30 or 2:30pm.

Forms (core.form_fields), page filters (the ``<prefix>-day/-month/-year`` query parameters) and CSV imports all
read through these functions, so every place accepts the same formats and refuses with the same reasons. A
reason is the end of a GOV.UK error message ("must include a month"); the caller puts the field's name first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time

PARTS = ("day", "month", "year")
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
REAL_DATE = "must be a real date"
REAL_TIME = "must be a real time, like 14:30 or 2:30pm"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS = re.compile(r"\s*[/\-. ]\s*|\s+")
_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")


class DateProblem(ValueError):
    """A typed date or time that cannot be read: ``reason`` finishes a message that starts with the field's name."""

    def __init__(self, reason: str, parts: tuple[str, ...] = PARTS):
        super().__init__(reason)
        self.reason = reason
        self.parts = parts  # the boxes at fault (GOV.UK marks only those), first one linked from the summary

    def message(self, name: str) -> str:
        """The whole GOV.UK error message for a field called ``name``."""
        return f"{name} {self.reason}"


def _missing(parts: dict[str, str]) -> str | None:
    """'must include a day and month' when some boxes are blank and others are not, else None."""
    blank = [part for part in PARTS if not parts[part]]
    if not blank or len(blank) == 3:
        return None
    return "must include a " + " and ".join(blank)


def date_from_boxes(day: str | None, month: str | None, year: str | None) -> date | None:
    """The date typed in the three boxes of a GOV.UK date input; None when all three are blank.

    The month may also be a name ("March", "mar"). Raises DateProblem with the GOV.UK reason: a box missing
    ("must include a month"), a year not of 4 numbers, or a date that does not exist ("must be a real date").
    """
    parts = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
    if not any(parts.values()):
        return None
    missing = _missing(parts)
    if missing:
        raise DateProblem(missing, tuple(part for part in PARTS if not parts[part]))
    month_number = MONTH_NAMES.get(parts["month"].lower().rstrip("."))
    if month_number is None:
        if not (parts["month"].isascii() and parts["month"].isdigit()):
            raise DateProblem(REAL_DATE)
        month_number = int(parts["month"])
    if not (parts["day"].isascii() and parts["day"].isdigit() and parts["year"].isascii() and parts["year"].isdigit()):
        raise DateProblem(REAL_DATE)
    if len(parts["year"]) != 4:
        raise DateProblem("must include a year with 4 numbers, like 2026", ("year",))
    try:
        return date(int(parts["year"]), month_number, int(parts["day"]))
    except ValueError:
        raise DateProblem(REAL_DATE) from None


def split_typed_date(text: str) -> tuple[str, str, str]:
    """A date typed on one line as (day, month, year) strings, in that order whatever order it was typed in.

    2026-03-27 is year first; 27/03/2026, 27-3-2026, 27.3.2026 and 27 3 2026 are day first. Anything else
    comes back as it was typed in the day with the month and year blank.
    """
    pieces = [piece for piece in _SEPARATORS.split(text.strip()) if piece]
    if len(pieces) != 3:
        return (text.strip(), "", "")
    if len(pieces[0]) == 4 and pieces[0].isdigit():
        return (pieces[2], pieces[1], pieces[0])
    return (pieces[0], pieces[1], pieces[2])


def parse_typed_date(text: str | None) -> date | None:
    """A date typed on one line: 27/03/2026, 27-3-2026, 27 3 2026 or 2026-03-27; None when blank.

    Raises DateProblem: "must be a real date" for 30/02/2026 or for text that is not a date at all.
    """
    text = (text or "").strip()
    if not text:
        return None
    if _ISO.fullmatch(text):  # the usual form in files, read without splitting (imports read many)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise DateProblem(REAL_DATE) from None
    day, month, year = split_typed_date(text)
    if not month or not year:
        raise DateProblem(REAL_DATE)
    return date_from_boxes(day, month, year)


def parse_typed_time(text: str | None) -> time | None:
    """A time typed as 14:30, 14.30, 1430, 2:30pm, 2pm, midday or midnight; None when blank.

    Raises DateProblem "must be a real time, like 14:30 or 2:30pm" for 25:00, 2:75 or 13pm.
    """
    text = (text or "").strip().lower()
    if not text:
        return None
    named = {"midday": time(12), "noon": time(12), "12 midday": time(12), "midnight": time(0), "12 midnight": time(0)}
    if text in named:
        return named[text]
    found = _TIME.match(text)
    if not found:
        raise DateProblem(REAL_TIME)
    hours_text, minutes_text, half = found.groups()
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if half:
        if not 1 <= hours <= 12:
            raise DateProblem(REAL_TIME)
        hours = hours % 12 + (12 if half.startswith("p") else 0)
    if hours > 23 or minutes > 59:
        raise DateProblem(REAL_TIME)
    return time(hours, minutes)


def query_boxes(args: Mapping[str, str], prefix: str) -> tuple[str, str, str]:
    """What a filter's date boxes hold: ``<prefix>-day/-month/-year``, or one older ``<prefix>=`` value split."""
    boxes = tuple((args.get(f"{prefix}-{part}") or "").strip() for part in PARTS)
    if any(boxes):
        return boxes  # type: ignore[return-value]
    single = (args.get(prefix) or "").strip()
    return split_typed_date(single) if single else ("", "", "")


def date_from_query(args: Mapping[str, str], prefix: str) -> date | None:
    """The date a filter's boxes hold (or an older link's single ``<prefix>=2026-03-27``); None when blank.

    Raises DateProblem, as date_from_boxes does.
    """
    boxes = [(args.get(f"{prefix}-{part}") or "").strip() for part in PARTS]
    if any(boxes):
        return date_from_boxes(*boxes)
    return parse_typed_date(args.get(prefix))


def month_from_query(args: Mapping[str, str], prefix: str = "month") -> date | None:
    """The first day of the month a period picker names (``<prefix>-month`` and ``<prefix>-year``).

    An older link's ``<prefix>=2026-03`` is read too. None when nothing is given; DateProblem when the month
    or year is missing or not a real one.
    """
    month = (args.get(f"{prefix}-month") or "").strip()
    year = (args.get(f"{prefix}-year") or "").strip()
    if not month and not year:
        single = (args.get(prefix) or "").strip()
        if not single:
            return None
        year, _, month = single.partition("-")
    if not month:
        raise DateProblem("must include a month")
    if not year:
        raise DateProblem("must include a year")
    return date_from_boxes("1", month, year)


def date_in_file(text: str | None) -> date | None:
    """A date in an imported file (the same formats as a form); DateProblem saying what was found and what to write."""
    try:
        return parse_typed_date(text)
    except DateProblem as problem:
        found = (text or "").strip()[:20]
        raise DateProblem(f"'{found}' {problem.reason}: write it as 27/03/2026 or 2026-03-27") from None


def time_in_file(text: str | None) -> time | None:
    """A time of day in an imported file (14:30, 2:30pm ...); DateProblem saying what was found."""
    try:
        return parse_typed_time(text)
    except DateProblem as problem:
        raise DateProblem(f"'{(text or '').strip()[:20]}' {problem.reason}") from None
