"""Forms for one-off days and absences (the weekly pattern is a plain grid of checkboxes)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from core.form_fields import gov_date
from core.form_widgets import GovRadios
from scheduling.availability.models import AbsenceKind


class OneOffDateForm(FlaskForm):
    day = gov_date("Date", validators=[InputRequired("Enter the date")], description="For example, 27 3 2027")
    available = RadioField(
        "On that day",
        choices=[("yes", "I am available all day"), ("no", "I am not available")],
        widget=GovRadios(),
        validators=[InputRequired("Choose whether you are available on that day")],
    )
    submit = SubmitField("Save the date", widget=GovSubmitInput())


class AbsenceForm(FlaskForm):
    kind = RadioField(
        "Kind of absence",
        choices=[(k.value, k.label) for k in AbsenceKind],
        widget=GovRadios(),
        validators=[InputRequired("Choose the kind of absence")],
    )
    starts_on = gov_date("First day", validators=[InputRequired("Enter the first day of the absence")])
    ends_on = gov_date("Last day", validators=[InputRequired("Enter the last day of the absence")])
    reason = TextAreaField(
        "Reason (optional)",
        description="Only the CiP team and the volunteer see this; other volunteers never do.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=500, message="Reason must be 500 characters or fewer")],
    )
    submit = SubmitField("Save the absence", widget=GovSubmitInput())
