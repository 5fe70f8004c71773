"""Forms for creating shifts, filling gaps and recording attendance."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.date_validation import SensibleDate
from core.form_widgets import GovCheckboxes
from scheduling.models import DutyType
from volunteers.models import Programme


class ShiftForm(FlaskForm):
    title = StringField("Title", widget=GovTextInput(), validators=[DataRequired("Enter a title"), Length(max=160)])
    shift_type = SelectField(
        "Type",
        choices=[("", "Choose a type")] + [(t.value, t.label) for t in DutyType],
        widget=GovSelect(),
        validators=[DataRequired("Choose a type")],
    )
    day = DateField("Date", widget=GovTextInput(), validators=[InputRequired("Enter the date"), SensibleDate()])
    start = TimeField("Start time", widget=GovTextInput(), validators=[InputRequired("Enter the start time")])
    end_day = DateField(
        "End date (if not the same day)", widget=GovTextInput(), validators=[Optional(), SensibleDate()]
    )
    end = TimeField("End time", widget=GovTextInput(), validators=[InputRequired("Enter the end time")])
    places = IntegerField(
        "Places",
        widget=GovTextInput(),
        default=2,
        validators=[InputRequired("Enter the number of places"), NumberRange(1, 500, "Enter between 1 and 500")],
    )
    place = StringField("Place", widget=GovTextInput(), validators=[Optional(), Length(max=160)])
    district_id = SelectField("District", coerce=str, widget=GovSelect(), validate_choice=False)
    parish_id = SelectField("Parish or town", coerce=str, widget=GovSelect(), validate_choice=False)
    eligible_programmes = SelectMultipleField(
        "Who may sign up (none ticked: any adult volunteer)",
        choices=[(p.value, p.label) for p in Programme],
        widget=GovCheckboxes(),
        validators=[Optional()],
    )
    minimum_rank = SelectField("Minimum rank", coerce=str, widget=GovSelect(), validate_choice=False)
    required_skill_id = SelectField("Skill needed", coerce=str, widget=GovSelect(), validate_choice=False)
    deadline_day = DateField(
        "Sign-up deadline date (optional)", widget=GovTextInput(), validators=[Optional(), SensibleDate()]
    )
    deadline_time = TimeField("Sign-up deadline time", widget=GovTextInput(), validators=[Optional()])
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Create shift", widget=GovSubmitInput())


class AssignForm(FlaskForm):
    volunteer_id = SelectField("Volunteer", coerce=str, widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Add to shift", widget=GovSubmitInput())
