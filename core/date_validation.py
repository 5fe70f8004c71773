"""The one check every date field in a form makes: its year is a sensible one (core.dates' range)."""

from __future__ import annotations

from datetime import date, datetime

from wtforms.validators import ValidationError

from core.dates import EARLIEST_DAY, LATEST_DAY, day_in_range


class SensibleDate:
    """A WTForms validator: the date lies between EARLIEST_DAY and LATEST_DAY; the message names the field."""

    def __call__(self, form, field) -> None:
        value = field.data
        if not isinstance(value, date):
            return  # empty, or not a date at all (the field's own message says so)
        day = value.date() if isinstance(value, datetime) else value
        if not day_in_range(day):
            label = field.label.text.removesuffix(" (optional)")
            raise ValidationError(f"{label} must be a date between {EARLIEST_DAY.year} and {LATEST_DAY.year}")


def with_sensible_date(validators) -> list:
    """The validators given, plus SensibleDate (once)."""
    validators = list(validators or [])
    if not any(isinstance(v, SensibleDate) for v in validators):
        validators.append(SensibleDate())
    return validators
