"""Helpers shared by the schemes sub-packages: dates, months, money and form fields."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import request
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import ValidationError

from core.dates import add_months, month_start, today
from core.params import whole_number

MAX_PENCE = 100_000_000  # £1,000,000: anything larger is a typing slip


def parse_month(value: str | None, default: date | None = None) -> date:
    """'2026-07' as the first day of that month; the default (this month) when missing or wrong."""
    if value and re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    base = default or today()
    return base.replace(day=1)


def parse_year(value: str | None, default: int | None = None) -> int:
    """A four-digit year from a query string, else this year."""
    year = whole_number(value, 4)
    if year is not None and 2000 <= year <= 2100:
        return year
    return default or today().year


def last_months(end_month: date, count: int = 12) -> list[date]:
    """The first days of ``count`` months ending with ``end_month``, oldest first."""
    last = month_start(end_month)
    return [add_months(last, -back) for back in reversed(range(count))]


def month_key(value: date) -> str:
    """A month as 'YYYY-MM'."""
    return f"{value.year:04d}-{value.month:02d}"


def int_arg(name: str) -> int | None:
    """A positive integer query argument, or None."""
    value = request.args.get(name, "")
    return whole_number(value)


def choice_arg(name: str, allowed) -> str | None:
    """A query argument if it is one of the allowed values, else None."""
    value = request.args.get(name) or None
    return value if value in {str(a) for a in allowed} else None


def pence_from_text(text: str | None) -> int | None:
    """'£1,234.50' or '1234.5' as pence; None when empty; ValueError when not money."""
    if text is None or not str(text).strip():
        return None
    cleaned = str(text).strip().replace(",", "").lstrip("£").strip()
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", cleaned):
        raise ValueError("not money")
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation as problem:  # pragma: no cover - the pattern already guards
        raise ValueError("not money") from problem


class MoneyField(StringField):
    """A pounds-and-pence amount entered as text, read as pence in ``.pence``."""

    def __init__(self, label=None, validators=None, maximum_pence: int = MAX_PENCE, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, validators, **kwargs)
        self.maximum_pence = maximum_pence

    @property
    def pence(self) -> int | None:
        try:
            return pence_from_text(self.data)
        except ValueError:
            return None

    def pre_validate(self, form):
        if not self.data or not str(self.data).strip():
            return
        try:
            value = pence_from_text(self.data)
        except ValueError as problem:
            raise ValidationError(f"{self.label.text} must be an amount in pounds, like 125.50") from problem
        if value is not None and value < 0:
            raise ValidationError(f"{self.label.text} cannot be negative")
        if value is not None and value > self.maximum_pence:
            raise ValidationError(f"{self.label.text} must be at most £{self.maximum_pence // 100:,}")
