"""Forms for Speed Watch groups, sites and sessions."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, gov_time, not_before_2000, not_in_future, whole
from schemes.speedwatch.services import MAX_VEHICLES


class GroupForm(FlaskForm):
    name = StringField(
        "Group name", widget=GovTextInput(), validators=[DataRequired("Enter the group name"), Length(max=120)]
    )
    district_id = SelectField(
        "District", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose a district")]
    )
    parish_id = SelectField("Parish", coerce=lambda v: int(v) if v else None, widget=GovSelect(), validate_choice=False)
    coordinator_name = StringField("Group coordinator", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    coordinator_contact = StringField(
        "Coordinator's email or phone", widget=GovTextInput(), validators=[Optional(), Length(max=254)]
    )
    started_on = gov_date(
        "Started on", validators=[InputRequired("Enter the date the group started"), not_in_future, not_before_2000]
    )
    active = BooleanField("The group is active", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save group", widget=GovSubmitInput())


class SiteForm(FlaskForm):
    location = StringField(
        "Location", widget=GovTextInput(), validators=[DataRequired("Enter the location"), Length(max=160)]
    )
    speed_limit_mph = whole("Speed limit (mph)", 10, 70)
    approved_on = gov_date(
        "Approved on (after the risk assessment)", validators=[Optional(), not_in_future, not_before_2000]
    )
    submit = SubmitField("Add site", widget=GovSubmitInput())


class SessionForm(FlaskForm):
    site_id = SelectField("Site", coerce=lambda v: int(v) if v else None, widget=GovSelect(), validate_choice=False)
    session_date = gov_date(
        "Date of the session",
        validators=[InputRequired("Enter the date of the session"), not_in_future, not_before_2000],
    )
    start_time = gov_time("Start time", validators=[InputRequired("Enter the start time")])
    end_time = gov_time("End time", validators=[InputRequired("Enter the end time")])
    vehicles_checked = whole("Vehicles checked", 0, MAX_VEHICLES)
    vehicles_over_limit = whole("Vehicles over the limit", 0, MAX_VEHICLES)
    first_letters = whole("First letters sent", 0, MAX_VEHICLES)
    final_letters = whole("Final letters sent", 0, MAX_VEHICLES)
    referrals = whole("Persistent offenders referred to the police", 0, MAX_VEHICLES)
    submit = SubmitField("Record session", widget=GovSubmitInput())
