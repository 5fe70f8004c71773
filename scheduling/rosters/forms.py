"""The form for creating and changing a shift."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.form_fields import gov_date, gov_time
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
    day = gov_date("Date", validators=[InputRequired("Enter the date")])
    start = gov_time("Start time", validators=[InputRequired("Enter the start time")])
    end_day = gov_date("End date (if not the same day)", validators=[Optional()], description="")
    end = gov_time("End time", validators=[InputRequired("Enter the end time")])
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
    deadline_day = gov_date("Sign-up deadline date (optional)", validators=[Optional()], description="")
    deadline_time = gov_time("Sign-up deadline time", validators=[Optional()])
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Create shift", widget=GovSubmitInput())
