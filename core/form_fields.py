"""Form fields every feature uses: the GOV.UK date input (day, month, year), a time of day and whole numbers,
each message naming its field (GOV.UK error message patterns)."""

from __future__ import annotations

import re
from datetime import date, time

from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from werkzeug.datastructures import MultiDict
from wtforms import Field, IntegerField
from wtforms.utils import unset_value
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from core.date_validation import with_sensible_date
from core.dates import today
from core.typed_dates import PARTS, DateProblem, date_from_boxes, parse_typed_date, parse_typed_time, split_typed_date

DATE_EXAMPLE = "For example, 27 3 2007"
TIME_EXAMPLE = "For example, 14:30 or 2:30pm"
ASIDE = re.compile(r"\s*\([^)]*\)\s*$")


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


class GovDateBoxes(GovDateInput):
    """The GOV.UK date input: one fieldset whose legend is the label, three boxes named field-day/-month/-year."""

    def map_gov_params(self, field, **kwargs):
        kwargs.pop("required", None)  # not an attribute of the wrapping div; the legend and messages say it
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        faulty = field.faulty if field.errors else ()
        widths = {"day": 2, "month": 2, "year": 4}
        params["items"] = [
            {
                "label": part.title(),
                "id": f"{params['id']}-{part}",
                "name": f"{field.name}-{part}",
                "classes": f"govuk-input--width-{widths[part]}" + (" govuk-input--error" if part in faulty else ""),
                "value": value,
            }
            for part, value in zip(PARTS, field.boxes, strict=True)
        ]
        return params


def field_name(field) -> str:
    """A field's name as its error messages start: the label without a trailing '(optional)' or other aside."""
    return ASIDE.sub("", field.label.text)


class GovDateField(Field):
    """A date typed in the GOV.UK date input (day, month, year); messages name the field (GOV.UK patterns).

    It also reads one value posted under the field's own name (27/03/2026 or 2026-03-27), so API clients, old
    links and tests that send a single date keep working. ``boxes`` holds what was typed, to show it again.
    """

    widget = GovDateBoxes()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", DATE_EXAMPLE)
        super().__init__(label, with_sensible_date(validators), **kwargs)
        self.typed: tuple[str, str, str] | None = None
        self.faulty: tuple[str, ...] = PARTS  # the boxes an error is about (all, unless a box is missing)

    @property
    def boxes(self) -> tuple[str, str, str]:
        """What the day, month and year boxes show: what was typed, else the date held."""
        if self.typed is not None:
            return self.typed
        if isinstance(self.data, date):
            return (str(self.data.day), str(self.data.month), str(self.data.year))
        return ("", "", "")

    def process(self, formdata, data=unset_value, extra_filters=None):
        if formdata is not None and any(f"{self.name}-{part}" in formdata for part in PARTS):
            boxes = [formdata.get(f"{self.name}-{part}") or "" for part in PARTS]
            formdata = MultiDict(formdata)
            formdata.setlist(self.name, boxes)
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not posted at all: keep the saved date, as every WTForms field does
        values = [str(value).strip() for value in valuelist]
        self.typed = (*values, "", "")[:3] if len(values) == 3 else split_typed_date(" ".join(values))
        # InputRequired and Optional look at raw_data[0]: anything typed in any box counts as an answer.
        self.raw_data = [" ".join(self.typed).strip()]
        self.data = None
        try:
            self.data = date_from_boxes(*self.typed) if len(values) == 3 else parse_typed_date(" ".join(values))
        except DateProblem as problem:
            self.faulty = problem.parts if len(values) == 3 else PARTS
            raise ValueError(problem.message(field_name(self))) from None

    def _value(self):
        return " ".join(self.boxes)


class GovTimeBox(GovTextInput):
    """One narrow text box for a time of day."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("classes", "govuk-input--width-5")
        params["attributes"].setdefault("autocomplete", "off")
        return params


class GovTimeField(Field):
    """A time of day typed in one box (14:30, 1430 or 2:30pm); messages name the field."""

    widget = GovTimeBox()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", TIME_EXAMPLE)
        super().__init__(label, validators, **kwargs)
        self.typed: str | None = None

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not posted at all: keep the saved time
        self.typed = str(valuelist[0]).strip()
        self.data = None
        try:
            self.data = parse_typed_time(self.typed)
        except DateProblem as problem:
            raise ValueError(problem.message(field_name(self))) from None

    def _value(self):
        """What the box shows: what was typed, else the time held as 14:30."""
        if self.typed is not None:
            return self.typed
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""


def gov_date(label: str, validators=None, **kwargs) -> GovDateField:
    """A GOV.UK day-month-year date field."""
    return GovDateField(label, validators=validators, **kwargs)


def gov_time(label: str, validators=None, **kwargs) -> GovTimeField:
    """A time-of-day field (one box, 14:30 or 2:30pm)."""
    return GovTimeField(label, validators=validators, **kwargs)


def form_errors(form, params=None) -> dict:
    """The GOV.UK error summary's parameters for a form, a date's link going to its first box at fault."""
    summary = wtforms_errors(form, params or {})
    dates = {f"#{field.id}": field for field in form if isinstance(field, GovDateField)}
    for error in summary["errorList"]:
        if error.get("href") in dates:
            error["href"] = f"{error['href']}-{dates[error['href']].faulty[0]}"
    return summary


def whole(label: str, minimum: int, maximum: int, required: bool = True, **kwargs) -> WholeNumberField:
    """A whole-number field between limits, with messages naming the field."""
    first = InputRequired(f"Enter {label.lower()}") if required else Optional()
    limits = NumberRange(minimum, maximum, f"{label} must be between {minimum:,} and {maximum:,}")
    return WholeNumberField(label, validators=[first, limits], **kwargs)


def not_in_future(form, field) -> None:
    """A WTForms validator: the date cannot be after today."""
    if field.data and field.data > today():
        raise ValidationError(f"{field_name(field)} must be today or in the past")


def in_the_past(form, field) -> None:
    """A WTForms validator for dates such as a date of birth: before today."""
    if field.data and field.data >= today():
        raise ValidationError(f"{field_name(field)} must be in the past")


def not_before_2000(form, field) -> None:
    """A WTForms validator against absurd old dates."""
    if field.data and field.data.year < 2000:
        raise ValidationError(f"{field_name(field)} must be in 2000 or later")
