"""Template filters: times shown in Europe/London, money in pounds, minutes as hours."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup, escape

from core.dates import LONDON


def london_time(value: datetime | None, fmt: str = "%d %b %Y %H:%M") -> str:
    """A UTC timestamp as Europe/London local time."""
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime(fmt)


def uk_date(value: date | datetime | None, fmt: str = "%-d %B %Y") -> str:
    """A date the way GOV.UK writes it: 22 November 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON)
    return value.strftime(fmt)


def pounds(pence: int | None) -> str:
    """Pence as £1,234.56."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}£{pence // 100:,}.{pence % 100:02d}"


def hours(minutes: int | None) -> str:
    """Minutes as hours with at most one decimal: 361, 7.5."""
    if not minutes:
        return "0"
    value = minutes / 60
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def thousands(value: int | None) -> str:
    """An integer with thousands separators."""
    return "" if value is None else f"{value:,}"


class Choices(list):
    """(value, label) pairs whose <option> elements are escaped once and kept with them (choices kept per
    process, e.g. the volunteer list's filters, then cost no escaping per request)."""

    _options: list[tuple[object, str]] | None = None

    def options(self) -> list[tuple[object, str]]:
        """Each value with its escaped <option> element, not selected."""
        if self._options is None or len(self._options) != len(self):
            self._options = [(value, _option(value, label, "")) for value, label in self]
        return self._options


def _option(value, label, mark: str) -> str:
    return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


def select_options(pairs, selected, any_text: str) -> Markup:
    """<option> elements for (value, label) pairs or labelled enum members, the selected one marked.

    Built in Python: a filter with hundreds of choices (parishes) costs a loop of Jinja macro calls otherwise.
    """
    parts = [f'<option value="">{escape(any_text)}</option>']
    chosen = getattr(selected, "value", selected)
    if isinstance(pairs, Choices):
        for value, option in pairs.options():
            parts.append(option if value != chosen else _option(value, dict(pairs)[value], " selected"))
        return Markup("".join(parts))  # noqa: S704 - every value is escaped in _option
    for item in pairs:
        value, label = (item.value, item.label) if hasattr(item, "label") else item
        parts.append(_option(value, label, " selected" if value == chosen else ""))
    return Markup("".join(parts))  # noqa: S704 - every value is escaped in _option


def page_numbers(current: int, last: int) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, the current one and its neighbours; None for a gap."""
    shown = sorted({n for n in (1, current - 1, current, current + 1, last) if 1 <= n <= last})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def register(app: Flask) -> None:
    """Make the filters available in templates."""
    for fn in (london_time, uk_date, pounds, hours, thousands):
        app.jinja_env.filters[fn.__name__] = fn
    app.add_template_global(select_options)
    app.add_template_global(page_numbers)
