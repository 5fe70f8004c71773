"""Forms of the approvals queue and of "I did this shift" (the duty form itself is in forms.py)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SelectField, SelectMultipleField, SubmitField


class ConfirmShiftForm(FlaskForm):
    """'I did this shift' as booked: one button, beside the full duty form (so shown with prefix "confirm")."""

    submit = SubmitField("Confirm this duty as booked", widget=GovSubmitInput())


class BulkApproveForm(FlaskForm):
    """Approve several duties of the queue: the ticked ones, or every one the page showed."""

    duty = SelectMultipleField("Choose the duties to approve", coerce=str, validate_choice=False)
    page_duty = SelectMultipleField(coerce=str, validate_choice=False)  # the ids the page showed
    action = SelectField(
        choices=[("selected", "Approve selected"), ("page", "Approve the page")], validate_choice=False
    )
