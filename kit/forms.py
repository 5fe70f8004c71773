"""Forms for the store (stock and items) and for issuing, returning and writing off kit."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, not_in_future, whole
from core.form_widgets import GovRadios
from kit.models import COUNTED, SERIAL


def _date(label: str, required: str, more=()):
    return gov_date(label, validators=[InputRequired(required), *more])


class StockForm(FlaskForm):
    category = RadioField(
        "What kind of uniform",
        choices=[(c.value, c.label) for c in COUNTED],
        widget=GovRadios(),
        validators=[InputRequired("Choose uniform or cadet uniform")],
    )
    item_type = StringField(
        "Item",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the item, for example Wicking shirt"), Length(max=80)],
        description="For example Wicking shirt, Trousers, Fleece",
    )
    size = StringField("Size", widget=GovTextInput(), validators=[DataRequired("Enter the size"), Length(max=20)])
    quantity = whole("Quantity added to the store", 1, 10_000)
    low_at = whole(
        "Low-stock level (optional)",
        0,
        10_000,
        required=False,
        description="Flag the line when this many or fewer are left",
    )
    submit = SubmitField("Add to the store", widget=GovSubmitInput())


class ItemForm(FlaskForm):
    category = RadioField(
        "What kind of item",
        choices=[(c.value, c.label) for c in SERIAL],
        widget=GovRadios(),
        validators=[InputRequired("Choose body armour, a radio or a warrant card")],
    )
    serial_number = StringField(
        "Serial number", widget=GovTextInput(), validators=[DataRequired("Enter the serial number"), Length(max=60)]
    )
    size = StringField("Size (body armour)", widget=GovTextInput(), validators=[Optional(), Length(max=20)])
    expires_on = gov_date("Expiry date (body armour)", validators=[Optional()])
    description = StringField("Description (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    submit = SubmitField("Add the item", widget=GovSubmitInput())


class IssueForm(FlaskForm):
    thing = SelectField(
        "What to issue",
        coerce=str,
        widget=GovSelect(),
        validate_choice=False,
        validators=[DataRequired("Choose what to issue")],
    )
    quantity = whole("Quantity (uniform only)", 1, 100, required=False, description="Leave blank for 1")
    issued_on = _date("Date issued", "Enter the date issued", [not_in_future])
    submit = SubmitField("Issue", widget=GovSubmitInput())


class ReturnForm(FlaskForm):
    returned_on = _date("Date returned", "Enter the date returned", [not_in_future])
    submit = SubmitField("Record the return", widget=GovSubmitInput())


class WriteOffForm(FlaskForm):
    written_off_on = _date("Date written off", "Enter the date written off", [not_in_future])
    reason = StringField(
        "Reason for writing it off",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the reason for writing it off"), Length(max=200)],
        description="For example lost, damaged beyond repair, or not returned after repeated requests",
    )
    submit = SubmitField("Write it off", widget=GovSubmitInput())
