"""Form fields every feature uses: the GOV.UK date input (day, month, year) and whole numbers, each
message naming its field (GOV.UK error message patterns)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import DateField, IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from core.date_validation import with_sensible_date
from core.dates import today


class WholeNumberField(IntegerField):
    """An integer field whose 'not a number' message names the field."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip().replace(",", ""))
        except ValueError as problem:
            self.data = None
            raise ValueError(f"{self.label.text} must be a whole number, like 12") from problem


class GovDateField(DateField):
    """A GOV.UK day-month-year date whose 'not a date' message names the field."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", GovDateInput())
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(label, with_sensible_date(validators), **kwargs)

    def process_formdata(self, valuelist):
        parts = " ".join(valuelist or []).split()
        # The GOV.UK widget re-renders day, month and year from exactly three raw values.
        self.raw_data = (parts + ["", "", ""])[:3] if len(parts) != 3 else parts
        if not parts:
            self.data = None
            return
        try:
            super().process_formdata([" ".join(parts)])
        except ValueError as problem:
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026") from problem


def gov_date(label: str, validators=None, **kwargs) -> GovDateField:
    """A GOV.UK day-month-year date field."""
    return GovDateField(label, validators=validators, **kwargs)


def whole(label: str, minimum: int, maximum: int, required: bool = True, **kwargs) -> WholeNumberField:
    """A whole-number field between limits, with messages naming the field."""
    first = InputRequired(f"Enter {label.lower()}") if required else Optional()
    limits = NumberRange(minimum, maximum, f"{label} must be between {minimum:,} and {maximum:,}")
    return WholeNumberField(label, validators=[first, limits], **kwargs)


def not_in_future(form, field) -> None:
    """A WTForms validator: the date cannot be after today."""
    if field.data and field.data > today():
        raise ValidationError(f"{field.label.text} cannot be in the future")


def not_before_2000(form, field) -> None:
    """A WTForms validator against absurd old dates."""
    if field.data and field.data.year < 2000:
        raise ValidationError(f"{field.label.text} must be in 2000 or later")
