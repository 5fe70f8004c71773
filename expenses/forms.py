"""Forms: a claim (on a phone), a decision, a new rate, a cost code, closing a run."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, not_before_2000, whole
from core.form_widgets import GovCheckboxes, GovRadios
from expenses.models import ClaimKind
from expenses.rates import VEHICLES
from expenses.training import COVERS
from schemes.common import MoneyField

KIND_HINTS = {
    ClaimKind.MILEAGE: "Miles you drove or rode on duty. No receipt needed.",
    ClaimKind.FARES: "Bus, train or other fares. Add a photo of the ticket or receipt.",
    ClaimKind.SUBSISTENCE: "Food and drink on a long duty. Add a photo of the receipt.",
    ClaimKind.BOOTS: "The yearly boot allowance, once a year.",
    ClaimKind.LOSS_OF_EARNINGS: "Pay you lost to be on duty, up to a daily limit. Add evidence from your employer.",
    ClaimKind.OTHER: "Anything else the CiP team agreed. Add a receipt.",
}


class ChooseKindForm(FlaskForm):
    """The first question: what the volunteer is claiming for."""

    class Meta:
        csrf = False  # a GET form: it only chooses which questions come next

    kind = RadioField(
        "What are you claiming for?",
        choices=[(k.value, k.label) for k in ClaimKind],
        widget=GovRadios(),
        validators=[InputRequired("Choose what you are claiming for")],
    )
    covers = RadioField("What is the claim for?", choices=list(COVERS), default="duty", widget=GovRadios())
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ClaimForm(FlaskForm):
    """A claim of one kind against the volunteer's approved duties or one of their training courses."""

    duties = SelectMultipleField(
        "Which duties are you claiming for?", coerce=int, widget=GovCheckboxes(), validate_choice=False
    )
    training_record = RadioField(
        "Which training course are you claiming for?", coerce=int, widget=GovRadios(), validate_choice=False
    )
    variant = RadioField(
        "How did you travel?",
        choices=[(v, v.capitalize()) for v in VEHICLES],
        widget=GovRadios(),
        validate_choice=False,
    )
    miles = whole("Miles travelled", 1, 1000, required=False, description="The return journey, in whole miles")
    amount = MoneyField("Amount (pounds)", description="For example 12.50", maximum_pence=1_000_000)
    description = TextAreaField(
        "What was it for? (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=300, message="What it was for must be 300 characters or fewer")],
    )
    receipt = FileField(
        "Photo or PDF of the receipt",
        widget=GovFileInput(),
        description="A JPEG or PNG photo, or a PDF, up to 5 MB",
    )
    submit = SubmitField("Send claim", widget=GovSubmitInput())


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Why are you rejecting this claim?",
        widget=GovTextArea(),
        validators=[
            DataRequired("Give a reason for rejecting the claim"),
            Length(max=300, message="The reason must be 300 characters or fewer"),
        ],
    )
    submit = SubmitField("Reject claim", widget=GovSubmitInput())


class ApproveForm(FlaskForm):
    submit = SubmitField("Approve claim", widget=GovSubmitInput())


class BulkApproveForm(FlaskForm):
    """Approve the ticked claims of the queue."""

    claim = SelectMultipleField("Choose the claims to approve", coerce=str, validate_choice=False)
    all_claim = SelectMultipleField(coerce=str, validate_choice=False)  # every claim the page showed
    action = SelectField(choices=[("ticked", "Approve ticked"), ("all", "Approve all")], validate_choice=False)


class RateForm(FlaskForm):
    """A new rate from a date (earlier rates are kept)."""

    kind = SelectField("Type of claim", choices=[(k.value, k.label) for k in ClaimKind], widget=GovSelect())
    variant = SelectField(
        "Vehicle (mileage only)",
        choices=[("", "Not mileage"), *[(v, v.capitalize()) for v in VEHICLES]],
        widget=GovSelect(),
        validate_choice=False,
    )
    min_hours = StringField(
        "Paid for duties over this many hours (subsistence only)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=5)],
    )
    amount = MoneyField(
        "Amount (pounds)",
        description="Mileage: pounds a mile, like 0.45. Subsistence: the allowance. Boots: the yearly allowance. "
        "Fares, loss of earnings (a day) and other: the most paid.",
        validators=[DataRequired("Enter the amount")],
    )
    starts_on = gov_date("From", validators=[InputRequired("Enter the date the rate starts from"), not_before_2000])
    submit = SubmitField("Save rate", widget=GovSubmitInput())


class CostCodeForm(FlaskForm):
    command_id = SelectField("Command", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose a command")])
    code = StringField(
        "Cost code",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the cost code"),
            Length(max=40, message="Cost code must be 40 characters or fewer"),
        ],
    )
    submit = SubmitField("Save cost code", widget=GovSubmitInput())


class CloseRunForm(FlaskForm):
    submit = SubmitField("Close the run and make the finance file", widget=GovSubmitInput())
