"""Forms for logging, reviewing and importing duties."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, gov_time
from core.form_widgets import GovRadios
from scheduling.models import DutyType

TYPE_CHOICES = [("", "Choose a type")] + [(t.value, t.label) for t in DutyType]


class DutyForm(FlaskForm):
    volunteer_id = SelectField("Volunteer", coerce=str, widget=GovSelect(), validate_choice=False)
    shift_id = SelectField("From a shift you were booked on", coerce=str, widget=GovSelect(), validate_choice=False)
    day = gov_date("Date the duty started", validators=[InputRequired("Enter the date the duty started")])
    start = gov_time("Start time", validators=[InputRequired("Enter the start time, for example 18:00")])
    end_day = gov_date(
        "Date the duty ended (if not the same day)",
        validators=[Optional()],
        description="Only for a duty that went past midnight",
    )
    end = gov_time("End time", validators=[InputRequired("Enter the end time, for example 22:30")])
    duty_type = SelectField(
        "Type of duty", choices=TYPE_CHOICES, widget=GovSelect(), validators=[DataRequired("Choose the type of duty")]
    )
    place = StringField("Place", widget=GovTextInput(), validators=[Optional(), Length(max=160)])
    district_id = SelectField("District", coerce=str, widget=GovSelect(), validate_choice=False)
    parish_id = SelectField("Parish or town", coerce=str, widget=GovSelect(), validate_choice=False)
    is_esp = RadioField(
        "Was this Employer Supported Policing time (paid release from your employer)?",
        choices=[("no", "No"), ("yes", "Yes")],
        default="no",
        widget=GovRadios(),
        validators=[InputRequired("Say whether this was ESP time")],
    )
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save duty", widget=GovSubmitInput())


class RejectForm(FlaskForm):
    reason = StringField(
        "Reason for rejecting",
        widget=GovTextInput(),
        validators=[DataRequired("Give a reason for rejecting the duty"), Length(max=300)],
    )
    submit = SubmitField("Reject duty", widget=GovSubmitInput())


class ApproveForm(FlaskForm):
    submit = SubmitField("Approve duty", widget=GovSubmitInput())


class ImportForm(FlaskForm):
    file = FileField("CSV file of duties", widget=GovFileInput())
    mode = RadioField(
        "What to do",
        choices=[("dry", "Check the file only (dry run)"), ("import", "Import the duties")],
        default="dry",
        widget=GovRadios(),
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
